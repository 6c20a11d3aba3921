"""Paged, searchable lists and the dashboard's figures: one page of rows per query, never all."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypedDict, cast

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.engine import RowMapping
from sqlmodel import Session, col

from clientkit.storage.expressions import not_voided, signed_amount
from clientkit.storage.models import (
    Client,
    Invoice,
    Message,
    Payment,
    Project,
    Revision,
    TimeEntry,
)

CLIENT_SORTS = ("name", "newest", "balance")
PROJECT_SORTS = ("newest", "title", "deadline")
INVOICE_SORTS = ("newest", "due")


class ClientRow(TypedDict):
    id: int
    name: str
    company: str
    email: str
    currency: str
    archived: bool
    balance_minor: int
    projects: int


class ProjectRow(TypedDict):
    id: int
    title: str
    status: str
    currency: str
    price_minor: int | None
    hourly_rate_minor: int | None
    deadline: date | None
    client_id: int
    client: str


class InvoiceRow(TypedDict):
    id: int
    number: str | None
    kind: str
    status: str
    currency: str
    issue_date: date | None
    due_date: date | None
    total_minor: int
    client_id: int
    project_id: int | None
    client: str
    paid_minor: int
    balance_minor: int


class ReplyRow(TypedDict):
    """An inbound message not answered yet."""

    id: int
    at: datetime
    subject: str
    channel: str
    client_id: int
    client: str


class NameHit(TypedDict):
    """A client, project or invoice whose name matched, and a word on what it is."""

    kind: str  # client, project, invoice
    id: int
    name: str
    detail: str


class RevisionRow(TypedDict):
    id: int
    number: int
    description: str
    requested_on: date


class TimeRow(TypedDict):
    id: int
    day: date
    kind: str
    minutes: int
    note: str
    billable: bool


class PaymentRow(TypedDict):
    id: int
    day: date
    kind: str
    amount_minor: int
    currency: str
    method: str
    invoice_id: int | None


class History(TypedDict):
    revisions: list[RevisionRow]
    time: list[TimeRow]
    payments: list[PaymentRow]


def _fields(model: Any, *names: str) -> list[Any]:
    """Typed column expressions of a table, by attribute name."""
    return [col(getattr(model, name)) for name in names]


def _paid_per_invoice() -> Any:
    """Money received against the outer query's invoice (refunds subtracted), as a scalar."""
    signed = signed_amount(col(Payment.amount_minor), col(Payment.kind))
    return (
        select(func.coalesce(func.sum(signed), 0))
        .where(col(Payment.invoice_id) == col(Invoice.id), not_voided(col(Payment.voided_at)))
        .correlate(Invoice)
        .scalar_subquery()
    )


def _open_balance() -> Any:
    """The unpaid part of the outer query's invoice: issued invoices only, never below zero."""
    owed = col(Invoice.total_minor) - _paid_per_invoice()
    return case((and_(col(Invoice.status) == "issued", owed > 0), owed), else_=0)


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(columns: Iterable[Any], text: str) -> ColumnElement[bool]:
    pattern = _like(text)
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def _dicts(rows: Sequence[RowMapping]) -> list[dict[str, object]]:
    """The rows of a query as plain dicts keyed by its column labels (a row type's keys)."""
    return [dict(row) for row in rows]


def _client_balance() -> Any:
    """Per client: unpaid issued invoices in the client's own currency."""
    return (
        select(func.coalesce(func.sum(_open_balance()), 0))
        .where(
            col(Invoice.client_id) == col(Client.id),
            col(Invoice.currency) == col(Client.currency),
            col(Invoice.kind) == "invoice",
            col(Invoice.status) == "issued",
        )
        .correlate(Client)
        .scalar_subquery()
    )


