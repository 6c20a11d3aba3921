"""What the user typed shows as typed on every screen: square brackets are text, not markup.

Textual reads markup in labels, statics and notifications by default; "Logo [/v2]" there
is a closing tag with no opening one and took the whole app down."""

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static, TabbedContent

from clientkit.services.clients import add_client
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.scope_items import add_scope_item
from clientkit.services.tracking import add_revision, log_time
from tests.tui.conftest import drive, press, screen_text, still, type_text, until

pytestmark = pytest.mark.timeout(120)

CLIENT = "Studio [/x]"
PROJECT = "Logo [/v2] [b]"


@pytest.fixture
def bracketed(book):
    """A client and project whose names, notes and subjects are full of square brackets."""
    client = add_client(book, CLIENT, email="ap@studio.test", company="[red]Co[/red]")
    project = add_project(
        book,
        CLIENT,
        PROJECT,
        TermsInput(price="1500", revisions=1, revision_fee="100", deadline="2026-11-30"),
    )
    move_project(book, PROJECT, "start")
    log_time(book, PROJECT, "2h", "work", note="[/note] sketches", on="2026-11-20")
    add_scope_item(book, PROJECT, "Icons [/set]", price="200")
    add_revision(book, PROJECT, "[/rev] colours")
    add_revision(book, PROJECT, "[/rev] again")
    add_message(book, CLIENT, "inbound", subject="[/subj] Re: logo", at="2026-11-10T09:00")
    invoice = create_invoice(book, PROJECT)
    issue_invoice(book, str(invoice["id"]), on=date(2026, 10, 1))
    return {"client": client["id"], "project": project["id"], "invoice": invoice["id"]}


def test_every_screen_shows_bracketed_names_as_typed(book, bracketed, app_of):
    app = app_of(book)
    seen: dict[str, str] = {}

    async def look(pilot: Any, name: str) -> None:
        await still(pilot)
        seen[name] = screen_text(app)

    async def scenario(pilot: Any) -> None:
        await look(pilot, "dashboard")
        for key, name in (
            ("c", "clients"),
            ("p", "projects"),
            ("i", "invoices"),
            ("r", "reminders"),
        ):
            await press(pilot, key)
            await look(pilot, name)
        app.open_client(bracketed["client"])
        await look(pilot, "client")
        app.open_invoice(bracketed["invoice"])
        await look(pilot, "invoice")
        app.open_project(bracketed["project"])
        await look(pilot, "project")
        app.screen.query_one(TabbedContent).active = "tab-time"
        await look(pilot, "project time")
        await press(pilot, "w")
        await still(pilot)
        seen["notes"] = "\n".join(n.message for n in app._notifications)
        await press(pilot, "t")
        await look(pilot, "timer")

    drive(app, scenario, size=(160, 50))
    for screen in ("dashboard", "clients", "projects", "invoices", "reminders", "client", "timer"):
        assert CLIENT in seen[screen], screen
    for screen in ("dashboard", "projects", "client", "project", "timer", "notes"):
        assert PROJECT in seen[screen], screen
    assert "[red]Co[/red]" in seen["client"]
    assert "[/subj] Re: logo" in seen["dashboard"]
    assert "[/note] sketches" in seen["project time"]
    assert "Icons [/set]" in seen["project"]


def test_a_search_with_brackets_is_echoed_as_typed(book, bracketed, app_of):
    """The list's status line repeats the search; "[/x" there is text, not a broken tag."""
    app = app_of(book)

    async def scenario(pilot: Any) -> None:
        await press(pilot, "c", "slash")
        await type_text(pilot, "[/x")
        await until(pilot, lambda: "matching" in screen_text(app))
        status = screen_text(app).splitlines()[2]
        assert status.split() == [
            "1",
            "client",
            "·",
            "sort:",
            "name",
            "(s)",
            "·",
            "matching",
            "'[/x'",
        ]
        assert CLIENT in screen_text(app)

    drive(app, scenario, size=(120, 30))


def test_the_palette_finds_a_bracketed_name_and_opens_it(book, bracketed, app_of):
    """ctrl+p, `Studio`: the hit reads "Client: Studio [/x]"; Enter opens that client."""
    from clientkit.tui.screens.client_detail import ClientDetailScreen

    app = app_of(book)
    shown: list[str] = []

    async def scenario(pilot: Any) -> None:
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Studio")
        await until(pilot, lambda: "Client: " in screen_text(app))
        shown.append(screen_text(app))
        await press(pilot, "enter")
        await still(pilot)
        assert isinstance(app.screen, ClientDetailScreen)
        assert app.screen.client_id == bracketed["client"]

    drive(app, scenario, size=(120, 30))
    assert f"Client: {CLIENT}" in shown[0]


def test_a_refused_value_is_explained_with_its_brackets(book, app_of):
    """The form repeats what was typed in its reason: "invalid amount '[/x'" stays whole."""
    app = app_of(book)

    async def scenario(pilot: Any) -> None:
        await press(pilot, "p", "a")
        field = app.screen.query_one("#field-price", Input)
        field.focus()
        await type_text(pilot, "[/x")
        await still(pilot)
        error = str(app.screen.query_one("#error-price", Static).render())
        assert error.startswith("invalid amount '[/x'")

    drive(app, scenario, size=(100, 40))


def test_no_tui_module_builds_a_label_or_static_that_reads_markup():
    """Text reaches the screen through PlainLabel and PlainStatic (clientkit/tui/widgets/
    plain.py); a bare Textual Label or Static would read "[/v2]" in a name as a tag."""
    tui = Path(__file__).parents[2] / "clientkit" / "tui"
    built = []
    for module in tui.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Label", "Static")
            ):
                built.append(f"{module.relative_to(tui)}:{node.lineno} {node.func.id}(")
    assert built == []
