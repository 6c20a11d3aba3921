"""Project detail: terms, gauges, scope (change requests marked), revisions, time, payments."""

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from clientkit.tui.calls import call_service
from clientkit.tui.detail_base import DetailScreen
from clientkit.tui.format import day_text, minutes_text, money_text, plain
from clientkit.tui.messages import (
    CancellationQuoted,
    ChangeApproved,
    ChangeOrderRendered,
    InvoiceCreated,
    PdfRendered,
    ProjectCancelled,
    ProjectShown,
    ProjectStarted,
    TimerStarted,
)
from clientkit.tui.widgets.detail_table import detail_table
from clientkit.tui.widgets.gauge import Gauge
from clientkit.tui.widgets.plain import PlainStatic

if TYPE_CHECKING:
    from clientkit.services.project_show import ShownProject
    from clientkit.services.tracking import RevisionView, TimeEntryView
    from clientkit.services.views import Noticed, ProjectView, ScopeView


class ProjectDetailScreen(DetailScreen):
    """One project; keys add a revision, log time, add scope, take a deposit, make documents."""

    CSS_PATH = "project_detail.tcss"
    TITLE = "Project"
    AUTO_FOCUS = "#scope"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "revision", "Rev"),
        Binding("l", "log_time", "Time"),
        Binding("s", "scope", "Scope"),
        Binding("m", "deposit", "Deposit"),
        Binding("g", "contract", "Contract"),
        Binding("n", "invoice", "Invoice"),
        Binding("o", "change_order", "Order"),
        Binding("a", "approve_change", "Approve"),
        Binding("x", "cancel_project", "Cancel project", show=False),
        Binding("k", "kick_off", "Start", show=False),
        Binding("w", "start_timer", "Timer here", show=False),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.view: ShownProject | None = None

    @property
    def ref(self) -> str:
        return str(self.project_id)

    def compose_body(self) -> ComposeResult:
        yield PlainStatic("loading…", id="terms")
        with Horizontal(id="gauges"):
            yield Gauge("rev", 0, None, "", id="gauge-revisions")
            yield Gauge("comm", 0, None, "", id="gauge-comm")
            yield Gauge("dep", 0, None, "", fill_is_good=True, id="gauge-deposit")
        with TabbedContent(id="tabs"):
            with TabPane("Scope", id="tab-scope"):
                yield detail_table("scope", "#", "Description", "Price", "Est.", "Change")
            with TabPane("Revisions", id="tab-revisions"):
                yield detail_table("revisions", "#", "Requested", "Description")
            with TabPane("Time", id="tab-time"):
                yield detail_table("time", "Day", "Kind", "Time", "Note")
            with TabPane("Payments", id="tab-payments"):
                yield detail_table("payments", "Day", "Kind", "Amount", "Invoice", "Method")
            with TabPane("Invoices", id="tab-invoices"):
                yield detail_table("invoices", "Number", "Status", "Due", "Total", "Balance")

    def load(self) -> None:
        from clientkit.services.details import project_detail

        read = partial(project_detail, self.book, self.ref)
        call_service(self, read, ProjectShown, group="detail", exclusive=True)

    def on_project_shown(self, message: ProjectShown) -> None:
        detail = message.view
        self.view = view = detail["project"]
        self.title = f"Project · {view['title']}"
        self.query_one("#terms", Static).update(terms_text(view))
        self._gauges(view)
        c = view["currency"]
        history = detail["history"]
        self.fill(
            "scope",
            view["scope"],
            lambda s: (
                str(s["id"]),
                s["description"],
                money_text(s["price"], c),
                minutes_text(s["estimate_minutes"]),
                change_mark(s),
            ),
        )
        self.fill(
            "revisions",
            history["revisions"],
            lambda r: (str(r["number"]), day_text(r["requested_on"]), r["description"]),
        )
        self.fill(
            "time",
            history["time"],
            lambda t: (day_text(t["day"]), t["kind"], minutes_text(t["minutes"]), t["note"] or ""),
        )
        self.fill(
            "payments",
            history["payments"],
            lambda p: (
                day_text(p["day"]),
                p["kind"],
                money_text(p["amount"], p["currency"]),
                plain(p["invoice_id"]),
                p["method"] or "",
            ),
        )
        self.fill_invoices(detail["invoices"]["rows"])

    def _gauges(self, view: "ProjectView") -> None:
        included = view["revisions_included"]
        self.query_one("#gauge-revisions", Gauge).update(
            view["revisions_used"],
            included,
            f"{view['revisions_used']}/{'-' if included is None else included}",
        )
        budget = view["comm_budget_minutes"]
        self.query_one("#gauge-comm", Gauge).update(
            view["comm_minutes"],
            budget,
            f"{minutes_text(view['comm_minutes']) if view['comm_minutes'] else '0m'}"
            f"/{minutes_text(budget)}",
        )
        required, received = view["deposit_required"], view["deposit_received"]
        self.query_one("#gauge-deposit", Gauge).update(
            float(received),
            float(required) if required else None,
            f"{received:,}/{money_text(required, view['currency'])}",
        )

    @on(DataTable.RowHighlighted, "#scope")
    @on(TabbedContent.TabActivated)
    def _scope_moved(self) -> None:
        self.refresh_bindings()  # the change-order keys follow the highlighted scope item

    def selected_change(self) -> "ScopeView | None":
        """The change request under the scope tab's cursor, if that is what is highlighted."""
        if self.view is None or self.query_one("#tabs", TabbedContent).active != "tab-scope":
            return None
        table = self.query_one("#scope", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        item = next((s for s in self.view["scope"] if str(s["id"]) == key), None)
        return item if item is not None and item["change_request"] else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "change_order":
            return self.selected_change() is not None
        if action == "approve_change":
            item = self.selected_change()
            return item is not None and item["approved_on"] is None
        return True

    def _label(self) -> str:
        return self.view["title"] if self.view else self.ref

    def _currency(self) -> str:
        return self.view["currency"] if self.view else self.ck_app.default_currency

    def _after_form(self, view: "Noticed | None") -> None:
        if view:
            self.show_notices(view)

    def action_revision(self) -> None:
        from clientkit.tui.screens.revision_form import RevisionForm

        self.app.push_screen(RevisionForm(self.ref, self._label()), self._revision_added)

    def _revision_added(self, view: "RevisionView | None") -> None:
        if view:
            self.notify(f"revision {view['number']} logged on {view['project']}")
            self.show_notices(view)

    def action_log_time(self) -> None:
        from clientkit.tui.screens.time_form import TimeForm

        self.app.push_screen(TimeForm(self.ref, self._label()), self._time_logged)

    def _time_logged(self, view: "TimeEntryView | None") -> None:
        if view:
            logged = minutes_text(view["minutes"])
            self.notify(f"logged {logged} {view['kind']} on {view['project']}")
            self.show_notices(view)

    def action_scope(self) -> None:
        from clientkit.tui.screens.scope_form import ScopeForm

        self.app.push_screen(ScopeForm(self.ref, self._currency(), self._label()), self._after_form)

    def action_deposit(self) -> None:
        from clientkit.tui.screens.payment_form import PaymentForm

        form = PaymentForm(self.ref, self._currency(), deposit=True, label=self._label())
        self.app.push_screen(form, self._after_form)

    def action_contract(self) -> None:
        from clientkit.services.contracts import ContractRequest, generate_contract

        self.notify("rendering the contract PDF…")
        self.call(PdfRendered, generate_contract, self.ref, ContractRequest())

    def on_pdf_rendered(self, message: PdfRendered) -> None:
        self.notify(f"contract written to {message.view['path']}", timeout=10)
        self.show_notices(message.view)
        self.refresh_data()

    def action_invoice(self) -> None:
        from clientkit.services.invoicing import create_invoice

        self.call(InvoiceCreated, create_invoice, self.ref)

    def on_invoice_created(self, message: InvoiceCreated) -> None:
        self.show_notices(message.view)
        self.ck_app.open_invoice(message.view["id"])

    def action_change_order(self) -> None:
        from clientkit.services.change_orders import ChangeOrderRequest, render_change_order

        item = self.selected_change()
        if item is not None:
            self.notify("rendering the change order PDF…")
            self.call(
                ChangeOrderRendered, render_change_order, str(item["id"]), ChangeOrderRequest()
            )

    def on_change_order_rendered(self, message: ChangeOrderRendered) -> None:
        self.notify(
            f"change order {message.view['number']} written to {message.view['path']}", timeout=10
        )
        self.show_notices(message.view)

    def action_approve_change(self) -> None:
        from clientkit.tui.screens.confirm import ConfirmScreen

        item = self.selected_change()
        if item is None:
            return
        question = (
            f"Record that the client signed the change order for "
            f"{item['description']!r} today ({self.book.clock.today()})?"
        )
        self.app.push_screen(
            ConfirmScreen(question), lambda yes: self._approve_confirmed(yes, item["id"])
        )

    def _approve_confirmed(self, yes: bool | None, item_id: int) -> None:
        from clientkit.services.scope_items import approve_scope_item

        if yes:
            self.call(ChangeApproved, approve_scope_item, str(item_id))

    def on_change_approved(self, message: ChangeApproved) -> None:
        self.notify(
            f"change request {message.view['id']} approved on {message.view['approved_on']}"
        )
        self.refresh_data()

    def action_cancel_project(self) -> None:
        from clientkit.services.cancellation import quote_cancellation

        self.call(CancellationQuoted, quote_cancellation, self.ref)

    def on_cancellation_quoted(self, message: CancellationQuoted) -> None:
        from clientkit.tui.screens.cancel_confirm import CancelProjectScreen

        quote = message.view
        if quote["billed_invoice_id"] is not None:
            self.notify(f"{quote['title']} is cancelled and already billed", timeout=8)
            self.ck_app.open_invoice(quote["billed_invoice_id"])
            return
        fee = " ".join(quote["notices"]) or "the contract sets no cancellation fee"
        if quote["status"] == "cancelled":
            question = f"{quote['title']} is cancelled but not billed yet: {fee}. Bill it now?"
        else:
            question = f"Cancel {quote['title']}? {fee[0].upper()}{fee[1:]}."
        # As `project cancel`: the invoice is asked for; billing a cancelled project is the point.
        dialog = CancelProjectScreen(question, invoice=quote["status"] == "cancelled")
        self.app.push_screen(dialog, lambda yes: self._cancel_confirmed(yes, dialog.invoice))

    def _cancel_confirmed(self, yes: bool | None, invoice: bool) -> None:
        from clientkit.services.cancellation import cancel_project

        if yes:
            self.call(ProjectCancelled, cancel_project, self.ref, invoice=invoice)

    def on_project_cancelled(self, message: ProjectCancelled) -> None:
        view = message.view
        self.notify(f"project {view['title']} {view['status']}")
        self.show_notices(view)
        if view["invoice_id"] is not None:
            self.ck_app.open_invoice(view["invoice_id"])
        else:
            self.refresh_data()

    def action_kick_off(self) -> None:
        from clientkit.services.projects import move_project

        self.call(ProjectStarted, move_project, self.ref, "start")

    def on_project_started(self, message: ProjectStarted) -> None:
        self.notify(f"project {message.view['title']} started")
        self.show_notices(message.view)
        self.refresh_data()

    def action_start_timer(self) -> None:
        from clientkit.services.tracking import start_timer

        self.call(TimerStarted, start_timer, self.ref, "work")

    def on_timer_started(self, message: TimerStarted) -> None:
        self.notify(f"timer started: {message.view['kind']} on {message.view['project']}")
        self.ck_app.load_timer()


def change_mark(item: "ScopeView") -> Text:
    """A change request's state: unsigned ones stand out until `scope approve` records it."""
    if not item["change_request"]:
        return Text("")
    if item["approved_on"]:
        return Text(f"change, approved {item['approved_on']}", style="green")
    return Text("change ! unsigned", style="bold yellow")


def terms_text(view: "ProjectView") -> Text:
    """The project's terms and contract status in a few lines."""
    c = view["currency"]
    signed = view.get("contract_signed")
    text = Text()
    text.append(view["title"], style="bold")
    text.append(f" ({view['client']}) · {view['status']} · contract ")
    text.append(
        f"signed {signed}" if signed else "not signed", style="green" if signed else "bold yellow"
    )
    if view.get("price") is not None:
        price = f"price {money_text(view['price'], c)}"
    elif view.get("hourly_rate") is not None:
        price = f"hourly {money_text(view['hourly_rate'], c)}"
    else:
        price = "no price agreed"
    estimate_minutes = view.get("estimate_minutes")
    estimate = f" · estimate {minutes_text(estimate_minutes)}" if estimate_minutes else ""
    deadline = f" · deadline {view['deadline']}" if view.get("deadline") else ""
    text.append(f"\n{price}{estimate}{deadline} · pay within {view['payment_days']} days")
    fee = view.get("revision_fee")
    text.append(
        f"\nrevisions {plain(view['revisions_included'])} incl."
        f"{', ' + money_text(fee, c) + ' each extra' if fee is not None else ''}"
    )
    rate = view.get("comm_rate")
    text.append(
        f" · comm {minutes_text(view['comm_budget_minutes'])}"
        f"{' then ' + money_text(rate, c) + '/h' if rate is not None else ''}"
    )
    text.append(f" · work {minutes_text(view['work_minutes']) or '0m'}")
    fees = [
        f"{name} {percent}"
        for name, percent in (
            ("rush", view["rush_fee_percent"]),
            ("cancel", view["cancel_fee_percent"]),
            ("late", view["late_fee_percent"]),
        )
        if percent
    ]
    if view.get("cancel_fee_percent") and view.get("cancel_fee_basis") == "remainder":
        fees = [
            f"{fee} of the unbilled remainder" if fee.startswith("cancel ") else fee for fee in fees
        ]
    if fees:
        text.append("\nfees: " + ", ".join(fees))
    if view.get("rush"):
        text.append(" · rush job", style="bold yellow")
    return text
