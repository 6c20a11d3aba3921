"""`clientkit invoice`: drafts, lines, issuing, credit notes, PDFs and UBL exports."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clientkit.cli import state
from clientkit.cli.args import InvoiceStatus, ProjectArg, SignedCommand, unsigned
from clientkit.cli.output import (
    Cell,
    JsonOption,
    count,
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
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.invoicing import InvoiceView
    from clientkit.services.lists import Listing

app = typer.Typer(help="Invoices and credit notes.", no_args_is_help=True)

SHOW_FIELDS = (
    "id",
    "number",
    "kind",
    "status",
    "client",
    "project",
    "currency",
    "issue_date",
    "due_date",
    "subtotal",
    "vat",
    "total",
    "deposits",
    "payments",
    "paid",
    "balance",
    "credits",
    "credited_by",
    "buyer_ref",
    "order_ref",
    "note",
)
LIST_COLUMNS = ("id", "number", "status", "client", "due_date", "total", "balance")
InvoiceArg = Annotated[str, typer.Argument(help="Invoice number (2026-0001) or id.")]
VatOption = Annotated[
    str | None, typer.Option("--vat", help="VAT rate, e.g. 20%.", callback=unsigned)
]
OutputOption = Annotated[str | None, typer.Option("-o", "--output", help="File or directory.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


KIND_NOTES = {"credit_note": said(" (credit note)"), "advance": said(" (advance)")}
# How an invoice's amounts read in text: in its currency; VAT rates as the exact percentage.
CELLS: dict[str, Cell] = {
    **{
        name: money_cell(name)
        for name in ("subtotal", "vat", "total", "deposits", "payments", "paid", "balance")
    },
    **{name: money_cell(name) for name in ("unit_price", "amount", "base")},
    "vat_rate": lambda row: f"{row['vat_rate']}%",
    "number": lambda row: (row["number"] or "-") + text(KIND_NOTES.get(row["kind"], "")),
    "status": value_cell("status", "invoice status"),
    "kind": value_cell("kind", "invoice kind"),
}


def render_invoice_view(view: "InvoiceView") -> list[str]:
    """The text form of one invoice: fields, lines, VAT summary and notes."""
    c = view["currency"]
    lines = fields(view, SHOW_FIELDS, CELLS)
    lines += ["", text(said("lines:"))]
    rows = [{**line, "currency": c} for line in view["lines"]]
    columns = ("description", "quantity", "unit_price", "vat_rate", "amount")
    lines += table(rows, columns, CELLS, indent="  ")
    if view["vat_summary"]:
        lines += ["", text(said("VAT summary:"))]
        summary = [{**row, "currency": c} for row in view["vat_summary"]]
        lines += table(summary, ("vat_rate", "base", "vat"), CELLS, indent="  ")
    if view["reverse_charge_note"]:
        lines += ["", view["reverse_charge_note"]]
    return lines + _supply_and_tax_lines(view)


def _supply_and_tax_lines(view: "InvoiceView") -> list[str]:
    """When the supply happened, why 0 % lines carry no VAT, and the VAT in the accounting
    currency, as far as the invoice says."""
    lines: list[str] = []
    if view["period_start"] and view["period_end"]:
        lines.append(
            said(
                "service period: %(start)s to %(end)s",
                start=view["period_start"],
                end=view["period_end"],
            )
        )
    elif view["delivered"]:
        lines.append(said("delivered: %(date)s", date=view["delivered"]))
    reasons = {
        line["exemption"]["reason"]: line["vat_rate"]
        for line in view["lines"]
        if line["exemption"] is not None
    }
    lines += [said("VAT %(rate)s%%: %(reason)s", rate=r, reason=why) for why, r in reasons.items()]
    if view["accounting_vat"] is not None and view["accounting_currency"]:
        vat = money(view["vat"], view["currency"])
        accounting = money(view["accounting_vat"], view["accounting_currency"])
        lines.append(
            said(
                "VAT %(vat)s = %(accounting)s at %(rate)s",
                vat=vat,
                accounting=accounting,
                rate=view["exchange_rate"],
            )
        )
    return ["", *lines] if lines else []


def _label(view: "InvoiceView") -> str:
    """`invoice 2026-0001`, `credit note 2026-0002`, `advance invoice ...`, `draft 3`."""
    if not view["number"]:
        return said("draft %(id)s", id=view["id"])
    if view["kind"] == "credit_note":
        return said("credit note %(number)s", number=view["number"])
    if view["kind"] == "advance":
        return said("advance invoice %(number)s", number=view["number"])
    return said("invoice %(number)s", number=view["number"])


@app.command("create")
def create(
    project: ProjectArg,
    vat: VatOption = None,
    include_unapproved: Annotated[
        bool,
        typer.Option(
            "--include-unapproved",
            help="Also bill change requests the client has not approved (no signed change "
            "order); without it they are left off and named.",
        ),
    ] = False,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="The service period, FROM..TO (e.g. 2026-02-10..2026-02-20); by default the "
            "first and last day of the work billed.",
        ),
    ] = None,
    delivered: Annotated[
        str | None,
        typer.Option(
            "--delivered", help="The delivery date, YYYY-MM-DD, instead of a service period."
        ),
    ] = None,
    buyer_ref: Annotated[
        str | None,
        typer.Option(
            "--buyer-ref",
            help="The buyer's reference for this invoice (BT-10, e.g. a Leitweg-ID), instead "
            "of the project's.",
        ),
    ] = None,
    order_ref: Annotated[
        str | None,
        typer.Option(
            "--order-ref", help="The buyer's purchase order (BT-13), instead of the project's."
        ),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Create a draft from a project: price or hours, extras, approved change requests."""
    from clientkit.services.invoicing import create_invoice

    view = create_invoice(
        state.book(),
        project,
        vat=vat,
        include_unapproved=include_unapproved,
        period=period,
        delivered=delivered,
        buyer_ref=buyer_ref,
        order_ref=order_ref,
    )
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "%(invoice)s created for %(client)s: total %(total)s, due after deposits %(due)s",
                invoice=_label(v),
                client=v["client"],
                total=money(v["total"], v["currency"]),
                due=money(v["balance"], v["currency"]),
            )
        ],
    )


