"""The days of the work a new draft bills: the first and last day of its time entries and of
its revisions (the service period an invoice states, EN 16931 BG-14).

Invoices bill logged minutes in aggregate (see clientkit.services.time_entries): a draft sums
every entry logged so far, less what the project's standing invoices bill. So the entries a
new draft bills are those no standing invoice with a line of their family was drafted after:
logged after the project's last such invoice, or within the stretch a since-credited invoice
had summed (its minutes are billable again)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlmodel import Session, col

from clientkit.domain.terms import COMMUNICATION_KINDS
from clientkit.storage.models import Invoice, InvoiceLine, Revision, TimeEntry

Days = tuple[date | None, date | None]


def minute_days(session: Session, project_id: int, family: str, *, every: bool = False) -> Days:
    """First and last day of the billable entries of `family` ("hours": work, "communication":
    calls, meetings, e-mail, chat) a new draft of the project bills; `every`: all of them (a
    fixed price bills the project's whole work)."""
    talk = col(TimeEntry.kind).in_(COMMUNICATION_KINDS)
    conditions: list[Any] = [
        col(TimeEntry.project_id) == project_id,
        col(TimeEntry.billable).is_(True),
        talk if family == "communication" else ~talk,
    ]
    if not every:
        conditions.append(_unbilled(_drafted(session, project_id, family)))
    first, last = session.execute(
        select(func.min(col(TimeEntry.day)), func.max(col(TimeEntry.day))).where(*conditions)
    ).one()
    return first, last


def _drafted(session: Session, project_id: int, family: str) -> list[tuple[datetime, bool]]:
    """When each invoice of the project with a line of `family` was drafted, oldest first, and
    whether it still stands (not credited)."""
    rows = session.execute(
        select(col(Invoice.created_at), col(Invoice.status))
        .where(
            col(Invoice.project_id) == project_id,
            col(Invoice.kind) == "invoice",
            col(Invoice.id).in_(
                select(col(InvoiceLine.invoice_id)).where(col(InvoiceLine.kind) == family)
            ),
        )
        .order_by(col(Invoice.created_at), col(Invoice.id))
    )
    return [(drafted, status != "credited") for drafted, status in rows]


def _unbilled(drafted: list[tuple[datetime, bool]]) -> Any:
    """Entries logged in no stretch a standing invoice summed."""
    logged = col(TimeEntry.created_at)
    stretches: list[Any] = []
    previous: datetime | None = None
    for when, standing in drafted:
        if not standing:
            stretches.append(
                and_(logged > previous, logged <= when) if previous else logged <= when
            )
        previous = when
    stretches.append(logged > previous if previous else true())
    return or_(*stretches)


def revision_days(session: Session, project_id: int, skip: int) -> Days:
    """First and last request day of the project's revisions after the first `skip` (those the
    contract includes and earlier invoices billed)."""
    numbered = (
        select(col(Revision.requested_on))
        .where(col(Revision.project_id) == project_id)
        .order_by(col(Revision.number), col(Revision.id))
        .offset(skip)
        .subquery()
    )
    first, last = session.execute(
        select(func.min(numbered.c.requested_on), func.max(numbered.c.requested_on))
    ).one()
    return first, last
