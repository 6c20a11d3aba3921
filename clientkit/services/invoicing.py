"""Invoices: drafts from a project, lines, issuing with a gapless number, credit notes, views.

Issuing and crediting assign the next number of the yearly series inside the
same write transaction that freezes the document (BEGIN IMMEDIATE on SQLite,
row locks on PostgreSQL), so numbers are unique and gapless under concurrency.
That transaction also renders and stores the document (services.issued_documents):
a crash leaves neither the number nor the document.
Deposits received on the project are absorbed by the invoice when it is issued
(they become its paid amount, EN 16931 BT-113); see clientkit.domain.billing.
Paid advance invoices (services.advances) are not: a project's next draft deducts each one
with a negative line per VAT rate, and issuing checks each deduction still stands.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from clientkit.config import Config
from clientkit.domain.billing import (
    NOTHING_BILLED,
    BillableWork,
    Billed,
    Line,
    PaidAdvance,
    advance_deductions,
    amount_due,
    billed_from,
    deductible,
    deposit_share,
    negated,
    project_lines,
    reverse_charge_applies,
    totals,
    unapproved_left_off,
)
from clientkit.domain.dates import add_days
from clientkit.domain.delivery import Delivery, given_delivery
from clientkit.domain.einvoice import check_reference
from clientkit.domain.exemptions import SMALL_BUSINESS
from clientkit.domain.fx import parse_rate
from clientkit.domain.money import (
    check_storable,
    parse_percent,
    parse_quantity,
    parse_unit_price_minor,
)
from clientkit.domain.text import check_name, check_no_controls
from clientkit.domain.wording import N_, Wording, said, said_in, said_n
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.credit import settle_issued
from clientkit.services.errors import BadInput, Refused
from clientkit.services.invoice_views import (
    Around,
    References,
    balance_minor,
    build_view,
    carried_references,
)
from clientkit.services.invoice_views import (
    InvoiceView as InvoiceView,  # where the adapters and use cases have always found it
)
from clientkit.services.issued_documents import freeze, is_frozen
from clientkit.services.lookup import find_invoice, find_project
from clientkit.services.money_moves import move_onto
from clientkit.services.service_dates import default_delivery, delivery_on_issue, set_delivery
from clientkit.services.vat_basis import basis_now, seller_of
from clientkit.services.views import Noticed, stored
from clientkit.storage.invoice_queries import (
    deducted_by,
    deposit_rows_to_claim,
    lines_by_invoice,
    net_by_rate,
    project_advances,
    received_by_invoice,
    related_documents,
    unclaimed_deposits,
)
from clientkit.storage.models import (
    Client,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Payment,
    Profile,
    Project,
    ScopeItem,
    utcnow,
)
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import (
    billed_lines,
    paid_by_invoice,
    project_usage,
    unbilled_minutes,
)
from clientkit.translations import fallback_notice, say, wording

DEFAULT_PATTERN = "{year}-{seq:04d}"
# The note of a credit note given no reason, in the client's language.
CANCELS_INVOICE = N_("Cancels invoice %(number)s")


class InvoiceResult(InvoiceView, Noticed):
    """An invoice a use case made or changed, with what it says about it."""


class DeletedInvoice(InvoiceView):
    """The draft as it was before it was deleted."""

    deleted: bool


def create_invoice(
    book: Book,
    project_ref: str,
    *,
    vat: str | None = None,
    include_unapproved: bool = False,
    period: str | None = None,
    delivered: str | None = None,
    buyer_ref: str | None = None,
    order_ref: str | None = None,
) -> InvoiceResult:
    """A draft with the project's price or hours, extras and approved change requests (the
    unapproved ones too with `include_unapproved`; else a notice names what was left off).
    Its service `period` (FROM..TO) or `delivered` date, when not given, are the days of the
    work it bills (clientkit.services.service_dates). A `buyer_ref` or `order_ref` given is
    the draft's own, instead of the project's."""
    delivery = given_delivery(period, delivered)
    refs = References(
        check_reference(buyer_ref or "", "buyer reference"),
        check_reference(order_ref or "", "order reference"),
    )
    with book.write() as session:
        project = find_project(session, project_ref)
        if project.status == "cancelled":
            raise Refused(
                said(
                    "project %(title)s is cancelled; bill the cancellation instead",
                    title=repr(project.title),
                )
            )
        assert project.id is not None
        billed = billed_from(billed_lines(session, project.id))
        facts = _facts(session, project)
        words = wording(client_of(session, project).locale)
        lines = project_lines(
            terms_of(project),
            facts,
            billed=billed,
            include_unapproved=include_unapproved,
            words=words,
        )
        view, notices = draft_invoice(
            book, session, project, lines, vat=vat, delivery=delivery, refs=refs
        )
        pending = unapproved_left_off(facts, billed, words)
        notices.extend(_unapproved_notices(pending, project.currency, include_unapproved))
        if not lines:
            notices.append(_nothing_to_bill(billed))
        elif billed != NOTHING_BILLED:
            notices.append(
                said(
                    "lines already on the project's earlier invoices are left out: this draft"
                    " bills what is new since"
                )
            )
        return {**view, "notices": notices}


def client_of(session: Session, project: Project) -> Client:
    client = session.get(Client, project.client_id)
    assert client is not None
    return client


def _unapproved_notices(pending: list[tuple[str, int]], currency: str, included: bool) -> list[str]:
    """Name the change requests without a signed change order: left off, or billed anyway."""
    if not pending:
        return []
    names = ", ".join(
        f"{description!r} ({format_money(price, currency)})" for description, price in pending
    )
    if included:
        return [
            said_n(
                "billed although the client has not approved it: %(names)s",
                "billed although the client has not approved them: %(names)s",
                len(pending),
                names=names,
            )
        ]
    return [
        said_n(
            "change request not approved by the client is left off: %(names)s; record the"
            " signed change order with `scope approve`, or bill it anyway with"
            " --include-unapproved",
            "change requests not approved by the client are left off: %(names)s; record the"
            " signed change order with `scope approve`, or bill it anyway with"
            " --include-unapproved",
            len(pending),
            names=names,
        )
    ]


def _nothing_to_bill(billed: Billed) -> str:
    if billed == NOTHING_BILLED:
        return said("the project has nothing to bill yet; add lines with `invoice add-line`")
    return said(
        "everything the project has logged is on its earlier invoices; add other lines with"
        " `invoice add-line`"
    )


def create_draft(
    book: Book,
    session: Session,
    project: Project,
    lines: list[Line],
    *,
    vat: str | None = None,
) -> InvoiceResult:
    """A draft for `project` holding `lines` at the VAT rate (0 % under reverse charge), inside
    the caller's write transaction; for use cases billing other than the usual lines (e.g. a
    cancellation). Deposits are handled as for every invoice: deducted when it is issued."""
    view, notices = draft_invoice(book, session, project, lines, vat=vat)
    return {**view, "notices": notices}


def draft_invoice(
    book: Book,
    session: Session,
    project: Project,
    lines: list[Line],
    *,
    vat: str | None = None,
    delivery: Delivery | None = None,
    refs: "References | None" = None,
    advance: bool = False,
) -> tuple[InvoiceView, list[str]]:
    """As `create_draft`, the view and its notices apart (for a view that nests the draft).
    Without a `delivery`, the draft's is that of the work its lines bill; `refs` are the
    draft's own buyer and order references (else the project's apply). An `advance` invoice
    (services.advances) bills no work yet: it has no delivery and deducts no advance."""
    vat_bp = _vat_bp(book, vat)
    client = client_of(session, project)
    notices: list[str] = []
    if delivery is None and not advance:
        delivery, notices = default_delivery(session, project, lines)
    invoice = Invoice(
        client_id=project.client_id,
        project_id=project.id,
        currency=project.currency,
        reverse_charge=_reverse_charge(session, client),
        vat_exemption=basis_now(session.get(Profile, 1), client),
        advance=advance,
    )
    set_delivery(invoice, delivery)
    if refs is not None:
        invoice.buyer_ref, invoice.order_ref = refs.buyer_ref, refs.order_ref
    session.add(invoice)
    session.flush()
    line_vat = _line_vat(invoice, vat_bp)
    _store_lines(session, invoice, [replace(line, vat_bp=line_vat) for line in lines])
    notices = (
        _zero_rate_notices(invoice, vat_bp)
        + fallback_notice(client.name, client.locale, "invoice")
        + notices
        + _deduct_advances(session, invoice, wording(client.locale))
    )
    return invoice_view(session, invoice), notices


def _deduct_advances(session: Session, invoice: Invoice, words: Wording) -> list[str]:
    """Deduct the project's paid advance invoices that no other invoice deducts, as far as
    the draft bills enough for them; say which were deducted, and which were not and why."""
    if invoice.project_id is None or invoice.advance or invoice.subtotal_minor <= 0:
        return []
    paid, unpaid = advances_of(session, invoice.project_id, invoice.currency)
    taken = deductible(paid, invoice.subtotal_minor)
    if taken:
        _store_lines(
            session, invoice, [line for one in taken for line in advance_deductions(one, words)]
        )
    c = invoice.currency
    notices = [
        said(
            "advance invoice %(number)s deducted: %(net)s net",
            number=one.number,
            net=format_money(one.net_minor, c),
        )
        for one in taken
    ]
    notices += [
        said(
            "advance invoice %(number)s (%(net)s net) is more than this draft bills; the"
            " project's next invoice deducts it",
            number=one.number,
            net=format_money(one.net_minor, c),
        )
        for one in paid
        if one not in taken
    ]
    return notices + _unpaid_advance_notices(session, unpaid)


def advances_of(
    session: Session, project_id: int, currency: str
) -> tuple[list[PaidAdvance], list[Invoice]]:
    """The project's advance invoices that no standing invoice deducts: the paid ones (as a
    final invoice deducts them) and those still open, oldest first."""
    advances = project_advances(session, project_id, currency)
    deducted = deducted_by(session, [stored(one.id) for one in advances])
    free = [one for one in advances if stored(one.id) not in deducted]
    paid = [one for one in free if one.status == "paid"]
    nets = net_by_rate(session, [stored(one.id) for one in paid])
    return (
        [PaidAdvance(stored(one.id), one.number or "", nets[stored(one.id)]) for one in paid],
        [one for one in free if one.status != "paid"],
    )


def _unpaid_advance_notices(session: Session, unpaid: list[Invoice]) -> list[str]:
    paid = paid_by_invoice(session, [stored(one.id) for one in unpaid])
    return [
        said(
            "advance invoice %(number)s is not paid yet (%(due)s due), so it is not deducted;"
            " once paid, the project's next invoice deducts it (or cancel it: invoice credit"
            " %(number)s)",
            number=one.number,
            due=format_money(one.total_minor - paid.get(stored(one.id), 0), one.currency),
        )
        for one in unpaid
    ]


def _vat_bp(book: Book, vat: str | None) -> int:
    text = vat if vat is not None else book.config.get("invoice", {}).get("default_vat")
    return parse_percent(text) if text else 0


def _reverse_charge(session: Session, client: Client) -> bool:
    profile = session.get(Profile, 1)
    if profile is None:
        return False
    return reverse_charge_applies(profile.reverse_charge, profile.vat_id, client.vat_id)


def _reverse_charge_notices(invoice: Invoice, vat_bp: int) -> list[str]:
    if invoice.reverse_charge and vat_bp:
        return [
            said(
                "reverse charge applies (client VAT id in another EU country): lines are at 0%"
                " VAT and the invoice carries the reverse-charge note"
            )
        ]
    return []


def _line_vat(invoice: Invoice, vat_bp: int) -> int:
    """A line's rate on this invoice: 0 under reverse charge or the small-business exemption."""
    if invoice.reverse_charge or invoice.vat_exemption == SMALL_BUSINESS:
        return 0
    return vat_bp