@app.command("add-line", cls=SignedCommand)
def add_line(
    invoice: InvoiceArg,
    description: Annotated[str, typer.Argument(help="What is billed.")],
    amount: Annotated[str, typer.Argument(help="Unit price, e.g. 150 or -50 for a discount.")],
    qty: Annotated[str, typer.Option("--qty", help="Quantity, e.g. 2.5.", callback=unsigned)] = "1",
    vat: VatOption = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a line to a draft (issued invoices are frozen)."""
    from clientkit.services.invoicing import add_line as add

    view = add(state.book(), invoice, description, amount, quantity=qty, vat=vat)
    emit(view, as_json, _lines_and_total)


def _lines_and_total(view: "InvoiceView") -> list[str]:
    """After a line is added or removed: how many lines the draft has, and its total."""
    return [
        said_n(
            "%(invoice)s: %(count)s line, total %(total)s",
            "%(invoice)s: %(count)s lines, total %(total)s",
            len(view["lines"]),
            invoice=_label(view),
            total=money(view["total"], view["currency"]),
        )
    ]


PositionArg = Annotated[
    int, typer.Argument(help="The line's position, as `invoice show` lists it.")
]


@app.command("edit-line")
def edit_line(
    invoice: InvoiceArg,
    position: PositionArg,
    description: Annotated[
        str | None, typer.Option("--description", help="New text of the line.")
    ] = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="New quantity, e.g. 2.5.")
    ] = None,
    price: Annotated[
        str | None, typer.Option("--price", help="New unit price, e.g. 150 (negative: discount).")
    ] = None,
    vat: VatOption = None,
    as_json: bool = JsonOption,
) -> None:
    """Change a line of a draft; totals are recomputed (issued invoices are frozen)."""
    from clientkit.services.invoicing import edit_line as edit

    view = edit(
        state.book(),
        invoice,
        position,
        description=description,
        quantity=quantity,
        price=price,
        vat=vat,
    )
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "%(invoice)s: line %(position)s changed, total %(total)s",
                invoice=_label(v),
                position=position,
                total=money(v["total"], v["currency"]),
            )
        ],
    )


@app.command("remove-line")
def remove_line(invoice: InvoiceArg, position: PositionArg, as_json: bool = JsonOption) -> None:
    """Remove a line of a draft; the lines after it move up (issued invoices are frozen)."""
    from clientkit.services.invoicing import remove_line as remove

    view = remove(state.book(), invoice, position)
    emit(view, as_json, _lines_and_total)


@app.command("issue")
def issue(
    invoice: InvoiceArg,
    rate: Annotated[
        str | None,
        typer.Option(
            "--rate",
            help="Exchange rate to your accounting currency (your profile's), e.g. 0.92 for "
            "1 USD = 0.92 EUR: needed for VAT in another currency.",
        ),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Assign the next number and freeze the invoice."""
    from clientkit.services.invoicing import issue_invoice

    view = issue_invoice(state.book(), invoice, rate=rate)
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "invoice %(number)s issued to %(client)s: total %(total)s, due %(due)s by %(date)s",
                number=v["number"],
                client=v["client"],
                total=money(v["total"], v["currency"]),
                due=money(v["balance"], v["currency"]),
                date=v["due_date"],
            )
        ],
    )


