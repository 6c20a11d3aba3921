"""Money received: payments on invoices (excess kept as client credit) and deposits."""

from datetime import date
from decimal import Decimal

from clientkit.domain.dates import check_not_before
from clientkit.domain.money import parse_positive_minor
from clientkit.domain.terms import deposit_required_minor
from clientkit.domain.text import check_no_controls
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.credit import settle_client
from clientkit.services.errors import Refused
from clientkit.services.invoicing import InvoiceResult, invoice_view
from clientkit.services.lookup import find_invoice, find_project
from clientkit.services.money_moves import money_day
from clientkit.services.views import Noticed, PaymentView, payment_view
from clientkit.storage.models import Invoice, Payment, utcnow
from clientkit.storage.queries import invoice_paid_minor, project_usage
from clientkit.storage.terms import terms_of


class DepositResult(PaymentView, Noticed):
    """A deposit taken, with how much of the project's required deposit is now in."""

    project: str
    deposit_received: Decimal
    deposit_required: Decimal


def pay_invoice(
    book: Book,
    invoice_ref: str,
    amount: str,
    *,
    on: str | None = None,
    method: str = "",
    confirmed: bool = False,
) -> InvoiceResult:
    """Record a payment on an issued invoice; the part beyond its balance becomes credit.
    A payment dated in the future or before the invoice was issued is taken only `confirmed`."""
    check_no_controls(method, "method")
    day = money_day(book, on, "payment date", confirmed)
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        if invoice.status in ("draft", "credited") or invoice.kind != "invoice":
            raise Refused(
                f"invoice {invoice.number or invoice.id} is {invoice.status}; "
                "only issued invoices take payments"
            )
        minor = parse_positive_minor(amount, currency_digits(invoice.currency))
        check_not_before(
            day, invoice.issue_date, "payment date", "the invoice's issue date", confirmed=confirmed
        )
        assert invoice.id is not None
        paid = invoice_paid_minor(session, [invoice.id]).get(invoice.id, 0)
        balance = max(0, invoice.total_minor - paid)
        applied = min(minor, balance)
        excess = minor - applied
        if applied:
            kind = "final" if applied == balance else "partial"
            session.add(_received(invoice, kind, applied, day, method, invoice_id=invoice.id))
        if excess:
            session.add(_received(invoice, "credit", excess, day, method))
        if applied == balance:
            invoice.status = "paid"
            invoice.updated_at = utcnow()
            session.add(invoice)
        session.flush()
        notices = []
        if excess:
            notices.append(
                f"{format_money(excess, invoice.currency)} beyond the balance kept as client credit"
            )
            # With [credit].auto_apply the new credit settles the client's other open invoices.
            notices += settle_client(session, book.config, invoice.client_id, invoice.currency)
        return {**invoice_view(session, invoice), "notices": notices}


def _received(
    invoice: Invoice, kind: str, minor: int, day: date, method: str, invoice_id: int | None = None
) -> Payment:
    """Money received from the invoice's client, on the invoice or (credit) beside it."""
    return Payment(
        client_id=invoice.client_id,
        project_id=invoice.project_id,
        invoice_id=invoice_id,
        kind=kind,
        amount_minor=minor,
        currency=invoice.currency,
        day=day,
        method=method,
    )


def record_deposit(
    book: Book,
    project_ref: str,
    amount: str,
    *,
    on: str | None = None,
    method: str = "",
    confirmed: bool = False,
) -> DepositResult:
    """A prepayment before any invoice; says how much of the required deposit is in. One dated
    in the future or more than a year ago is taken only `confirmed`."""
    check_no_controls(method, "method")
    day = money_day(book, on, "deposit date", confirmed)
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
        return {
            **payment_view(payment),
            "project": project.title,
            "deposit_received": money(received, project.currency),
            "deposit_required": money(required, project.currency),
            "notices": _deposit_notices(received, required, project.currency),
        }


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
