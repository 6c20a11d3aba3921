"""`clientkit project`: projects with their terms, and their life from draft to closed."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clientkit.cli import state
from clientkit.cli.args import ClientArg, ProjectArg, ProjectStatus, YesOption, unsigned
from clientkit.cli.output import (
    Cell,
    JsonOption,
    duration_cell,
    emit,
    fields,
    money,
    money_cell,
    stream_table,
    table,
    text,
    value_cell,
)
from clientkit.cli.paging import AllOption, LimitOption, emit_list, page_limit
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.cancellation import CancelResult
    from clientkit.services.project_edits import EditedProject
    from clientkit.services.project_show import ShownProject

app = typer.Typer(help="Projects and their contractual terms.", no_args_is_help=True)

SHOW_FIELDS = (
    "id",
    "title",
    "client",
    "status",
    "currency",
    "price",
    "hourly_rate",
    "estimate_minutes",
    "revisions_included",
    "revisions_used",
    "revision_fee",
    "deposit_required",
    "deposit_received",
    "comm_budget_minutes",
    "comm_minutes",
    "comm_rate",
    "work_minutes",
    "rush_fee_percent",
    "rush",
    "cancel_fee_percent",
    "cancel_fee_basis",
    "late_fee_percent",
    "payment_days",
    "deadline",
    "started_on",
    "delivered_on",
    "contract_signed",
    "buyer_ref",
    "order_ref",
)
LIST_COLUMNS = (
    "id",
    "title",
    "client",
    "status",
    "revisions_used",
    "comm_minutes",
    "deadline",
)
LIST_TITLES = {"revisions_used": said("revisions"), "comm_minutes": said("comm time")}
Opt = Annotated[str | None, typer.Option()]
BuyerRef = Annotated[
    str | None,
    typer.Option(
        "--buyer-ref",
        help="The buyer's reference its invoices carry (BT-10): a German public buyer's "
        "Leitweg-ID; XRechnung needs it, Peppol it or --order-ref.",
    ),
]
OrderRef = Annotated[
    str | None,
    typer.Option("--order-ref", help="The buyer's purchase order number (BT-13)."),
]

STATES = VALUES["project status"]
# How a project's amounts and times read in text: money in its currency, durations as 1h30m.
CELLS: dict[str, Cell] = {
    **{
        name: money_cell(name)
        for name in ("price", "hourly_rate", "revision_fee", "deposit_required")
    },
    **{name: money_cell(name) for name in ("deposit_received", "comm_rate")},
    **{
        name: duration_cell(name)
        for name in ("estimate_minutes", "comm_budget_minutes", "comm_minutes", "work_minutes")
    },
    "status": value_cell("status", "project status"),
}


def _render_one(view: "ShownProject") -> list[str]:
    lines = fields(view, SHOW_FIELDS, CELLS)
    lines += ["", text(said("scope:"))]
    scope = [{**item, "currency": view["currency"]} for item in view["scope"]]
    columns = ("id", "description", "price", "change_request", "approved_on")
    return lines + table(scope, columns, CELLS, indent="  ")


@app.command("add")
def add(
    client: ClientArg,
    title: Annotated[str, typer.Argument(help="Project title.")],
    price: Annotated[
        str | None, typer.Option(help="Fixed price, e.g. 1500.", callback=unsigned)
    ] = None,
    hourly: Annotated[
        str | None, typer.Option(help="Hourly rate instead of a price.", callback=unsigned)
    ] = None,
    estimate_hours: Annotated[
        str | None,
        typer.Option(
            "--estimate-hours", help="Estimated hours of work, e.g. 40 or 12.5.", callback=unsigned
        ),
    ] = None,
    revisions: Annotated[int | None, typer.Option(help="Revisions included.")] = None,
    revision_fee: Annotated[
        str | None,
        typer.Option(
            "--revision-fee", help="Fee of each revision beyond those included.", callback=unsigned
        ),
    ] = None,
    deposit: Annotated[
        str | None, typer.Option(help="30% or an amount.", callback=unsigned)
    ] = None,
    comm_budget: Annotated[
        str | None, typer.Option("--comm-budget", help="e.g. 5h", callback=unsigned)
    ] = None,
    comm_rate: Annotated[
        str | None,
        typer.Option(
            "--comm-rate",
            help="Hourly rate of communication: beyond the budget on a fixed price, all of "
            "it on an hourly project (default: the hourly rate).",
            callback=unsigned,
        ),
    ] = None,
    rush_fee: Annotated[
        str | None, typer.Option("--rush-fee", help="e.g. 25%", callback=unsigned)
    ] = None,
    cancel_fee: Annotated[
        str | None, typer.Option("--cancel-fee", help="e.g. 20%", callback=unsigned)
    ] = None,
    cancel_fee_basis: Annotated[
        str | None,
        typer.Option(
            "--cancel-fee-basis",
            help="price (default) or remainder: what --cancel-fee is a share "
            "of; remainder = the price minus what was already invoiced.",
        ),
    ] = None,
    late_fee: Annotated[
        str | None, typer.Option("--late-fee", help="e.g. 1.5%", callback=unsigned)
    ] = None,
    payment_days: Annotated[
        int | None, typer.Option("--payment-days", help="Days the client has to pay an invoice.")
    ] = None,
    deadline: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    currency: Annotated[str | None, typer.Option(help="Currency (default: the client's).")] = None,
    buyer_ref: BuyerRef = None,
    order_ref: OrderRef = None,
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Add a project with its terms (it starts as a draft)."""
    from clientkit.services.projects import TermsInput, add_project

    terms = TermsInput(
        price=price,
        hourly=hourly,
        estimate_hours=estimate_hours,
        revisions=revisions,
        revision_fee=revision_fee,
        deposit=deposit,
        comm_budget=comm_budget,
        comm_rate=comm_rate,
        rush_fee=rush_fee,
        cancel_fee=cancel_fee,
        cancel_fee_basis=cancel_fee_basis,
        late_fee=late_fee,
        payment_days=payment_days,
        deadline=deadline,
        currency=currency,
        buyer_ref=buyer_ref,
        order_ref=order_ref,
    )
    view = add_project(state.book(), client, title, terms, confirmed=yes)
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "project %(id)s added: %(title)s (%(client)s)",
                id=v["id"],
                title=v["title"],
                client=v["client"],
            )
        ],
    )


