"""Queries behind payment reminders: open invoices past due, with the reminders they already had."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from clientkit.storage.credit_queries import ClientCurrency, credit_by_currency, open_balances
from clientkit.storage.expressions import not_voided
from clientkit.storage.models import Client, Invoice, Payment, Project, Reminder


@dataclass(frozen=True)
class ReminderState:
    """A reminder row of an invoice: its status and, for an intent, when it was written."""

    id: int
    status: str
    intent_at: datetime | None
    sent_at: datetime | None = None
    owner: str = ""


@dataclass(frozen=True)
class OverdueInvoice:
    """An issued invoice with an open balance past its due date, and whom to remind."""

    invoice_id: int
    number: str
    status: str
    currency: str
    issue_date: date | None
    due_date: date
    total_minor: int
    paid_minor: int
    project_id: int | None
    project_title: str | None
    late_fee_bp: int | None
    client_id: int
    client_name: str
    client_company: str
    client_email: str
    client_locale: str
    reminders: dict[str, ReminderState]
    client_vat_id: str = ""
    client_country: str = ""

    @property
    def balance_minor(self) -> int:
        return self.total_minor - self.paid_minor


@dataclass(frozen=True)
class Cover:
    """What a client holds against what it owes, in one currency: credit, deposits received
    on projects with an open invoice but absorbed by none, and the open balance."""

    credit_minor: int = 0
    deposits_minor: int = 0
    owed_minor: int = 0

    @property
    def held_minor(self) -> int:
        return max(self.credit_minor, 0) + self.deposits_minor


def client_covers(session: Session, client_ids: Iterable[int]) -> dict[ClientCurrency, Cover]:
    """Each client's `Cover` per currency it owes in (credit by credit_queries' one rule)."""
    ids = list(client_ids)
    owed = open_balances(session, ids)
    credit = credit_by_currency(session, ids)
    deposits = _unclaimed_deposits(session, ids)
    return {
        key: Cover(credit.get(key, 0), deposits.get(key, 0), amount) for key, amount in owed.items()
    }


def _unclaimed_deposits(session: Session, client_ids: list[int]) -> dict[ClientCurrency, int]:
    """Deposits no invoice absorbed, on projects that have an open issued invoice."""
    if not client_ids:
        return {}
    with_open_invoice = select(col(Invoice.project_id)).where(
        col(Invoice.client_id).in_(client_ids),
        col(Invoice.status) == "issued",
        col(Invoice.kind) == "invoice",
        col(Invoice.currency) == col(Payment.currency),
    )
    rows = session.execute(
        select(col(Payment.client_id), col(Payment.currency), func.sum(col(Payment.amount_minor)))
        .where(
            col(Payment.client_id).in_(client_ids),
            col(Payment.kind) == "deposit",
            col(Payment.invoice_id).is_(None),
            not_voided(col(Payment.voided_at)),
            col(Payment.project_id).in_(with_open_invoice),
        )
        .group_by(col(Payment.client_id), col(Payment.currency))
    )
    return {(client, currency): int(total) for client, currency, total in rows}


def overdue_invoices(session: Session, due_before: date) -> list[OverdueInvoice]:
    """Issued invoices (not credit notes) due on or before `due_before` with a balance left.

    One statement: the paid sum is a correlated subquery, the reminders an outer join.
    """
    amount = col(Payment.amount_minor)
    paid = (
        select(
            func.coalesce(
                func.sum(
                    case(
                        (col(Payment.kind) == "refund", -amount),
                        else_=amount,
                    )
                ),
                0,
            )
        )
        .where(col(Payment.invoice_id) == col(Invoice.id), not_voided(col(Payment.voided_at)))
        .correlate(Invoice)
        .scalar_subquery()
    )
    open_invoices = (
        select(col(Invoice.id).label("invoice_id"), paid.label("paid"))
        .where(
            col(Invoice.status) == "issued",
            col(Invoice.kind) == "invoice",
            col(Invoice.due_date) <= due_before,
            col(Invoice.total_minor) > paid,
        )
        .subquery()
    )
    rows = session.execute(
        select(
            Invoice,
            open_invoices.c.paid,
            col(Client.name),
            col(Client.company),
            col(Client.email),
            col(Client.locale),
            col(Project.title),
            col(Project.late_fee_bp),
            col(Reminder.id),
            col(Reminder.level),
            col(Reminder.status),
            col(Reminder.intent_at),
            col(Reminder.sent_at),
            col(Reminder.owner),
            col(Client.vat_id),
            col(Client.country),
        )
        .join(open_invoices, open_invoices.c.invoice_id == col(Invoice.id))
        .join(Client, col(Client.id) == col(Invoice.client_id))
        .outerjoin(Project, col(Project.id) == col(Invoice.project_id))
        .outerjoin(Reminder, col(Reminder.invoice_id) == col(Invoice.id))
        .order_by(col(Invoice.due_date), col(Invoice.id))
    ).all()
    return _grouped(rows)


def _grouped(rows: Sequence[Row[*tuple[Any, ...]]]) -> list[OverdueInvoice]:
    found: dict[int, OverdueInvoice] = {}
    for (
        invoice,
        paid,
        name,
        company,
        email,
        locale,
        title,
        late_bp,
        rid,
        level,
        status,
        intent_at,
        sent_at,
        owner,
        vat_id,
        country,
    ) in rows:
        entry = found.get(invoice.id)
        if entry is None:
            entry = OverdueInvoice(
                invoice.id,
                invoice.number or "",
                invoice.status,
                invoice.currency,
                invoice.issue_date,
                invoice.due_date,
                invoice.total_minor,
                int(paid),
                invoice.project_id,
                title,
                late_bp,
                invoice.client_id,
                name,
                company,
                email,
                locale,
                {},
                vat_id,
                country,
            )
            found[invoice.id] = entry
        if rid is not None:
            entry.reminders[level] = ReminderState(rid, status, intent_at, sent_at, owner)
    return list(found.values())


def claim_new(
    session: Session, invoice_id: int, level: str, channel: str, owner: str, at: datetime
) -> int | None:
    """Insert the intent row; None when another run already holds this (invoice, level)."""
    try:
        with session.begin_nested():
            reminder = Reminder(
                invoice_id=invoice_id,
                level=level,
                status="intent",
                channel=channel,
                owner=owner,
                intent_at=at,
                created_at=at,
                updated_at=at,
            )
            session.add(reminder)
            session.flush()
    except IntegrityError:
        return None
    return reminder.id


def claim_existing(
    session: Session,
    reminder_id: int,
    expected_status: str,
    expected_intent_at: datetime | None,
    channel: str,
    owner: str,
    at: datetime,
) -> bool:
    """Turn a failed (or confirmed interrupted) row back into a fresh intent, if unchanged.

    Compare-and-set on status and intent time: of two runs, only one sees its update land.
    """
    intent_at = col(Reminder.intent_at)
    same_time = (
        intent_at.is_(None) if expected_intent_at is None else (intent_at == expected_intent_at)
    )
    result = session.execute(
        update(Reminder)
        .where(
            and_(
                col(Reminder.id) == reminder_id, col(Reminder.status) == expected_status, same_time
            )
        )
        .values(
            status="intent", channel=channel, owner=owner, intent_at=at, updated_at=at, error=""
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
