"""Invoices: drafts from a project, lines, issuing with a gapless number, listing and showing."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from clientkit.domain.billing import Line, ProjectFacts, project_lines, totals
from clientkit.domain.money import parse_amount, parse_percent, to_minor
from clientkit.domain.text import check_name
from clientkit.i18n import currency_digits, money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_client, find_invoice, find_project
from clientkit.services.terms import terms_of
from clientkit.storage.models import (
    Client,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Project,
    ScopeItem,
    utcnow,
)
from clientkit.storage.queries import invoice_paid_minor, project_usage


def create_invoice(book: Book, project_ref: str, *, vat: str | None = None) -> dict[str, Any]:
    """A draft with the project's price or hours, extras, change requests, minus deposits."""
    vat_bp = parse_percent(vat) if vat else 0
    with book.write() as session:
        project = find_project(session, project_ref)
        if project.status == "cancelled":
            raise Refused(f"project {project.title!r} is cancelled; bill the cancellation instead")
        invoice = Invoice(
            client_id=project.client_id, project_id=project.id, currency=project.currency,
        )
        session.add(invoice)
        session.flush()
        lines = project_lines(terms_of(project), _facts(session, project), vat_bp)
        _store_lines(session, invoice, lines)
        return invoice_view(session, invoice)


def _facts(session: Session, project: Project) -> ProjectFacts:
    assert project.id is not None
    usage = project_usage(session, [project.id])[project.id]
    changes = session.exec(
        select(ScopeItem.description, ScopeItem.price_minor).where(
            ScopeItem.project_id == project.id,
            ScopeItem.change_request == True,  # noqa: E712
            ScopeItem.price_minor.is_not(None),  # type: ignore[union-attr]
        ).order_by(ScopeItem.id)
    ).all()
    return ProjectFacts(
        title=project.title,
        work_minutes=usage.work_minutes,
        comm_minutes=usage.comm_minutes,
        revisions=usage.revisions,
        change_requests=[(d, p) for d, p in changes if p is not None],
        deposits_minor=usage.deposit_received_minor,
    )


def _store_lines(session: Session, invoice: Invoice, lines: list[Line]) -> None:
    start = session.exec(
        select(func.coalesce(func.max(InvoiceLine.position), 0)).where(
            InvoiceLine.invoice_id == invoice.id
        )
    ).one()
    for offset, line in enumerate(lines, start=1):
        session.add(InvoiceLine(
            invoice_id=invoice.id,  # type: ignore[arg-type]
            position=start + offset,
            description=line.description,
            quantity=str(line.quantity),
            unit_price_minor=line.unit_minor,
            vat_bp=line.vat_bp,
            amount_minor=line.amount_minor,
            kind=line.kind,
        ))
    session.flush()
    _refresh_totals(session, invoice)


def _refresh_totals(session: Session, invoice: Invoice) -> None:
    pairs = session.exec(
        select(InvoiceLine.amount_minor, InvoiceLine.vat_bp).where(
            InvoiceLine.invoice_id == invoice.id
        )
    ).all()
    result = totals([(amount, rate) for amount, rate in pairs])
    invoice.subtotal_minor = result.subtotal_minor
    invoice.vat_minor = result.vat_minor
    invoice.total_minor = result.total_minor
    invoice.updated_at = utcnow()
    session.add(invoice)


def add_line(
    book: Book, invoice_ref: str, description: str, amount: str, *, quantity: str = "1",
    vat: str | None = None,
) -> dict[str, Any]:
    """Add a line to a draft; an issued invoice is frozen (exit 1)."""
    check_name(description, "description")
    qty = _quantity(quantity)
    vat_bp = parse_percent(vat) if vat else 0
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        _refuse_unless_draft(invoice)
        digits = currency_digits(invoice.currency)
        unit = to_minor(parse_amount(amount, digits=digits, allow_negative=True), digits)
        _store_lines(session, invoice, [Line(description, qty, unit, vat_bp, "manual")])
        return invoice_view(session, invoice)