@app.command("list")
def list_(
    client: Annotated[str | None, typer.Option(help="Only this client's projects.")] = None,
    status: Annotated[ProjectStatus | None, typer.Option(help="Only those in this state.")] = None,
    limit: LimitOption = None,
    all_: AllOption = False,
    as_json: bool = JsonOption,
) -> None:
    """List projects, newest first (a page of 50 by default)."""
    from clientkit.services.lists import project_list

    limited = page_limit(limit, all_, as_json)
    with project_list(state.book(), client_ref=client, status=status, limit=limited) as listing:
        emit_list(
            listing,
            as_json,
            lambda rows: stream_table(rows, LIST_COLUMNS, CELLS, titles=LIST_TITLES),
            _left_out,
        )


def _left_out(shown: int, matching: int) -> str:
    return said_n(
        "showing the newest %(shown)s of %(count)s project: --limit N shows more, --all every one",
        "showing the newest %(shown)s of %(count)s projects: --limit N shows more, --all every one",
        matching,
        shown=shown,
    )


@app.command("show")
def show(project: ProjectArg, as_json: bool = JsonOption) -> None:
    """Show a project's terms, usage and scope."""
    from clientkit.services.project_show import show_project

    emit(show_project(state.book(), project), as_json, _render_one)


def _move(project: str, move: str, as_json: bool) -> None:
    from clientkit.services.projects import move_project

    view = move_project(state.book(), project, move)
    emit(view, as_json, lambda v: [_status_line(v)])


def _status_line(view: Mapping[str, Any]) -> str:
    """`project 1 Brand: active`, the status in the profile's language."""
    status = STATES.get(view["status"], view["status"])
    return said(
        "project %(id)s %(title)s: %(status)s", id=view["id"], title=view["title"], status=status
    )


@app.command("start")
def start(project: ProjectArg, as_json: bool = JsonOption) -> None:
    """Kick off: the project becomes active; later scope items are change requests."""
    _move(project, "start", as_json)


@app.command("deliver")
def deliver(project: ProjectArg, as_json: bool = JsonOption) -> None:
    """Mark the work delivered."""
    _move(project, "deliver", as_json)


@app.command("close")
def close(project: ProjectArg, as_json: bool = JsonOption) -> None:
    """Close a finished project."""
    _move(project, "close", as_json)


