"""Queries behind the calendar feed: open deadlines, unpaid invoices and replies owed."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import false, select
from sqlmodel import Session, col

from clientkit.storage.models import Client, Message, Project
from clientkit.storage.reminder_queries import OverdueInvoice, overdue_invoices

# A deadline is about delivering: once a project is delivered, closed or cancelled it is moot.
DEADLINE_STATUSES = ("draft", "active")


@dataclass(frozen=True)
class Deadline:
    """The deadline of a project still to be delivered."""

    project_id: int
    title: str
    client_name: str
    deadline: date
    status: str


@dataclass(frozen=True)
class ReplyOwed:
    """An inbound message nobody has answered yet."""

    message_id: int
    client_name: str
    channel: str
    subject: str
    received_at: datetime


def project_deadlines(session: Session) -> list[Deadline]:
    """Deadlines of projects not yet delivered (draft, active) of clients not archived."""
    rows = session.execute(
        select(
            col(Project.id),
            col(Project.title),
            col(Client.name),
            col(Project.deadline),
            col(Project.status),
        )
        .join(Client, col(Client.id) == col(Project.client_id))
        .where(
            col(Project.status).in_(DEADLINE_STATUSES),
            col(Project.deadline).is_not(None),
            col(Client.archived) == false(),
        )
        .order_by(col(Project.deadline), col(Project.id))
    )
    return [Deadline(*row) for row in rows]


def unpaid_invoices(session: Session) -> list[OverdueInvoice]:
    """Every issued invoice with a balance left, whatever its due date, with its reminders."""
    return overdue_invoices(session, date.max)


def replies_owed(session: Session) -> list[ReplyOwed]:
    """Unanswered inbound messages of clients not archived, oldest first."""
    rows = session.execute(
        select(
            col(Message.id),
            col(Client.name),
            col(Message.channel),
            col(Message.subject),
            col(Message.at),
        )
        .join(Client, col(Client.id) == col(Message.client_id))
        .where(
            col(Message.direction) == "inbound",
            col(Message.answered_at).is_(None),
            col(Client.archived) == false(),
        )
        .order_by(col(Message.at), col(Message.id))
    )
    return [ReplyOwed(*row) for row in rows]