def _zero_rate_notices(invoice: Invoice, vat_bp: int) -> list[str]:
    """Say why a rate asked for became 0 %."""
    if invoice.reverse_charge or invoice.vat_exemption != SMALL_BUSINESS or not vat_bp:
        return _reverse_charge_notices(invoice, vat_bp)
    return [
        said(
            "small-business VAT exemption (profile): lines are at 0% VAT and the invoice carries"
            " the statutory sentence"
        )
    ]


def _facts(session: Session, project: Project) -> BillableWork:
    assert project.id is not None
    usage = project_usage(session, [project.id])[project.id]
    unbilled_work, unbilled_comm = unbilled_minutes(session, project.id)
    changes = session.exec(
        select(col(ScopeItem.description), col(ScopeItem.price_minor), col(ScopeItem.approved_on))
        .where(
            ScopeItem.project_id == project.id,
            ScopeItem.change_request == True,  # noqa: E712
            ScopeItem.price_minor.is_not(None),  # type: ignore[union-attr]
        )
        .order_by(ScopeItem.id)  # type: ignore[arg-type]
    ).all()
    return BillableWork(
        title=project.title,
        work_minutes=usage.work_minutes - unbilled_work,
        comm_minutes=usage.comm_minutes - unbilled_comm,
        revisions=usage.revisions,
        change_requests=[(d, p) for d, p, on in changes if p is not None and on is not None],
        deposits_minor=usage.deposit_received_minor,
        unapproved_changes=[(d, p) for d, p, on in changes if p is not None and on is None],
    )


