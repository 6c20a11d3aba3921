"""A table that reads its rows a page at a time, fetching the next page as the cursor nears it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Generic

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from clientkit.tui.calls import call_service
from clientkit.tui.messages import PageLoaded
from clientkit.tui.widgets.detail_table import Row
from clientkit.tui.widgets.sized_table import SizedTable

if TYPE_CHECKING:
    from clientkit.services.views import Page

PREFETCH_MARGIN = 10


class PagedTable(SizedTable, Generic[Row]):
    """Rows keyed by id; `total` is how many match, `row_count` how many are loaded so far."""

    # A row table has nothing to scroll sideways to: Home/End go to the first/last row.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "Top", show=False),
        Binding("end", "scroll_bottom", "Bottom", show=False),
    ]

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
    }
    """

    @dataclass
    class Counted(Message):
        """How many rows match and how many are loaded, after each page."""

        table: "PagedTable"
        total: int
        loaded: int

    def __init__(
        self,
        columns: Sequence[tuple[str, int | None]],
        cells: Callable[[Row], Sequence[str | Text]],
        **kwargs: Any,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns_spec = columns
        self._cells = cells
        self._fetch: Callable[[int], Page[Row]] | None = None
        self._generation = 0
        self._loading = False
        self._keep_key: str | None = None
        self.total = 0
        self.rows_by_key: dict[str, Row] = {}

    def on_mount(self) -> None:
        for label, width in self._columns_spec:
            self.add_column(label, width=width)

    def load(self, fetch: "Callable[[int], Page[Row]]") -> None:
        """Start over with a new query: the first page now, more as the cursor goes down."""
        self._fetch = fetch
        current = self.selected()
        self._keep_key = str(current["id"]) if current else None
        self._generation += 1
        self._loading = True
        self._read(fetch, 0, self._generation)

    def _read(self, fetch: "Callable[[int], Page[Row]]", offset: int, generation: int) -> None:
        call_service(self, partial(fetch, offset), partial(PageLoaded, generation), group="page")

    def on_page_loaded(self, message: PageLoaded[Row]) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._loading = False
        page = message.page
        if page["offset"] == 0:
            self.clear()
            self.rows_by_key.clear()
        for row in page["rows"]:
            key = str(row["id"])
            if key in self.rows_by_key:
                continue
            self.rows_by_key[key] = row
            self.add_row(*self._cells(row), key=key)
        self.total = page["total"]
        if page["offset"] == 0 and self._keep_key in self.rows_by_key:
            # Coming back after a change keeps the cursor on the same record.
            self.move_cursor(row=self.get_row_index(self._keep_key))
        self.post_message(self.Counted(self, self.total, self.row_count))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is not self:
            return
        if self._loading or self._fetch is None or self.row_count >= self.total:
            return
        if event.cursor_row >= self.row_count - PREFETCH_MARGIN:
            self._loading = True
            self._read(self._fetch, self.row_count, self._generation)

    def selected(self) -> Row | None:
        """The row under the cursor, as the service returned it."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.rows_by_key.get(key or "")
