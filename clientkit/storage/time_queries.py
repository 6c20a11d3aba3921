"""Time entries as invoices bill them: the drafts whose lines sum a project's minutes, and the
minutes logged as not billable. (Lists of entries are storage/list_queries.py's.)"""

from collections.abc import Iterable

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from clientkit.domain.terms import COMMUNICATION_KINDS
from clientkit.storage.list_queries import MINUTE_LINES
from clientkit.storage.models import Invoice, InvoiceLine, TimeEntry


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


def unbilled_minutes(session: Session, project_id: int) -> tuple[int, int]:
    """Minutes of work and of communication logged as not billable on a project: the totals
    the triggers keep count all time (it was spent), an invoice leaves these out."""
    talk = col(TimeEntry.kind).in_(COMMUNICATION_KINDS)
    minutes = col(TimeEntry.minutes)
    work, comm = session.execute(
        select(
            func.coalesce(func.sum(case((talk, 0), else_=minutes)), 0),
            func.coalesce(func.sum(case((talk, minutes), else_=0)), 0),
        ).where(col(TimeEntry.project_id) == project_id, col(TimeEntry.billable).is_(False))
    ).one()
    return int(work), int(comm)
