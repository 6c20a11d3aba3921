"""`clientkit profile` and `clientkit client` through the command line, text and JSON."""

import json

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts

CLIENT_FIELDS = {"id", "name", "email", "currency", "balance", "effective_rate"}


def test_a_json_list_has_one_item_per_line(invoke):
    """A list prints as one JSON array with each item whole on its own line, so a long list
    can be read line by line (grep, head, a pipe) and still parses as one document."""
    invoke("client", "add", "Acme", "--email", "a@acme.test")
    invoke("client", "add", 'Bureau "Nord", Ltd.', "--currency", "CHF")
    lines = invoke("client", "list", "--json").stdout.splitlines()
    assert (lines[0], lines[-1]) == ("[", "]")
    items = [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]]
    assert [item["name"] for item in items] == ['Bureau "Nord", Ltd.', "Acme"]  # newest first
    assert one_json("\n".join(lines)) == items


def test_profile_set_then_show_prints_the_details(invoke):
    """profile set stores the details; show prints them as text and as JSON."""
    done = invoke(
        "profile",
        "set",
        "--name",
        "Jane Doe",
        "--email",
        "jane@studio.test",
        "--address",
        "1 Main St",
        "--iban",
        "DE89 3704 0044 0532 0130 00",
        "--bic",
        "COBADEFFXXX",
        "--vat-id",
        "DE123456788",
        "--currency",
        "EUR",
        "--locale",
        "de_DE",
    )
    assert done.code == 0, done.stderr
    assert "Jane Doe" in done.stdout
    shown = invoke("profile", "show")
    assert "DE89370400440532013000" in shown.stdout
    profile = one_json(invoke("profile", "show", "--json").stdout)
    assert (profile["name"], profile["locale"], profile["vat_id"]) == (
        "Jane Doe",
        "de_DE",
        "DE123456788",
    )


def test_profile_refuses_a_negative_lead_time(invoke):
    """--lead-time-days -3 is bad input (exit 2) and leaves the profile unchanged."""
    invoke("profile", "set", "--lead-time-days", "10")
    done = invoke("profile", "set", "--lead-time-days", "-3")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert one_json(invoke("profile", "show", "--json").stdout)["lead_time_days"] == 10


def test_client_add_prints_the_new_client_as_json(invoke):
    """client add --json prints the created client with the SPEC fields, amounts as strings."""
    done = invoke(
        "client",
        "add",
        "Acme",
        "--email",
        "billing@acme.test",
        "--company",
        "Acme GmbH",
        "--currency",
        "EUR",
        "--locale",
        "de_DE",
        "--budget",
        "5000",
        "--json",
    )
    assert done.code == 0, done.stderr
    client = one_json(done.stdout)
    assert client.keys() >= CLIENT_FIELDS
    assert (client["name"], client["email"], client["budget"], client["balance"]) == (
        "Acme",
        "billing@acme.test",
        "5000.00",
        "0.00",
    )
    assert_amounts(client, "balance", "budget", "received", "credit", "effective_rate")


def test_client_list_is_a_json_array_of_clients(invoke):
    """client list --json prints an array of client objects, newest first; text mode a
    table."""
    invoke("client", "add", "Acme", "--email", "a@acme.test")
    invoke("client", "add", "Bureau", "--currency", "CHF")
    clients = one_json(invoke("client", "list", "--json").stdout)
    assert [c["name"] for c in clients] == ["Bureau", "Acme"]
    for client in clients:
        assert client.keys() >= CLIENT_FIELDS
        assert_amounts(client, "balance", "effective_rate")
    table = invoke("client", "list").stdout.splitlines()
    assert table[0].split() == ["id", "name", "email", "balance", "effective", "rate"]
    assert table[1].split() == ["2", "Bureau", "CHF0.00", "-"]
    assert table[2].split() == ["1", "Acme", "a@acme.test", "€0.00", "-"]


