"""The reminders screen: preview what is due, send to a real SMTP server on loopback, results."""

from datetime import date

import pytest
from textual.widgets import DataTable, ProgressBar

from clientkit.services.clients import show_client
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.reminders import preview
from clientkit.tui.screens.reminders import RemindersScreen
from tests.tui.conftest import drive, press, screen_text

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def overdue_book(studio):
    """Two issued invoices past due: Acme's 39 days late, Harbor Lane's 8 days late."""
    add_project(studio, "Harbor Lane", "Menu cards", TermsInput(price="800", payment_days=14))
    move_project(studio, "Menu cards", "start")
    acme = create_invoice(studio, "Brand identity")
    issue_invoice(studio, str(acme["id"]), on=date(2026, 10, 1))
    harbor = create_invoice(studio, "Menu cards")
    issue_invoice(studio, str(harbor["id"]), on=date(2026, 11, 1))
    studio.config["smtp"].update({"from": "Jana Novak <jana@novak.example>", "timeout": 10})
    return studio


def test_reminders_are_previewed_then_sent_to_the_smtp_server(overdue_book, smtp_server, app_of):
    """`r` lists today's two reminders with a preview; `s`, `y` sends both, each shown as sent."""
    overdue_book.config["smtp"].update(host=smtp_server.host, port=smtp_server.port)
    due = preview(overdue_book)["reminders"]
    assert {(r["invoice"], r["level"]) for r in due} == {
        ("2026-0001", "friendly"),  # the first reminder is the friendly one, however late
        ("2026-0002", "friendly"),
    }
    app = app_of(overdue_book)
    before: list[str] = []

    async def scenario(pilot):
        await press(pilot, "r")
        screen = app.screen
        assert isinstance(screen, RemindersScreen)
        before.append(screen_text(app))
        assert screen.query_one("#due", DataTable).row_count == 2
        await press(pilot, "s", "y")
        table = screen.query_one("#due", DataTable)
        results = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert all(result.startswith("sent · SMTP 127.0.0.1") for result in results)
        bar = screen.query_one("#progress", ProgressBar)
        assert (bar.progress, bar.total) == (2, 2)
        assert "2 sent" in screen_text(app)

    drive(app, scenario)
    assert "2 reminders due on 2026-11-23" in before[0]
    assert "Subject: " in before[0]
    received = smtp_server.received
    assert sorted(r.rcpt_tos[0] for r in received) == ["ap@harbor.test", "billing@acme.test"]
    assert all("Friendly reminder" in r.message["Subject"] for r in received)
    history = show_client(overdue_book, "Acme & Sons")["messages"]
    assert [m["direction"] for m in history] == ["outbound"]
    assert preview(overdue_book)["reminders"] == []  # never sent twice


def test_an_smtp_server_that_is_down_leaves_the_reminders_unsent(
    overdue_book, dead_smtp_port, app_of
):
    """With nothing listening, the screen says what failed and marks the reminders not sent."""
    overdue_book.config["smtp"].update(host="127.0.0.1", port=dead_smtp_port)
    app = app_of(overdue_book)

    async def scenario(pilot):
        await press(pilot, "r", "s", "y")
        text = screen_text(app)
        assert "0 sent" in text
        assert "was not sent" in text
        table = app.screen.query_one("#due", DataTable)
        assert [str(table.get_row_at(i)[-1]) for i in range(table.row_count)] == ["not sent"] * 2

    drive(app, scenario)
    assert len(preview(overdue_book)["reminders"]) == 2  # the next run tries again
