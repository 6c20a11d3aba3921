"""Time entries as invoices bill them: the drafts whose lines sum a project's minutes. (Lists
of entries are storage/list_queries.py's; minutes logged as not billable, usage_queries'.)"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from clientkit.storage.list_queries import MINUTE_LINES
from clientkit.storage.models import Invoice, InvoiceLine


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