def _store_lines(session: Session, invoice: Invoice, lines: list[Line]) -> None:
    start = session.exec(
        select(func.coalesce(func.max(InvoiceLine.position), 0)).where(
            InvoiceLine.invoice_id == invoice.id
        )
    ).one()
    for offset, line in enumerate(lines, start=1):
        session.add(
            InvoiceLine(
                invoice_id=invoice.id,  # type: ignore[arg-type]
                position=start + offset,
                description=line.description,
                quantity=str(line.quantity),
                unit_price_minor=line.unit_minor,
                vat_bp=line.vat_bp,
                amount_minor=line.amount_minor,
                kind=line.kind,
                advance_invoice_id=line.advance_id,
            )
        )
    session.flush()
    _refresh_totals(session, invoice)


def _refresh_totals(session: Session, invoice: Invoice) -> None:
    pairs = session.exec(
        select(InvoiceLine.amount_minor, InvoiceLine.vat_bp).where(
            InvoiceLine.invoice_id == invoice.id
        )
    ).all()
    result = totals([(amount, rate) for amount, rate in pairs])
    invoice.subtotal_minor = check_storable(result.subtotal_minor, "the invoice's subtotal")
    invoice.vat_minor = check_storable(result.vat_minor, "the invoice's VAT")
    invoice.total_minor = check_storable(result.total_minor, "the invoice's total")
    invoice.updated_at = utcnow()
    session.add(invoice)


