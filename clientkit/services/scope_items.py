"""Scope items: the deliverables agreed at kickoff, and the change requests that come after."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from clientkit.domain.dates import parse_date
from clientkit.domain.durations import parse_hours
from clientkit.domain.money import parse_minor
from clientkit.domain.risk.facts import OPEN_STATUSES
from clientkit.domain.text import check_name
from clientkit.domain.wording import said
from clientkit.i18n import currency_digits, format_money
from clientkit.services.book import Book
from clientkit.services.errors import Refused
from clientkit.services.lookup import find_project, find_scope_item
from clientkit.services.views import Noticed, ScopeView, scope_view
from clientkit.storage.models import Project, ScopeItem, utcnow


class ScopeResult(ScopeView, Noticed):
    """A scope item just added; a change request says what to do before starting it."""


def _open_project(session: Session, ref: str) -> Project:
    project = find_project(session, ref)
    if project.status not in OPEN_STATUSES:
        raise Refused(f"project {project.title!r} is {project.status}; reopen work elsewhere")
    return project


def add_scope_item(
    book: Book,
    project_ref: str,
    description: str,
    *,
    price: str | None = None,
    hours: str | None = None,
) -> ScopeResult:
    """A deliverable; added after kickoff it is a change request, priced separately."""
    check_name(description, "description")
    with book.write() as session:
        project = _open_project(session, project_ref)
        digits = currency_digits(project.currency)
        item = ScopeItem(
            project_id=project.id,  # type: ignore[arg-type]
            description=description,
            price_minor=None if price is None else parse_minor(price, digits),
            estimate_minutes=None if hours is None else parse_hours(hours),
            change_request=project.status != "draft",
        )
        session.add(item)
        session.flush()
        return {
            **scope_view(item, project.currency),
            "notices": _change_request_notices(session, project, item),
        }


def _change_request_notices(session: Session, project: Project, item: ScopeItem) -> list[str]:
    if not item.change_request:
        return []
    count = session.exec(
        select(func.count())
        .select_from(ScopeItem)
        .where(
            ScopeItem.project_id == project.id,
            ScopeItem.change_request == True,  # noqa: E712
        )
    ).one()
    price = (
        format_money(item.price_minor, project.currency)
        if item.price_minor is not None
        else said("not priced yet")
    )
    return [
        said(
            "change request %(number)s after kickoff (%(price)s): get the change order signed"
            " before starting it",
            number=count,
            price=price,
        )
    ]


class ApprovedChange(ScopeView, Noticed):
    """A change request just approved, and what its change order changed on the project."""

    project: str
    deadline_before: date | None
    deadline: date | None  # the project's deadline now


def approve_scope_item(book: Book, item_ref: str, on: str | None = None) -> ApprovedChange:
    """Record that the client signed the change order, and apply what the order says: the
    deadline it moves to (`scope order --days`); its price is billed as a line of its own."""
    with book.write() as session:
        item = find_scope_item(session, item_ref)
        project = session.get(Project, item.project_id)
        assert project is not None
        if not item.change_request:
            raise Refused(f"scope item {item.id} is part of the original scope, not a change")
        item.approved_on = parse_date(on) if on is not None else book.clock.today()
        item.updated_at = utcnow()
        session.add(item)
        before = project.deadline
        if item.order_deadline is not None and item.order_deadline != before:
            project.deadline = item.order_deadline
            project.updated_at = utcnow()
            session.add(project)
        return {
            **scope_view(item, project.currency),
            "project": project.title,
            "deadline_before": before,
            "deadline": project.deadline,
            "notices": _approval_notices(item, project, before),
        }


def _approval_notices(item: ScopeItem, project: Project, before: date | None) -> list[str]:
    notices = []
    if project.deadline != before:
        was = "none" if before is None else before.isoformat()
        notices.append(
            said(
                "the deadline of %(project)s moves from %(was)s to %(deadline)s, as the change"
                " order says",
                project=repr(project.title),
                was=was,
                deadline=project.deadline,
            )
        )
    if item.price_minor is not None:
        notices.append(
            said(
                "its price %(price)s is billed as a line of its own on the project's next invoice",
                price=format_money(item.price_minor, project.currency),
            )
        )
    return notices
