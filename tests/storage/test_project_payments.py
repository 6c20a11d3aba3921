"""project_payments: the money each project received per currency, and its deposits, kept by
triggers on every engine; they follow every insert, change and delete of a payment, and
survive migration, rollback, export and import."""

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from clientkit.services.book import Book
from clientkit.services.deposit_records import record_deposit
from tests.storage.kept_totals import (
    change_oldest,
    downgrade_to,
    exported_and_imported,
    reopened,
    rows,
    run,
    sqlite_book_with_two_projects,
)

# Every kind of payment clientkit records (models.Payment.kind); a refund gives money back.
KINDS = ("deposit", "partial", "final", "credit", "refund")
# The same totals summed from the payments themselves, written independently of the
# migration's per-row shares.
RECOUNT = """
    SELECT project_id, currency,
           SUM(CASE WHEN kind = 'deposit' THEN amount_minor ELSE 0 END),
           SUM(CASE WHEN kind = 'refund' THEN 0 - amount_minor ELSE amount_minor END)
    FROM payment WHERE project_id IS NOT NULL AND voided_at IS NULL GROUP BY project_id, currency
"""

Totals = dict[tuple[int, str], tuple[int, int]]


def _by_project(found: list[Any]) -> Totals:
    return {(p, c): (int(d), int(r)) for p, c, d, r in found if d or r}


def kept(book: Book) -> Totals:
    """What the triggers keep, leaving out rows whose payments all went away (zeros)."""
    return _by_project(
        rows(
            book, "SELECT project_id, currency, deposit_minor, received_minor FROM project_payments"
        )
    )


def recounted(book: Book) -> Totals:
    return _by_project(rows(book, RECOUNT))


def insert_payment(
    book: Book, project: int | None, kind: str, amount: int, currency: str = "EUR"
) -> None:
    run(
        book,
        "INSERT INTO payment (created_at, updated_at, client_id, project_id, kind, "
        "amount_minor, currency, day, method) VALUES ('2026-11-23 10:00:00', "
        "'2026-11-23 10:00:00', (SELECT MIN(id) FROM client), :project, :kind, :amount, "
        ":currency, '2026-11-23', '')",
        project=project,
        kind=kind,
        amount=amount,
        currency=currency,
    )


def test_every_kind_of_payment_lands_in_its_totals(two_projects):
    """Deposits count as deposit and as received, other payments as received, a refund takes
    away, and money with no project (client credit) counts for no project."""
    book, logo, _ = two_projects
    record_deposit(book, "Logo", "150")
    for number, kind in enumerate(KINDS[1:], start=1):
        insert_payment(book, logo, kind, number * 1000)
    insert_payment(book, None, "credit", 777)
    assert kept(book) == {(logo, "EUR"): (15000, 15000 + 1000 + 2000 + 3000 - 4000)}


def test_money_in_another_currency_is_kept_apart(two_projects):
    book, logo, _ = two_projects
    insert_payment(book, logo, "partial", 5000)
    insert_payment(book, logo, "partial", 800, currency="USD")
    assert kept(book) == {(logo, "EUR"): (0, 5000), (logo, "USD"): (0, 800)}


def test_totals_follow_changes_moves_and_deletions_of_payments(two_projects):
    """Changing an amount or kind, moving a payment off a project and onto another, deleting."""
    book, logo, website = two_projects
    insert_payment(book, logo, "deposit", 20000)
    insert_payment(book, logo, "partial", 5000)
    assert kept(book) == {(logo, "EUR"): (20000, 25000)}
    run(book, "UPDATE payment SET amount_minor = 12000 WHERE kind = 'deposit'")
    assert kept(book) == {(logo, "EUR"): (12000, 17000)}
    run(book, "UPDATE payment SET kind = 'refund' WHERE kind = 'partial'")
    assert kept(book) == {(logo, "EUR"): (12000, 7000)}
    run(book, "UPDATE payment SET project_id = NULL WHERE kind = 'refund'")
    assert kept(book) == {(logo, "EUR"): (12000, 12000)}
    run(book, "UPDATE payment SET project_id = :website WHERE kind = 'deposit'", website=website)
    assert kept(book) == {(website, "EUR"): (12000, 12000)}
    run(book, "DELETE FROM payment")
    assert kept(book) == {}
    assert kept(book) == recounted(book)


def test_a_payment_rolled_back_leaves_the_totals_as_they_were(two_projects):
    book, logo, _ = two_projects
    record_deposit(book, "Logo", "100")

    def failing_write() -> None:
        with book.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO payment (created_at, updated_at, client_id, project_id, kind, "
                    "amount_minor, currency, day, method) VALUES ('2026-11-23 10:00:00', "
                    "'2026-11-23 10:00:00', (SELECT MIN(id) FROM client), :p, 'final', 99900, "
                    "'EUR', '2026-11-23', '')"
                ),
                {"p": logo},
            )
            raise RuntimeError("the write fails after the insert")

    with pytest.raises(RuntimeError):
        failing_write()
    assert kept(book) == {(logo, "EUR"): (10000, 10000)}


def test_a_deleted_project_takes_its_totals_with_it(two_projects):
    book, _, website = two_projects
    insert_payment(book, website, "deposit", 100)
    run(book, "DELETE FROM payment")
    run(book, "DELETE FROM project WHERE id = :website", website=website)
    with book.engine.connect() as connection:
        left = connection.execute(text("SELECT project_id FROM project_payments")).scalars().all()
    assert website not in left


