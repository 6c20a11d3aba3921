"""Payments as recorded: listed with their client, project and invoice, and voided (never
erased) when recorded by mistake, after which every sum leaves them out."""

from datetime import datetime

from sqlmodel import Session, col, select

from clientkit.clock import Clock
from clientkit.domain.text import check_no_controls
from clientkit.i18n import format_money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.issued_documents import read_frozen
from clientkit.services.lookup import find_client, find_invoice, find_project
from clientkit.services.views import Noticed, PaymentView, payment_view, stored
from clientkit.storage.credit_queries import credit_by_currency
from clientkit.storage.invoice_queries import received_by_invoice
from clientkit.storage.models import Client, Invoice, Payment, Project, utcnow
from clientkit.storage.usage_queries import paid_by_invoice


class PaymentRow(PaymentView):
    """A payment with the names of its client, project and invoice, and whether it is voided."""

    client: str
    project: str | None
    invoice: str | None  # the invoice's number (or "draft N")
    voided_at: datetime | None
    void_reason: str


class VoidedPayment(PaymentRow, Noticed):
    """A payment just voided, with what that changed (an invoice unpaid again)."""


def list_payments(
    book: Book,
    *,
    client_ref: str | None = None,
    invoice_ref: str | None = None,
    project_ref: str | None = None,
    voided: bool = False,
) -> list[PaymentRow]:
    """Payments, newest first, voided ones included and marked (`voided`: only those)."""
    with book.read() as session:
        query = select(Payment).order_by(col(Payment.day).desc(), col(Payment.id).desc())
        if client_ref is not None:
            query = query.where(Payment.client_id == find_client(session, client_ref).id)
        if invoice_ref is not None:
            query = query.where(Payment.invoice_id == find_invoice(session, invoice_ref).id)
        if project_ref is not None:
            query = query.where(Payment.project_id == find_project(session, project_ref).id)
        if voided:
            query = query.where(col(Payment.voided_at).is_not(None))
        return _rows(session, list(session.exec(query).all()))


def void_payment(book: Book, payment_ref: str, *, reason: str) -> VoidedPayment:
    """Stamp a payment voided with the reason; it is kept and listed but counts nowhere."""
    if not reason.strip():
        raise BadInput("a reason is required: say why the payment is voided (--reason TEXT)")
    check_no_controls(reason, "reason")
    with book.write() as session:
        payment = _find_payment(session, payment_ref)
        _refuse_void(session, payment, book.clock)
        payment.voided_at = book.clock.now()
        payment.void_reason = reason
        payment.updated_at = utcnow()
        session.add(payment)
        session.flush()
        notices = _reopen_invoice(session, payment)
        return {**_rows(session, [payment])[0], "notices": notices}


def _find_payment(session: Session, ref: str) -> Payment:
    text = ref.strip()
    payment = session.get(Payment, int(text)) if text.isdecimal() and len(text) < 19 else None
    if payment is None:
        raise NotFound(f"no payment with id {ref!r}; `payment list` shows them")
    return payment


def _refuse_void(session: Session, payment: Payment, clock: Clock) -> None:
    """An already voided payment is bad input; one an issued document rests on is refused."""
    if payment.voided_at is not None:
        raise BadInput(
            f"payment {payment.id} is already voided "
            f"({clock.local(payment.voided_at):%Y-%m-%d}: {payment.void_reason})"
        )
    invoice = session.get(Invoice, payment.invoice_id) if payment.invoice_id else None
    if payment.kind == "deposit" and invoice is not None and _stated(session, invoice, payment):
        raise Refused(
            f"payment {payment.id} is a deposit deducted on invoice {invoice.number}, which "
            "states it as paid; credit the invoice first (invoice credit), then void the deposit"
        )
    if (
        payment.kind == "credit"
        and payment.invoice_id is None
        and _credit_left(session, payment) < payment.amount_minor
    ):
        raise Refused(
            f"payment {payment.id} is client credit that refunds already paid back; "
            "void the refund first"
        )


def _stated(session: Session, invoice: Invoice, payment: Payment) -> bool:
    """Whether the invoice's issued document states the deposit as paid: it states those it
    absorbed when issued; one paid on it later (an advance invoice's payment, a deposit that
    came after the final invoice) leaves the document as it was when voided."""
    if invoice.status == "draft":
        return False
    frozen = read_frozen(session, [invoice]).get(stored(invoice.id))
    if frozen is None:  # issued before documents were kept: what it states is not known
        return True
    deposits, _ = received_by_invoice(session, [stored(invoice.id)]).get(stored(invoice.id), (0, 0))
    return deposits - payment.amount_minor < frozen.doc.deposits_minor


def _credit_left(session: Session, payment: Payment) -> int:
    """The client's credit in the payment's currency (credit_queries' one rule)."""
    return credit_by_currency(session, [payment.client_id]).get(
        (payment.client_id, payment.currency), 0
    )


def _reopen_invoice(session: Session, payment: Payment) -> list[str]:
    """A paid invoice whose payment is voided is issued (unpaid) again."""
    invoice = session.get(Invoice, payment.invoice_id) if payment.invoice_id else None
    if invoice is None or invoice.id is None:
        return []
    paid = paid_by_invoice(session, [invoice.id]).get(invoice.id, 0)
    if invoice.status != "paid" or paid >= invoice.total_minor:
        return []
    invoice.status = "issued"
    invoice.updated_at = utcnow()
    session.add(invoice)
    session.flush()
    due = format_money(invoice.total_minor - paid, invoice.currency)
    return [f"invoice {invoice.number} is unpaid again: {due} due by {invoice.due_date}"]


def _rows(session: Session, payments: list[Payment]) -> list[PaymentRow]:
    """The payments' rows with names, with one query per kind of name."""
    clients = _client_names(session, {p.client_id for p in payments})
    projects = _project_titles(session, {p.project_id for p in payments if p.project_id})
    invoices = _invoice_labels(session, {p.invoice_id for p in payments if p.invoice_id})
    return [
        {
            **payment_view(p),
            "client": clients.get(p.client_id, ""),
            "project": projects.get(p.project_id) if p.project_id else None,
            "invoice": invoices.get(p.invoice_id) if p.invoice_id else None,
            "voided_at": p.voided_at,
            "void_reason": p.void_reason,
        }
        for p in payments
    ]


def _client_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(col(Client.id), col(Client.name)).where(col(Client.id).in_(ids)))
    return {row_id: name for row_id, name in rows.all() if row_id is not None}


def _project_titles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(col(Project.id), col(Project.title)).where(col(Project.id).in_(ids)))
    return {row_id: title for row_id, title in rows.all() if row_id is not None}


def _invoice_labels(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(col(Invoice.id), col(Invoice.number)).where(col(Invoice.id).in_(ids))
    ).all()
    return {row_id: number or f"draft {row_id}" for row_id, number in rows if row_id is not None}
