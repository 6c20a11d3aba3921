"""project_scope: each project's change requests, their value, what waits for approval and
the open scope items, kept by triggers on every engine; they follow every insert, change and
delete of a scope item, and survive migration, rollback, export and import."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from clientkit.services.book import Book
from clientkit.services.projects import move_project
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from tests.storage.kept_totals import (
    change_oldest,
    downgrade_to,
    exported_and_imported,
    reopened,
    rows,
    run,
    sqlite_book_with_two_projects,
)

TOTALS = (
    "change_requests",
    "change_value_minor",
    "change_minutes",
    "unapproved_changes",
    "unapproved_value_minor",
    "open_items",
)
# The same totals counted from the scope items themselves, written independently of the
# migration's per-row shares.
RECOUNT = """
    SELECT project_id,
           SUM(CASE WHEN change_request THEN 1 ELSE 0 END),
           SUM(CASE WHEN change_request AND price_minor IS NOT NULL THEN price_minor ELSE 0 END),
           SUM(CASE WHEN change_request AND price_minor IS NULL
                    AND estimate_minutes IS NOT NULL THEN estimate_minutes ELSE 0 END),
           SUM(CASE WHEN change_request AND approved_on IS NULL THEN 1 ELSE 0 END),
           SUM(CASE WHEN change_request AND approved_on IS NULL AND price_minor IS NOT NULL
                    THEN price_minor ELSE 0 END),
           SUM(CASE WHEN done THEN 0 ELSE 1 END)
    FROM scope_item GROUP BY project_id
