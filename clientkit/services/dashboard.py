"""What needs attention today: overdue invoices, replies owed, active projects' limits, the week."""

from datetime import date, timedelta
from typing import TypedDict

from sqlmodel import select

from clientkit.services.book import Book
from clientkit.services.browse import InvoiceRow, invoice_page, project_page
from clientkit.services.views import Page, ProjectView, project_view
from clientkit.storage import browse
from clientkit.storage.browse import ReplyRow
from clientkit.storage.models import Client, Project
from clientkit.storage.usage_queries import project_usage


class AwaitingReply(ReplyRow):
    """An inbound message not answered yet, and how many hours it has waited."""

    age_hours: int


# "from" is a keyword, so this view is declared in the functional form.
WeekView = TypedDict(
    "WeekView", {"from": date, "to": date, "minutes": dict[str, int], "total": int}
)


def overdue_invoices(book: Book, limit: int = 8) -> Page[InvoiceRow]:
    """Issued invoices past their due date with a balance, longest overdue first."""
    return invoice_page(book, overdue=True, sort="due", limit=limit)


def awaiting_replies(book: Book, limit: int = 8) -> Page[AwaitingReply]:
    """Inbound messages not answered yet, oldest first, with their age in hours."""
    now = book.clock.now()
    with book.read() as session:
        total, rows = browse.awaiting_replies(session, before=now, limit=limit)
    waiting: list[AwaitingReply] = [
        {**row, "age_hours": int((now - row["at"]).total_seconds() // 3600)} for row in rows
    ]
    return {"total": total, "offset": 0, "rows": waiting}


def active_projects(book: Book, limit: int = 8) -> Page[ProjectView]:
    """Active projects, nearest deadline first, with what they used against their terms."""
    page = project_page(book, status="active", sort="deadline", limit=limit)
    ids = [row["id"] for row in page["rows"]]
    with book.read() as session:
        usage = project_usage(session, ids)
        pairs = (
            session.exec(
                select(Project, Client).join(Client).where(Project.id.in_(ids))  # type: ignore[union-attr]
            ).all()
            if ids
            else []
        )
        views = {
            project.id: project_view(project, client.name, usage[project.id])  # type: ignore[index]
            for project, client in pairs
        }
    rows = [views[project_id] for project_id in ids if project_id in views]
    return {"total": page["total"], "offset": page["offset"], "rows": rows}


def week_minutes(book: Book) -> WeekView:
    """Minutes logged per kind in the current week (Monday to Sunday)."""
    today = book.clock.today()
    first = today - timedelta(days=today.weekday())
    last = first + timedelta(days=6)
    with book.read() as session:
        by_kind = browse.minutes_by_kind(session, first, last)
    return {"from": first, "to": last, "minutes": by_kind, "total": sum(by_kind.values())}
