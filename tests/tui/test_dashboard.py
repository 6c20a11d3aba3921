"""The first screen: risks with their action, overdue invoices, replies owed, gauges, the week."""

import re
from datetime import date

import pytest
from textual.widgets import DataTable

from clientkit.services.dashboard import risk_summary
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.risk_acks import ack_risk
from clientkit.services.tracking import add_revision, log_time
from clientkit.tui.screens.client_detail import ClientDetailScreen
from clientkit.tui.screens.dashboard import (
    RISK_ROWS,
    RISK_ROWS_FIRST,
    DashboardScreen,
    RiskItem,
)
from clientkit.tui.screens.invoice_detail import InvoiceDetailScreen
from tests.tui.conftest import drive, press, screen_text

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def busy_day(studio):
    """Acme: an invoice 39 days overdue, 3 of 2 revisions, a call and work this week, a question."""
    invoice = create_invoice(studio, "Brand identity")
    issue_invoice(studio, str(invoice["id"]), on=date(2026, 10, 1))
    for change in ("Bolder logo", "Other colours", "Third round"):
        add_revision(studio, "Brand identity", change)
    log_time(studio, "Brand identity", "2h", "work", on="2026-11-23")
    log_time(studio, "Brand identity", "45m", "call", on="2026-11-24", confirmed=True)  # ahead
    log_time(studio, "Brand identity", "3h", "work", on="2026-11-16")  # last week
    add_message(studio, "Harbor Lane", "inbound", subject="Menu sizes?", at="2026-11-20T09:00")
    return studio


def test_the_dashboard_shows_what_needs_attention_today(busy_day, app_of):
    """Each section carries its figures: days and amount overdue, age of the question, gauges."""
    app = app_of(busy_day)
    text: list[str] = []

    async def scenario(pilot):
        assert isinstance(app.screen, DashboardScreen)
        text.append(screen_text(app))

    drive(app, scenario, size=(120, 40))
    shown = text[0]
    assert "CRIT  Acme & Sons · Brand identity" in shown
    assert "→ Bill the extra revision" in shown
    assert "Overdue invoices: 1" in shown
    assert re.search(r"2026-0001 +Acme & Sons +39 +1,500\.00 EUR", shown)
    assert re.search(r"Harbor Lane +Menu sizes\? +3d 3h", shown)
    assert "rev ■■■■■■ 3/2" in shown
    assert "comm ■■□□□□ 45m/3h" in shown
    assert "This week (2026-11-23 – 2026-11-29): 2h45m" in shown
    assert "work 2h · call 45m" in shown


def test_enter_on_the_dashboard_opens_the_overdue_invoice_and_the_client_waiting(busy_day, app_of):
    """From the overdue table Enter opens the invoice; from the replies table, the client."""
    app = app_of(busy_day)

    async def scenario(pilot):
        app.screen.query_one("#overdue", DataTable).focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, InvoiceDetailScreen)
        await press(pilot, "escape")
        app.screen.query_one("#awaiting", DataTable).focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, ClientDetailScreen)
        assert "Harbor Lane" in screen_text(app)

    drive(app, scenario)


def test_a_client_waiting_on_two_messages_shows_both_and_enter_opens_the_client(studio, app_of):
    """Two unanswered questions from one client are two rows (it crashed on the second)."""
    add_message(studio, "Harbor Lane", "inbound", subject="Menu sizes?", at="2026-11-20T09:00")
    add_message(studio, "Harbor Lane", "inbound", subject="And fonts?", at="2026-11-21T10:00")
    app = app_of(studio)

    async def scenario(pilot):
        assert isinstance(app.screen, DashboardScreen)
        shown = screen_text(app)
        assert "Awaiting your reply: 2" in shown
        assert re.search(r"Harbor Lane +Menu sizes\?", shown)
        assert re.search(r"Harbor Lane +And fonts\?", shown)
        table = app.screen.query_one("#awaiting", DataTable)
        table.focus()
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ClientDetailScreen)
        assert "Harbor Lane" in screen_text(app)

    drive(app, scenario, size=(120, 40))


def test_a_finding_acknowledged_with_risks_ack_is_not_on_the_dashboard(busy_day, app_of):
    """The dashboard reads the same risk list as `clientkit risks`: silenced means hidden."""
    ack_risk(
        busy_day, "revisions_over_limit", project_ref="Brand identity", reason="Agreed by phone"
    )
    app = app_of(busy_day)
    text: list[str] = []

    async def scenario(pilot):
        text.append(screen_text(app))

    drive(app, scenario, size=(120, 40))
    assert "Bill the extra revision" not in text[0]
    assert "Overdue invoices: 1" in text[0]  # the rest stays


def test_every_risk_the_summary_names_is_listed_most_severe_first(demo_book, app_of):
    """The first rows are drawn before the rest, but the list ends up whole and in order."""
    expected = risk_summary(demo_book, RISK_ROWS)["rows"]
    assert len(expected) > RISK_ROWS_FIRST
    app = app_of(demo_book)
    listed: list[object] = []

    async def scenario(pilot):
        listed.extend(item.finding for item in app.screen.query(RiskItem))

    drive(app, scenario, size=(120, 40))
    assert listed == expected
