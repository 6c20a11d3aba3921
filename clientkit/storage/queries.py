"""Aggregate queries: the numbers behind projects and clients, computed in SQL, not in Python."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlmodel import Session

from clientkit.domain.terms import COMMUNICATION_KINDS
from clientkit.storage.models import Invoice, Payment, Project, Revision, TimeEntry

RECEIVED_KINDS = ("deposit", "partial", "final", "credit")


@dataclass(frozen=True)
class ProjectUsage:
    """What has been used on a project so far."""

    revisions: int = 0
    work_minutes: int = 0
    comm_minutes: int = 0
    deposit_received_minor: int = 0
    received_minor: int = 0


@dataclass(frozen=True)
class ClientMoney:
    """A client's open balance, credit and received money, in the client's currency."""

    balance_minor: int = 0
    received_minor: int = 0
    credit_minor: int = 0
    logged_minutes: int = 0


def project_usage(session: Session, project_ids: Iterable[int]) -> dict[int, ProjectUsage]:
    """Revisions, minutes by family and money received per project, one query per family."""
    ids = list(project_ids)
    if not ids:
        return {}
    revisions = _revision_counts(session, ids)
    minutes = _minutes_by_family(session, ids)
    money = _project_money(session, ids)
    usage: dict[int, ProjectUsage] = {}
    for project_id in ids:
        work, comm = minutes.get(project_id, (0, 0))
        deposit, received = money.get(project_id, (0, 0))
        usage[project_id] = ProjectUsage(
            revisions.get(project_id, 0), work, comm, deposit, received
        )
    return usage


def _revision_counts(session: Session, ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(Revision.project_id, func.count())
        .where(Revision.project_id.in_(ids))  # type: ignore[attr-defined]
        .group_by(Revision.project_id)
    )
    return {project_id: count for project_id, count in rows}


def _minutes_by_family(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    is_work = TimeEntry.kind == "work"
    rows = session.execute(
        select(
            TimeEntry.project_id,
            func.coalesce(func.sum(case((is_work, TimeEntry.minutes), else_=0)), 0),
            func.coalesce(func.sum(case((is_work, 0), else_=TimeEntry.minutes)), 0),
        )
        .where(TimeEntry.project_id.in_(ids))  # type: ignore[attr-defined]
        .group_by(TimeEntry.project_id)
    )
    return {project_id: (int(work), int(comm)) for project_id, work, comm in rows}


def _project_money(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    signed = case((Payment.kind == "refund", -Payment.amount_minor), else_=Payment.amount_minor)
    rows = session.execute(
        select(
            Payment.project_id,
            func.coalesce(
                func.sum(case((Payment.kind == "deposit", Payment.amount_minor), else_=0)), 0
            ),
            func.coalesce(func.sum(signed), 0),
        )
        .where(Payment.project_id.in_(ids))  # type: ignore[union-attr]
        .group_by(Payment.project_id)
    )
    return {project_id: (int(deposit), int(total)) for project_id, deposit, total in rows}


def invoice_paid_minor(session: Session, invoice_ids: Iterable[int]) -> dict[int, int]:
    """Money received against each invoice (refunds subtracted)."""
    ids = list(invoice_ids)
    if not ids:
        return {}
    signed = case((Payment.kind == "refund", -Payment.amount_minor), else_=Payment.amount_minor)
    rows = session.execute(
        select(Payment.invoice_id, func.sum(signed))
        .where(Payment.invoice_id.in_(ids))  # type: ignore[union-attr]
        .group_by(Payment.invoice_id)
    )
    return {invoice_id: int(paid) for invoice_id, paid in rows}


def client_money(session: Session, client_id: int, currency: str) -> ClientMoney:
    """Open balance of issued invoices, money received, unused credit and minutes logged."""
    paid_per_invoice = (
        select(func.coalesce(func.sum(Payment.amount_minor), 0))
        .where(Payment.invoice_id == Invoice.id, Payment.kind != "refund")
        .scalar_subquery()
    )
    balance = session.execute(
        select(func.coalesce(func.sum(Invoice.total_minor - paid_per_invoice), 0)).where(
            Invoice.client_id == client_id,
            Invoice.status == "issued",
            Invoice.kind == "invoice",
            Invoice.currency == currency,
        )
    ).scalar_one()
    received, credit = session.execute(
        select(
            func.coalesce(
                func.sum(
                    case(
                        (Payment.kind == "refund", -Payment.amount_minor),
                        else_=Payment.amount_minor,
                    )
                ),
                0,
            ),
            func.coalesce(
                func.sum(case((Payment.kind == "credit", Payment.amount_minor), else_=0)), 0
            ),
        ).where(Payment.client_id == client_id, Payment.currency == currency)
    ).one()
    minutes = session.execute(
        select(func.coalesce(func.sum(TimeEntry.minutes), 0))
        .join(Project, Project.id == TimeEntry.project_id)
        .where(Project.client_id == client_id)
    ).scalar_one()
    return ClientMoney(int(balance), int(received), int(credit), int(minutes))


def is_communication(kind: str) -> bool:
    return kind in COMMUNICATION_KINDS