def add_line(
    book: Book,
    invoice_ref: str,
    description: str,
    amount: str,
    *,
    quantity: str = "1",
    vat: str | None = None,
) -> InvoiceResult:
    """Add a line to a draft; an issued invoice is frozen (exit 1)."""
    check_name(description, "description")
    qty = parse_quantity(quantity)
    vat_bp = _vat_bp(book, vat)
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        _refuse_unless_draft(invoice)
        unit = parse_unit_price_minor(amount, currency_digits(invoice.currency))
        line_vat = _line_vat(invoice, vat_bp)
        _store_lines(session, invoice, [Line(description, qty, unit, line_vat, "manual")])
        return {
            **invoice_view(session, invoice),
            "notices": _zero_rate_notices(invoice, vat_bp),
        }


def edit_line(
    book: Book,
    invoice_ref: str,
    position: int,
    *,
    description: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    vat: str | None = None,
) -> InvoiceResult:
    """Change a draft's line; totals are recomputed as `add_line` does; issued ones are frozen."""
    if description is None and quantity is None and price is None and vat is None:
        raise BadInput("nothing to change: give --description, --quantity, --price or --vat")
    if description is not None:
        check_name(description, "description")
    qty = parse_quantity(quantity) if quantity is not None else None
    vat_bp = parse_percent(vat) if vat is not None else None
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        _refuse_frozen_lines(invoice)
        line = _line_at(session, invoice, position)
        if price is not None:
            line.unit_price_minor = parse_unit_price_minor(price, currency_digits(invoice.currency))
        if description is not None:
            line.description = description
        if qty is not None:
            line.quantity = str(qty)
        if vat_bp is not None:
            line.vat_bp = _line_vat(invoice, vat_bp)
        line.amount_minor = Line(
            line.description, Decimal(line.quantity), line.unit_price_minor
        ).amount_minor
        line.updated_at = utcnow()
        session.add(line)
        session.flush()
        _refresh_totals(session, invoice)
        notices = _zero_rate_notices(invoice, vat_bp) if vat_bp is not None else []
        return {**invoice_view(session, invoice), "notices": notices}


def remove_line(book: Book, invoice_ref: str, position: int) -> InvoiceResult:
    """Remove a draft's line and renumber the rest without gaps; issued ones are frozen."""
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        _refuse_frozen_lines(invoice)
        removed = _line_at(session, invoice, position)
        session.delete(removed)
        session.flush()
        later = session.exec(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id == invoice.id, InvoiceLine.position > position)
            .order_by(InvoiceLine.position)  # type: ignore[arg-type]
        ).all()
        for line in later:
            line.position -= 1
            line.updated_at = utcnow()
            session.add(line)
        session.flush()
        _refresh_totals(session, invoice)
        return {
            **invoice_view(session, invoice),
            "notices": [f"line {position} ({removed.description}) removed"],
        }


def _line_at(session: Session, invoice: Invoice, position: int) -> InvoiceLine:
    line = session.exec(
        select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice.id, InvoiceLine.position == position
        )
    ).first()
    if line is None:
        count = session.exec(
            select(func.count())
            .select_from(InvoiceLine)
            .where(InvoiceLine.invoice_id == invoice.id)
        ).one()
        have = f"its lines are 1 to {count}" if count else "it has no lines"
        raise BadInput(f"{_label(invoice)} has no line {position}: {have}")
    return line


def _refuse_frozen_lines(invoice: Invoice) -> None:
    """Only a draft's lines change: an issued document is corrected by a credit note."""
    if invoice.status == "draft":
        return
    values = {"number": invoice.number, "status": said_in("invoice status", invoice.status)}
    if invoice.kind == "credit_note":
        raise Refused(said("credit note %(number)s is %(status)s: its lines are frozen", **values))
    if invoice.status == "credited":
        raise Refused(
            said(
                "invoice %(number)s is %(status)s: its lines are frozen; draft a new one", **values
            )
        )
    raise Refused(
        said(
            "invoice %(number)s is %(status)s: its lines are frozen; credit it and draft a new one",
            **values,
        )
    )


def _label(invoice: Invoice) -> str:
    if invoice.number:
        return said("invoice %(number)s", number=invoice.number)
    return said("draft %(id)s", id=invoice.id)


