"""Money received on an invoice: the part beyond its balance is kept as client credit.

Money paid on an advance invoice, by `pay` or by `deposit` (services/deposit_records.py), is
a deposit.
"""

from datetime import date

from clientkit.domain.dates import check_not_before
from clientkit.domain.money import parse_positive_minor
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said, said_in
from clientkit.i18n import currency_digits, format_money
from clientkit.services.book import Book
from clientkit.services.credit import settle_client
from clientkit.services.errors import Refused
from clientkit.services.invoicing import InvoiceResult, invoice_view
from clientkit.services.lookup import find_invoice
from clientkit.services.money_days import money_day
from clientkit.storage.models import Invoice, Payment, utcnow
from clientkit.storage.usage_queries import paid_by_invoice


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
    day = money_day(book, on, said("payment date"), confirmed)
    with book.write() as session:
        invoice = find_invoice(session, invoice_ref)
        if invoice.status in ("draft", "credited") or invoice.kind != "invoice":
            raise Refused(
                said(
                    "invoice %(invoice)s is %(status)s; only issued invoices take payments",
                    invoice=invoice.number or invoice.id,
                    status=said_in("invoice status", invoice.status),
                )
            )
        minor = parse_positive_minor(amount, currency_digits(invoice.currency))
        check_not_before(
            day,
            invoice.issue_date,
            said("payment date"),
            said("the invoice's issue date"),
            confirmed=confirmed,
        )
        assert invoice.id is not None
        paid = paid_by_invoice(session, [invoice.id]).get(invoice.id, 0)
        balance = max(0, invoice.total_minor - paid)
        applied = min(minor, balance)
        excess = minor - applied
        if applied:
            kind = _payment_kind(invoice, applied == balance)
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
                said(
                    "%(amount)s beyond the balance kept as client credit",
                    amount=format_money(excess, invoice.currency),
                )
            )
            # With [credit].auto_apply the new credit settles the client's other open invoices.
            notices += settle_client(session, book.config, invoice.client_id, invoice.currency)
        return {**invoice_view(session, invoice), "notices": notices}


def _payment_kind(invoice: Invoice, settles: bool) -> str:
    """Money paid on an advance invoice is a deposit; on another invoice, a payment."""
    if invoice.advance:
        return "deposit"
    return "final" if settles else "partial"


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