@app.command("credit")
def credit(
    invoice: InvoiceArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it is cancelled.")] = "",
    as_json: bool = JsonOption,
) -> None:
    """Cancel an issued invoice with a credit note of its own number."""
    from clientkit.services.invoicing import credit_invoice

    view = credit_invoice(state.book(), invoice, reason=reason)
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "credit note %(number)s cancels invoice %(credited)s: %(total)s",
                number=v["number"],
                credited=v["credits"],
                total=money(v["total"], v["currency"]),
            )
        ],
    )


@app.command("delete")
def delete(invoice: InvoiceArg, as_json: bool = JsonOption) -> None:
    """Delete a draft (issued invoices are never deleted)."""
    from clientkit.services.invoicing import delete_invoice

    view = delete_invoice(state.book(), invoice)
    emit(view, as_json, lambda v: [said("draft %(id)s deleted", id=v["id"])])


@app.command("list")
def list_(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue, unpaid ones.")] = False,
    client: Annotated[str | None, typer.Option("--client", help="Only this client's.")] = None,
    status: Annotated[InvoiceStatus | None, typer.Option(help="Only those in this state.")] = None,
    limit: LimitOption = None,
    all_: AllOption = False,
    as_json: bool = JsonOption,
) -> None:
    """List invoices and credit notes, newest first (a page of 50 by default)."""
    from clientkit.services.lists import invoice_list, invoice_table

    # JSON has the whole view of each invoice; text, the fields its table shows.
    opened: Callable[..., AbstractContextManager[Listing[Any]]]
    opened = invoice_list if as_json else invoice_table
    with opened(
        state.book(),
        overdue=overdue,
        client_ref=client,
        status=status,
        limit=page_limit(limit, all_, as_json),
    ) as listing:
        emit_list(listing, as_json, _table, _left_out)


def _table(rows: Iterable[Any]) -> Iterator[str]:
    return stream_table(rows, LIST_COLUMNS, CELLS)


def _left_out(shown: int, matching: int) -> str:
    return said_n(
        "showing the newest %(shown)s of %(count)s invoice: --limit N shows more, --all every one",
        "showing the newest %(shown)s of %(count)s invoices: --limit N shows more, --all every one",
        matching,
        shown=shown,
    )


@app.command("show")
def show(invoice: InvoiceArg, as_json: bool = JsonOption) -> None:
    """Show one invoice with its lines and VAT summary."""
    from clientkit.services.invoicing import show_invoice

    emit(show_invoice(state.book(), invoice), as_json, render_invoice_view)


@app.command("pdf")
def pdf(
    invoice: Annotated[str | None, typer.Argument(help="Invoice number or id.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every issued invoice of a period.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD (with --all).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD (with --all).")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Render an invoice PDF, or with --all every issued invoice of a period."""
    from clientkit.services.errors import BadInput
    from clientkit.services.stored_documents import write_invoice_pdf, write_invoice_pdfs

    if all_ == (invoice is not None):
        raise BadInput("give either one INVOICE or --all (with optional --from/--to)")
    if not all_ and (start or end):
        raise BadInput("--from and --to go with --all")
    if all_:
        result = write_invoice_pdfs(state.book(), start=start, end=end, output=output, force=force)
        emit(
            result,
            as_json,
            lambda r: [
                f"{count(len(r['written']), 'PDF')} written to {r['directory']}"
                + (f", {len(r['skipped'])} kept" if r["skipped"] else "")
            ],
        )
        return
    assert invoice is not None
    one = write_invoice_pdf(state.book(), invoice, output=output, force=force)
    emit(one, as_json, lambda r: [r["path"]])


@app.command("export")
def export(
    invoice: InvoiceArg,
    ubl: Annotated[bool, typer.Option("--ubl", help="UBL 2.1 XML (XRechnung, Peppol).")] = False,
    cii: Annotated[
        bool, typer.Option("--cii", help="UN/CEFACT CII XML instead (XRechnung takes it too).")
    ] = False,
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            help="en16931 (default), xrechnung (German public buyers: needs --buyer-ref on "
            "the project) or peppol (needs a buyer or order reference and Peppol addresses).",
        ),
    ] = "en16931",
    output: OutputOption = None,
    force: ForceOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Export an issued invoice as an e-invoice file; refused if it would break the profile's
    rules."""
    from clientkit.services.errors import BadInput
    from clientkit.services.invoice_documents import export_ubl

    if ubl == cii:
        raise BadInput("choose a format: --ubl or --cii")
    result = export_ubl(
        state.book(),
        invoice,
        profile=profile,
        syntax="cii" if cii else "ubl",
        output=output,
        force=force,
    )
    emit(result, as_json, lambda r: [r["path"]])