def client_page(
    session: Session,
    *,
    search: str = "",
    sort: str = "name",
    offset: int = 0,
    limit: int = 50,
    include_archived: bool = False,
) -> tuple[int, list[ClientRow]]:
    """One page of clients (with open balance and project count) and how many match in all."""
    projects = (
        select(func.count())
        .where(col(Project.client_id) == col(Client.id))
        .correlate(Client)
        .scalar_subquery()
    )
    balance = _client_balance()
    query = select(
        *_fields(Client, "id", "name", "company", "email", "currency", "archived"),
        balance.label("balance_minor"),
        projects.label("projects"),
    )
    if not include_archived:
        query = query.where(col(Client.archived) == False)  # noqa: E712
    if search.strip():
        query = query.where(_matches(_fields(Client, "name", "company", "email"), search))
    total = _count(session, query.with_only_columns(col(Client.id)))
    order = {
        "name": (func.lower(col(Client.name)), col(Client.id)),
        "newest": (col(Client.id).desc(),),
        "balance": (balance.desc(), func.lower(col(Client.name))),
    }[sort]
    rows = session.execute(query.order_by(*order).offset(offset).limit(limit)).mappings().all()
    return total, cast(list[ClientRow], _dicts(rows))


def project_page(
    session: Session,
    *,
    search: str = "",
    status: str | None = None,
    client_id: int | None = None,
    sort: str = "newest",
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[ProjectRow]]:
    """One page of projects with their client's name, and how many match in all."""
    query: Select[Any] = select(
        *_fields(
            Project,
            "id",
            "title",
            "status",
            "currency",
            "price_minor",
            "hourly_rate_minor",
            "deadline",
            "client_id",
        ),
        col(Client.name).label("client"),
    ).join(Client, col(Client.id) == col(Project.client_id))
    if status:
        query = query.where(col(Project.status) == status)
    if client_id is not None:
        query = query.where(col(Project.client_id) == client_id)
    if search.strip():
        query = query.where(_matches((col(Project.title), col(Client.name)), search))
    total = _count(session, query.with_only_columns(col(Project.id)))
    order = {
        "newest": (col(Project.id).desc(),),
        "title": (func.lower(col(Project.title)), col(Project.id)),
        "deadline": (col(Project.deadline).is_(None), col(Project.deadline), col(Project.id)),
    }[sort]
    rows = session.execute(query.order_by(*order).offset(offset).limit(limit)).mappings().all()
    return total, cast(list[ProjectRow], _dicts(rows))


def invoice_page(
    session: Session,
    *,
    today: date,
    status: str | None = None,
    overdue: bool = False,
    search: str = "",
    client_id: int | None = None,
    project_id: int | None = None,
    sort: str = "newest",
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[InvoiceRow]]:
    """One page of invoices with paid and open balance, and how many match in all.

    `overdue` keeps issued invoices with a balance whose due date has passed.
    """
    paid = _paid_per_invoice()
    balance = _open_balance()
    query: Select[Any] = select(
        *_fields(
            Invoice,
            "id",
            "number",
            "kind",
            "status",
            "currency",
            "issue_date",
            "due_date",
            "total_minor",
            "client_id",
            "project_id",
        ),
        col(Client.name).label("client"),
        paid.label("paid_minor"),
        balance.label("balance_minor"),
    ).join(Client, col(Client.id) == col(Invoice.client_id))
    if status:
        query = query.where(col(Invoice.status) == status)
    if client_id is not None:
        query = query.where(col(Invoice.client_id) == client_id)
    if project_id is not None:
        query = query.where(col(Invoice.project_id) == project_id)
    if overdue:
        query = query.where(
            col(Invoice.status) == "issued", col(Invoice.due_date) < today, balance > 0
        )
    if search.strip():
        query = query.where(_matches((col(Invoice.number), col(Client.name)), search))
    total = _count(session, query.with_only_columns(col(Invoice.id)))
    order = {
        "newest": (col(Invoice.id).desc(),),
        "due": (col(Invoice.due_date).is_(None), col(Invoice.due_date), col(Invoice.id)),
    }[sort]
    rows = session.execute(query.order_by(*order).offset(offset).limit(limit)).mappings().all()
    return total, cast(list[InvoiceRow], _dicts(rows))