def _refuse_unless_draft(invoice: Invoice) -> None:
    if invoice.status == "draft":
        return
    values = {"number": invoice.number, "status": said_in("invoice status", invoice.status)}
    if invoice.kind == "credit_note":
        raise Refused(
            said(
                "credit note %(number)s is %(status)s and frozen; issued documents are never"
                " edited: correct it with a credit note (invoice credit)",
                **values,
            )
        )
    raise Refused(
        said(
            "invoice %(number)s is %(status)s and frozen; issued documents are never edited:"
            " correct it with a credit note (invoice credit)",
            **values,
        )
    )


def delete_invoice(book: Book, invoice_ref: str) -> DeletedInvoice:
    """Delete a draft (it never had a number); issued invoices are never deleted."""
    with book.write() as session:
        invoice = _locked(session, find_invoice(session, invoice_ref))
        if invoice.status != "draft":
            raise Refused(
                said(
                    "%(invoice)s is %(status)s; issued invoices are never deleted: correct it"
                    " with a credit note (invoice credit)",
                    invoice=_label(invoice),
                    status=said_in("invoice status", invoice.status),
                )
            )
        view = invoice_view(session, invoice)
        session.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))  # type: ignore[arg-type]
        session.delete(invoice)
        session.flush()
        return {**view, "deleted": True}


def _locked(session: Session, invoice: Invoice) -> Invoice:
    """Re-read the invoice with a row lock (PostgreSQL); SQLite already holds the write lock."""
    return session.exec(
        select(Invoice)
        .where(Invoice.id == invoice.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def issue_invoice(
    book: Book, invoice_ref: str, on: date | None = None, *, rate: str | None = None
) -> InvoiceResult:
    """Assign the next number of the yearly series and freeze the invoice, in one transaction.

    An invoice in another currency than the accounting one (the profile's) with VAT needs the
    exchange `rate` (one unit of its currency in the accounting currency): its VAT is also
    stated in the accounting currency (EN 16931 BT-111)."""
    exchange = parse_rate(rate) if rate is not None else None
    with book.write() as session:
        invoice = _locked(session, find_invoice(session, invoice_ref))
        if invoice.status != "draft":
            raise Refused(
                said(
                    "%(invoice)s is already %(status)s; only a draft can be issued",
                    invoice=_label(invoice),
                    status=said_in("invoice status", invoice.status),
                )
            )
        notices = issue_draft(book, session, invoice, on or book.clock.today(), exchange)
        return {**invoice_view(session, invoice), "notices": notices}


def issue_draft(
    book: Book, session: Session, invoice: Invoice, issue_day: date, exchange: Decimal | None
) -> list[str]:
    """Number, date and freeze the draft `invoice` (locked) inside the caller's write
    transaction, absorbing the project's deposits; returns what to say about it."""
    _refuse_unissuable(session, invoice)
    client = session.get(Client, invoice.client_id)
    assert client is not None
    notices = fallback_notice(client.name, client.locale, "invoice")
    notices += _recheck_reverse_charge(session, invoice, client)
    notices += _recheck_basis(session, invoice, client)
    _check_deductions(session, invoice)
    _set_exchange_rate(session, invoice, exchange)
    invoice.number = next_number(session, book.config, issue_day.year)
    invoice.status = "issued"
    invoice.issue_date = issue_day
    invoice.due_date = add_days(issue_day, _payment_days(session, invoice))
    if not invoice.advance:  # an advance is paid before the supply it is for
        delivery_on_issue(invoice, issue_day)
    _keep_references(session, invoice)
    invoice.updated_at = utcnow()
    absorbed = _absorb_deposits(session, invoice)
    if absorbed >= invoice.total_minor:
        invoice.status = "paid"
    session.add(invoice)
    session.flush()
    notices += settle_issued(session, book.config, invoice)  # with [credit].auto_apply
    # What the document says is what was due now: later payments never change it.
    freeze(session, invoice)
    if absorbed:
        due = amount_due(invoice.total_minor, absorbed)
        notices.append(
            said(
                "deposits of %(deposits)s deducted; %(due)s due",
                deposits=format_money(absorbed, invoice.currency),
                due=format_money(due, invoice.currency),
            )
        )
    return notices + _advances_left(session, invoice)


def _refuse_unissuable(session: Session, invoice: Invoice) -> None:
    """An invoice without lines, or one totalling zero or less, is never issued; a final
    invoice whose advance invoices cover the whole of it totals zero, and is issued paid."""
    lines = session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)).all()
    if not lines:
        raise Refused(said("an invoice without lines cannot be issued; add a line first"))
    deducts = any(line.advance_invoice_id is not None for line in lines)
    if invoice.total_minor < 0 or (invoice.total_minor == 0 and not deducts):
        raise Refused(
            said(
                "%(invoice)s totals %(total)s %(currency)s; an invoice must total more than zero"
                " (money owed to a client is a credit note)",
                invoice=_label(invoice),
                total=money(invoice.total_minor, invoice.currency),
                currency=invoice.currency,
            )
        )


