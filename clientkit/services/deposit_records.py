"""`deposit`: money received ahead of invoices, written through Core.

A deposit pays what the project has open, in this order: the advance invoice named (--advance),
the project's open advance invoices, oldest first, then the balance of its other issued
invoices, oldest first (a deposit recorded after the final invoice was issued counts against
it; the document as issued stays as it was). What is left waits as a deposit for the
project's next invoice, which absorbs it when issued. Like `log`, it runs as a fresh process
many times a week, so it imports neither the ORM nor pydantic (services/payments.py takes
payments on invoices).
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from clientkit.domain.money import parse_positive_minor
from clientkit.domain.terms import deposit_required_minor
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.money_days import money_day
from clientkit.services.name_lookup import invoice_id_named, project_id_named
from clientkit.services.views import Noticed, PaymentView, payment_view
from clientkit.storage.core_writes import insert_row, update_rows
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import paid_by_invoice, project_row, project_usage
from clientkit.storage.write_tables import invoice, payment


class DepositResult(PaymentView, Noticed):
    """A deposit taken, with how much of the project's required deposit is now in."""

    project: str
    deposit_received: Decimal
    deposit_required: Decimal


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
    with book.write_core() as db:
        project = project_row(db, project_id_named(db, project_ref))
        minor = parse_positive_minor(amount, currency_digits(project.currency))
        named = _named_advance(db, project, advance_ref) if advance_ref else None
        first_id, notices = _spread(db, project, minor, day, method, named)
        received = project_usage(db, [project.id])[project.id].deposit_received_minor
        required = deposit_required_minor(terms_of(project))
        first = db.execute(select(payment).where(payment.c.id == first_id)).one()
        return {
            **payment_view(first),
            "project": project.title,
            "deposit_received": money(received, project.currency),
            "deposit_required": money(required, project.currency),
            "notices": notices + _deposit_notices(received, required, project.currency),
        }


def _named_advance(db: Connection, project: Any, ref: str) -> Any:
    """The open advance invoice of `project` that `--advance` names (its number, or id)."""
    found = db.execute(select(invoice).where(invoice.c.id == invoice_id_named(db, ref))).one()
    label = f"invoice {found.number or found.id}"
    if not found.advance or found.kind != "invoice":
        raise BadInput(f"{label} is not an advance invoice (deposit request makes those)")
    if found.project_id != project.id:
        raise BadInput(f"advance {label} is not one of project {project.title!r}'s")
    if found.status != "issued":
        raise BadInput(f"advance {label} is {found.status}: it takes no deposit")
    return found


def _open_invoices(db: Connection, project: Any) -> list[Any]:
    """The project's issued invoices in its currency, locked for this transaction: advance
    invoices first, then the others, each oldest first."""
    return list(
        db.execute(
            select(invoice)
            .where(
                invoice.c.project_id == project.id,
                invoice.c.kind == "invoice",
                invoice.c.status == "issued",
                invoice.c.currency == project.currency,
            )
            .order_by(invoice.c.advance.desc(), invoice.c.issue_date, invoice.c.id)
            .with_for_update()
        )
    )


def _spread(
    db: Connection, project: Any, minor: int, day: date, method: str, named: Any
) -> tuple[int, list[str]]:
    """The deposit as payments on the project's open invoices, in order, and what is left
    as a deposit waiting for its next invoice; the first payment's id, and a notice per
    invoice it paid."""
    targets = _open_invoices(db, project)
    if named is not None:
        targets = [named, *[one for one in targets if one.id != named.id]]
    paid = paid_by_invoice(db, [one.id for one in targets])
    ids: list[int] = []
    notices: list[str] = []
    left = minor
    for target in targets:
        balance = target.total_minor - paid.get(target.id, 0)
        part = min(left, balance)
        if part <= 0:
            continue
        ids.append(_deposit(db, project, part, day, method, target.id))
        left -= part
        if part == balance:
            update_rows(
                db,
                invoice,
                invoice.c.id == target.id,
                status="paid",
                updated_at=datetime.now(UTC),
            )
        notices.append(_paid_notice(target, part, balance - part))
        if not left:
            break
    if left:
        ids.append(_deposit(db, project, left, day, method, None))
        if notices:
            notices.append(
                said(
                    "%(amount)s waits as a deposit for the project's next invoice",
                    amount=format_money(left, project.currency),
                )
            )
    return ids[0], notices


def _deposit(
    db: Connection, project: Any, minor: int, day: date, method: str, on: int | None
) -> int:
    return insert_row(
        db,
        payment,
        client_id=project.client_id,
        project_id=project.id,
        invoice_id=on,
        kind="deposit",
        amount_minor=minor,
        currency=project.currency,
        day=day,
        method=method,
    )


def _paid_notice(invoice: Any, part: int, balance: int) -> str:
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
