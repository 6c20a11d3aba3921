"""Finding clients and projects by any name they go by, and the one line that names the
candidates when a name is unknown, ambiguous or too short."""

import pytest
from sqlalchemy import event, func
from sqlmodel import select

from clientkit.services.clients import add_client, show_client
from clientkit.services.errors import BadInput, NotFound
from clientkit.services.lookup import find_client, find_project
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import Client, Project

PRICE = TermsInput(price="100", deposit="0")


@pytest.fixture
def clients(book):  # type: ignore[no-untyped-def]
    add_client(book, "Šťastný Lubomír", email="lubo@stastny.test")
    add_client(book, "Bauer")
    add_client(book, "Brandt GmbH", company="Brandt Holding", email="office@brandt.test")
    add_client(book, "Acme & Sons")
    return book


def _statements(book, call):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def record(*args) -> None:  # type: ignore[no-untyped-def]
        seen.append(args[2])

    event.listen(book.engine, "before_cursor_execute", record)
    try:
        with book.read() as session:
            call(session)
    finally:
        event.remove(book.engine, "before_cursor_execute", record)
    return [statement for statement in seen if statement.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize(
    "typed", ["Stastny", "lubomir", "ŠŤASTNÝ LUBOMÍR", "lubo@stastny.test", "stastny lub"]
)
def test_a_client_is_found_without_diacritics_by_any_word_or_its_email(clients, typed):
    """`Stastny`, `lubomir` and the e-mail address all find Šťastný Lubomír."""
    assert show_client(clients, typed)["name"] == "Šťastný Lubomír"


def test_a_client_is_found_by_its_company(clients):
    """The company name (or the start of its words) finds the client that has it."""
    assert show_client(clients, "brandt holding")["name"] == "Brandt GmbH"
    assert show_client(clients, "Holding")["name"] == "Brandt GmbH"


def test_a_single_letter_names_the_candidates_instead_of_picking_one(clients):
    """`B` starts Bauer and Brandt GmbH: the error lists both with their ids."""
    with pytest.raises(BadInput) as caught:
        show_client(clients, "B")
    assert str(caught.value) == (
        "client 'B' is ambiguous: Bauer (id 2), Brandt GmbH (id 3); use more of the name or the id"
    )


def test_a_too_short_start_of_one_name_asks_instead_of_acting(clients):
    """`Ba` starts only Bauer, yet two letters are too few to act on."""
    with pytest.raises(BadInput) as caught:
        show_client(clients, "Ba")
    assert str(caught.value) == (
        "client 'Ba' is too short to be sure; did you mean Bauer (id 2)?"
        " use more of the name or the id"
    )


def test_an_unknown_client_suggests_the_closest_names(clients):
    """`Acme Ltd` is nobody, but Acme & Sons is close: the error says so."""
    with pytest.raises(NotFound) as caught:
        show_client(clients, "Acme Ltd")
    assert str(caught.value) == "no client named 'Acme Ltd'; did you mean: Acme & Sons (id 4)?"


def test_an_unknown_client_far_from_every_name_suggests_nothing(clients):
    """A name like no other keeps the short message."""
    with pytest.raises(NotFound) as caught:
        show_client(clients, "Nobody")
    assert str(caught.value) == "no client named 'Nobody'"


def test_an_exact_name_or_id_is_one_query(clients):
    """The everyday case stays cheap on a large book: one indexed query, no scan of names."""
    project = add_project(clients, "Bauer", "Logo", PRICE)
    assert len(_statements(clients, lambda s: find_client(s, "Bauer"))) == 1
    assert len(_statements(clients, lambda s: find_client(s, "2"))) == 1
    assert len(_statements(clients, lambda s: find_project(s, str(project["id"])))) == 1
    assert len(_statements(clients, lambda s: find_project(s, "Logo"))) == 1


def test_the_fallback_reads_names_not_rows(clients):
    """When the fast path misses, the scan selects only ids and names, never whole rows."""
    scans = _statements(clients, lambda s: find_client(s, "stastny"))
    assert len(scans) == 3  # the exact name, the names, the row found
    assert "address" not in scans[1].lower()


def test_projects_are_found_by_title_without_case_or_diacritics(clients):
    """`logo navrh` finds the project titled "Logo návrh"."""
    add_project(clients, "Bauer", "Logo návrh", PRICE)
    assert show_project(clients, "logo navrh")["title"] == "Logo návrh"


def test_same_titles_of_two_clients_are_told_apart_as_client_slash_title(clients):
    """Two clients' "Website" are ambiguous by title, and each is found as CLIENT/TITLE."""
    bauer = add_project(clients, "Bauer", "Website", PRICE)
    brandt = add_project(clients, "Brandt GmbH", "Website", PRICE)
    with pytest.raises(BadInput) as caught:
        show_project(clients, "website")
    assert str(caught.value) == (
        f"project 'website' is ambiguous: Bauer/Website (id {bauer['id']}),"
        f" Brandt GmbH/Website (id {brandt['id']}); use more of the title, CLIENT/TITLE or the id"
    )
    assert show_project(clients, "Bauer/Website")["id"] == bauer["id"]
    assert show_project(clients, "brandt/website")["id"] == brandt["id"]


def test_a_title_containing_a_slash_is_still_found_whole(clients):
    """A project titled "Logo 1/2" is found by its title although it contains the slash."""
    add_project(clients, "Bauer", "Logo 1/2", PRICE)
    assert show_project(clients, "logo 1/2")["title"] == "Logo 1/2"


def test_an_unknown_title_of_a_named_client_suggests_that_clients_projects(clients):
    """`Bauer/Webiste` (a typo) names Bauer and suggests its Website."""
    bauer = add_project(clients, "Bauer", "Website", PRICE)
    add_project(clients, "Brandt GmbH", "Website", PRICE)
    with pytest.raises(NotFound) as caught:
        show_project(clients, "Bauer/Webiste")
    assert str(caught.value) == (
        f"no project of 'Bauer' named 'Webiste'; did you mean: Bauer/Website (id {bauer['id']})?"
    )


def test_a_project_title_is_unique_within_its_client(clients):
    """A second "Logo" (in any case or accents) for the same client is refused, nothing added;
    another client may have its own "Logo"."""
    first = add_project(clients, "Bauer", "Logo", PRICE)
    with pytest.raises(BadInput) as caught:
        add_project(clients, "Bauer", "LOGÓ", PRICE)
    assert str(caught.value) == (
        f"client 'Bauer' already has a project titled 'Logo' (id {first['id']});"
        " choose another title"
    )
    with clients.read() as session:
        assert session.exec(select(func.count()).select_from(Project)).one() == 1
    add_project(clients, "Brandt GmbH", "Logo", PRICE)


def test_a_book_that_already_has_duplicate_titles_still_reaches_each_by_id(clients):
    """Duplicates written before the rule are ambiguous by title and found by id."""
    with clients.write() as session:
        bauer = session.exec(select(Client).where(Client.name == "Bauer")).one()
        twins = [Project(client_id=bauer.id, title="Logo") for _ in range(2)]  # type: ignore[arg-type]
        session.add_all(twins)
        session.flush()
        ids = [twin.id for twin in twins]
    with pytest.raises(BadInput) as caught:
        show_project(clients, "Bauer/Logo")
    assert str(caught.value) == (
        f"project 'Bauer/Logo' is ambiguous: Bauer/Logo (id {ids[0]}), Bauer/Logo (id {ids[1]});"
        " use more of the title, CLIENT/TITLE or the id"
    )
    assert [show_project(clients, str(i))["id"] for i in ids] == ids