def awaiting_replies(
    session: Session, *, before: datetime, limit: int = 10
) -> tuple[int, list[ReplyRow]]:
    """Inbound messages not yet answered (oldest first) and how many there are."""
    query = (
        select(
            *_fields(Message, "id", "at", "subject", "channel", "client_id"),
            col(Client.name).label("client"),
        )
        .join(Client, col(Client.id) == col(Message.client_id))
        .where(
            col(Message.direction) == "inbound",
            col(Message.answered_at).is_(None),
            col(Message.at) <= before,
        )
    )
    total = _count(session, query.with_only_columns(col(Message.id)))
    ordered = query.order_by(col(Message.at), col(Message.id)).limit(limit)
    rows = session.execute(ordered).mappings().all()
    return total, cast(list[ReplyRow], _dicts(rows))


def minutes_by_kind(session: Session, first: date, last: date) -> dict[str, int]:
    """Minutes logged per kind between two calendar days, both included."""
    rows = session.execute(
        select(col(TimeEntry.kind), func.sum(col(TimeEntry.minutes)))
        .where(col(TimeEntry.day) >= first, col(TimeEntry.day) <= last)
        .group_by(col(TimeEntry.kind))
    )
    return {kind: int(minutes) for kind, minutes in rows}


def name_hits(session: Session, text: str, limit: int = 8) -> list[NameHit]:
    """Clients, projects and invoices whose name, title or number contains `text`."""
    pattern = text.strip()
    if not pattern:
        return []
    clients = session.execute(
        select(col(Client.id), col(Client.name))
        .where(_matches((col(Client.name),), pattern))
        .order_by(func.lower(col(Client.name)))
        .limit(limit)
    ).all()
    projects = session.execute(
        select(col(Project.id), col(Project.title), col(Client.name))
        .join(Client, col(Client.id) == col(Project.client_id))
        .where(_matches((col(Project.title),), pattern))
        .order_by(func.lower(col(Project.title)))
        .limit(limit)
    ).all()
    invoices = session.execute(
        select(col(Invoice.id), col(Invoice.number), col(Invoice.status), col(Client.name))
        .join(Client, col(Client.id) == col(Invoice.client_id))
        .where(_matches((col(Invoice.number),), pattern))
        .order_by(col(Invoice.id).desc())
        .limit(limit)
    ).all()
    return [
        *(name_hit("client", i, name, "") for i, name in clients),
        *(name_hit("project", i, title, client) for i, title, client in projects),
        *(
            name_hit("invoice", i, number, f"{client}, {status}")
            for i, number, status, client in invoices
        ),
    ]


def name_hit(kind: str, row_id: int, name: str, detail: str) -> NameHit:
    return {"kind": kind, "id": row_id, "name": name, "detail": detail}


def project_history(session: Session, project_id: int, limit: int = 50) -> History:
    """A project's revisions, latest time entries and payments, newest first."""
    revisions = (
        session.execute(
            select(*_fields(Revision, "id", "number", "description", "requested_on"))
            .where(col(Revision.project_id) == project_id)
            .order_by(col(Revision.number).desc())
            .limit(limit)
        )
        .mappings()
        .all()
    )
    entries = (
        session.execute(
            select(*_fields(TimeEntry, "id", "day", "kind", "minutes", "note", "billable"))
            .where(col(TimeEntry.project_id) == project_id)
            .order_by(col(TimeEntry.day).desc(), col(TimeEntry.id).desc())
            .limit(limit)
        )
        .mappings()
        .all()
    )
    payments = (
        session.execute(
            select(
                *_fields(
                    Payment, "id", "day", "kind", "amount_minor", "currency", "method", "invoice_id"
                )
            )
            .where(col(Payment.project_id) == project_id, not_voided(col(Payment.voided_at)))
            .order_by(col(Payment.day).desc(), col(Payment.id).desc())
            .limit(limit)
        )
        .mappings()
        .all()
    )
    return {
        "revisions": cast(list[RevisionRow], _dicts(revisions)),
        "time": cast(list[TimeRow], _dicts(entries)),
        "payments": cast(list[PaymentRow], _dicts(payments)),
    }
