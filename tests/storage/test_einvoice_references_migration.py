"""Migration 0014: a book of revision 0011 keeps every row; projects and invoices get empty
buyer and order references, the profile and clients an empty electronic address; downgrading
drops them again."""

from sqlalchemy import text

from clientkit.services.clients import add_client, show_client
from clientkit.services.invoicing import create_invoice, show_invoice
from clientkit.services.profile import set_profile, show_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from tests.storage.kept_totals import downgrade_to, reopened

COLUMNS = {
    "profile": {"endpoint"},
    "client": {"endpoint"},
    "project": {"buyer_ref", "order_ref"},
    "invoice": {"buyer_ref", "order_ref"},
}


def _columns(book, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with book.engine.connect() as connection:
        return set(connection.execute(text(f"SELECT * FROM {table}")).keys())


def test_a_0011_book_keeps_its_rows_and_gets_empty_references_and_addresses(book):
    set_profile(book, name="Jana", vat_id="SK2020273893")
    add_client(book, "Acme", country="SK", vat_id="SK2120046819")
    add_project(book, "Acme", "Logo", TermsInput(price="900", deposit="0"))
    draft = create_invoice(book, "Logo", vat="20%")
    downgrade_to(book, "0011")
    for table, added in COLUMNS.items():
        assert not _columns(book, table) & added, table
    migrated = reopened(book)
    assert (show_profile(migrated)["name"], show_profile(migrated)["endpoint"]) == ("Jana", "")
    client = show_client(migrated, "Acme")
    assert (client["vat_id"], client["endpoint"]) == ("SK2120046819", "")
    project = show_project(migrated, "Logo")
    assert (project["price"], project["buyer_ref"], project["order_ref"]) == (900, "", "")
    invoice = show_invoice(migrated, str(draft["id"]))
    assert (invoice["total"], invoice["buyer_ref"], invoice["order_ref"]) == (1080, "", "")
    migrated.engine.dispose()


def test_downgrading_to_0011_drops_only_the_new_columns(book):
    add_client(book, "Acme", endpoint="0088:4000001123452")
    add_project(book, "Acme", "Logo", TermsInput(price="900", buyer_ref="04011000-1-06"))
    downgrade_to(book, "0011")
    for table, added in COLUMNS.items():
        assert not _columns(book, table) & added, table
    with book.engine.connect() as connection:
        kept = connection.execute(text("SELECT title, price_minor FROM project")).all()
    assert [tuple(row) for row in kept] == [("Logo", 90000)]
