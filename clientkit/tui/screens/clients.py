"""Clients: a searchable, sortable table that pages through a large book; Enter opens one."""

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from clientkit.tui.format import money_text
from clientkit.tui.list_base import ListScreen

if TYPE_CHECKING:
    from clientkit.services.browse import ClientRow
    from clientkit.services.views import Page


class ClientsScreen(ListScreen["ClientRow"]):
    """Every client with open balance and project count; `a` adds one."""

    CSS_PATH = "clients.tcss"
    TITLE = "Clients"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "app.add_client", "Add client")]

    noun = "client"
    placeholder = "search name, company or e-mail (/)"
    columns: ClassVar[list[tuple[str, int | None]]] = [
        ("Name", 26),
        ("Company", 16),
        ("Balance", 16),
        ("Proj", 4),
        ("E-mail", None),
    ]
    sorts = ("name", "balance", "newest")

    def fetch(self, offset: int) -> "Page[ClientRow]":
        from clientkit.services.browse import client_page

        return client_page(self.book, search=self.search_text, sort=self.sort, offset=offset)

    def cells(self, row: "ClientRow") -> tuple[str | Text, ...]:
        balance = Text(money_text(row["balance"], row["currency"]), justify="right")
        if row["balance"] > 0:
            balance.stylize("bold")
        return (
            row["name"],
            row["company"] or "",
            balance,
            str(row["projects"]),
            row["email"] or "",
        )

    def open_row(self, row: "ClientRow") -> None:
        self.ck_app.open_client(row["id"])
