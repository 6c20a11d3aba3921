"""Invoice detail: lines, VAT, totals, payments; add lines to a draft, issue, PDF, pay, credit."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from clientkit.tui.base import BookScreen
from clientkit.tui.calls import call_service
from clientkit.tui.format import day_text, money_text
from clientkit.tui.messages import (
    InvoiceCredited,
    InvoiceIssued,
    InvoiceShown,
    PdfRendered,
)
from clientkit.tui.widgets.plain import PlainStatic
from clientkit.tui.widgets.sized_table import SizedTable

if TYPE_CHECKING:
    from clientkit.services.invoicing import InvoiceView
    from clientkit.services.views import Noticed

# Which actions make sense in which state; the services still refuse anything else.
PAYABLE = ("invoice", "advance")  # an advance invoice is paid and credited like any invoice
ALLOWED: dict[str, Callable[["InvoiceView"], bool]] = {
    "add_line": lambda v: v["status"] == "draft",
    "issue": lambda v: v["status"] == "draft",
    "pay": lambda v: v["status"] == "issued" and v["kind"] in PAYABLE,
    "credit": lambda v: v["status"] in ("issued", "paid") and v["kind"] in PAYABLE,
    "pdf": lambda v: True,
}


class InvoiceDetailScreen(BookScreen):
    """One invoice or credit note, with the keys that apply to its state in the footer."""

    CSS_PATH = "invoice_detail.tcss"
    TITLE = "Invoice"
    AUTO_FOCUS = "#lines"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_line", "Add line"),
        Binding("e", "issue", "Issue"),
        Binding("o", "pdf", "PDF"),
        Binding("m", "pay", "Payment"),
        Binding("k", "credit", "Credit note"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, invoice_id: int) -> None:
        super().__init__()
        self.invoice_id = invoice_id
        self.view: InvoiceView | None = None

    @property
    def ref(self) -> str:
        return str(self.invoice_id)

    def compose_body(self) -> ComposeResult:
        yield PlainStatic("loading…", id="heading")
        lines: DataTable[Any] = SizedTable(id="lines", cursor_type="row", zebra_stripes=True)
        lines.add_columns("#", "Description", "Qty", "Unit", "VAT %", "Amount")
        yield lines
        yield PlainStatic("", id="totals")

    def refresh_data(self) -> None:
        self.load()

    def load(self) -> None:
        from clientkit.services.invoicing import show_invoice

        read = partial(show_invoice, self.book, self.ref)
        call_service(self, read, InvoiceShown, group="detail", exclusive=True)

    def on_invoice_shown(self, message: InvoiceShown) -> None:
        self.view = view = message.view
        self.title = f"Invoice · {self.label}"
        self.query_one("#heading", Static).update(heading(view))
        table = self.query_one("#lines", DataTable)
        table.clear()
        c = view["currency"]
        for number, line in enumerate(view["lines"], start=1):
            table.add_row(
                str(number),
                line["description"],
                str(line["quantity"]),
                Text(money_text(line["unit_price"], c), justify="right"),
                str(line["vat_rate"]),
                Text(money_text(line["amount"], c), justify="right"),
            )
        self.query_one("#totals", Static).update(totals(view))
        self.refresh_bindings()

    @property
    def label(self) -> str:
        if self.view is None:
            return self.ref
        return self.view["number"] or f"draft #{self.view['id']}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        rule = ALLOWED.get(action)
        if rule is None:
            return True
        return self.view is not None and rule(self.view)

    def action_add_line(self) -> None:
        from clientkit.tui.screens.line_form import LineForm

        assert self.view is not None
        form = LineForm(self.ref, self.view["currency"], self.label)
        self.app.push_screen(form, self._after_form)

    def _after_form(self, view: "Noticed | None") -> None:
        if view:
            self.show_notices(view)

    def action_issue(self) -> None:
        from clientkit.tui.screens.confirm import ConfirmScreen

        question = (
            f"Issue {self.label} to {self.view['client'] if self.view else ''}? "
            "It gets the next number and can then only be corrected by a credit note."
        )
        self.app.push_screen(ConfirmScreen(question), self._issue_confirmed)

    def _issue_confirmed(self, yes: bool | None) -> None:
        from clientkit.services.invoicing import issue_invoice

        if yes:
            self.call(InvoiceIssued, issue_invoice, self.ref)

    def on_invoice_issued(self, message: InvoiceIssued) -> None:
        view = message.view
        self.notify(f"invoice {view['number']} issued, due {view['due_date']}")
        self.show_notices(view)
        self.refresh_data()

    def action_pdf(self) -> None:
        from clientkit.services.stored_documents import write_invoice_pdf

        self.notify(f"rendering {self.label}…")
        self.call(PdfRendered, write_invoice_pdf, self.ref)

    def on_pdf_rendered(self, message: PdfRendered) -> None:
        self.notify(f"PDF written to {message.view['path']}", timeout=10)
        self.show_notices(message.view)

    def action_pay(self) -> None:
        from clientkit.tui.screens.payment_form import PaymentForm

        assert self.view is not None
        form = PaymentForm(self.ref, self.view["currency"], label=self.label)
        self.app.push_screen(form, self._after_form)

    def action_credit(self) -> None:
        from clientkit.tui.screens.confirm import ConfirmScreen

        question = (
            f"Cancel {self.label} with a credit note? The credit note gets its own "
            "number; money received becomes client credit."
        )
        self.app.push_screen(ConfirmScreen(question), self._credit_confirmed)

    def _credit_confirmed(self, yes: bool | None) -> None:
        from clientkit.services.invoicing import credit_invoice

        if yes:
            self.call(InvoiceCredited, credit_invoice, self.ref)

    def on_invoice_credited(self, message: InvoiceCredited) -> None:
        view = message.view
        self.notify(f"credit note {view['number']} issued")
        self.show_notices(view)
        self.ck_app.open_invoice(view["id"])


def heading(view: "InvoiceView") -> Text:
    """Number, kind, status, client, project and dates."""
    kind = {"credit_note": "Credit note", "advance": "Advance invoice"}.get(
        str(view.get("kind")), "Invoice"
    )
    text = Text()
    text.append(f"{kind} {view['number'] or '(draft, no number yet)'}", style="bold")
    text.append(f" · {view['status']} · {view['client']}")
    if view.get("project"):
        text.append(f" · {view['project']}")
    text.append(f"\nissued {day_text(view['issue_date'])} · due {day_text(view['due_date'])}")
    for number, label in ((view["credits"], "cancels"), (view["credited_by"], "cancelled by")):
        if number:
            text.append(f" · {label} {number}")
    return text


def totals(view: "InvoiceView") -> Text:
    """Subtotal, VAT, total, what was received and what is still due."""
    c = view["currency"]
    text = Text(justify="right")
    text.append(
        f"subtotal {money_text(view['subtotal'], c)} · VAT {money_text(view['vat'], c)}"
        f" · total {money_text(view['total'], c)}\n"
    )
    text.append(f"paid {money_text(view['paid'], c)} · ")
    text.append(
        f"balance {money_text(view['balance'], c)}", style="bold" if view["balance"] else "green"
    )
    if view.get("reverse_charge_note"):
        text.append(f"\n{view['reverse_charge_note']}", style="dim")
    return text
