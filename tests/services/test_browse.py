"""The rows screens page through carry exactly the keys their view types name.

The paged queries build their rows from SQL column labels, which mypy cannot see: a
label renamed in a query would reach a screen as a missing key. These tests hold each
row to its TypedDict, on every engine the suite runs on.
"""

from typing import get_type_hints

import pytest

from clientkit.services import browse, dashboard, details
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.payments import pay_invoice
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import add_revision, log_time
from clientkit.storage import browse as stored_rows


def _keys(view_type: type) -> set[str]:
    return set(get_type_hints(view_type))


@pytest.fixture
def busy(book):  # type: ignore[no-untyped-def]
    """One client with an active project that has a bit of everything."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", deadline="2026-12-20"))
    move_project(book, "Logo", "start")
    record_deposit(book, "Logo", "300")
    add_revision(book, "Logo", "Bolder")
    log_time(book, "Logo", "2h", "work")
    add_message(book, "Acme", "inbound", subject="Colours?", at="2026-11-20T09:00")
    invoice = issue_invoice(book, str(create_invoice(book, "Logo")["id"]))
    pay_invoice(book, str(invoice["number"]), "100")
    return book


def test_every_list_page_row_has_the_keys_of_its_type(busy):
    """Clients, projects and invoices pages: each row is its ClientRow, ProjectRow, InvoiceRow."""
    for page, row_type in (
        (browse.client_page(busy), browse.ClientRow),
        (browse.project_page(busy), browse.ProjectRow),
        (browse.invoice_page(busy), browse.InvoiceRow),
    ):
        assert page["rows"], row_type.__name__
        assert {*page} == {"total", "offset", "rows"}
        assert all(set(row) == _keys(row_type) for row in page["rows"]), row_type.__name__


def test_a_projects_history_rows_have_the_keys_of_their_types(busy):
    """Revisions, time entries and payments of a project's history match their row types."""
    detail = details.project_detail(busy, "Logo")
    assert set(detail) == _keys(details.ProjectDetail)
    assert all(set(row) == _keys(browse.InvoiceRow) for row in detail["invoices"]["rows"])
    history = detail["history"]
    assert set(history) == _keys(browse.ProjectHistory)
    for key, row_type in (
        ("revisions", stored_rows.RevisionRow),
        ("time", stored_rows.TimeRow),
        ("payments", browse.HistoryPayment),
    ):
        assert history[key], key
        assert all(set(row) == _keys(row_type) for row in history[key]), key


def test_name_hits_and_the_dashboards_rows_have_the_keys_of_their_types(busy):
    """The palette's hits and the dashboard's replies owed and week match their types."""
    hits = browse.find_by_name(busy, "o")
    assert {hit["kind"] for hit in hits} >= {"project"}
    assert all(set(hit) == _keys(stored_rows.NameHit) for hit in hits)
    waiting = dashboard.awaiting_replies(busy)["rows"]
    assert waiting
    assert all(set(row) == _keys(dashboard.AwaitingReply) for row in waiting)
    assert set(dashboard.week_minutes(busy)) == _keys(dashboard.WeekView)


def test_the_palette_finds_clients_and_projects_without_their_diacritics(book):
    """The search box matches as command arguments do: "stastny" finds "Šťastný Lubomír",
    "lubo" finds him by the start of a word, "cafe" the project "Café menu"."""
    add_client(book, "Šťastný Lubomír", email="lubo@stastny.test")
    add_project(book, "Šťastný Lubomír", "Café menu", TermsInput(price="500"))
    hits = browse.find_by_name(book, "stastny")
    assert [(h["kind"], h["name"]) for h in hits] == [("client", "Šťastný Lubomír")]
    assert [(h["kind"], h["name"]) for h in browse.find_by_name(book, "lubo")] == [
        ("client", "Šťastný Lubomír")
    ]
    assert [(h["kind"], h["name"], h["detail"]) for h in browse.find_by_name(book, "cafe")] == [
        ("project", "Café menu", "Šťastný Lubomír")
    ]
