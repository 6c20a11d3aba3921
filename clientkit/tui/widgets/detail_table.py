"""The small row tables of detail screens: built with their columns, refilled keeping the cursor."""

from collections.abc import Callable, Sequence
from typing import Any, TypedDict, TypeVar

from textual.widgets import DataTable

from clientkit.tui.widgets.sized_table import SizedTable


class Keyed(TypedDict):
    """A row of a service view: every one has its record's id."""

    id: int


Row = TypeVar("Row", bound=Keyed)


def detail_table(name: str, *columns: str) -> DataTable[Any]:
    """A row-cursor, zebra-striped table with `columns`, addressable as `#name`."""
    table: DataTable[Any] = SizedTable(id=name, cursor_type="row", zebra_stripes=True)
    table.add_columns(*columns)
    return table


def refill(
    table: DataTable[Any],
    rows: Sequence[Row],
    cells: Callable[[Row], Sequence[object]],
) -> None:
    """Replace the rows (keyed by their `id`), keeping the cursor where it was if it can."""
    cursor = table.cursor_row
    table.clear()
    for row in rows:
        table.add_row(*cells(row), key=str(row["id"]))
    if rows:
        table.move_cursor(row=min(cursor, len(rows) - 1))
