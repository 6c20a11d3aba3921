"""Everyday flows in the TUI, driven by the keyboard against a real book."""

from decimal import Decimal

import pytest
from textual.widgets import Input, Select

from clientkit.services.invoicing import show_invoice
from clientkit.services.project_show import show_project
from clientkit.services.tracking import start_timer, timer_status
from clientkit.tui.screens.client_detail import ClientDetailScreen
from clientkit.tui.screens.clients import ClientsScreen
from clientkit.tui.screens.invoice_detail import InvoiceDetailScreen
from clientkit.tui.screens.project_detail import ProjectDetailScreen
from clientkit.tui.widgets.gauge import Gauge
from tests.tui.conftest import drive, press, screen_text, settle, type_text

pytestmark = pytest.mark.timeout(90)


def project_id(book, title: str) -> int:
    return int(show_project(book, title)["id"])


def test_logging_call_time_moves_the_communication_gauge(studio, app_of):
    """90 minutes of `call` on a 3h budget takes the comm gauge from 0m/3h to 1h30m/3h."""
    app = app_of(studio)
    seen: list[str] = []

    async def scenario(pilot):
        app.open_project(project_id(studio, "Brand identity"))
        await settle(pilot)
        gauge = app.screen.query_one("#gauge-comm", Gauge)
        seen.append(str(gauge.render()))
        await press(pilot, "l")
        form = app.screen
        await type_text(pilot, "90m")
        form.query_one("#field-kind", Select).value = "call"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProjectDetailScreen)
        seen.append(str(app.screen.query_one("#gauge-comm", Gauge).render()))
        assert "1h30m" in screen_text(app)

    drive(app, scenario)
    assert seen[0].endswith("0m/3h")
    assert seen[1].endswith("1h30m/3h")
    assert seen[0] != seen[1]
    assert show_project(studio, "Brand identity")["comm_minutes"] == 90


def test_going_over_the_revision_limit_is_said_at_once(studio, app_of):
    """The third revision of two included tells what will be billed, as the CLI does."""
    from clientkit.services.tracking import add_revision

    add_revision(studio, "Brand identity", "Bolder logo")
    add_revision(studio, "Brand identity", "Other colours")
    app = app_of(studio)
    notices: list[str] = []

    async def scenario(pilot):
        app.open_project(project_id(studio, "Brand identity"))
        await settle(pilot)
        await press(pilot, "v")
        await type_text(pilot, "Third round")
        await press(pilot, "ctrl+s")
        notices.extend(n.message for n in app._notifications)
        assert "rev ■■■■■■ 3/2" in str(app.screen.query_one("#gauge-revisions", Gauge).render())
        assert app.screen.query_one("#gauge-revisions", Gauge).has_class("-over")

    drive(app, scenario, notifications=True)
    assert any("revision 3 of 2 included" in n and "€150.00 extra" in n for n in notices)


def test_an_invoice_is_created_from_the_project_and_issued(studio, app_of):
    """`n` drafts the invoice, `e` then `y` issues it: it gets 2026-0001 and a due date."""
    app = app_of(studio)

    async def scenario(pilot):
        app.open_project(project_id(studio, "Brand identity"))
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, InvoiceDetailScreen)
        assert "(draft, no number yet)" in screen_text(app)
        assert "1,500.00 EUR" in screen_text(app)
        await press(pilot, "e")
        await press(pilot, "y")
        assert isinstance(app.screen, InvoiceDetailScreen)
        text = screen_text(app)
        assert "Invoice 2026-0001 · issued" in text
        assert "due 2026-12-07" in text
        # A frozen invoice offers no "Add line" any more.
        assert app.screen.check_action("add_line", ()) is False

    drive(app, scenario)
    invoice = show_invoice(studio, "2026-0001")
    assert invoice["status"] == "issued"
    assert invoice["total"] == Decimal("1500.00")


def test_a_payment_recorded_on_an_issued_invoice_pays_it(studio, app_of):
    """`m` on an issued invoice records money; paying the balance marks it paid."""
    from clientkit.services.invoicing import create_invoice, issue_invoice

    draft = create_invoice(studio, "Brand identity")
    issue_invoice(studio, str(draft["id"]))
    app = app_of(studio)

    async def scenario(pilot):
        app.open_invoice(draft["id"])
        await settle(pilot)
        await press(pilot, "m")
        await type_text(pilot, "1500")
        await press(pilot, "ctrl+s")
        assert "balance 0.00 EUR" in screen_text(app)

    drive(app, scenario)
    assert show_invoice(studio, "2026-0001")["status"] == "paid"


