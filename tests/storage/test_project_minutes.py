"""project_minutes: each project's minutes of work and communication, kept by triggers on every
engine, follow every insert, change and delete of a time entry, and survive migration,
rollback, export and import."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from clientkit.domain.terms import COMMUNICATION_KINDS, TIME_KINDS
from clientkit.services.book import Book
from clientkit.services.tracking import log_time
from tests.storage.kept_totals import (
    change_oldest,
    downgrade_to,
    exported_and_imported,
    reopened,
    rows,
    run,
    sqlite_book_with_two_projects,
)

RECOUNT = """
    SELECT project_id,
           SUM(CASE WHEN kind = 'work' THEN minutes ELSE 0 END),
           SUM(CASE WHEN kind <> 'work' THEN minutes ELSE 0 END)
    FROM time_entry GROUP BY project_id
"""


def kept(book: Book) -> dict[int, tuple[int, int]]:
    """What the triggers keep, leaving out projects whose entries all went away (zeros)."""
    found = rows(book, "SELECT project_id, work_minutes, comm_minutes FROM project_minutes")
    return {project: (work, comm) for project, work, comm in found if work or comm}


def recounted(book: Book) -> dict[int, tuple[int, int]]:
    """The same totals summed from the entries themselves."""
    return {
        project: (int(work), int(comm))
        for project, work, comm in rows(book, RECOUNT)
        if work or comm
    }


def insert_entry(book: Book, project: int, kind: str, minutes: int) -> None:
    run(
        book,
        "INSERT INTO time_entry (created_at, updated_at, project_id, kind, minutes, day, "
        "billable, note) VALUES ('2026-11-23 10:00:00', '2026-11-23 10:00:00', :project, "
        ":kind, :minutes, '2026-11-23', true, '')",
        project=project,
        kind=kind,
        minutes=minutes,
    )


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
            insert = (
                "INSERT INTO time_entry (created_at, updated_at, project_id, kind, "
                "minutes, day, billable, note) VALUES ('2026-11-23 10:00:00', "
                "'2026-11-23 10:00:00', :p, 'work', 500, '2026-11-23', true, '')"
            )
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


# The property test's writes besides inserts, to the oldest entry (None: delete it).
CHANGES = {
    "minutes": "minutes = :minutes",
    "kind": "kind = :kind",
    "move": "project_id = :project",
    "delete": None,
}
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["insert", *CHANGES]),
        st.integers(min_value=0, max_value=1),  # which project
        st.sampled_from(TIME_KINDS),
        st.integers(min_value=1, max_value=600),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_the_totals_always_equal_the_entries_summed(
    two_projects_file, tmp_path_factory, operations
):
    """Whatever sequence of writes the entries go through, the kept totals equal a recount."""
    book, projects = sqlite_book_with_two_projects(
        two_projects_file, tmp_path_factory.mktemp("usage")
    )
    for operation, which, kind, minutes in operations:
        if operation == "insert":
            insert_entry(book, projects[which], kind, minutes)
        else:
            change_oldest(
                book,
                "time_entry",
                CHANGES[operation],
                kind=kind,
                minutes=minutes,
                project=projects[which],
            )
    assert kept(book) == recounted(book)
    book.engine.dispose()


def test_migrating_an_older_book_sums_the_entries_it_already_holds(two_projects):
    """A book from before the totals existed (revision 0001) gets them filled in on opening."""
    book, logo, website = two_projects
    insert_entry(book, logo, "work", 45)
    insert_entry(book, website, "chat", 20)
    downgrade_to(book, "0001")
    insert_entry(book, logo, "work", 15)  # written by the old version: no trigger yet

    migrated = reopened(book)
    assert kept(migrated) == {logo: (60, 0), website: (0, 20)}
    log_time(migrated, "Website", "10m", "chat")  # and the triggers are back
    assert kept(migrated) == {logo: (60, 0), website: (0, 30)}
    migrated.engine.dispose()


def test_export_leaves_the_totals_out_and_import_rebuilds_them(two_projects, tmp_path: Path):
    book, logo, website = two_projects
    log_time(book, "Logo", "2h", "work")
    log_time(book, "Website", "25m", "call")
    restored = exported_and_imported(book, tmp_path, "project_minutes")
    assert kept(restored) == kept(book) == {logo: (120, 0), website: (0, 25)}
    restored.engine.dispose()