def _check_deductions(session: Session, invoice: Invoice) -> None:
    """Each advance invoice the draft deducts is still paid, and deducted by no other issued
    invoice (it may have been credited, or its payment voided, since the draft was made)."""
    lines = session.exec(
        select(InvoiceLine)
        .where(
            InvoiceLine.invoice_id == invoice.id, col(InvoiceLine.advance_invoice_id).is_not(None)
        )
        .order_by(InvoiceLine.position)  # type: ignore[arg-type]
    ).all()
    deducting = deducted_by(session, {stored(line.advance_invoice_id) for line in lines})
    for line in lines:
        advance = session.get(Invoice, line.advance_invoice_id)
        assert advance is not None
        elsewhere = [
            number
            for other, number in deducting.get(stored(advance.id), [])
            if other != invoice.id and number
        ]
        why = _undeductible(advance, elsewhere)
        if why:
            raise Refused(
                f"line {line.position} of {_label(invoice)} deducts advance invoice "
                f"{advance.number}, which {why}: remove the line "
                f"(invoice remove-line {invoice.id} {line.position})"
            )


def _undeductible(advance: Invoice, elsewhere: list[str]) -> str | None:
    """Why an advance invoice may not be deducted now, or None: it is deducted on another
    issued invoice, cancelled by a credit note, or not paid."""
    if elsewhere:
        return f"is deducted on invoice {elsewhere[0]} already"
    if advance.status == "credited":
        return "is cancelled by a credit note"
    return None if advance.status == "paid" else "is not paid"


def _advances_left(session: Session, invoice: Invoice) -> list[str]:
    """What an issued invoice leaves of its project's advance invoices: the paid ones no
    invoice deducts yet (its next invoice will), and those still open."""
    if invoice.advance or invoice.project_id is None:
        return []
    paid, unpaid = advances_of(session, invoice.project_id, invoice.currency)
    notices = [
        said(
            "advance invoice %(number)s is paid but deducted on no invoice yet; the project's"
            " next invoice deducts it",
            number=one.number,
        )
        for one in paid
    ]
    return notices + _unpaid_advance_notices(session, unpaid)


def _keep_references(session: Session, invoice: Invoice) -> None:
    """An issued invoice keeps the buyer and order references that applied when it was
    issued: a later change of its project's is for the project's next invoices."""
    project = session.get(Project, invoice.project_id) if invoice.project_id else None
    if project is not None:
        invoice.buyer_ref = invoice.buyer_ref or project.buyer_ref
        invoice.order_ref = invoice.order_ref or project.order_ref


def _recheck_reverse_charge(session: Session, invoice: Invoice, client: Client) -> list[str]:
    """The client's or profile's VAT ids may have changed since the draft was made."""
    applies = _reverse_charge(session, client)
    if applies == invoice.reverse_charge:
        return []
    invoice.reverse_charge = applies
    if not applies:
        return ["reverse charge no longer applies (VAT ids changed); check the VAT rates"]
    for line in session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)):
        line.vat_bp = 0
        session.add(line)
    session.flush()
    _refresh_totals(session, invoice)
    return ["reverse charge applies now (client VAT id in another EU country): lines set to 0% VAT"]


def _recheck_basis(session: Session, invoice: Invoice, client: Client) -> list[str]:
    """The profile's small-business exemption (or the client's country) may have changed since
    the draft was made: the basis of its 0 % lines is fixed now."""
    basis = basis_now(session.get(Profile, 1), client)
    was_small = invoice.vat_exemption == SMALL_BUSINESS
    invoice.vat_exemption = basis
    if was_small == (basis == SMALL_BUSINESS) or invoice.reverse_charge:
        return []
    if was_small:
        return ["the small-business VAT exemption no longer applies (profile); check the VAT rates"]
    for line in session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)):
        line.vat_bp = 0
        session.add(line)
    session.flush()
    _refresh_totals(session, invoice)
    return ["the small-business VAT exemption applies now (profile): lines set to 0% VAT"]


def _set_exchange_rate(session: Session, invoice: Invoice, rate: Decimal | None) -> None:
    """Keep the rate to the accounting currency; refuse a foreign-currency VAT without one."""
    profile = session.get(Profile, 1)
    accounting = profile.currency if profile else invoice.currency
    if invoice.currency == accounting:
        if rate is not None:
            raise BadInput(
                f"{_label(invoice)} is in {accounting}, the accounting currency: "
                "--rate is for an invoice in another currency"
            )
        return
    if rate is None:
        if invoice.vat_minor == 0:
            return
        raise BadInput(
            f"{_label(invoice)} is in {invoice.currency} with VAT: give the exchange rate to "
            f"{accounting}, one {invoice.currency} in {accounting} (e.g. --rate 0.92)"
        )
    invoice.exchange_rate = f"{rate:f}"
    invoice.tax_currency = accounting