def test_a_refused_action_shows_the_reason_never_a_traceback(studio, app_of):
    """Starting a timer while another runs is refused; the reason appears as a notification."""
    start_timer(studio, "Brand identity", "work")
    app = app_of(studio)
    notes: list[str] = []

    async def scenario(pilot):
        await press(pilot, "t")
        await press(pilot, "enter")
        notes.extend(n.message for n in app._notifications)

    drive(app, scenario, notifications=True)
    assert any("a timer is already running on 'Brand identity'" in n for n in notes)
    assert not any("Traceback" in n for n in notes)


def test_the_timer_runs_in_the_header_survives_the_app_and_stops_from_the_cli(
    studio, app_of, invoke
):
    """Started in the TUI the timer is stored: it shows on every screen; `timer stop` ends it."""
    app = app_of(studio)

    async def scenario(pilot):
        await press(pilot, "t", "slash")
        await type_text(pilot, "Brand")
        await press(pilot, "enter")  # leave the search field for the table
        await press(pilot, "k")  # kind: work -> call
        await press(pilot, "enter")
        assert "● call on Brand identity 0:00:00" in screen_text(app)
        await press(pilot, "c")
        assert isinstance(app.screen, ClientsScreen)
        assert "● call on Brand identity" in screen_text(app).splitlines()[0]

    drive(app, scenario)
    assert timer_status(studio)["kind"] == "call"  # the app is closed; the timer is not
    stopped = invoke("--db", studio.url, "timer", "stop")
    assert stopped.code == 0, stopped.stderr
    assert timer_status(studio) is None

    reopened = app_of(studio)

    async def after(pilot):
        assert "no timer" in screen_text(reopened).splitlines()[0]

    drive(reopened, after)


def test_single_keys_switch_screens_except_inside_a_text_field(studio, app_of):
    """`c` opens Clients; typed into the search field, `c` and `d` are just letters."""
    app = app_of(studio)

    async def scenario(pilot):
        await press(pilot, "c")
        assert isinstance(app.screen, ClientsScreen)
        await press(pilot, "slash")
        await type_text(pilot, "cd")
        await settle(pilot)
        assert isinstance(app.screen, ClientsScreen)
        assert app.screen.query_one("#search", Input).value == "cd"
        await press(pilot, "escape", "d")
        assert type(app.screen).__name__ == "DashboardScreen"
        await press(pilot, "i")
        assert type(app.screen).__name__ == "InvoicesScreen"
        await press(pilot, "q")

    drive(app, scenario)
    assert app.return_code == 0


def test_the_clients_table_searches_and_opens_a_client(studio, app_of):
    """Searching narrows the table to matches; Enter opens the client, Escape comes back."""
    app = app_of(studio)

    async def scenario(pilot):
        await press(pilot, "c", "slash")
        await type_text(pilot, "harb")
        await pilot.pause(0.4)
        await settle(pilot)
        table = app.screen.table
        assert [row["name"] for row in table.rows_by_key.values()] == ["Harbor Lane"]
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, ClientDetailScreen)
        assert "Harbor Lane" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, ClientsScreen)

    drive(app, scenario)


def test_the_command_palette_finds_a_client_by_name(studio, app_of):
    """ctrl+p, `Harbor`, Enter opens Harbor Lane's detail screen."""
    app = app_of(studio)

    async def scenario(pilot):
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Harbor")
        await pilot.pause(0.8)
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ClientDetailScreen)
        assert app.screen.client_id == 2

    drive(app, scenario)


def test_kicking_off_a_draft_project_warns_about_contract_and_deposit(studio, app_of):
    """`k` starts a draft project; the missing contract and deposit are said at once."""
    from clientkit.services.projects import TermsInput, add_project

    draft = add_project(studio, "Harbor Lane", "Menu cards", TermsInput(price="800"))
    app = app_of(studio)
    notes: list[str] = []

    async def scenario(pilot):
        app.open_project(draft["id"])
        await settle(pilot)
        await press(pilot, "k")
        notes.extend(n.message for n in app._notifications)
        assert "(Harbor Lane) · active" in screen_text(app)

    drive(app, scenario, notifications=True)
    assert show_project(studio, "Menu cards")["status"] == "active"
    assert any("no signed contract yet" in n for n in notes)
    assert any("deposit missing" in n for n in notes)
