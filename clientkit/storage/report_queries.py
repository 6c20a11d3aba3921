"""The figures behind `clientkit report`: money and minutes over a period, summed in SQL."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement

from clientkit.domain.terms import TIME_KINDS
from clientkit.storage.expressions import not_voided, signed_amount
from clientkit.storage.risk_queries import Reader
from clientkit.storage.tables import client, invoice, payment, project, time_entry


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included; None leaves that side open."""

    start: date | None = None
    end: date | None = None

    def bounds(self, column: Any) -> list[ColumnElement[bool]]:
        """The period as conditions on a date column; an open side of a bounded period is
        closed at date.min/date.max: SQLite's planner takes a one-sided range for unselective
        and would read every entry through the wrong index."""
        if self.start is None and self.end is None:
            return []
        return [column >= (self.start or date.min), column <= (self.end or date.max)]


@dataclass(frozen=True, slots=True)
class ProjectActivity:
    """Minutes logged on one project in the period, by kind, and money received for it."""

    project_id: int
    title: str
    client_id: int
    client: str
    currency: str
    minutes: dict[str, int]
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
    """Per project with time or money in the period: minutes by kind and money received
    (in the project's currency). Rows stream from the cursor: read them inside the transaction."""
    sums = [
        func.sum(case((time_entry.c.kind == kind, time_entry.c.minutes), else_=0)).label(kind)
        for kind in TIME_KINDS
    ]
    minutes = (
        select(time_entry.c.project_id, *sums)
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
    rows = db.execute(
        select(
            project.c.id,
            project.c.title,
            project.c.client_id,
            client.c.name.label("client"),
            project.c.currency,
            money.c.received,
            *(minutes.c[kind] for kind in TIME_KINDS),
        )
        .join(client, client.c.id == project.c.client_id)
        .outerjoin(minutes, minutes.c.project_id == project.c.id)
        .outerjoin(money, money.c.project_id == project.c.id)
        .where((minutes.c.project_id.is_not(None)) | (money.c.project_id.is_not(None)))
        .order_by(client.c.name, project.c.title, project.c.id)
    )
    for project_id, title, client_id, client_name, currency, received, *sums in rows:
        yield ProjectActivity(
            project_id=project_id,
            title=title,
            client_id=client_id,
            client=client_name,
            currency=currency,
            received_minor=int(received or 0),
            minutes={kind: int(value or 0) for kind, value in zip(TIME_KINDS, sums, strict=True)},
        )


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