def _payment_days(session: Session, invoice: Invoice) -> int:
    project = session.get(Project, invoice.project_id) if invoice.project_id else None
    return project.payment_days if project else 14


def _absorb_deposits(session: Session, invoice: Invoice) -> int:
    """Link the project's unclaimed deposits to the invoice, up to its total; returns the sum."""
    if invoice.project_id is None:
        return 0
    # The rest of a deposit split here stays unclaimed for the project's next invoice.
    unclaimed = list(deposit_rows_to_claim(session, invoice.project_id, invoice.currency))
    taken = move_onto(session, unclaimed, invoice, invoice.total_minor)
    session.flush()
    return taken


def next_number(session: Session, config: Config, year: int) -> str:
    """The next number of the year's series; the series row is locked until commit."""
    pattern = config.get("invoice", {}).get("number_pattern", DEFAULT_PATTERN)
    _check_pattern(pattern)
    series = str(year)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(InvoiceSeries)
        .values(series=series, last_seq=0, created_at=utcnow(), updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=["series"])
    )
    row = session.exec(
        select(InvoiceSeries)
        .where(InvoiceSeries.series == series)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    row.last_seq += 1
    row.updated_at = utcnow()
    session.add(row)
    return str(pattern.format(year=year, seq=row.last_seq))


def _check_pattern(pattern: object) -> None:
    try:
        ok = (
            isinstance(pattern, str)
            and "{seq" in pattern
            and bool(pattern.format(year=2026, seq=1))
        )
    except (KeyError, IndexError, ValueError):
        ok = False
    if not ok:
        raise Refused(
            said(
                "invoice number_pattern %(pattern)s in config.toml is invalid; it needs {seq}"
                ' and may use {year}, e.g. "{year}-{seq:04d}"',
                pattern=repr(pattern),
            )
        )


def credit_invoice(book: Book, invoice_ref: str, *, reason: str = "") -> InvoiceResult:
    """A credit note with its own number that cancels an issued invoice to the cent.

    Money already received on the invoice is released: payments become client
    credit, deposits return to the project for its next invoice.
    """
    check_no_controls(reason, "reason")
    with book.write() as session:
        original = _locked(session, find_invoice(session, invoice_ref))
        _refuse_credit(session, original)
        assert original.id is not None
        client = session.get(Client, original.client_id)
        assert client is not None
        if not is_frozen(session, original.id):
            # Issued before documents were kept: keep it as it stands before the credit
            # note releases its payments, so it never reads as cancelled-but-payable.
            freeze(session, original)
        note = Invoice(
            client_id=original.client_id,
            project_id=original.project_id,
            currency=original.currency,
            kind="credit_note",
            credits_invoice_id=original.id,
            reverse_charge=original.reverse_charge,
            note=reason or say(CANCELS_INVOICE, client.locale, number=original.number or ""),
            period_start=original.period_start,
            period_end=original.period_end,
            delivered_on=original.delivered_on,
            vat_exemption=original.vat_exemption,
            exchange_rate=original.exchange_rate,
            tax_currency=original.tax_currency,
            buyer_ref=original.buyer_ref,  # the buyer files the credit note as the invoice
            order_ref=original.order_ref,
        )
        session.add(note)
        session.flush()
        _store_lines(session, note, negated(_lines_of(session, original.id)))
        if note.total_minor != -original.total_minor:  # the rounding rule is symmetric
            raise AssertionError("credit note does not cancel its invoice to the cent")
        today = book.clock.today()
        note.number = next_number(session, book.config, today.year)
        note.status = "issued"
        note.issue_date = today
        original.status = "credited"
        original.updated_at = utcnow()
        session.add(original)
        released = _release_payments(session, original)
        session.add(note)
        session.flush()
        freeze(session, note)
        notices = fallback_notice(client.name, client.locale, "credit note")
        return {
            **invoice_view(session, note),
            "notices": notices + _release_notices(released, original),
        }


def _refuse_credit(session: Session, invoice: Invoice) -> None:
    if invoice.kind != "invoice":
        raise Refused(
            said(
                "%(number)s is a credit note; only invoices can be credited",
                number=invoice.number,
            )
        )
    if invoice.status == "draft":
        raise Refused(
            said(
                "%(invoice)s was never issued; delete the draft instead (invoice delete)",
                invoice=_label(invoice),
            )
        )
    if invoice.status == "credited":
        existing = session.exec(
            select(Invoice.number).where(Invoice.credits_invoice_id == invoice.id)
        ).first()
        raise Refused(
            said(
                "invoice %(number)s is already cancelled by credit note %(credit_note)s",
                number=invoice.number,
                credit_note=existing,
            )
        )
    deducting = deducted_by(session, [stored(invoice.id)]).get(stored(invoice.id), [])
    if deducting:
        other_id, number = deducting[0]
        remedy = (
            f"credit invoice {number} first"
            if number
            else f"remove its line from draft {other_id} first (invoice remove-line)"
        )
        raise Refused(
            f"advance invoice {invoice.number} is deducted on "
            f"{f'invoice {number}' if number else f'draft {other_id}'}; {remedy}"
        )


def _lines_of(session: Session, invoice_id: int) -> list[Line]:
    rows = session.exec(
        select(InvoiceLine)
        .where(InvoiceLine.invoice_id == invoice_id)
        .order_by(InvoiceLine.position)  # type: ignore[arg-type]
    ).all()
    return [
        Line(r.description, Decimal(r.quantity), r.unit_price_minor, r.vat_bp, r.kind) for r in rows
    ]


def _release_payments(session: Session, invoice: Invoice) -> tuple[int, int]:
    """Detach money received on a credited invoice: (to client credit, back to project deposits)."""
    credit = deposits = 0
    # A voided payment stays with the invoice it was recorded on: it released nothing.
    voided = col(Payment.voided_at).is_not(None)
    for payment in session.exec(select(Payment).where(Payment.invoice_id == invoice.id, ~voided)):
        if payment.kind == "deposit":
            deposits += payment.amount_minor
        elif payment.kind == "refund":
            credit -= payment.amount_minor
        else:
            payment.kind = "credit"
            credit += payment.amount_minor
        payment.invoice_id = None
        payment.updated_at = utcnow()
        session.add(payment)
    return credit, deposits


def _release_notices(released: tuple[int, int], original: Invoice) -> list[str]:
    credit, deposits = released
    notices = [said("invoice %(number)s is now credited", number=original.number)]
    if credit > 0:
        notices.append(
            said(
                "%(amount)s paid on %(number)s is now client credit",
                amount=format_money(credit, original.currency),
                number=original.number,
            )
        )
    if deposits:
        notices.append(
            said(
                "deposits of %(amount)s return to the project for its next invoice",
                amount=format_money(deposits, original.currency),
            )
        )
    return notices


def invoice_view(session: Session, invoice: Invoice) -> InvoiceView:
    """The invoice with its lines, VAT summary, totals, paid and balance (SPEC section 4)."""
    assert invoice.id is not None
    views = _views(session, [(invoice, session.get(Client, invoice.client_id))])
    return views[0]


def _views(session: Session, rows: list[tuple[Invoice, Client | None]]) -> list[InvoiceView]:
    """Views of many invoices with a fixed number of queries."""
    ids = [invoice.id for invoice, _ in rows if invoice.id is not None]
    received = received_by_invoice(session, ids)
    lines = lines_by_invoice(session, ids)
    draft_projects = {
        invoice.project_id
        for invoice, _ in rows
        if invoice.status == "draft" and invoice.project_id is not None
    }
    pending = unclaimed_deposits(session, draft_projects)
    related = related_documents(session, [invoice for invoice, _ in rows])
    projects = _project_titles(session, {i.project_id for i, _ in rows if i.project_id})
    seller = seller_of(session.get(Profile, 1))
    project_refs = _project_references(session, {i.project_id for i, _ in rows if i.project_id})
    views = []
    for invoice, client in rows:
        assert invoice.id is not None
        deposits, payments = received.get(invoice.id, (0, 0))
        if invoice.status == "draft" and invoice.project_id is not None:
            # A preview: the deposits issuing would deduct today.
            deposits = deposit_share(invoice.total_minor, pending.get(invoice.project_id, 0))
        own = References(invoice.buyer_ref, invoice.order_ref)
        project_own = project_refs.get(invoice.project_id or 0, References())
        around = Around(
            client=client.name if client else None,
            locale=client.locale if client else "en_US",
            project=projects.get(invoice.project_id) if invoice.project_id else None,
            deposits=deposits,
            payments=payments,
            balance=balance_minor(invoice, deposits + payments),
            credits=related.credits.get(invoice.id, (None, None))[0],
            credited_by=related.credited_by.get(invoice.id),
            refs=carried_references(invoice, own, project_own),
        )
        views.append(build_view(invoice, lines.get(invoice.id, []), around, seller))
    return views


def _project_references(session: Session, ids: set[int]) -> dict[int, References]:
    if not ids:
        return {}
    rows = session.exec(
        select(col(Project.id), col(Project.buyer_ref), col(Project.order_ref)).where(
            col(Project.id).in_(ids)
        )
    ).all()
    return {row_id: References(buyer, order) for row_id, buyer, order in rows if row_id}


def _project_titles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(col(Project.id), col(Project.title)).where(col(Project.id).in_(ids))
    ).all()
    return {row_id: title for row_id, title in rows if row_id is not None}


def show_invoice(book: Book, invoice_ref: str) -> InvoiceView:
    """One invoice's view, by number or id."""
    with book.read() as session:
        return invoice_view(session, find_invoice(session, invoice_ref))
