"""The TUI places for cancellation with its fee, change orders, the calendar feed, time import."""

import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from clientkit import paths
from clientkit.services.browse import invoice_page
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.scope_items import add_scope_item
from clientkit.tui.screens.cancel_confirm import CancelProjectScreen
from clientkit.tui.screens.invoice_detail import InvoiceDetailScreen
from clientkit.tui.screens.project_detail import ProjectDetailScreen
from clientkit.tui.screens.time_import import ImportReviewScreen
from tests.tui.conftest import drive, press, screen_text, settle, until

pytestmark = pytest.mark.timeout(90)


def notes_of(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def cancellable(studio):
    """An active 2,000 EUR project whose contract charges 25% of the price on cancellation."""
    project = add_project(studio, "Acme", "Packaging", TermsInput(price="2000", cancel_fee="25%"))
    move_project(studio, "Packaging", "start")
    return project


def test_cancelling_shows_the_fee_first_then_cancels_and_drafts_the_invoice(
    studio, cancellable, app_of
):
    """`x` asks with the contract's fee (25% of 2,000 = 500); `i`, `y` cancels and drafts it."""
    app = app_of(studio)
    asked: list[str] = []

    async def scenario(pilot):
        app.open_project(cancellable["id"])
        await settle(pilot)
        await press(pilot, "x")
        assert isinstance(app.screen, CancelProjectScreen)
        asked.append(app.screen.question)
        await press(pilot, "i", "y")
        assert isinstance(app.screen, InvoiceDetailScreen)
        assert "(draft, no number yet)" in screen_text(app)

    drive(app, scenario)
    assert "Cancel Packaging?" in asked[0]
    assert "fee per contract: 25% of the price = €500.00" in asked[0]
    assert show_project(studio, "Packaging")["status"] == "cancelled"
    drafts = invoice_page(studio, project_id=cancellable["id"])["rows"]
    assert [(row["status"], row["total"]) for row in drafts] == [("draft", Decimal("500.00"))]


def test_declining_the_cancellation_changes_nothing(studio, cancellable, app_of):
    """`x` then `n` leaves the project active and bills nothing."""
    app = app_of(studio)

    async def scenario(pilot):
        app.open_project(cancellable["id"])
        await settle(pilot)
        await press(pilot, "x", "n")
        assert isinstance(app.screen, ProjectDetailScreen)

    drive(app, scenario)
    assert show_project(studio, "Packaging")["status"] == "active"
    assert invoice_page(studio, project_id=cancellable["id"])["rows"] == []


def test_a_change_order_pdf_is_written_and_approving_clears_the_unsigned_mark(studio, app_of):
    """On a change request `o` writes its change-order PDF; `a`, `y` records today's signature."""
    set_profile(studio, name="Jana Novak", email="jana@novak.example")
    item = add_scope_item(studio, "Brand identity", "Extra poster", price="300")
    app = app_of(studio)
    shown: list[str] = []
    notes: list[str] = []

    async def scenario(pilot):
        app.open_project(show_project(studio, "Brand identity")["id"])
        await settle(pilot)
        shown.append(screen_text(app))
        await press(pilot, "o")
        notes.extend(notes_of(app))
        await press(pilot, "a", "y")
        notes.extend(notes_of(app))
        app.clear_notifications()  # toasts would cover the table
        await until(pilot, lambda: "change, approved" in screen_text(app))
        shown.append(screen_text(app))

    drive(app, scenario, notifications=True)
    assert "change ! unsigned" in shown[0]
    path = Path(
        next(
            n.split(" written to ", 1)[1]
            for n in notes
            if n.startswith("change order 1 written to")
        )
    )
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Extra poster" in text
    assert "Jana Novak" in text
    assert "unsigned" not in shown[1]
    assert "change, approved 2026-11-23" in shown[1]
    scope = show_project(studio, "Brand identity")["scope"]
    assert [s["approved_on"] for s in scope if s["id"] == item["id"]] == [date(2026, 11, 23)]


def test_the_palette_exports_a_calendar_that_parses(studio, app_of):
    """ "Export calendar (.ics)" writes documents/calendar.ics, replacing it on the next run."""
    from icalendar import Calendar

    app = app_of(studio)
    notes: list[str] = []

    def written() -> int:
        return sum("written to" in n for n in notes_of(app))

    async def scenario(pilot):
        for exports in (1, 2):  # the second export replaces the first file instead of refusing
            await press(pilot, "ctrl+p")
            await pilot.press(*"Export calendar")
            # On a loaded machine the palette's hit can land after a fixed pause.
            await until(pilot, lambda: "Export calendar (.ics)" in screen_text(app))
            await press(pilot, "enter")
            await until(pilot, lambda exports=exports: written() >= exports)
        notes.extend(notes_of(app))

    drive(app, scenario, notifications=True)
    target = paths.output_dir() / "calendar.ics"
    assert sum(f"written to {target}" in n for n in notes) == 2
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    deadline = events["deadline-project-1@clientkit"]
    assert deadline.decoded("dtstart") == date(2026, 12, 20)
    assert "Brand identity" in str(deadline["summary"])


WATSON_START = 1795420800  # 2026-11-22 08:00 UTC


def watson_frames(folder: Path, project: str, minutes: int) -> Path:
    """A Watson frames file with one frame of `minutes` on `project`."""
    frames = folder / "frames"
    end = WATSON_START + minutes * 60
    frames.write_text(json.dumps([[WATSON_START, end, project, "f1", [], WATSON_START]]))
    return frames


async def submit_import_form(pilot, frames: Path, maps: str = "") -> None:
    """Open "Import time" from the palette, fill in the file (and maps) and save."""
    await press(pilot, "ctrl+p")
    await pilot.press(*"Import time")
    await pilot.pause(0.5)
    await settle(pilot)
    await press(pilot, "enter")
    pilot.app.screen.query_one("#field-path", Input).value = str(frames)
    pilot.app.screen.query_one("#field-maps", Input).value = maps
    await press(pilot, "ctrl+s")


def test_time_from_watson_is_reviewed_then_imported_once(studio, app_of, tmp_path):
    """The import form shows Watson's mapping first; `y` imports the hour of work, once."""
    frames = watson_frames(tmp_path, "Brand identity", 60)
    app = app_of(studio)
    reviewed: list[str] = []

    async def scenario(pilot):
        await submit_import_form(pilot, frames)
        assert isinstance(app.screen, ImportReviewScreen)
        reviewed.append(screen_text(app))
        await press(pilot, "y")
        await submit_import_form(pilot, frames)  # the same file again: nothing new, nothing asked
        assert not isinstance(app.screen, ImportReviewScreen)

    drive(app, scenario, notifications=True)
    assert "Brand identity (Acme & Sons)" in reviewed[0]
    assert "import 1 new entries?" in reviewed[0]
    assert show_project(studio, "Brand identity")["work_minutes"] == 60
    assert any("nothing new to import" in n for n in notes_of(app))


def test_the_import_form_maps_a_source_project_as_the_cli_map_does(studio, app_of, tmp_path):
    """A Watson project clientkit does not know goes where the form's map says, in the review
    and in the import; a map without `=` is refused in the form, before anything is read."""
    frames = watson_frames(tmp_path, "Old site", 90)
    app = app_of(studio)
    reviewed: list[str] = []
    refused: list[str] = []

    async def scenario(pilot):
        await submit_import_form(pilot, frames, "Old site")
        assert not isinstance(app.screen, ImportReviewScreen)
        refused.append(str(app.screen.query_one("#error-maps", Static).render()))
        await press(pilot, "escape")
        await submit_import_form(pilot, frames, "Old site = Brand identity")
        assert isinstance(app.screen, ImportReviewScreen)
        reviewed.append(screen_text(app))
        await press(pilot, "y")

    drive(app, scenario, size=(100, 30), notifications=True)
    assert 'expected "source name=clientkit project"' in refused[0]
    assert "Old site" in reviewed[0]
    assert "Brand identity (Acme & Sons)" in reviewed[0]
    assert "import 1 new entries?" in reviewed[0]
    assert show_project(studio, "Brand identity")["work_minutes"] == 90


def test_a_rush_deadline_from_the_project_form_is_said(studio, app_of):
    """A deadline inside the lead time reports the rush fee; the cancel-fee basis is stored."""
    app = app_of(studio)
    shown: list[str] = []
    notes: list[str] = []

    async def scenario(pilot):
        app.action_add_project("Acme")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-title", Input).value = "Flyer"
        form.query_one("#field-price", Input).value = "1000"
        form.query_one("#field-rush_fee", Input).value = "25%"
        form.query_one("#field-deadline", Input).value = "2026-11-26"
        form.query_one("#field-cancel_fee", Input).value = "20%"
        form.query_one("#field-cancel_fee_basis", Select).value = "remainder"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProjectDetailScreen)
        notes.extend(notes_of(app))
        app.clear_notifications()
        await settle(pilot)
        shown.append(screen_text(app))

    drive(app, scenario, notifications=True)
    assert any("is shorter than your" in n and "rush fee 25%" in n for n in notes)
    flyer = show_project(studio, "Flyer")
    assert flyer["rush"] is True
    assert flyer["cancel_fee_basis"] == "remainder"
    assert "rush job" in shown[0]
    assert "cancel 20% of the unbilled remainder" in shown[0]
