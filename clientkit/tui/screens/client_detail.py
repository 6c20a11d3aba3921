"""Client detail: contact, patterns, effective rate, balance, projects, invoices, payments, mail."""

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from clientkit.domain.addresses import place_line
from clientkit.tui.calls import call_service
from clientkit.tui.detail_base import DetailScreen
from clientkit.tui.format import day_text, money_text, plain
from clientkit.tui.messages import ClientShown
from clientkit.tui.widgets.detail_table import detail_table
from clientkit.tui.widgets.plain import PlainStatic

if TYPE_CHECKING:
    from clientkit.services.clients import ShownClient


class ClientDetailScreen(DetailScreen):
    """One client; Enter on a project or invoice opens it, `n` adds a project for this client."""

    CSS_PATH = "client_detail.tcss"
    TITLE = "Client"
    AUTO_FOCUS = "#projects"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_project", "New project"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.view: ShownClient | None = None

    def compose_body(self) -> ComposeResult:
        yield PlainStatic("loading…", id="summary")
        with TabbedContent(id="tabs"):
            with TabPane("Projects", id="tab-projects"):
                yield detail_table("projects", "Title", "Status", "Currency")
            with TabPane("Invoices", id="tab-invoices"):
                yield detail_table("invoices", "Number", "Status", "Due", "Total", "Balance")
            with TabPane("Payments", id="tab-payments"):
                yield detail_table("payments", "Date", "Kind", "Amount", "Invoice", "Method")
            with TabPane("Messages", id="tab-messages"):
                yield detail_table("messages", "At", "Dir", "Channel", "Subject", "Answered")

    def load(self) -> None:
        from clientkit.services.details import client_detail

        read = partial(client_detail, self.book, str(self.client_id))
        call_service(self, read, ClientShown, group="detail", exclusive=True)

    def on_client_shown(self, message: ClientShown) -> None:
        detail = message.view
        self.view = view = detail["client"]
        self.title = f"Client · {view['name']}"
        self.query_one("#summary", Static).update(summary(view))
        self.fill("projects", view["projects"], lambda p: (p["title"], p["status"], p["currency"]))
        c = view["currency"]
        self.fill_invoices(detail["invoices"]["rows"])
        self.fill(
            "payments",
            list(reversed(view["payments"])),
            lambda p: (
                day_text(p["date"]),
                p["kind"],
                money_text(p["amount"], p.get("currency", c)),
                plain(p["invoice_id"]),
                p["method"] or "",
            ),
        )
        self.fill(
            "messages",
            list(reversed(view["messages"])),
            lambda m: (
                day_text(m["at"]),
                "in" if m["direction"] == "inbound" else "out",
                m["channel"],
                m["subject"] or "",
                day_text(m["answered_at"]) if m["direction"] == "inbound" else "",
            ),
        )

    @on(DataTable.RowSelected, "#projects")
    def _open_project(self, event: DataTable.RowSelected) -> None:
        self.ck_app.open_project(int(event.row_key.value or 0))

    def action_new_project(self) -> None:
        if self.view is not None:
            self.ck_app.action_add_project(str(self.client_id), self.view["currency"])


def address_text(view: "ShownClient") -> str:
    """The postal address on one line: street, post code and city, country when they are set,
    else the free text of an older book."""
    if view.get("street") or view.get("postcode") or view.get("city"):
        place = place_line(view["postcode"], view["city"], view["country"])
        parts: tuple[str, ...] = (view["street"], place, view["country"])
    else:
        parts = tuple(line.strip() for line in (view.get("address") or "").splitlines())
    return ", ".join(part for part in parts if part)


def summary(view: "ShownClient") -> Text:
    """The client's contact, money and patterns, a few lines."""
    c = view["currency"]
    contact = (
        " · ".join(
            x
            for x in (
                view.get("company"),
                view.get("contact"),
                view.get("email"),
                view.get("phone"),
                address_text(view),
            )
            if x
        )
        or "no contact details"
    )
    ids = " · ".join(
        f"{name} {view[key]}"  # type: ignore[literal-required]
        for key, name in (("reg_id", "reg. no."), ("tax_id", "tax id"), ("vat_id", "VAT id"))
        if view.get(key)
    )
    rate = view.get("effective_rate")
    patterns = view.get("patterns") or []
    text = Text()
    text.append(view["name"], style="bold")
    if view.get("archived"):
        text.append("  (archived)", style="dim")
    text.append(f"\n{contact}\n")
    if ids:
        text.append(f"{ids}\n", style="dim")
    text.append(
        f"balance {money_text(view['balance'], c)}", style="bold" if view["balance"] else ""
    )
    text.append(f" · received {money_text(view['received'], c)}")
    if view.get("credit"):
        text.append(f" · credit {money_text(view['credit'], c)}")
    text.append(f" · {view['hours_logged']} h logged")
    text.append(f" · effective rate {money_text(rate, c) + '/h' if rate is not None else '-'}")
    if view.get("budget") is not None:
        text.append(f" · budget {money_text(view['budget'], c)}")
    text.append("\npatterns: ")
    text.append(
        ", ".join(patterns) if patterns else "none matched",
        style="bold yellow" if patterns else "dim",
    )
    return text
