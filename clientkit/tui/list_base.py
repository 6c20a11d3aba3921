"""What the list screens share: a search field, sort and filter keys, and a lazily paged table."""

from typing import TYPE_CHECKING, ClassVar, Generic

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label

from clientkit.tui.base import BookScreen
from clientkit.tui.widgets.detail_table import Row
from clientkit.tui.widgets.paged_table import PagedTable
from clientkit.tui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from clientkit.services.views import Page

SEARCH_DELAY = 0.25


class ListScreen(BookScreen, Generic[Row]):
    """Subclasses give the columns, `fetch(offset)`, `cells(row)` and `open_row(row)`."""

    AUTO_FOCUS = "PagedTable"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("s", "sort", "Sort"),
        Binding("f", "filter", "Filter"),
        Binding("escape", "leave_search", "Back", show=False),
    ]

    noun = "row"
    columns: ClassVar[list[tuple[str, int | None]]] = []
    sorts: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    placeholder = "search (/)"

    def __init__(self) -> None:
        super().__init__()
        self.search_text = ""
        self.sort = self.sorts[0] if self.sorts else ""
        self.filter = self.filters[0] if self.filters else ""
        self._search_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id="search", compact=True)
        yield PlainLabel("", id="list-status")
        yield PagedTable(self.columns, self.cells, id="rows")

    @property
    def table(self) -> PagedTable[Row]:
        return self.query_one("#rows", PagedTable)

    def fetch(self, offset: int) -> "Page[Row]":
        raise NotImplementedError

    def cells(self, row: Row) -> tuple[str | Text, ...]:
        raise NotImplementedError

    def open_row(self, row: Row) -> None:
        raise NotImplementedError

    def refresh_data(self) -> None:
        self.table.load(self.fetch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sort":
            return bool(self.sorts)
        if action == "filter":
            return bool(self.filters)
        return True

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    async def action_leave_search(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self.table.focus()
        else:
            await self.ck_app.action_back()

    def action_sort(self) -> None:
        self.sort = self.sorts[(self.sorts.index(self.sort) + 1) % len(self.sorts)]
        self.refresh_data()

    def action_filter(self) -> None:
        self.filter = self.filters[(self.filters.index(self.filter) + 1) % len(self.filters)]
        self.refresh_data()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        if self._search_timer is not None:
            self._search_timer.stop()
        # Wait for a pause in typing, so a large book is not queried per keystroke.
        self._search_timer = self.set_timer(SEARCH_DELAY, self.refresh_data)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    @on(PagedTable.Counted)
    def _counted(self, message: PagedTable.Counted) -> None:
        parts = [f"{message.total:,} {self.noun}{'' if message.total == 1 else 's'}"]
        if message.loaded < message.total:
            parts.append(f"{message.loaded:,} loaded")
        if self.filters:
            parts.append(f"filter: {self.filter} (f)")
        if self.sorts:
            parts.append(f"sort: {self.sort} (s)")
        if self.search_text.strip():
            parts.append(f"matching {self.search_text.strip()!r}")
        self.query_one("#list-status", Label).update(" · ".join(parts))

    @on(DataTable.RowSelected, "#rows")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.table.rows_by_key.get(event.row_key.value or "")
        if row is not None:
            self.open_row(row)
