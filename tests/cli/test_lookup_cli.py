"""Naming clients and projects on the command line: any name they go by finds them; an unknown,
ambiguous or too short name is exit 2 with the candidates on one line, and nothing changes."""

import pytest

from tests.cli.helpers import one_json, refused


@pytest.fixture
def book(invoke):  # type: ignore[no-untyped-def]
    for args in (
        ("Šťastný Lubomír", "--email", "lubo@stastny.test"),
        ("Bauer",),
        ("Brandt GmbH", "--company", "Brandt Holding"),
        ("Acme & Sons",),
    ):
        assert invoke("client", "add", *args).code == 0
    for client in ("Bauer", "Brandt GmbH"):
        assert invoke("project", "add", client, "Website", "--price", "100").code == 0
    return invoke


@pytest.mark.parametrize("typed", ["Stastny", "lubomir", "lubo@stastny.test"])
def test_a_client_is_named_without_diacritics_or_by_its_email(book, typed):
    """`client show Stastny` shows Šťastný Lubomír."""
    done = book("client", "show", typed, "--json")
    assert (done.code, one_json(done.stdout)["name"]) == (0, "Šťastný Lubomír")


def test_a_client_is_named_by_its_company(book):
    """A project is added for the client whose company was typed."""
    done = book("project", "add", "brandt holding", "Logo", "--price", "100", "--json")
    assert (done.code, one_json(done.stdout)["client"]) == (0, "Brandt GmbH")


def test_one_letter_lists_the_clients_it_could_mean_and_changes_nothing(book):
    """`project add B ...` no longer picks a client: exit 2 naming Bauer and Brandt GmbH."""
    stderr = refused(book, "project", "add", "B", "Logo", "--price", "100")
    assert stderr == (
        "error: client 'B' is ambiguous: Bauer (id 2), Brandt GmbH (id 3);"
        " use more of the name or the id\n"
    )


def test_an_unknown_client_is_answered_with_the_closest_names(book):
    """A typo gets "did you mean" with the names and ids closest to it."""
    stderr = refused(book, "message", "add", "Acme Ltd", "--inbound", "--subject", "Hi")
    assert stderr == "error: no client named 'Acme Ltd'; did you mean: Acme & Sons (id 4)?\n"


def test_a_title_two_clients_share_is_ambiguous_and_client_slash_title_picks_one(book):
    """`log Website` names both projects; `log Bauer/Website` logs on Bauer's."""
    stderr = refused(book, "log", "Website", "1h")
    assert stderr == (
        "error: project 'Website' is ambiguous: Bauer/Website (id 1), Brandt GmbH/Website (id 2);"
        " use more of the title, CLIENT/TITLE or the id\n"
    )
    done = book("log", "Bauer/Website", "1h", "--json")
    assert (done.code, one_json(done.stdout)["project"]) == (0, "Website")
    shown = one_json(book("project", "show", "1", "--json").stdout)
    assert shown["work_minutes"] == 60


def test_a_duplicate_title_within_a_client_is_exit_2_and_adds_nothing(book):
    """A second "website" for Bauer is refused with the title it clashes with."""
    stderr = refused(book, "project", "add", "Bauer", "website", "--price", "100")
    assert stderr == (
        "error: client 'Bauer' already has a project titled 'Website' (id 1);"
        " choose another title\n"
    )
