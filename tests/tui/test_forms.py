"""Forms in the TUI: a client and a project made through them, validation as you type, refusals."""

from decimal import Decimal

import pytest
from textual.widgets import Input, Static

from clientkit.services.lists import list_clients
from clientkit.services.project_show import show_project
from clientkit.tui.screens.client_detail import ClientDetailScreen
from clientkit.tui.screens.client_form import ClientForm
from clientkit.tui.screens.project_detail import ProjectDetailScreen
from clientkit.tui.screens.project_form import ProjectForm
from tests.tui.conftest import drive, press, type_text

pytestmark = pytest.mark.timeout(60)


async def fill(pilot, form, **values: str) -> None:
    """Type into the named fields of a form (focus each, then type)."""
    for name, text in values.items():
        field = form.query_one(f"#field-{name}", Input)
        field.focus()
        await pilot.pause()
        field.value = ""
        await type_text(pilot, text)


def test_a_client_then_its_project_are_created_through_the_forms(book, app_of):
    """`c`, `a` opens the client form; saving opens the client; `n` adds a project with terms."""
    app = app_of(book)

    async def scenario(pilot):
        await press(pilot, "c", "a")
        form = app.screen
        assert isinstance(form, ClientForm)
        await fill(pilot, form, name="Acme & Sons", email="billing@acme.test", budget="2000")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClientDetailScreen)
        assert "Acme & Sons" in str(app.screen.query_one("#summary", Static).render())

        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, ProjectForm)
        assert form.query_one("#field-client", Input).value == str(app.screen_stack[-2].client_id)
        await fill(
            pilot,
            form,
            title="Brand identity",
            price="1500",
            revisions="2",
            revision_fee="150",
            deposit="30%",
            comm_budget="3h",
            comm_rate="60",
            late_fee="1.5%",
            payment_days="21",
            deadline="2026-12-20",
        )
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProjectDetailScreen)

    drive(app, scenario)

    project = show_project(book, "Brand identity")
    assert project["client"] == "Acme & Sons"
    assert project["price"] == Decimal("1500.00")
    assert project["revisions_included"] == 2
    assert project["comm_budget_minutes"] == 180
    assert project["deposit_required"] == Decimal("450.00")
    assert project["payment_days"] == 21
    assert [c["budget"] for c in list_clients(book)] == [Decimal("2000.00")]


def test_a_malformed_amount_is_explained_as_you_type_and_nothing_is_saved(book, app_of):
    """Typing `12.345` as a price shows the parser's reason at once; saving is refused."""
    app = app_of(book)

    async def scenario(pilot):
        await press(pilot, "p", "a")
        form = app.screen
        await fill(pilot, form, client="Nobody", title="Logo", price="12.345")
        error = form.query_one("#error-price", Static)
        assert "at most 2 decimal places" in str(error.render())
        await fill(pilot, form, comm_budget="soon")
        assert "expected e.g. 90m, 1h30m or 1.5h" in str(
            form.query_one("#error-comm_budget", Static).render()
        )
        await press(pilot, "ctrl+s")
        assert app.screen is form  # still open, nothing saved
        assert "fix the fields" in str(form.query_one("#form-error", Static).render())

    drive(app, scenario)
    assert list_clients(book) == []


def test_the_client_form_takes_a_structured_address_and_checks_the_vat_id(book, app_of):
    """A VAT id with a wrong check digit is explained as you type, as the CLI says it; the
    street, post code, city and country are stored as given."""
    app = app_of(book)

    async def scenario(pilot):
        await press(pilot, "c", "a")
        form = app.screen
        await fill(pilot, form, name="Kovac", street="Obchodná 24", postcode="811 06")
        await fill(pilot, form, city="Bratislava", country="sk", vat_id="SK2020273894")
        error = str(form.query_one("#error-vat_id", Static).render())
        assert "--vat-id SK2020273894: not a valid VAT number (check digit)" in error
        await fill(pilot, form, vat_id="SK2020273893")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClientDetailScreen)
        assert "Obchodná 24, 811 06 Bratislava, SK" in str(
            app.screen.query_one("#summary", Static).render()
        )

    drive(app, scenario)
    [client] = list_clients(book)
    assert (client["city"], client["country"], client["vat_id"]) == (
        "Bratislava",
        "SK",
        "SK2020273893",
    )


def test_a_refused_save_shows_the_reason_in_the_form(studio, app_of):
    """A duplicate client name is refused by the service; the form says why and stays open."""
    app = app_of(studio)

    async def scenario(pilot):
        await press(pilot, "c", "a")
        form = app.screen
        await fill(pilot, form, name="Acme & Sons")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        reason = str(form.query_one("#form-error", Static).render())
        assert "a client named 'Acme & Sons' already exists" in reason
        assert "Traceback" not in reason
        await press(pilot, "escape")
        assert not isinstance(app.screen, ClientForm)

    drive(app, scenario)
    assert len(list_clients(studio)) == 2


def test_a_project_for_an_unknown_client_is_refused_in_words(studio, app_of):
    """The service's NotFound reaches the form as its one sentence."""
    app = app_of(studio)

    async def scenario(pilot):
        await press(pilot, "p", "a")
        form = app.screen
        await fill(pilot, form, client="Zeta Corp", title="Logo")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "no client named 'Zeta Corp'" in str(form.query_one("#form-error", Static).render())

    drive(app, scenario)
