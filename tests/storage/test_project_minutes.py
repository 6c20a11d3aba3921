"""project_minutes: each project's minutes of work and communication, kept by triggers on every
engine, follow every insert, change and delete of a time entry, and survive migration,
rollback, export and import."""

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from clientkit.clock import clock_from_text
from clientkit.domain.terms import COMMUNICATION_KINDS, TIME_KINDS
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client
from clientkit.services.export import export_book
from clientkit.services.import_ import import_path
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import log_time
from clientkit.storage.migrate import HEAD_REVISION, alembic_config, current_revision
from tests.conftest import TODAY, _fresh_pg_database

RECOUNT = """
    SELECT project_id,
           SUM(CASE WHEN kind = 'work' THEN minutes ELSE 0 END),
           SUM(CASE WHEN kind <> 'work' THEN minutes ELSE 0 END)
    FROM time_entry GROUP BY project_id
"""


def kept(book: Book) -> dict[int, tuple[int, int]]:
    """What the triggers keep, leaving out projects whose entries all went away (zeros)."""
    with book.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT project_id, work_minutes, comm_minutes FROM project_minutes")).all()
    return {project: (work, comm) for project, work, comm in rows if work or comm}


def recounted(book: Book) -> dict[int, tuple[int, int]]:
    """The same totals summed from the entries themselves."""
    with book.engine.connect() as connection:
        rows = connection.execute(text(RECOUNT)).all()
    return {project: (int(work), int(comm)) for project, work, comm in rows if work or comm}


def run(book: Book, statement: str, **values: Any) -> None:
    with book.engine.begin() as connection:
        connection.execute(text(statement), values)


@pytest.fixture
def two_projects(book: Book) -> tuple[Book, int, int]:
    add_client(book, "Acme")
    first = add_project(book, "Acme", "Logo", TermsInput(price="900"))["id"]
    second = add_project(book, "Acme", "Website", TermsInput(price="4000"))["id"]
    return book, first, second


def insert_entry(book: Book, project: int, kind: str, minutes: int) -> None:
    run(book, "INSERT INTO time_entry (created_at, updated_at, project_id, kind, minutes, day, "
              "billable, note) VALUES ('2026-11-23 10:00:00', '2026-11-23 10:00:00', :project, "
              ":kind, :minutes, '2026-11-23', true, '')",
        project=project, kind=kind, minutes=minutes)


def test_every_kind_of_time_lands_in_its_own_total(two_projects):
    """Work counts as work, each communication kind as communication (the migration's frozen
    list of kinds must match the domain's)."""
    book, logo, _ = two_projects
    assert set(TIME_KINDS) == {"work", *COMMUNICATION_KINDS}
    for number, kind in enumerate(TIME_KINDS, start=1):
        log_time(book, "Logo", f"{number * 10}m", kind)
    work = 10 * (TIME_KINDS.index("work") + 1)
    comm = sum(10 * n for n, kind in enumerate(TIME_KINDS, start=1) if kind != "work")
    assert kept(book) == {logo: (work, comm)}


def test_totals_follow_changes_moves_and_deletions_of_entries(two_projects):
    """Editing minutes, changing a kind, moving an entry to another project, deleting it."""
    book, logo, website = two_projects
    insert_entry(book, logo, "work", 90)
    insert_entry(book, logo, "call", 30)
    assert kept(book) == {logo: (90, 30)}
    run(book, "UPDATE time_entry SET minutes = 120 WHERE kind = 'work'")
    assert kept(book) == {logo: (120, 30)}
    run(book, "UPDATE time_entry SET kind = 'meeting' WHERE kind = 'work'")
    assert kept(book) == {logo: (0, 150)}
    run(book, "UPDATE time_entry SET project_id = :website WHERE kind = 'call'", website=website)
    assert kept(book) == {logo: (0, 120), website: (0, 30)}
    run(book, "DELETE FROM time_entry WHERE kind = 'meeting'")
    assert kept(book) == {website: (0, 30)}
    assert kept(book) == recounted(book)