# The property test's writes besides inserts, to the oldest payment (None: delete it).
CHANGES = {
    "amount": "amount_minor = :amount",
    "kind": "kind = :kind",
    "currency": "currency = :currency",
    "move": "project_id = :project",
    "detach": "project_id = NULL",
    "void": "voided_at = '2026-11-24 09:00:00', void_reason = 'mistake'",
    "unvoid": "voided_at = NULL, void_reason = ''",
    "delete": None,
}
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["insert", *CHANGES]),
        st.integers(min_value=0, max_value=1),  # which project
        st.sampled_from(KINDS),
        st.integers(min_value=1, max_value=1_000_000),
        st.sampled_from(["EUR", "USD"]),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_the_totals_always_equal_the_payments_summed(
    two_projects_file, tmp_path_factory, operations
):
    """Whatever sequence of writes the payments go through, the kept totals equal a recount."""
    book, projects = sqlite_book_with_two_projects(
        two_projects_file, tmp_path_factory.mktemp("payments")
    )
    for operation, which, kind, amount, currency in operations:
        if operation == "insert":
            insert_payment(book, projects[which], kind, amount, currency)
        else:
            change_oldest(
                book,
                "payment",
                CHANGES[operation],
                amount=amount,
                kind=kind,
                currency=currency,
                project=projects[which],
            )
    assert kept(book) == recounted(book)
    book.engine.dispose()


def test_migrating_an_older_book_sums_the_payments_it_already_holds(two_projects):
    """A book from before the totals existed (revision 0004) gets them filled in on opening."""
    book, logo, website = two_projects
    insert_payment(book, logo, "deposit", 3000)
    downgrade_to(book, "0004")
    insert_payment(book, website, "refund", 500)  # written by the old version: no trigger

    migrated = reopened(book)
    assert kept(migrated) == {(logo, "EUR"): (3000, 3000), (website, "EUR"): (0, -500)}
    record_deposit(migrated, "Website", "10")  # and the triggers are back
    assert kept(migrated)[(website, "EUR")] == (1000, 500)
    migrated.engine.dispose()


def test_export_leaves_the_totals_out_and_import_rebuilds_them(two_projects, tmp_path: Path):
    book, logo, website = two_projects
    record_deposit(book, "Logo", "250")
    record_deposit(book, "Website", "40.50")
    restored = exported_and_imported(book, tmp_path, "project_payments")
    assert (
        kept(restored)
        == kept(book)
        == {(logo, "EUR"): (25000, 25000), (website, "EUR"): (4050, 4050)}
    )
    restored.engine.dispose()


def test_voiding_a_payment_takes_its_share_away_and_clearing_the_void_adds_it_back(two_projects):
    """A voided payment counts nowhere (migration 0009); an undo clears voided_at."""
    book, logo, _ = two_projects
    insert_payment(book, logo, "deposit", 20000)
    insert_payment(book, logo, "partial", 5000)
    void = (
        "UPDATE payment SET voided_at = '2026-11-24 09:00:00', void_reason = 'x' WHERE kind = :kind"
    )
    run(book, void, kind="deposit")
    assert kept(book) == {(logo, "EUR"): (0, 5000)}
    run(book, "UPDATE payment SET amount_minor = 1 WHERE kind = 'deposit'")  # still voided
    assert kept(book) == {(logo, "EUR"): (0, 5000)}
    run(book, "UPDATE payment SET voided_at = NULL WHERE kind = 'deposit'")
    assert kept(book) == {(logo, "EUR"): (1, 5001)}
    run(book, void, kind="partial")
    run(book, "DELETE FROM payment WHERE kind = 'partial'")  # a voided row leaves nothing behind
    assert kept(book) == {(logo, "EUR"): (1, 1)} == recounted(book)


def test_a_voided_payment_inserted_as_such_counts_nowhere(two_projects):
    """As import writes it: the row arrives already voided."""
    book, logo, _ = two_projects
    run(
        book,
        "INSERT INTO payment (created_at, updated_at, client_id, project_id, kind, amount_minor, "
        "currency, day, method, voided_at, void_reason) VALUES ('2026-11-23 10:00:00', "
        "'2026-11-23 10:00:00', (SELECT MIN(id) FROM client), :p, 'final', 700, 'EUR', "
        "'2026-11-23', '', '2026-11-24 09:00:00', 'typo')",
        p=logo,
    )
    assert kept(book) == {}


def test_migrating_from_0008_leaves_voided_payments_out_and_downgrading_counts_them(two_projects):
    """0009 sums the totals again without voided rows; going back to 0008 counts every row."""
    book, logo, _ = two_projects
    downgrade_to(book, "0008")
    insert_payment(book, logo, "partial", 4000)
    insert_payment(book, logo, "deposit", 600)
    run(book, "UPDATE payment SET voided_at = '2026-11-24 09:00:00' WHERE kind = 'partial'")
    assert kept(book) == {(logo, "EUR"): (600, 4600)}  # the old triggers count it
    migrated = reopened(book)
    assert kept(migrated) == {(logo, "EUR"): (600, 600)} == recounted(migrated)
    run(migrated, "UPDATE payment SET voided_at = NULL")
    assert kept(migrated) == {(logo, "EUR"): (600, 4600)}
    downgrade_to(migrated, "0008")
    run(migrated, "UPDATE payment SET voided_at = '2026-11-24 09:00:00' WHERE kind = 'deposit'")
    assert kept(migrated) == {(logo, "EUR"): (600, 4600)}
    migrated.engine.dispose()
