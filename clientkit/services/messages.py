"""Messages to and from clients: every inbound one is tracked until it is answered."""

from datetime import datetime

from sqlmodel import Session, select

from clientkit.domain.dates import parse_datetime
from clientkit.domain.text import check_no_controls
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_client, find_message, find_project
from clientkit.services.views import MessageView, message_view, stored
from clientkit.storage.models import Message, utcnow

CHANNELS = ("email", "call", "chat", "meeting", "letter", "other")


class AddedMessage(MessageView):
    """A recorded message, its client's name, and how many waiting messages it answered."""

    client: str
    answered_messages: int


def add_message(
    book: Book,
    client_ref: str,
    direction: str,
    *,
    channel: str = "email",
    subject: str = "",
    at: str | None = None,
    project_ref: str | None = None,
) -> AddedMessage:
    """Record a message; an outbound one answers the client's messages still waiting."""
    if direction not in ("inbound", "outbound"):
        raise BadInput("say --inbound or --outbound")
    if channel not in CHANNELS:
        raise BadInput(f"invalid channel {channel!r}: expected one of {', '.join(CHANNELS)}")
    check_no_controls(subject, "subject")
    when = parse_datetime(at) if at is not None else book.clock.now()
    with book.write() as session:
        client = find_client(session, client_ref)
        project_id = find_project(session, project_ref).id if project_ref else None
        message = Message(
            client_id=client.id,  # type: ignore[arg-type]
            project_id=project_id,
            direction=direction,
            channel=channel,
            subject=subject,
            at=when,
        )
        answered = 0
        if direction == "outbound":
            answered = _answer_waiting(session, stored(client.id), when)
        session.add(message)
        session.flush()
        return {**message_view(message), "client": client.name, "answered_messages": answered}


def _answer_waiting(session: Session, client_id: int, when: datetime) -> int:
    waiting = session.exec(
        select(Message).where(
            Message.client_id == client_id,
            Message.direction == "inbound",
            Message.answered_at.is_(None),  # type: ignore[union-attr]
            Message.at <= when,
        )
    ).all()
    for message in waiting:
        message.answered_at = when
        message.updated_at = utcnow()
        session.add(message)
    return len(waiting)


def answer_message(book: Book, message_ref: str, at: str | None = None) -> MessageView:
    """Mark an inbound message as answered."""
    when = parse_datetime(at) if at is not None else book.clock.now()
    with book.write() as session:
        message = find_message(session, message_ref)
        if message.direction != "inbound":
            raise Refused(f"message {message.id} is outbound; only inbound messages await replies")
        if message.answered_at is not None:
            raise Refused(f"message {message.id} was already answered at {message.answered_at}")
        message.answered_at = when
        message.updated_at = utcnow()
        session.add(message)
        return message_view(message)
