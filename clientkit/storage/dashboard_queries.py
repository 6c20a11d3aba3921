"""The dashboard's lists through Core: overdue invoices, replies owed, active projects, the week.

The dashboard is the TUI's first screen: these queries name the Core tables of
storage/tables.py, so showing it imports neither the ORM nor the model classes (nor SQLModel
and pydantic behind them). Each list is one page and a count, never the whole book."""

from datetime import date, datetime
from typing import Any, TypedDict, cast

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection

from clientkit.domain.terms import Terms
from clientkit.storage.expressions import not_voided, signed_amount
from clientkit.storage.tables import client, invoice, message, payment, project, time_entry
from clientkit.storage.terms import TERMS_FIELDS, terms_from


class OverdueRow(TypedDict):
    """An issued invoice past its due date with money still owed on it."""

    id: int
    number: str | None
    currency: str
    due_date: date
    client_id: int
    client: str
    balance_minor: int


class WaitingRow(TypedDict):
    """An inbound message not answered yet."""

    id: int
    at: datetime
    subject: str
    channel: str
    client_id: int
    client: str


class ActiveRow(TypedDict):
    """An active project: its title, client, deadline and terms."""

    id: int
    title: str
    currency: str
    deadline: date | None
    client_id: int
    client: str
    terms: Terms


def _open_balance() -> Any:
    """The unpaid part of the outer query's invoice (refunds subtracted, voided payments left
    out): issued invoices only, never below zero. The rule of storage/browse.py's lists."""
    paid = (
        select(func.coalesce(func.sum(signed_amount(payment.c.amount_minor, payment.c.kind)), 0))
        .where(payment.c.invoice_id == invoice.c.id, not_voided(payment.c.voided_at))
        .correlate(invoice)
        .scalar_subquery()
    )
    owed = invoice.c.total_minor - paid
    return case((and_(invoice.c.status == "issued", owed > 0), owed), else_=0)


def _count(db: Connection, query: Any) -> int:
    return int(db.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def overdue_invoices(db: Connection, today: date, limit: int) -> tuple[int, list[OverdueRow]]:
    """Issued invoices due before `today` with a balance, longest overdue first, and how many."""
    balance = _open_balance()
    query = (
        select(
            invoice.c.id,
            invoice.c.number,
            invoice.c.currency,
            invoice.c.due_date,
            invoice.c.client_id,
            client.c.name.label("client"),
            balance.label("balance_minor"),
        )
        .join(client, client.c.id == invoice.c.client_id)
        .where(invoice.c.status == "issued", invoice.c.due_date < today, balance > 0)
    )
    total = _count(db, query.with_only_columns(invoice.c.id))
    page = query.order_by(invoice.c.due_date, invoice.c.id).limit(limit)
    return total, cast(list[OverdueRow], [dict(row) for row in db.execute(page).mappings()])


def awaiting_replies(db: Connection, before: datetime, limit: int) -> tuple[int, list[WaitingRow]]:
    """Inbound messages not answered yet, oldest first, and how many there are."""
    query = (
        select(
            message.c.id,
            message.c.at,
            message.c.subject,
            message.c.channel,
            message.c.client_id,
            client.c.name.label("client"),
        )
        .join(client, client.c.id == message.c.client_id)
        .where(
            message.c.direction == "inbound",
            message.c.answered_at.is_(None),
            message.c.at <= before,
        )
    )
    total = _count(db, query.with_only_columns(message.c.id))
    page = query.order_by(message.c.at, message.c.id).limit(limit)
    return total, cast(list[WaitingRow], [dict(row) for row in db.execute(page).mappings()])


def active_projects(db: Connection, limit: int) -> tuple[int, list[ActiveRow]]:
    """Active projects, nearest deadline first (those without one last), and how many."""
    active = project.c.status == "active"
    total = int(db.execute(select(func.count()).where(active)).scalar_one())
    terms = len(TERMS_FIELDS)
    query = (
        select(
            *(project.c[name] for name in TERMS_FIELDS),
            project.c.id,
            project.c.title,
            project.c.currency,
            project.c.deadline,
            project.c.client_id,
            client.c.name,
        )
        .join(client, client.c.id == project.c.client_id)
        .where(active)
        .order_by(project.c.deadline.is_(None), project.c.deadline, project.c.id)
        .limit(limit)
    )
    return total, [
        {
            "id": row[terms],
            "title": row[terms + 1],
            "currency": row[terms + 2],
            "deadline": row[terms + 3],
            "client_id": row[terms + 4],
            "client": row[terms + 5],
            "terms": terms_from(row[:terms]),
        }
        for row in db.execute(query)
    ]


def minutes_by_kind(db: Connection, first: date, last: date) -> dict[str, int]:
    """Minutes logged per kind between two calendar days, both included."""
    rows = db.execute(
        select(time_entry.c.kind, func.sum(time_entry.c.minutes))
        .where(time_entry.c.day >= first, time_entry.c.day <= last)
        .group_by(time_entry.c.kind)
    )
    return {kind: int(minutes) for kind, minutes in rows}
