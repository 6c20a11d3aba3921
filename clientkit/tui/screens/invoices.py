"""Invoices: filter by status or overdue, search by number or client; Enter opens one."""

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text

from clientkit.tui.format import day_text, money_text
from clientkit.tui.list_base import ListScreen

if TYPE_CHECKING:
    from clientkit.services.browse import InvoiceRow
    from clientkit.services.views import Page


class InvoicesScreen(ListScreen["InvoiceRow"]):
    """Invoices with due date (and days overdue) and open balance."""

    CSS_PATH = "invoices.tcss"
    TITLE = "Invoices"

    noun = "invoice"
    placeholder = "search number or client (/)"
    columns: ClassVar[list[tuple[str, int | None]]] = [
        ("Number", 9),
        ("Client", 20),
        ("Status", 8),
        ("Due", 16),
        ("Balance", 14),
    ]
    sorts = ("newest", "due")
    filters = ("all", "overdue", "draft", "issued", "paid", "credited")

    def fetch(self, offset: int) -> "Page[InvoiceRow]":
        from clientkit.services.browse import invoice_page

        overdue = self.filter == "overdue"
        status = None if self.filter in ("all", "overdue") else self.filter
        return invoice_page(
            self.book,
            status=status,
            overdue=overdue,
            search=self.search_text,
            sort=self.sort,
            offset=offset,
        )

    def cells(self, row: "InvoiceRow") -> tuple[str | Text, ...]:
        c = row["currency"]
        due = Text(day_text(row["due_date"]))
        if row["days_overdue"]:
            due.append(
                f" +{row['days_overdue']}d",
                style="bold red" if row["days_overdue"] > 14 else "yellow",
            )
        return (
            row["number"] or f"draft #{row['id']}",
            row["client"],
            row["status"],
            due,
            Text(money_text(row["balance"], c), justify="right"),
        )

    def open_row(self, row: "InvoiceRow") -> None:
        self.ck_app.open_invoice(row["id"])