def _quantity(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BadInput(f"invalid quantity {text!r}: expected a number like 1 or 2.5") from None
    if not value.is_finite() or value <= 0 or value > 10**9 or -value.as_tuple().exponent > 4:  # type: ignore[operator]
        raise BadInput(f"invalid quantity {text!r}: expected a positive number like 1 or 2.5")
    return value


def _refuse_unless_draft(invoice: Invoice) -> None:
    if invoice.status != "draft":
        raise Refused(
            f"invoice {invoice.number} is {invoice.status} and frozen; "
            "correct it with a credit note (invoice credit)"
        )


def issue_invoice(book: Book, invoice_ref: str, on: date | None = None) -> dict[str, Any]:
    """Assign the next number of the yearly series and freeze the invoice, in one transaction."""
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        _refuse_unless_draft(invoice)
        if session.exec(select(func.count()).select_from(InvoiceLine).where(
                InvoiceLine.invoice_id == invoice.id)).one() == 0:
            raise Refused("an invoice without lines cannot be issued; add a line first")
        issue_day = on or book.clock.today()
        invoice.number = next_number(session, book.config, issue_day.year)
        invoice.status = "issued"
        invoice.issue_date = issue_day
        invoice.due_date = issue_day + timedelta(days=_payment_days(session, invoice))
        invoice.updated_at = utcnow()
        session.add(invoice)
        session.flush()
        return invoice_view(session, invoice)


def _payment_days(session: Session, invoice: Invoice) -> int:
    project = session.get(Project, invoice.project_id) if invoice.project_id else None
    return project.payment_days if project else 14


def next_number(session: Session, config: dict[str, Any], year: int) -> str:
    """The next number of the year's series; the series row is locked until commit."""
    series = str(year)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(InvoiceSeries)  # type: ignore[operator]
        .values(series=series, last_seq=0, created_at=utcnow(), updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=["series"])
    )
    row = session.exec(
        select(InvoiceSeries).where(InvoiceSeries.series == series).with_for_update()
    ).one()
    row.last_seq += 1
    row.updated_at = utcnow()
    session.add(row)
    pattern = config.get("invoice", {}).get("number_pattern", "{year}-{seq:04d}")
    return str(pattern.format(year=year, seq=row.last_seq))


def invoice_view(session: Session, invoice: Invoice) -> dict[str, Any]:
    """The invoice with its lines, totals, paid and balance (SPEC section 4)."""
    assert invoice.id is not None
    client = session.get(Client, invoice.client_id)
    lines = session.exec(
        select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)
        .order_by(InvoiceLine.position)
    ).all()
    paid = invoice_paid_minor(session, [invoice.id]).get(invoice.id, 0)
    return _view(invoice, client, lines, paid)


def _view(invoice: Invoice, client: Client | None, lines: Any, paid: int) -> dict[str, Any]:
    c = invoice.currency
    balance = 0 if invoice.status in ("draft", "credited") else max(0, invoice.total_minor - paid)
    return {
        "id": invoice.id,
        "number": invoice.number,
        "kind": invoice.kind,
        "status": invoice.status,
        "client": client.name if client else None,
        "client_id": invoice.client_id,
        "project_id": invoice.project_id,
        "currency": c,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "lines": [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": money(line.unit_price_minor, c),
                "vat_rate": str(Decimal(line.vat_bp) / 100),
                "amount": money(line.amount_minor, c),
                "kind": line.kind,
            }
            for line in lines
        ],
        "subtotal": money(invoice.subtotal_minor, c),
        "vat": money(invoice.vat_minor, c),
        "total": money(invoice.total_minor, c),
        "paid": money(paid, c),
        "balance": money(balance, c),
    }


def list_invoices(
    book: Book, *, overdue: bool = False, client_ref: str | None = None,
    status: str | None = None, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Invoices, newest first; `overdue` keeps issued ones with a balance past their due date."""
    with book.read() as session:
        query = select(Invoice, Client).join(Client).order_by(Invoice.id.desc())  # type: ignore[union-attr]
        if client_ref:
            query = query.where(Invoice.client_id == find_client(session, client_ref).id)
        if status:
            query = query.where(Invoice.status == status)
        if overdue:
            query = query.where(Invoice.status == "issued", Invoice.due_date < book.clock.today())  # type: ignore[operator]
        if limit:
            query = query.limit(limit)
        rows = session.exec(query).all()
        ids = [invoice.id for invoice, _ in rows]
        paid = invoice_paid_minor(session, ids)  # type: ignore[arg-type]
        lines_by_invoice = _lines(session, ids)  # type: ignore[arg-type]
        views = [
            _view(invoice, client, lines_by_invoice.get(invoice.id, []), paid.get(invoice.id, 0))  # type: ignore[arg-type]
            for invoice, client in rows
        ]
        return [v for v in views if not overdue or v["balance"] > 0]


def _lines(session: Session, ids: list[int]) -> dict[int, list[InvoiceLine]]:
    grouped: dict[int, list[InvoiceLine]] = {}
    if not ids:
        return grouped
    for line in session.exec(
        select(InvoiceLine).where(InvoiceLine.invoice_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
    ):
        grouped.setdefault(line.invoice_id, []).append(line)
    return grouped


def show_invoice(book: Book, invoice_ref: str) -> dict[str, Any]:
    with book.read() as session:
        return invoice_view(session, find_invoice(session, invoice_ref))
