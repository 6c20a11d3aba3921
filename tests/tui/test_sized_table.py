"""The TUI's tables show whole cells from the first paint, and show them as written."""

import asyncio
from typing import Any

from textual.app import App, ComposeResult

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.projects import TermsInput, add_project
from clientkit.tui.widgets.sized_table import SizedTable
from tests.tui.conftest import drive, screen_text, still


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        table = SizedTable(id="t", cursor_type="row")
        table.add_columns("Ti", "St")
        yield table


def table_lines(scenario: Any) -> list[str]:
    async def main() -> list[str]:
        app = OneTable()
        async with app.run_test(size=(60, 6)) as pilot:
            await pilot.pause()
            scenario(app.query_one(SizedTable))
            for _ in range(4):
                await pilot.pause(0.02)
            return screen_text(app).splitlines()[:3]

    return asyncio.run(main())


def test_a_paint_before_the_tables_idle_pass_still_shows_whole_cells():
    """CI caught the client detail with "Packa" and "delive": rows painted before Textual
    sized the columns stayed cut at the header's widths. Painting at that moment must not."""

    def fill(table: SizedTable) -> None:
        table.clear()
        table.add_row("Package design", "delivered")
        table.render_line(1)  # what the compositor does when it paints before Idle

    header, row, _ = table_lines(fill)
    assert row.split() == ["Package", "design", "delivered"]
    assert header.index("St") == row.index("delivered")


def test_an_updated_cell_widens_its_column_at_once():
    def fill(table: SizedTable) -> None:
        table.add_row("a", "b", key="r")
        table.render_line(1)
        table.update_cell("r", table.ordered_columns[1].key, "sent 2026-12-03", update_width=True)
        table.render_line(1)

    _, row, _ = table_lines(fill)
    assert row.split() == ["a", "sent", "2026-12-03"]


def test_brackets_in_what_the_user_typed_are_shown_not_read_as_markup(book: Book, app_of):
    """A project called "Logo [v2] [bold]final" keeps every character in the client's table."""
    client_id = add_client(book, "Studio [beta]")["id"]
    add_project(book, "Studio", "Logo [v2] [bold]final", TermsInput(price="900"))
    app = app_of(book)

    async def scenario(pilot: Any) -> None:
        app.open_client(client_id)
        await still(pilot)
        text = screen_text(app)
        assert "Logo [v2] [bold]final" in text
        assert "Studio [beta]" in text

    drive(app, scenario, size=(100, 30))
