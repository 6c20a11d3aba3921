"""The figures behind `clientkit report`: money and minutes over a period, summed in SQL; over
all time, read from the totals the triggers keep wherever there are some."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from clientkit.domain.terms import COMMUNICATION_KINDS, TIME_KINDS
from clientkit.storage.expressions import not_voided, signed_amount
from clientkit.storage.risk_queries import Reader
from clientkit.storage.tables import (
    client,
    invoice,
    payment,
    project,
    project_minutes,
    project_payments,
    time_entry,
)


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included; None leaves that side open."""

    start: date | None = None
    end: date | None = None

    @property
    def unbounded(self) -> bool:
        """All time: neither side is closed."""
        return self.start is None and self.end is None

    def bounds(self, column: Any) -> list[ColumnElement[bool]]:
        """The period as conditions on a date column; an open side of a bounded period is
        closed at date.min/date.max: SQLite's planner takes a one-sided range for unselective
        and would read every entry through the wrong index."""
        if self.unbounded:
            return []
        return [column >= (self.start or date.min), column <= (self.end or date.max)]


@dataclass(frozen=True, slots=True)
class ProjectActivity:
    """Minutes of work and of communication logged on one project in the period, and money
    received for it."""

    project_id: int
    title: str
    client_id: int
    client: str
    currency: str
    work_minutes: int
    comm_minutes: int
    received_minor: int


def _signed() -> Any:
    return signed_amount(payment.c.amount_minor, payment.c.kind)


def _counted() -> Any:
    return not_voided(payment.c.voided_at)


def received_by_currency(db: Reader, period: Period) -> dict[str, int]:
    """Money received (refunds subtracted) per currency."""
    rows = db.execute(
        select(payment.c.currency, func.sum(_signed()))
        .where(*period.bounds(payment.c.day), _counted())
        .group_by(payment.c.currency)
    )
    return {currency: int(total) for currency, total in rows}


def invoiced_by_currency(db: Reader, period: Period) -> dict[str, tuple[int, int]]:
    """Per currency: totals of invoices issued in the period, and of credit notes issued."""
    is_invoice = invoice.c.kind == "invoice"
    rows = db.execute(
        select(
            invoice.c.currency,
            func.sum(case((is_invoice, invoice.c.total_minor), else_=0)),
            func.sum(case((is_invoice, 0), else_=func.abs(invoice.c.total_minor))),
        )
        .where(
            invoice.c.status != "draft",
            invoice.c.issue_date.is_not(None),
            *period.bounds(invoice.c.issue_date),
        )
        .group_by(invoice.c.currency)
    )
    return {currency: (int(invoiced), int(credited)) for currency, invoiced, credited in rows}


def outstanding_by_currency(db: Reader, period: Period) -> dict[str, int]:
    """Per currency: what is still unpaid today on invoices issued up to the period's end."""
    paid = (
        select(func.coalesce(func.sum(_signed()), 0))
        .where(payment.c.invoice_id == invoice.c.id, _counted())
        .scalar_subquery()
    )
    end = Period(None, period.end)
    balance = invoice.c.total_minor - paid
    rows = db.execute(
        select(invoice.c.currency, func.sum(case((balance > 0, balance), else_=0)))
        .where(
            invoice.c.status == "issued",
            invoice.c.kind == "invoice",
            *end.bounds(invoice.c.issue_date),
        )
        .group_by(invoice.c.currency)
    )
    return {currency: int(total) for currency, total in rows}


def project_activity(db: Reader, period: Period) -> Iterator[ProjectActivity]:
    """Per project with time or money in the period: minutes of work and of communication
    and money received (in the project's currency), by client and title. All time is read
    from the totals the triggers keep; a period sums its own entries and payments. Rows
    stream from the cursor: read them inside the transaction."""
    rows = db.execute(_kept_activity() if period.unbounded else _logged_activity(period))
    for project_id, title, client_id, client_name, currency, received, work, comm in rows:
        yield ProjectActivity(
            project_id=project_id,
            title=title,
            client_id=client_id,
            client=client_name,
            currency=currency,
            work_minutes=int(work or 0),
            comm_minutes=int(comm or 0),
            received_minor=int(received or 0),
        )


