"""Money received: payments on invoices (excess kept as client credit) and deposits."""

from datetime import date
from typing import Any

from clientkit.domain.dates import parse_date
from clientkit.domain.money import parse_positive_minor
from clientkit.domain.terms import deposit_required_minor
from clientkit.domain.text import check_no_controls
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.errors import Refused
from clientkit.services.invoicing import invoice_view
from clientkit.services.lookup import find_invoice, find_project
from clientkit.services.views import payment_view
from clientkit.storage.models import Payment, utcnow
from clientkit.storage.queries import invoice_paid_minor, project_usage
from clientkit.storage.terms import terms_of


def _day(book: Book, on: str | None) -> date:
    return parse_date(on) if on is not None else book.clock.today()


def pay_invoice(
    book: Book,
    invoice_ref: str,
    amount: str,
    *,
    on: str | None = None,
    method: str = "",
) -> dict[str, Any]:
    """Record a payment on an issued invoice; the part beyond its balance becomes credit."""
    check_no_controls(method, "method")
    day = _day(book, on)
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        if invoice.status in ("draft", "credited") or invoice.kind != "invoice":
            raise Refused(
                f"invoice {invoice.number or invoice.id} is {invoice.status}; "
                "only issued invoices take payments"
            )
        minor = parse_positive_minor(amount, currency_digits(invoice.currency))
        assert invoice.id is not None
        paid = invoice_paid_minor(session, [invoice.id]).get(invoice.id, 0)
        balance = max(0, invoice.total_minor - paid)
        applied = min(minor, balance)
        excess = minor - applied
        base: dict[str, Any] = {
            "client_id": invoice.client_id,
            "project_id": invoice.project_id,
            "currency": invoice.currency,
            "day": day,
            "method": method,
        }
        if applied:
            kind = "final" if applied == balance else "partial"
            session.add(Payment(invoice_id=invoice.id, kind=kind, amount_minor=applied, **base))
        if excess:
            session.add(Payment(kind="credit", amount_minor=excess, **base))
        if applied == balance:
            invoice.status = "paid"
            invoice.updated_at = utcnow()
            session.add(invoice)
        session.flush()
        view = invoice_view(session, invoice)
        view["notices"] = []
        if excess:
            view["notices"].append(
                f"{format_money(excess, invoice.currency)} beyond the balance kept as client credit"
            )
        return view


def record_deposit(
    book: Book, project_ref: str, amount: str, *, on: str | None = None, method: str = ""
) -> dict[str, Any]:
    """A prepayment before any invoice; says how much of the required deposit is in."""
    check_no_controls(method, "method")
    day = _day(book, on)
    with book.write() as session:
        project = find_project(session, project_ref)
        minor = parse_positive_minor(amount, currency_digits(project.currency))
        payment = Payment(
            client_id=project.client_id,
            project_id=project.id,
            kind="deposit",
            amount_minor=minor,
            currency=project.currency,
            day=day,
            method=method,
        )
        session.add(payment)
        session.flush()
        assert project.id is not None
        received = project_usage(session, [project.id])[project.id].deposit_received_minor
        required = deposit_required_minor(terms_of(project))
        view = payment_view(payment)
        view["project"] = project.title
        view["deposit_received"] = money(received, project.currency)
        view["deposit_required"] = money(required, project.currency)
        view["notices"] = _deposit_notices(received, required, project.currency)
        return view


def _deposit_notices(received: int, required: int, currency: str) -> list[str]:
    if not required:
        return []
    if received >= required:
        return [
            f"deposit complete: {format_money(received, currency)} of "
            f"{format_money(required, currency)} received; work can start"
        ]
    return [
        f"deposit partly in: {format_money(received, currency)} of "
        f"{format_money(required, currency)}; "
        f"{format_money(required - received, currency)} still due before work starts"
    ]
