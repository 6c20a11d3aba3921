"""The project and client screens each read one view, in one snapshot of the book."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from clientkit.services.book import Book
from clientkit.services.browse import invoice_page
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.details import client_detail, project_detail
from clientkit.services.invoicing import create_invoice
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import add_revision, log_time


def _busy_project(book: Book) -> None:
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", revisions=1))
    add_revision(book, "Logo", "Bolder")
    log_time(book, "Logo", "1h30m", "work")
    record_deposit(book, "Logo", "450")
    create_invoice(book, "Logo")


@contextmanager
def _transactions(book: Book) -> Iterator[list[object]]:
    """Every transaction begun on the book's engine while the block runs."""
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(book.engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(book.engine, "begin", count)


def test_the_project_detail_is_the_project_its_history_and_its_invoices(book):
    """What the project screen shows is what the separate reads give, side by side."""
    _busy_project(book)
    detail = project_detail(book, "Logo")
    assert detail["project"] == show_project(book, "Logo")
    assert [r["description"] for r in detail["history"]["revisions"]] == ["Bolder"]
    assert [t["minutes"] for t in detail["history"]["time"]] == [90]
    assert [p["kind"] for p in detail["history"]["payments"]] == ["deposit"]
    project_id = detail["project"]["id"]
    assert detail["invoices"] == invoice_page(book, project_id=project_id)


def test_the_client_detail_is_the_client_and_its_latest_invoices(book):
    """The client screen's view holds the client as `client show` sees it and its invoices."""
    _busy_project(book)
    detail = client_detail(book, "Acme")
    assert detail["client"] == show_client(book, "Acme")
    client_id = detail["client"]["id"]
    assert detail["invoices"] == invoice_page(book, client_id=client_id, limit=100)
    assert detail["invoices"]["total"] == 1


def test_each_detail_view_is_read_in_one_transaction(book):
    """One snapshot: a change committed between two reads cannot tear the screen apart."""
    _busy_project(book)
    with _transactions(book) as begun:
        project_detail(book, "Logo")
    assert len(begun) == 1
    with _transactions(book) as begun:
        client_detail(book, "Acme")
    assert len(begun) == 1