"""

Totals = tuple[int, int, int, int, int, int]


def _by_project(found: list[Any]) -> dict[int, Totals]:
    return {row[0]: tuple(int(v) for v in row[1:]) for row in found if any(row[1:])}


def kept(book: Book) -> dict[int, Totals]:
    """What the triggers keep, leaving out projects whose items all went away (zeros)."""
    return _by_project(rows(book, f"SELECT project_id, {', '.join(TOTALS)} FROM project_scope"))


def recounted(book: Book) -> dict[int, Totals]:
    return _by_project(rows(book, RECOUNT))


def insert_item(
    book: Book,
    project: int,
    *,
    change: bool = True,
    price: int | None = None,
    minutes: int | None = None,
    done: bool = False,
) -> None:
    run(
        book,
        "INSERT INTO scope_item (created_at, updated_at, project_id, description, "
        "price_minor, estimate_minutes, change_request, done) VALUES "
        "('2026-11-23 10:00:00', '2026-11-23 10:00:00', :project, 'item', :price, "
        ":minutes, :change, :done)",
        project=project,
        price=price,
        minutes=minutes,
        change=change,
        done=done,
    )


def test_scope_added_before_and_after_kickoff_lands_in_its_totals(two_projects):
    """Original scope counts only as open items; change requests by price, estimate and
    approval, as `clientkit scope add` and `scope approve` record them."""
    book, logo, _ = two_projects
    add_scope_item(book, "Logo", "Logo concepts")  # draft: original scope
    move_project(book, "Logo", "start")
    priced = add_scope_item(book, "Logo", "Extra icon set", price="250")
    add_scope_item(book, "Logo", "Animated variant", hours="3")
    assert kept(book) == {logo: (2, 25000, 180, 2, 25000, 3)}
    approve_scope_item(book, str(priced["id"]))
    assert kept(book) == {logo: (2, 25000, 180, 1, 0, 3)}
    assert kept(book) == recounted(book)


def test_totals_follow_changes_moves_and_deletions_of_items(two_projects):
    """Pricing, approving, finishing, moving an item to another project, deleting it."""
    book, logo, website = two_projects
    insert_item(book, logo, minutes=120)
    insert_item(book, logo, change=False)
    assert kept(book) == {logo: (1, 0, 120, 1, 0, 2)}
    run(book, "UPDATE scope_item SET price_minor = 30000 WHERE change_request = :yes", yes=True)
    assert kept(book) == {logo: (1, 30000, 0, 1, 30000, 2)}
    run(
        book,
        "UPDATE scope_item SET approved_on = '2026-11-20' WHERE change_request = :yes",
        yes=True,
    )
    assert kept(book) == {logo: (1, 30000, 0, 0, 0, 2)}
    run(book, "UPDATE scope_item SET done = :yes WHERE change_request = :no", yes=True, no=False)
    assert kept(book) == {logo: (1, 30000, 0, 0, 0, 1)}
    run(
        book,
        "UPDATE scope_item SET project_id = :website WHERE change_request = :yes",
        website=website,
        yes=True,
    )
    assert kept(book) == {website: (1, 30000, 0, 0, 0, 1)}
    run(book, "DELETE FROM scope_item WHERE change_request = :yes", yes=True)
    assert kept(book) == {}
    assert kept(book) == recounted(book)


def test_an_item_rolled_back_leaves_the_totals_as_they_were(two_projects):
    book, logo, _ = two_projects
    insert_item(book, logo, price=5000)

    def failing_write() -> None:
        with book.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO scope_item (created_at, updated_at, project_id, description, "
                    "price_minor, change_request, done) VALUES ('2026-11-23 10:00:00', "
                    "'2026-11-23 10:00:00', :p, 'x', 99900, :yes, :no)"
                ),
                {"p": logo, "yes": True, "no": False},
            )
            raise RuntimeError("the write fails after the insert")

    with pytest.raises(RuntimeError):
        failing_write()
    assert kept(book) == {logo: (1, 5000, 0, 1, 5000, 1)}


def test_a_deleted_project_takes_its_totals_with_it(two_projects):
    book, _, website = two_projects
    insert_item(book, website, price=100)
    run(book, "DELETE FROM scope_item")
    run(book, "DELETE FROM project WHERE id = :website", website=website)
    with book.engine.connect() as connection:
        left = connection.execute(text("SELECT project_id FROM project_scope")).scalars().all()
    assert website not in left


# The property test's writes besides inserts, to the oldest item (None: delete it).
CHANGES = {
    "price": "price_minor = :number",
    "estimate": "estimate_minutes = :number",
    "approve": "approved_on = '2026-11-20'",
    "unapprove": "approved_on = NULL",
    "done": "done = :flag",
    "move": "project_id = :project",
    "delete": None,
}
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["insert", *CHANGES]),
        st.integers(min_value=0, max_value=1),  # which project
        st.booleans(),  # a change request (insert), done or not (done)
        st.one_of(st.none(), st.integers(min_value=0, max_value=500_000)),  # price or estimate
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_the_totals_always_equal_the_items_counted(two_projects_file, tmp_path_factory, operations):
    """Whatever sequence of writes the scope items go through, the kept totals equal a
    recount."""
    book, projects = sqlite_book_with_two_projects(
        two_projects_file, tmp_path_factory.mktemp("scope")
    )
    for operation, which, flag, number in operations:
        if operation == "insert":
            insert_item(book, projects[which], change=flag, price=number, minutes=number)
        else:
            change_oldest(
                book,
                "scope_item",
                CHANGES[operation],
                number=number,
                flag=flag,
                project=projects[which],
            )
    assert kept(book) == recounted(book)
    book.engine.dispose()


def test_migrating_an_older_book_counts_the_items_it_already_holds(two_projects):
    """A book from before the totals existed (revision 0003) gets them filled in on opening."""
    book, logo, website = two_projects
    insert_item(book, logo, price=1000)
    downgrade_to(book, "0003")
    insert_item(book, website, minutes=45, change=True)  # written by the old version

    migrated = reopened(book)
    assert kept(migrated) == {logo: (1, 1000, 0, 1, 1000, 1), website: (1, 0, 45, 1, 0, 1)}
    insert_item(migrated, website, change=False)  # and the triggers are back
    assert kept(migrated)[website] == (1, 0, 45, 1, 0, 2)
    migrated.engine.dispose()


def test_export_leaves_the_totals_out_and_import_rebuilds_them(two_projects, tmp_path: Path):
    book, logo, website = two_projects
    move_project(book, "Logo", "start")
    add_scope_item(book, "Logo", "Extra icon set", price="250")
    add_scope_item(book, "Website", "Home page")
    restored = exported_and_imported(book, tmp_path, "project_scope")
    assert (
        kept(restored)
        == kept(book)
        == {logo: (1, 25000, 0, 1, 25000, 1), website: (0, 0, 0, 0, 0, 1)}
    )
    restored.engine.dispose()
