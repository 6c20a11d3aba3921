"""A DataTable that shows cells literally and sizes its columns as rows arrive, not later."""

from typing import Any

from rich.protocol import is_renderable
from rich.text import Text
from textual.render import measure
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, Column, ColumnKey, RowKey


class SizedTable(DataTable[Any]):
    """A `DataTable` whose auto-width columns fit their cells from the first paint.

    Textual (8.2) widens auto-width columns in the table's Idle handler, and rows it has
    already rendered stay cached under an update counter that handler leaves alone. A paint
    landing between `add_row` and that Idle (it does, on a loaded machine) keeps the rows
    cut at the header's widths ("Packa", "delive") until something else changes. Measuring
    here, before control returns to the event loop, makes every paint right; Idle then
    finds nothing wider to do.

    Text cells are shown as written: a client called "Studio [beta]" keeps its brackets
    instead of having them read as markup."""

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: Text | str | None = None,
    ) -> RowKey:
        texts = [literal(cell) for cell in cells]
        row_key = super().add_row(*texts, height=height, key=key, label=label)
        for column, text in zip(self.ordered_columns, texts, strict=False):
            self._fit(column, text)
        return row_key

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        text = literal(value)
        super().update_cell(row_key, column_key, text, update_width=update_width)
        if update_width:
            self._fit(
                self.columns[ColumnKey(column_key) if isinstance(column_key, str) else column_key],
                text,
            )

    def _fit(self, column: Column, cell: Any) -> None:
        if column.auto_width:
            column.content_width = max(column.content_width, measure(self.app.console, cell, 1))


def literal(cell: Any) -> Any:
    """A cell as the table will draw it: strings and numbers as literal text (never markup),
    anything Rich can render as it is."""
    if isinstance(cell, str):
        return Text(cell)
    return cell if is_renderable(cell) else Text(str(cell))
