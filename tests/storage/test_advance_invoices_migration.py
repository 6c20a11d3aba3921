"""Migration 0016: a book of revision 0015 keeps every invoice and line, none of them an
advance invoice or a deduction of one; downgrading drops the two columns again."""

from sqlalchemy import text

from clientkit.services.advances import request_advance
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import create_invoice, issue_invoice, show_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from tests.storage.kept_totals import downgrade_to, reopened

ADDED = {"invoice": {"advance"}, "invoice_line": {"advance_invoice_id"}}


def _columns(book, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with book.engine.connect() as connection:
        return set(connection.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys())


def _billed(book) -> None:  # type: ignore[no-untyped-def]
    set_profile(book, name="Jana", country="SK", vat_id="SK2020273893")
    add_client(book, "Acme", country="SK", vat_id="SK2120046819")
    add_project(book, "Acme", "Logo", TermsInput(price="900", deposit="0"))


def test_a_0015_book_keeps_its_invoices_as_ordinary_ones(book):
    _billed(book)
    issue_invoice(book, str(create_invoice(book, "Logo", vat="20%")["id"]))
    downgrade_to(book, "0015")
    for table, added in ADDED.items():
        assert not _columns(book, table) & added, table
    migrated = reopened(book)
    invoice = show_invoice(migrated, "2026-0001")
    assert (invoice["kind"], invoice["total"], invoice["status"]) == ("invoice", 1080, "issued")
    add_project(migrated, "Acme", "Site", TermsInput(price="2000", deposit="0"))
    assert request_advance(migrated, "Site", amount="100", vat="20%")["kind"] == "advance"
    migrated.engine.dispose()


def test_downgrading_to_0015_drops_only_the_new_columns(book):
    _billed(book)
    request_advance(book, "Logo", amount="300", vat="20%")
    record_deposit(book, "Logo", "360")
    create_invoice(book, "Logo", vat="20%")  # a draft deducting the advance
    downgrade_to(book, "0015")
    for table, added in ADDED.items():
        assert not _columns(book, table) & added, table
    with book.engine.connect() as connection:
        lines = connection.execute(text("SELECT kind, amount_minor FROM invoice_line")).all()
    assert sorted(tuple(row) for row in lines) == [
        ("advance", -30000),
        ("advance", 30000),
        ("price", 90000),
    ]
