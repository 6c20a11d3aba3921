"""Large books: lists read a page at a time and fetch more as the cursor nears the end."""

import pytest

from clientkit.services.browse import PAGE_SIZE
from clientkit.services.clients import add_client
from tests.tui.conftest import drive, press, screen_text, settle

pytestmark = pytest.mark.timeout(120)

CLIENTS = 2 * PAGE_SIZE + 10


@pytest.fixture
def many_clients(book):
    for number in range(CLIENTS):
        add_client(book, f"Client {number:04d}")
    return book


def test_the_clients_table_loads_one_page_then_more_as_the_cursor_goes_down(many_clients, app_of):
    """First only one page is read; moving to the bottom reads the next pages, in name order."""
    app = app_of(many_clients)
    counts: list[int] = []

    async def scenario(pilot):
        await press(pilot, "c")
        table = app.screen.table
        counts.append(table.row_count)
        assert f"{CLIENTS} clients · {PAGE_SIZE} loaded" in screen_text(app)
        for _ in range(3):
            await pilot.press("end")
            await settle(pilot)
            counts.append(table.row_count)
        names = [row["name"] for row in table.rows_by_key.values()]
        assert names == [f"Client {n:04d}" for n in range(CLIENTS)]

    drive(app, scenario)
    assert counts[0] == PAGE_SIZE
    assert counts[-1] == CLIENTS
    assert counts == sorted(counts)


def test_sorting_by_balance_is_done_by_the_book_not_the_loaded_rows(studio, app_of):
    """`s` cycles the sort; by balance, the client who owes money comes first."""
    from clientkit.services.invoicing import create_invoice, issue_invoice

    issue_invoice(studio, str(create_invoice(studio, "Brand identity")["id"]))
    app = app_of(studio)
    orders: list[list[str]] = []

    async def scenario(pilot):
        await press(pilot, "c")
        orders.append([r["name"] for r in app.screen.table.rows_by_key.values()])
        await press(pilot, "s")
        assert "sort: balance (s)" in screen_text(app)
        orders.append([r["name"] for r in app.screen.table.rows_by_key.values()])

    drive(app, scenario)
    assert orders[0] == ["Acme & Sons", "Harbor Lane"]
    assert orders[1][0] == "Acme & Sons"