def _activity(*columns: Any) -> Select[Any]:
    """Projects with their client, by client's name and title, with `columns`."""
    return (
        select(
            project.c.id,
            project.c.title,
            project.c.client_id,
            client.c.name.label("client"),
            project.c.currency,
            *columns,
        )
        .join(client, client.c.id == project.c.client_id)
        .order_by(client.c.name, project.c.title, project.c.id)
    )


def _kept_activity() -> Select[Any]:
    """Every project with an entry or a payment in its currency, with its kept totals."""
    kept_money = and_(
        project_payments.c.project_id == project.c.id,
        project_payments.c.currency == project.c.currency,
    )
    logged = exists().where(time_entry.c.project_id == project.c.id)
    paid = exists().where(
        payment.c.project_id == project.c.id, payment.c.currency == project.c.currency, _counted()
    )
    return (
        _activity(
            project_payments.c.received_minor,
            project_minutes.c.work_minutes,
            project_minutes.c.comm_minutes,
        )
        .outerjoin(project_minutes, project_minutes.c.project_id == project.c.id)
        .outerjoin(project_payments, kept_money)
        .where(or_(logged, paid))
    )


def _logged_activity(period: Period) -> Select[Any]:
    """Every project with entries or payments in its currency in the period, summed."""
    talk = time_entry.c.kind.in_(COMMUNICATION_KINDS)
    minutes = (
        select(
            time_entry.c.project_id,
            func.sum(case((talk, 0), else_=time_entry.c.minutes)).label("work"),
            func.sum(case((talk, time_entry.c.minutes), else_=0)).label("comm"),
        )
        .where(*period.bounds(time_entry.c.day))
        .group_by(time_entry.c.project_id)
        .subquery()
    )
    money = (
        select(payment.c.project_id, func.sum(_signed()).label("received"))
        .join(project, project.c.id == payment.c.project_id)
        .where(payment.c.currency == project.c.currency, *period.bounds(payment.c.day), _counted())
        .group_by(payment.c.project_id)
        .subquery()
    )
    return (
        _activity(money.c.received, minutes.c.work, minutes.c.comm)
        .outerjoin(minutes, minutes.c.project_id == project.c.id)
        .outerjoin(money, money.c.project_id == project.c.id)
        .where((minutes.c.project_id.is_not(None)) | (money.c.project_id.is_not(None)))
    )


def minutes_by_kind(db: Reader, period: Period) -> dict[str, int]:
    """Minutes logged in the period by kind (every kind, 0 when none). All time: work from
    the kept totals and each kind of communication through the project and kind index, so
    only communication entries are read, never the work entries that are most of them."""
    if not period.unbounded:
        rows = db.execute(
            select(time_entry.c.kind, func.sum(time_entry.c.minutes))
            .where(*period.bounds(time_entry.c.day))
            .group_by(time_entry.c.kind)
        )
        found = {kind: int(total or 0) for kind, total in rows}
        return {kind: found.get(kind, 0) for kind in TIME_KINDS}
    per_kind = [
        _sum(
            time_entry.c.minutes, time_entry.c.project_id == project.c.id, time_entry.c.kind == kind
        )
        for kind in COMMUNICATION_KINDS
    ]
    talk = db.execute(select(*(func.coalesce(func.sum(each), 0) for each in per_kind))).one()
    work = db.execute(select(func.coalesce(func.sum(project_minutes.c.work_minutes), 0))).scalar()
    found = {"work": int(work or 0), **dict(zip(COMMUNICATION_KINDS, map(int, talk), strict=True))}
    return {kind: found.get(kind, 0) for kind in TIME_KINDS}


def _sum(column: Any, *where: Any) -> Any:
    """A correlated scalar SUM (0 when nothing matches)."""
    return select(func.coalesce(func.sum(column), 0)).where(*where).scalar_subquery()


def received_by_client(db: Reader, period: Period) -> dict[tuple[int, str], int]:
    """Money received per client and currency."""
    rows = db.execute(
        select(payment.c.client_id, payment.c.currency, func.sum(_signed()))
        .where(*period.bounds(payment.c.day), _counted())
        .group_by(payment.c.client_id, payment.c.currency)
    )
    return {(client_id, currency): int(total) for client_id, currency, total in rows}


def client_names(db: Reader, ids: list[int]) -> dict[int, str]:
    """Names of the given clients."""
    if not ids:
        return {}
    rows = db.execute(select(client.c.id, client.c.name).where(client.c.id.in_(ids)))
    return dict(rows.tuples().all())
