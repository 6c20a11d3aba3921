"""The shared fixtures themselves work: a book opens, the CLI runs in and out of process."""

import json

from clientkit.services.clients import add_client
from clientkit.services.lists import list_clients


def test_a_new_book_takes_a_client_and_lists_it(book):
    add_client(book, "Acme")
    assert [c["name"] for c in list_clients(book)] == ["Acme"]


def test_the_installed_entry_point_adds_and_lists_a_client(cli):
    assert cli("client", "add", "Acme", "--email", "a@acme.test").code == 0
    listed = cli("client", "list", "--json")
    assert listed.code == 0
    assert [c["email"] for c in json.loads(listed.stdout)] == ["a@acme.test"]


def test_in_process_invocation_reports_bad_input_with_exit_2(invoke):
    result = invoke("log", "nothing", "9x", "--kind", "call")
    assert result.code == 2
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1