def test_an_entry_rolled_back_leaves_the_totals_as_they_were(two_projects):
    """The totals change in the entry's own transaction, so a failed write changes neither."""
    book, logo, _ = two_projects
    log_time(book, "Logo", "1h", "work")

    def failing_write() -> None:
        with book.engine.begin() as connection:
            insert = ("INSERT INTO time_entry (created_at, updated_at, project_id, kind, "
                      "minutes, day, billable, note) VALUES ('2026-11-23 10:00:00', "
                      "'2026-11-23 10:00:00', :p, 'work', 500, '2026-11-23', true, '')")
            connection.execute(text(insert), {"p": logo})
            raise RuntimeError("the write fails after the insert")

    with pytest.raises(RuntimeError):
        failing_write()
    assert kept(book) == {logo: (60, 0)}


def test_a_deleted_project_takes_its_totals_with_it(two_projects):
    book, _, website = two_projects
    insert_entry(book, website, "email", 15)
    run(book, "DELETE FROM time_entry")
    run(book, "DELETE FROM project WHERE id = :website", website=website)
    with book.engine.connect() as connection:
        left = connection.execute(text("SELECT project_id FROM project_minutes")).scalars().all()
    assert website not in left


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["insert", "minutes", "kind", "move", "delete"]),
    st.integers(min_value=0, max_value=1),  # which project
    st.sampled_from(TIME_KINDS),
    st.integers(min_value=1, max_value=600),
), max_size=25)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_the_totals_always_equal_the_entries_summed(tmp_path_factory, operations):
    """Whatever sequence of writes the entries go through, the kept totals equal a recount."""
    path = tmp_path_factory.mktemp("usage") / "book.db"
    book = open_book(f"sqlite:///{path}", clock_from_text(TODAY))
    add_client(book, "Acme")
    projects = [add_project(book, "Acme", title, TermsInput(price="100"))["id"]
                for title in ("One", "Two")]
    for operation, which, kind, minutes in operations:
        project = projects[which]
        first = "(SELECT MIN(id) FROM time_entry)"
        if operation == "insert":
            insert_entry(book, project, kind, minutes)
        elif operation == "minutes":
            run(book, f"UPDATE time_entry SET minutes = :m WHERE id = {first}", m=minutes)
        elif operation == "kind":
            run(book, f"UPDATE time_entry SET kind = :k WHERE id = {first}", k=kind)
        elif operation == "move":
            run(book, f"UPDATE time_entry SET project_id = :p WHERE id = {first}", p=project)
        else:
            run(book, f"DELETE FROM time_entry WHERE id = {first}")
    assert kept(book) == recounted(book)
    book.engine.dispose()


def test_migrating_an_older_book_sums_the_entries_it_already_holds(two_projects):
    """A book from before the totals existed (revision 0001) gets them filled in on opening."""
    book, logo, website = two_projects
    insert_entry(book, logo, "work", 45)
    insert_entry(book, website, "chat", 20)
    with book.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    with book.engine.connect() as connection:
        assert current_revision(connection) == "0001"
    insert_entry(book, logo, "work", 15)  # written by the old version: no trigger yet
    book.engine.dispose()

    reopened = open_book(book.url, clock_from_text(TODAY))
    with reopened.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert kept(reopened) == {logo: (60, 0), website: (0, 20)}
    log_time(reopened, "Website", "10m", "chat")  # and the triggers are back
    assert kept(reopened) == {logo: (60, 0), website: (0, 30)}
    reopened.engine.dispose()


def test_export_leaves_the_totals_out_and_import_rebuilds_them(two_projects, tmp_path: Path):
    book, logo, website = two_projects
    log_time(book, "Logo", "2h", "work")
    log_time(book, "Website", "25m", "call")
    export_book(book, tmp_path / "out")
    assert not list((tmp_path / "out").glob("project_minutes*"))
    url = (_fresh_pg_database() if book.dialect == "postgresql"
           else f"sqlite:///{tmp_path / 'restored.db'}")
    restored = open_book(url, clock_from_text(TODAY))
    import_path(restored, tmp_path / "out")
    assert kept(restored) == kept(book) == {logo: (120, 0), website: (0, 25)}
    restored.engine.dispose()
