"""When a draft's supply happened, unless the user says: the first and last day of the work
its lines bill (time entries of its hours and communication, the project's work for a fixed
price, the revisions beyond those included), else the project's delivery (or cancellation)
date, else the day the invoice is issued; a notice says when it is not the work's."""

from datetime import date

from sqlmodel import Session

from clientkit.domain.billing import Line, billed_from
from clientkit.domain.delivery import Delivery, delivery_of_days
from clientkit.storage.models import Invoice, Project
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import billed_lines
from clientkit.storage.work_days import minute_days, revision_days

NO_DATED_WORK = (
    "no dated work is billed: the delivery date will be the issue date; "
    "give another with invoice create --delivered DATE or --period FROM..TO"
)


def default_delivery(
    session: Session, project: Project, lines: list[Line]
) -> tuple[Delivery | None, list[str]]:
    """The delivery of a draft about to bill `lines` for `project`, and what to say about it."""
    assert project.id is not None
    kinds = {line.kind for line in lines}
    days: list[date | None] = []
    if "price" in kinds:
        days += minute_days(session, project.id, "hours", every=True)
    if "hours" in kinds:
        days += minute_days(session, project.id, "hours")
    if "communication" in kinds:
        days += minute_days(session, project.id, "communication")
    if "revision" in kinds:
        days += revision_days(session, project.id, _revisions_before(session, project))
    found = delivery_of_days(days)
    if found is not None:
        return found, []
    for day, what in (
        (project.delivered_on, "delivery date"),
        (project.cancelled_on, "cancellation date"),
    ):
        if day is not None:
            said = f"no dated work is billed: the delivery date is the project's {what}, {day}"
            return Delivery(delivered=day), [said]
    return None, [NO_DATED_WORK]


def _revisions_before(session: Session, project: Project) -> int:
    """How many of the project's first revisions a new draft does not bill: those included
    in the price and those earlier invoices billed."""
    assert project.id is not None
    billed = billed_from(billed_lines(session, project.id)).revisions
    return (terms_of(project).revisions_included or 0) + int(billed)


def set_delivery(invoice: Invoice, delivery: Delivery | None) -> None:
    """Store a period or a delivery date on the invoice (None: neither, for now)."""
    found = delivery or Delivery()
    invoice.period_start, invoice.period_end = found.start, found.end
    invoice.delivered_on = found.delivered


def delivery_on_issue(invoice: Invoice, issue_day: date) -> None:
    """An invoice issued with neither a period nor a delivery date (its draft said so) is
    delivered that day."""
    if invoice.period_start is None and invoice.delivered_on is None:
        invoice.delivered_on = issue_day