@app.command("cancel")
def cancel(
    project: ProjectArg,
    invoice: Annotated[
        bool,
        typer.Option("--invoice", help="Also draft the invoice: the fee plus hourly work logged."),
    ] = False,
    vat: Annotated[
        str | None,
        typer.Option("--vat", help="VAT rate of the draft, e.g. 20%.", callback=unsigned),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Cancel a project; shows the contractual cancellation fee (--invoice drafts the bill)."""
    from clientkit.services.cancellation import cancel_project

    view = cancel_project(state.book(), project, invoice=invoice, vat=vat)
    emit(view, as_json, _render_cancel)


def _render_cancel(view: "CancelResult") -> list[str]:
    lines = [_status_line(view)]
    draft = view["invoice"]
    if draft is not None:
        c = draft["currency"]
        lines.append(
            said(
                "draft invoice %(id)s created: total %(total)s, due after deposits %(due)s",
                id=draft["id"],
                total=money(draft["total"], c),
                due=money(draft["balance"], c),
            )
        )
    return lines


CLEARS = " 'none' clears it."


@app.command("edit")
def edit(
    project: ProjectArg,
    title: Annotated[
        str | None, typer.Option(help="New title (unique among the client's projects).")
    ] = None,
    price: Annotated[
        str | None, typer.Option(help="Fixed price, e.g. 1500; drops the hourly rate." + CLEARS)
    ] = None,
    hourly: Annotated[
        str | None, typer.Option(help="Hourly rate instead of a price; drops the price." + CLEARS)
    ] = None,
    estimate_hours: Annotated[
        str | None, typer.Option("--estimate-hours", help="Estimated hours, e.g. 12." + CLEARS)
    ] = None,
    revisions: Annotated[
        str | None, typer.Option(help="Revisions included; 'none' means no limit.")
    ] = None,
    revision_fee: Annotated[
        str | None, typer.Option("--revision-fee", help="Fee per extra revision." + CLEARS)
    ] = None,
    deposit: Annotated[str | None, typer.Option(help="Deposit: 30% or an amount." + CLEARS)] = None,
    comm_budget: Annotated[
        str | None, typer.Option("--comm-budget", help="Communication budget, e.g. 5h." + CLEARS)
    ] = None,
    comm_rate: Annotated[
        str | None,
        typer.Option("--comm-rate", help="Hourly rate beyond the communication budget." + CLEARS),
    ] = None,
    rush_fee: Annotated[
        str | None, typer.Option("--rush-fee", help="Rush fee, e.g. 25%." + CLEARS)
    ] = None,
    cancel_fee: Annotated[
        str | None, typer.Option("--cancel-fee", help="Cancellation fee, e.g. 20%." + CLEARS)
    ] = None,
    cancel_fee_basis: Annotated[
        str | None,
        typer.Option(
            "--cancel-fee-basis", help="price or remainder: what --cancel-fee is a share of."
        ),
    ] = None,
    late_fee: Annotated[
        str | None, typer.Option("--late-fee", help="Late fee, e.g. 1.5%." + CLEARS)
    ] = None,
    payment_days: Annotated[
        int | None, typer.Option("--payment-days", help="Days an invoice gives to pay.")
    ] = None,
    deadline: Annotated[str | None, typer.Option(help="YYYY-MM-DD." + CLEARS)] = None,
    currency: Annotated[
        str | None, typer.Option(help="Currency code; only before anything is invoiced or paid.")
    ] = None,
    buyer_ref: BuyerRef = None,
    order_ref: OrderRef = None,
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Correct a project's title or terms; what an issued invoice bills stays (credit it first)."""
    from clientkit.services.project_edits import CLEAR, ProjectChanges, edit_project, parse_count
    from clientkit.services.projects import TermsInput

    given = {
        "price": price,
        "hourly": hourly,
        "estimate_hours": estimate_hours,
        "revisions": revisions,
        "revision_fee": revision_fee,
        "deposit": deposit,
        "comm_budget": comm_budget,
        "comm_rate": comm_rate,
        "rush_fee": rush_fee,
        "cancel_fee": cancel_fee,
        "cancel_fee_basis": cancel_fee_basis,
        "late_fee": late_fee,
        "deadline": deadline,
        "currency": currency,
        "buyer_ref": buyer_ref,
        "order_ref": order_ref,
    }
    clear = frozenset(k for k, v in given.items() if v is not None and v.strip().lower() == CLEAR)
    typed: dict[str, object] = {k: v for k, v in given.items() if v is not None and k not in clear}
    if "revisions" in typed:
        typed["revisions"] = parse_count(str(typed["revisions"]), "revisions")
    changes = ProjectChanges(
        title=title,
        terms=TermsInput(payment_days=payment_days, **typed),  # type: ignore[arg-type]
        clear=clear,
        confirmed=yes,
    )
    view = edit_project(state.book(), project, changes)
    emit(view, as_json, _render_edit)


def _render_edit(view: "EditedProject") -> list[str]:
    if not view["changed"]:
        return [
            said(
                "project %(id)s %(title)s: nothing changed (same values)",
                id=view["id"],
                title=view["title"],
            )
        ]
    changed = ", ".join(view["changed"])  # the view's keys, as --json names them
    return [
        said(
            "project %(id)s %(title)s edited: %(changed)s",
            id=view["id"],
            title=view["title"],
            changed=changed,
        )
    ]


@app.command("reopen")
def reopen(project: ProjectArg, as_json: bool = JsonOption) -> None:
    """Reopen a delivered, closed or cancelled project: it is active again (a draft if it never
    started)."""
    from clientkit.services.project_edits import reopen_project

    view = reopen_project(state.book(), project)
    emit(view, as_json, lambda v: [_status_line(v)])
