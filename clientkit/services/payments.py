"""Money received: payments on invoices (excess kept as client credit) and deposits.

A deposit pays what the project has open, in this order: the advance invoice named (--advance),
the project's open advance invoices, oldest first, then the balance of its other issued
invoices, oldest first (a deposit recorded after the final invoice was issued counts against
it; the document as issued stays as it was). What is left waits as a deposit for the
project's next invoice, which absorbs it when issued. Money paid on an advance invoice, by
`deposit` or by `pay`, is a deposit.
"""

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from clientkit.domain.dates import check_not_before
from clientkit.domain.money import parse_positive_minor
from clientkit.domain.terms import deposit_required_minor
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said, said_in
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.credit import settle_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.invoicing import InvoiceResult, invoice_view
from clientkit.services.lookup import find_invoice, find_project
from clientkit.services.money_moves import money_day
from clientkit.services.views import Noticed, PaymentView, payment_view, stored
from clientkit.storage.invoice_queries import open_project_invoices
from clientkit.storage.models import Invoice, Payment, Project, utcnow
from clientkit.storage.queries import invoice_paid_minor
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import project_usage


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
        paid = invoice_paid_minor(session, [invoice.id]).get(invoice.id, 0)
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


def record_deposit(
    book: Book,
    project_ref: str,
    amount: str,
    *,
    on: str | None = None,
    method: str = "",
    confirmed: bool = False,
    advance_ref: str | None = None,
) -> DepositResult:
    """A prepayment: it pays the project's open invoices in the order of the module (the
    advance invoice `advance_ref` names first), the rest waits for its next invoice; says how
    much of the required deposit is in. One dated in the future or more than a year ago is
    taken only `confirmed`."""
    check_no_controls(method, "method")
    day = money_day(book, on, said("deposit date"), confirmed)
    with book.write() as session:
        project = find_project(session, project_ref)
        minor = parse_positive_minor(amount, currency_digits(project.currency))
        named = _named_advance(session, project, advance_ref) if advance_ref else None
        rows, notices = _spread(session, project, minor, day, method, named)
        assert project.id is not None
        received = project_usage(session, [project.id])[project.id].deposit_received_minor
        required = deposit_required_minor(terms_of(project))
        return {
            **payment_view(rows[0]),
            "project": project.title,
            "deposit_received": money(received, project.currency),
            "deposit_required": money(required, project.currency),
            "notices": notices + _deposit_notices(received, required, project.currency),
        }


def _named_advance(session: Session, project: Project, ref: str) -> Invoice:
    """The open advance invoice of `project` that `--advance` names."""
    invoice = find_invoice(session, ref)
    label = f"invoice {invoice.number or invoice.id}"
    if not invoice.advance or invoice.kind != "invoice":
        raise BadInput(f"{label} is not an advance invoice (deposit request makes those)")
    if invoice.project_id != project.id:
        raise BadInput(f"advance {label} is not one of project {project.title!r}'s")
    if invoice.status != "issued":
        raise BadInput(f"advance {label} is {invoice.status}: it takes no deposit")
    return invoice


def _spread(
    session: Session,
    project: Project,
    minor: int,
    day: date,
    method: str,
    named: Invoice | None,
) -> tuple[list[Payment], list[str]]:
    """The deposit as payments on the project's open invoices, in order, and what is left
    as a deposit waiting for its next invoice; with a notice per invoice it paid."""
    assert project.id is not None
    targets = open_project_invoices(session, project.id, project.currency)
    if named is not None:
        targets = [named, *[one for one in targets if one.id != named.id]]
    paid = invoice_paid_minor(session, [stored(one.id) for one in targets])
    rows: list[Payment] = []
    notices: list[str] = []
    left = minor
    for invoice in targets:
        balance = invoice.total_minor - paid.get(stored(invoice.id), 0)
        part = min(left, balance)
        if part <= 0:
            continue
        rows.append(_deposit(project, part, day, method, invoice.id))
        left -= part
        if part == balance:
            invoice.status = "paid"
            invoice.updated_at = utcnow()
            session.add(invoice)
        notices.append(_paid_notice(invoice, part, balance - part))
        if not left:
            break
    if left:
        rows.append(_deposit(project, left, day, method, None))
        if notices:
            notices.append(
                said(
                    "%(amount)s waits as a deposit for the project's next invoice",
                    amount=format_money(left, project.currency),
                )
            )
    session.add_all(rows)
    session.flush()
    return rows, notices


def _deposit(project: Project, minor: int, day: date, method: str, on: int | None) -> Payment:
    return Payment(
        client_id=project.client_id,
        project_id=project.id,
        invoice_id=on,
        kind="deposit",
        amount_minor=minor,
        currency=project.currency,
        day=day,
        method=method,
    )


def _paid_notice(invoice: Invoice, part: int, balance: int) -> str:
    c = invoice.currency
    values = {"amount": format_money(part, c), "number": invoice.number}
    if not balance and invoice.advance:
        return said("%(amount)s pays advance invoice %(number)s in full", **values)
    if not balance:
        return said("%(amount)s pays invoice %(number)s in full", **values)
    due = format_money(balance, c)
    if invoice.advance:
        return said("%(amount)s paid on advance invoice %(number)s; %(due)s due", due=due, **values)
    return said("%(amount)s paid on invoice %(number)s; %(due)s due", due=due, **values)


def _deposit_notices(received: int, required: int, currency: str) -> list[str]:
    if not required:
        return []
    if received >= required:
        return [
            said(
                "deposit complete: %(received)s of %(required)s received; work can start",
                received=format_money(received, currency),
                required=format_money(required, currency),
            )
        ]
    return [
        said(
            "deposit partly in: %(received)s of %(required)s; %(missing)s still due before work"
            " starts",
            received=format_money(received, currency),
            required=format_money(required, currency),
            missing=format_money(required - received, currency),
        )
    ]
