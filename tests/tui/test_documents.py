"""Documents from the TUI: the contract PDF, the invoice PDF and a credit note, made in workers."""

import subprocess
from pathlib import Path

import pytest

from clientkit.services.contracts import show_contract
from clientkit.services.invoicing import create_invoice, issue_invoice, show_invoice
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.tui.screens.invoice_detail import InvoiceDetailScreen
from tests.tui.conftest import drive, press, screen_text, settle

pytestmark = pytest.mark.timeout(90)


def notes_of(app) -> list[str]:
    return [n.message for n in app._notifications]


def test_the_contract_pdf_is_generated_from_the_project_screen(studio, app_of):
    """`g` renders the project's contract; the PDF names both parties and the path is shown."""
    set_profile(studio, name="Jana Novak", email="jana@novak.example")
    project = show_project(studio, "Brand identity")
    app = app_of(studio)
    notes: list[str] = []

    async def scenario(pilot):
        app.open_project(project["id"])
        await settle(pilot)
        await press(pilot, "g")
        notes.extend(notes_of(app))

    drive(app, scenario, notifications=True)
    contract = show_contract(studio, "Brand identity")
    assert any(contract["path"] in note for note in notes)
    text = subprocess.run(
        ["pdftotext", contract["path"], "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jana Novak" in text
    assert "Acme & Sons" in text


def test_a_contract_without_a_profile_name_is_refused_in_words(studio, app_of):
    """With no freelancer name the service refuses; the notification gives its reason."""
    app = app_of(studio)
    notes: list[str] = []

    async def scenario(pilot):
        app.open_project(show_project(studio, "Brand identity")["id"])
        await settle(pilot)
        await press(pilot, "g")
        notes.extend(notes_of(app))

    drive(app, scenario, notifications=True)
    assert any("your profile has no name" in note for note in notes)


def test_the_invoice_pdf_is_rendered_and_a_credit_note_cancels_the_invoice(studio, app_of):
    """`o` writes the PDF of an issued invoice; `k`, `y` issues a credit note that cancels it."""
    set_profile(studio, name="Jana Novak", email="jana@novak.example")
    draft = create_invoice(studio, "Brand identity")
    issue_invoice(studio, str(draft["id"]))
    app = app_of(studio)
    notes: list[str] = []
    shown: list[str] = []

    async def scenario(pilot):
        app.open_invoice(draft["id"])
        await settle(pilot)
        await press(pilot, "o")
        notes.extend(notes_of(app))
        await press(pilot, "k", "y")
        assert isinstance(app.screen, InvoiceDetailScreen)
        shown.append(screen_text(app))

    drive(app, scenario, notifications=True)
    path = next(Path(n.split("PDF written to ", 1)[1]) for n in notes if "PDF written to" in n)
    assert path.read_bytes().startswith(b"%PDF")
    assert "Credit note 2026-0002 · issued" in shown[0]
    assert "cancels 2026-0001" in shown[0]
    assert show_invoice(studio, "2026-0001")["status"] == "credited"
    assert show_invoice(studio, "2026-0002")["total"] == -show_invoice(studio, "2026-0001")["total"]


def test_the_invoices_screen_filters_to_overdue_ones(studio, app_of):
    """`f` cycles the filter; on `overdue` only issued invoices past their due date remain."""
    from datetime import date

    late = create_invoice(studio, "Brand identity")
    issue_invoice(studio, str(late["id"]), on=date(2026, 10, 1))
    create_invoice(studio, "Brand identity")  # a draft: never overdue
    app = app_of(studio)
    seen: list[list[str]] = []

    async def scenario(pilot):
        await press(pilot, "i")
        seen.append([r["number"] or "draft" for r in app.screen.table.rows_by_key.values()])
        await press(pilot, "f")
        assert "filter: overdue (f)" in screen_text(app)
        seen.append([r["number"] for r in app.screen.table.rows_by_key.values()])
        assert "+39d" in screen_text(app)

    drive(app, scenario)
    assert seen == [["draft", "2026-0001"], ["2026-0001"]]
