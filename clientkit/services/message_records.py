"""Recording a message as it happens (`message add`), written through Core.

A reply answers what waited: an outbound message stamps the client's waiting inbound ones
with its own time, which is how `message show` tells what answered what. Like `log`, this
runs many times a day as a fresh process, so it imports neither the ORM nor pydantic;
services/messages.py lists, shows, edits and deletes messages.
"""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from clientkit.domain.dates import parse_datetime
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.name_lookup import client_id_named, project_id_named
from clientkit.services.views import MessageView
from clientkit.storage.core_writes import insert_row, update_rows
from clientkit.storage.tables import client
from clientkit.storage.write_tables import message

CHANNELS = ("email", "call", "chat", "meeting", "letter", "other")
DIRECTIONS = ("inbound", "outbound")
MAX_BODY = 1_000_000  # characters: a long e-mail thread pasted whole still fits


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
    body: str = "",
) -> AddedMessage:
    """Record a message; an outbound one answers the client's messages still waiting."""
    if direction not in DIRECTIONS:
        raise BadInput(said("say --inbound or --outbound"))
    check_channel(channel)
    check_no_controls(subject, "subject")
    body = clean_body(body)
    when = parse_datetime(at, book.zone) if at is not None else book.clock.now()
    with book.write_core() as db:
        client_id = client_id_named(db, client_ref)
        name = db.execute(select(client.c.name).where(client.c.id == client_id)).scalar_one()
        project_id = project_id_named(db, project_ref) if project_ref else None
        answered = 0
        if direction == "outbound":
            answered = _answer_waiting(db, client_id, when)
        message_id = insert_row(
            db,
            message,
            client_id=client_id,
            project_id=project_id,
            direction=direction,
            channel=channel,
            subject=subject,
            body=body,
            at=when,
        )
        view: MessageView = {
            "id": message_id,
            "client_id": client_id,
            "project_id": project_id,
            "direction": direction,
            "channel": channel,
            "subject": subject,
            "at": when,  # as given, in the book's zone, as the ORM object kept it
            "answered_at": None,
            "message_id": None,
        }
        return {**view, "client": name, "answered_messages": answered}


def _answer_waiting(db: Connection, client_id: int, when: datetime) -> int:
    """Stamp the client's inbound messages still waiting at `when` as answered then."""
    return update_rows(
        db,
        message,
        (message.c.client_id == client_id)
        & (message.c.direction == "inbound")
        & message.c.answered_at.is_(None)
        & (message.c.at <= when),
        answered_at=when,
        updated_at=datetime.now(UTC),
    )


def clean_body(body: str) -> str:
    """A body as kept: line ends as LF, no trailing blank space; tabs and new lines are fine,
    other control characters (escape sequences, NUL) are refused."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    if len(text) > MAX_BODY:
        raise BadInput(
            said(
                "the body is too long (%(length)s characters; at most %(most)s)",
                length=len(text),
                most=MAX_BODY,
            )
        )
    # A pasted e-mail keeps its tabs and lines; escapes, NUL and the rest are refused.
    check_no_controls(text.replace("\t", " "), "body", multiline=True)
    return text


def check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise BadInput(
            said(
                "invalid channel %(channel)s: expected one of %(channels)s",
                channel=repr(channel),
                channels=", ".join(CHANNELS),
            )
        )
