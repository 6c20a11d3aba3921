"""Time entries as lists: one page newest first with its project and client, the sums of all
that match, and the issued invoices whose hours rest on a project's entries."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import Session, col

from clientkit.storage.models import Client, Invoice, InvoiceLine, Project, TimeEntry

# The invoice lines that bill logged minutes in aggregate: work hours of an hourly project,
# and communication beyond its budget (clientkit.domain.billing.project_lines).
MINUTE_LINES = ("hours", "communication")


@dataclass(frozen=True)
class TimeFilter:
    """Which entries a list shows; None means any."""

    project_id: int | None = None
    client_id: int | None = None
    start: date | None = None
    end: date | None = None
    kind: str | None = None


@dataclass(frozen=True)
class TimeRow:
    """One entry as a list shows it."""

    id: int
    day: date
    project_id: int
    project: str
    client_id: int
    client: str
    kind: str
    minutes: int
    billable: bool
    note: str
    created_at: datetime


@dataclass(frozen=True)
class BillingInvoice:
    """An issued invoice with a line billing a project's minutes of one family."""

    project_id: int
    number: str
    line_kind: str  # "hours" or "communication"
    drafted_at: datetime  # when its lines were computed from every entry then logged


def _conditions(where: TimeFilter) -> list[Any]:
    conditions: list[Any] = []
    if where.project_id is not None:
        conditions.append(col(TimeEntry.project_id) == where.project_id)
    if where.client_id is not None:
        projects = select(col(Project.id)).where(col(Project.client_id) == where.client_id)
        conditions.append(col(TimeEntry.project_id).in_(projects))
    if where.start is not None:
        conditions.append(col(TimeEntry.day) >= where.start)
    if where.end is not None:
        conditions.append(col(TimeEntry.day) <= where.end)
    if where.kind is not None:
        conditions.append(col(TimeEntry.kind) == where.kind)
    return conditions


def time_rows(session: Session, where: TimeFilter, limit: int) -> list[TimeRow]:
    """At most `limit` matching entries, newest day first (the latest logged first within a
    day)."""
    return [TimeRow(*row) for row in session.execute(time_rows_statement(where, limit))]


def time_rows_statement(where: TimeFilter, limit: int) -> Select[Any]:
    """The query of `time_rows`: the day index is read backwards and the scan stops at
    `limit`, so a million entries cost what fifty do."""
    columns: tuple[Any, ...] = (
        col(TimeEntry.id),
        col(TimeEntry.day),
        col(TimeEntry.project_id),
        col(Project.title),
        col(Project.client_id),
        col(Client.name),
        col(TimeEntry.kind),
        col(TimeEntry.minutes),
        col(TimeEntry.billable),
        col(TimeEntry.note),
        col(TimeEntry.created_at),
    )
    return (
        select(*columns)
        .join(Project, col(Project.id) == col(TimeEntry.project_id))
        .join(Client, col(Client.id) == col(Project.client_id))
        .where(*_conditions(where))
        .order_by(col(TimeEntry.day).desc(), col(TimeEntry.id).desc())
        .limit(limit)
    )


def time_sums(session: Session, where: TimeFilter) -> tuple[int, int]:
    """How many entries match, and their minutes."""
    statement = select(func.count(), func.coalesce(func.sum(col(TimeEntry.minutes)), 0)).where(
        *_conditions(where)
    )
    count, minutes = session.execute(statement).one()
    return int(count), int(minutes)


def billing_invoices(session: Session, project_ids: Iterable[int]) -> list[BillingInvoice]:
    """The issued (or paid) invoices, not credited, with a line billing minutes of the given
    projects, oldest first."""
    ids = sorted(set(project_ids))
    if not ids:
        return []
    statement = (
        select(
            col(Invoice.project_id),
            col(Invoice.number),
            col(InvoiceLine.kind),
            col(Invoice.created_at),
        )
        .join(InvoiceLine, col(InvoiceLine.invoice_id) == col(Invoice.id))
        .where(
            col(Invoice.project_id).in_(ids),
            col(Invoice.kind) == "invoice",
            col(Invoice.status).in_(("issued", "paid")),
            col(InvoiceLine.kind).in_(MINUTE_LINES),
        )
        .distinct()
        .order_by(col(Invoice.created_at), col(Invoice.number))
    )
    return [BillingInvoice(*row) for row in session.execute(statement)]


def drafts_billing_minutes(session: Session, project_ids: Iterable[int]) -> list[int]:
    """Ids of the draft invoices of these projects with a line billing logged minutes."""
    statement = (
        select(col(Invoice.id))
        .where(
            col(Invoice.project_id).in_(sorted(set(project_ids))),
            col(Invoice.kind) == "invoice",
            col(Invoice.status) == "draft",
            col(Invoice.id).in_(
                select(col(InvoiceLine.invoice_id)).where(col(InvoiceLine.kind).in_(MINUTE_LINES))
            ),
        )
        .order_by(col(Invoice.id))
    )
    return list(session.scalars(statement))