def test_client_show_edit_and_archive(invoke):
    """show prints the client; edit changes it; archive hides it from list."""
    invoke("client", "add", "Acme", "--email", "old@acme.test")
    assert "old@acme.test" in invoke("client", "show", "Acme").stdout
    edited = one_json(invoke("client", "edit", "acme", "--email", "new@acme.test", "--json").stdout)
    assert edited["email"] == "new@acme.test"
    shown = one_json(invoke("client", "show", "1", "--json").stdout)
    assert (shown["email"], shown["projects"], shown["messages"]) == ("new@acme.test", [], [])
    assert_amounts(shown, "balance", "effective_rate")
    assert shown["hours_logged"] == "0.00"
    archived = invoke("client", "archive", "Acme")
    assert (archived.code, archived.stdout) == (0, "client 1 archived: Acme\n")
    assert one_json(invoke("client", "list", "--json").stdout) == []
    assert len(one_json(invoke("client", "list", "--archived", "--json").stdout)) == 1


@pytest.mark.parametrize(
    "email",
    [
        "a@acme.test\r\nBcc: x@evil.test",
        "a@acme.test\nx",
        "a@acme.test\x00",
        "a@acme.test,x@evil.test",
        "a@acme.test, x@evil.test",
    ],
)
def test_client_e_mails_with_line_breaks_nul_or_commas_exit_2(invoke, email):
    """Addresses that could inject headers or recipients are refused; nothing is stored."""
    invoke("client", "add", "Existing")
    before = row_counts()
    for args in (
        ("client", "add", "Acme", "--email", email),
        ("client", "edit", "Existing", "--email", email),
    ):
        done = invoke(*args)
        assert done.code == 2
        assert_one_error_line(done.stderr)
    assert row_counts() == before
    assert one_json(invoke("client", "show", "Existing", "--json").stdout)["email"] == ""


def test_unknown_and_ambiguous_clients_exit_2(invoke):
    """Naming no client or two clients at once is bad input with one clear line."""
    invoke("client", "add", "Acme Studio")
    invoke("client", "add", "Acme Labs")
    unknown = invoke("client", "show", "Nobody")
    assert unknown.code == 2
    assert unknown.stderr == "error: no client named 'Nobody'\n"
    ambiguous = invoke("client", "show", "Acme")
    assert ambiguous.code == 2
    assert ambiguous.stderr.startswith("error: client 'Acme' is ambiguous")
    assert_one_error_line(ambiguous.stderr)


def test_a_duplicate_client_is_refused_with_exit_1(invoke):
    """Adding a second client with the same name is refused (exit 1)."""
    invoke("client", "add", "Acme")
    done = invoke("client", "add", "Acme")
    assert done.code == 1
    assert_one_error_line(done.stderr)


def test_malformed_budget_exits_2_and_stores_nothing(invoke):
    """--budget 1,500 is bad input and adds no client."""
    before = row_counts() if invoke("client", "list").code == 0 else None
    done = invoke("client", "add", "Acme", "--budget", "1,500")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert row_counts() == before


def test_archiving_a_client_who_owes_money_is_exit_1_unless_forced(invoke):
    """One line naming what is owed and --force; nothing archived. With --force it goes, and
    the overdue invoice is still in `risks`."""
    assert invoke("client", "add", "Acme", "--email", "ap@acme.example").code == 0
    assert invoke("project", "add", "Acme", "Site", "--price", "900", "--deposit", "0").code == 0
    assert invoke("project", "start", "Site", today="2026-10-01").code == 0
    assert invoke("invoice", "create", "Site", today="2026-10-01").code == 0
    assert invoke("invoice", "issue", "1", today="2026-10-01").code == 0  # due 15 October
    refused = invoke("client", "archive", "Acme")
    assert refused.code == 1
    assert refused.stderr.startswith("error: client 'Acme' still owes €900.00: ")
    assert "--force" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert '"archived": false' in invoke("client", "show", "Acme", "--json").stdout
    assert invoke("client", "archive", "Acme", "--force").code == 0
    assert "2026-0001" in invoke("risks").stdout
