"""What the client and project screens share: row tables refilled from a view, invoices to open."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.widgets import DataTable

from clientkit.tui.base import BookScreen
from clientkit.tui.format import day_text, money_text
from clientkit.tui.widgets.detail_table import Row, refill

if TYPE_CHECKING:
    from clientkit.services.browse import InvoiceRow


class DetailScreen(BookScreen):
    """Subclasses give `load()`; Enter in their `#invoices` table, if any, opens the invoice."""

    def refresh_data(self) -> None:
        self.load()

    def load(self) -> None:
        """Ask for the record's view off the UI thread (each screen names its use case)."""

    def fill(
        self, name: str, rows: Sequence[Row], cells: Callable[[Row], Sequence[object]]
    ) -> None:
        refill(self.query_one(f"#{name}", DataTable), rows, cells)

    def fill_invoices(self, rows: "Sequence[InvoiceRow]") -> None:
        self.fill(
            "invoices",
            rows,
            lambda i: (
                i["number"] or f"draft #{i['id']}",
                i["status"],
                day_text(i["due_date"]),
                money_text(i["total"], i["currency"]),
                money_text(i["balance"], i["currency"]),
            ),
        )

    @on(DataTable.RowSelected, "#invoices")
    def _open_invoice(self, event: DataTable.RowSelected) -> None:
        self.ck_app.open_invoice(int(event.row_key.value or 0))
