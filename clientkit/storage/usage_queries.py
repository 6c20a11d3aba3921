"""What a project has used so far, read through Core: revisions, minutes, money, billed lines.

The everyday commands (`log`, `revision add`, the timer) answer with these figures right after
their write, as fresh processes: the queries name Core tables (storage/tables.py), so they run
on a Core connection without the ORM, and on an ORM session alike."""

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, select

from clientkit.domain.terms import COMMUNICATION_KINDS
from clientkit.storage.expressions import not_voided, signed_amount, standing_invoice
from clientkit.storage.figures import ProjectUsage
from clientkit.storage.tables import (
    invoice,
    invoice_line,
    payment,
    project,
    project_minutes,
    project_payments,
    revision,
    time_entry,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    Reader = Connection | Session


def project_row(db: "Reader", project_id: int) -> Any:
    """The project's own row: the columns storage/tables.project names (title, status,
    currency, dates, terms), as attributes, like the ORM object's."""
    return db.execute(select(project).where(project.c.id == project_id)).one()


def project_usage(db: "Reader", project_ids: Iterable[int]) -> dict[int, ProjectUsage]:
    """Revisions, minutes by family and money received per project, one query per family."""
    ids = list(project_ids)
    if not ids:
        return {}
    revisions = _revision_counts(db, ids)
    minutes = _minutes_by_family(db, ids)
    money = _project_money(db, ids)
    usage: dict[int, ProjectUsage] = {}
    for project_id in ids:
        work, comm = minutes.get(project_id, (0, 0))
        deposit, received = money.get(project_id, (0, 0))
        usage[project_id] = ProjectUsage(
            revisions.get(project_id, 0), work, comm, deposit, received
        )
    return usage


def _revision_counts(db: "Reader", ids: list[int]) -> dict[int, int]:
    rows = db.execute(
        select(revision.c.project_id, func.count())
        .where(revision.c.project_id.in_(ids))
        .group_by(revision.c.project_id)
    )
    return {project_id: count for project_id, count in rows}


def _minutes_by_family(db: "Reader", ids: list[int]) -> dict[int, tuple[int, int]]:
    """Work and communication minutes per project, as the time_entry triggers keep them."""
    rows = db.execute(
        select(
            project_minutes.c.project_id,
            project_minutes.c.work_minutes,
            project_minutes.c.comm_minutes,
        ).where(project_minutes.c.project_id.in_(ids))
    )
    return {project_id: (int(work), int(comm)) for project_id, work, comm in rows}


def _project_money(db: "Reader", ids: list[int]) -> dict[int, tuple[int, int]]:
    """Deposits and money received per project in the project's own currency, as the payment
    triggers keep them (the same figures the risk rules judge)."""
    rows = db.execute(
        select(
            project_payments.c.project_id,
            project_payments.c.deposit_minor,
            project_payments.c.received_minor,
        )
        .join(
            project,
            and_(
                project.c.id == project_payments.c.project_id,
                project.c.currency == project_payments.c.currency,
            ),
        )
        .where(project_payments.c.project_id.in_(ids))
    )
    return {project_id: (int(deposit), int(total)) for project_id, deposit, total in rows}


def minutes_logged(db: "Reader", project_id: int, kind: str) -> int:
    """Minutes of one kind logged on a project so far (corrections subtracted)."""
    total = db.execute(
        select(func.coalesce(func.sum(time_entry.c.minutes), 0)).where(
            time_entry.c.project_id == project_id, time_entry.c.kind == kind
        )
    ).scalar()
    return int(total or 0)


def unbilled_minutes(db: "Reader", project_id: int) -> tuple[int, int]:
    """Minutes of work and of communication logged as not billable on a project: the totals
    the triggers keep count all time (it was spent), an invoice leaves these out."""
    talk = time_entry.c.kind.in_(COMMUNICATION_KINDS)
    minutes = time_entry.c.minutes
    work, comm = db.execute(
        select(
            func.coalesce(func.sum(case((talk, 0), else_=minutes)), 0),
            func.coalesce(func.sum(case((talk, minutes), else_=0)), 0),
        ).where(time_entry.c.project_id == project_id, time_entry.c.billable.is_(False))
    ).one()
    return int(work), int(comm)


def billed_lines(db: "Reader", project_id: int) -> list[tuple[str, str, Decimal]]:
    """(kind, description, quantity) of every line on the project's standing invoices: drafts
    and issued ones (a credited invoice was cancelled by its credit note)."""
    rows = db.execute(
        select(invoice_line.c.kind, invoice_line.c.description, invoice_line.c.quantity)
        .join(invoice, invoice.c.id == invoice_line.c.invoice_id)
        .where(
            invoice.c.project_id == project_id,
            standing_invoice(invoice.c.kind, invoice.c.status),
        )
    )
    return [(kind, description, Decimal(quantity)) for kind, description, quantity in rows]


def paid_by_invoice(db: "Reader", invoice_ids: Iterable[int]) -> dict[int, int]:
    """Money received against each invoice (refunds subtracted, voided payments left out)."""
    ids = list(invoice_ids)
    if not ids:
        return {}
    rows = db.execute(
        select(
            payment.c.invoice_id, func.sum(signed_amount(payment.c.amount_minor, payment.c.kind))
        )
        .where(payment.c.invoice_id.in_(ids), not_voided(payment.c.voided_at))
        .group_by(payment.c.invoice_id)
    )
    return {invoice_id: int(paid) for invoice_id, paid in rows}
