"""Messages to and from clients: every inbound one is tracked until it is answered.

A reply answers what waited: an outbound message stamps the client's waiting inbound ones
with its own time, which is how `show` tells what answered what.
"""

from contextlib import closing
from datetime import date, datetime, timedelta, tzinfo
from itertools import islice
from typing import Any, TypedDict

from sqlmodel import Session, col, select

from clientkit.domain.dates import parse_date, parse_datetime, start_of_day, wall_text
from clientkit.domain.names import fold
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_client, find_message, find_project
from clientkit.services.message_records import DIRECTIONS, check_channel, clean_body
from clientkit.services.views import MessageView, message_view, stored
from clientkit.storage.message_queries import (
    MessageFilter,
    answering_messages,
    messages_by_id,
    newest_ids,
    text_candidates,
)
from clientkit.storage.models import Client, Message, Project, utcnow

LIST_LIMIT = 50
MAX_LIST_LIMIT = 10**9  # more than any book holds
FIRST_LINE = 120  # characters of a body's first line kept in a list row


def answer_message(book: Book, message_ref: str, at: str | None = None) -> MessageView:
    """Mark an inbound message as answered."""
    when = parse_datetime(at, book.zone) if at is not None else book.clock.now()
    with book.write() as session:
        message = find_message(session, message_ref)
        if message.direction != "inbound":
            raise Refused(f"message {message.id} is outbound; only inbound messages await replies")
        if message.answered_at is not None:
            raise Refused(
                f"message {message.id} was already answered at "
                f"{wall_text(message.answered_at, book.zone)}"
            )
        message.answered_at = when
        message.updated_at = utcnow()
        session.add(message)
        return message_view(message)


class MessageRow(TypedDict):
    """A message in a list: who, when, which way, its subject and the first line of its body;
    `answered` is None for an outbound message, which waits for nothing."""

    id: int
    at: datetime
    client_id: int
    client: str
    project_id: int | None
    project: str | None
    direction: str
    channel: str
    subject: str
    answered: bool | None
    answered_at: datetime | None
    first_line: str


class MessageList(TypedDict):
    """The newest messages that match, and whether more match beyond the limit."""

    rows: list[MessageRow]
    more: bool


class MessageQuery(TypedDict, total=False):
    """What `list_messages` narrows to, as typed by the user."""

    client: str
    project: str
    direction: str
    unanswered: bool
    search: str
    start: str  # first day, YYYY-MM-DD
    end: str  # last day, YYYY-MM-DD


def list_messages(book: Book, query: MessageQuery, limit: int = LIST_LIMIT) -> MessageList:
    """The newest `limit` messages matching `query`; a search ignores case and diacritics
    and wants every word of it in the subject or the body."""
    if limit < 1:
        raise BadInput(said("invalid limit %(limit)s: expected 1 or more", limit=limit))
    # One row beyond the limit (to tell whether more match) must still fit a SQL integer,
    # which --limit 9223372036854775807 plus one would not.
    limit = min(limit, MAX_LIST_LIMIT)
    words = _search_words(query.get("search"))
    zone = book.zone
    with book.read() as session:
        where = _filter(session, query, words, zone)
        if words:
            with closing(text_candidates(session, where)) as candidates:
                found = (i for i, subject, body in candidates if _has(words, subject, body))
                ids = list(islice(found, limit + 1))
        else:
            ids = newest_ids(session, where, limit + 1)
        rows = [_row(*row) for row in messages_by_id(session, ids[:limit])]
    return {"rows": rows, "more": len(ids) > limit}


def _search_words(search: str | None) -> tuple[str, ...]:
    if search is None:
        return ()
    words = tuple(fold(search).split())
    if not words:
        raise BadInput(said("--search needs some text to find"))
    return words


def _filter(
    session: Session, query: MessageQuery, words: tuple[str, ...], zone: tzinfo
) -> MessageFilter:
    direction = query.get("direction")
    if direction is not None and direction not in DIRECTIONS:
        raise BadInput(
            said(
                "invalid direction %(direction)s: expected inbound or outbound",
                direction=repr(direction),
            )
        )
    unanswered = query.get("unanswered", False)
    if unanswered and direction == "outbound":
        raise BadInput(said("--unanswered lists inbound messages; an outbound one awaits no reply"))
    since, before = _period(query.get("start"), query.get("end"), zone)
    client, project = query.get("client"), query.get("project")
    return MessageFilter(
        client_id=find_client(session, client).id if client is not None else None,
        project_id=find_project(session, project).id if project is not None else None,
        direction=direction,
        unanswered=unanswered,
        since=since,
        before=before,
        words=words,
    )


def _period(
    start: str | None, end: str | None, zone: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """From the start of the first day to the end of the last one (days of the book's zone),
    either open."""
    first = parse_date(start) if start is not None else None
    last = parse_date(end) if end is not None else None
    if first is not None and last is not None and first > last:
        raise BadInput(said("--from %(first)s is after --to %(last)s", first=first, last=last))
    return _midnight(first, zone), _midnight(last + timedelta(days=1) if last else None, zone)


def _midnight(day: date | None, zone: tzinfo) -> datetime | None:
    return None if day is None else start_of_day(day, zone)


def _has(words: tuple[str, ...], subject: str, body: str) -> bool:
    """Whether every word is in the folded subject or body."""
    folded = (_fold_words(subject), _fold_words(body))
    return all(word in folded[0] or word in folded[1] for word in words)


def _fold_words(text: str) -> str:
    """`fold(text)`, folding word by word: words repeat, and `fold` remembers them."""
    return " ".join(folded for word in text.split() if (folded := fold(word)))


def _row(message: Message, client: str, project: str | None) -> MessageRow:
    inbound = message.direction == "inbound"
    return {
        "id": stored(message.id),
        "at": message.at,
        "client_id": message.client_id,
        "client": client,
        "project_id": message.project_id,
        "project": project,
        "direction": message.direction,
        "channel": message.channel,
        "subject": message.subject,
        "answered": (message.answered_at is not None) if inbound else None,
        "answered_at": message.answered_at,
        "first_line": first_line(message.body),
    }


def first_line(body: str, width: int = FIRST_LINE) -> str:
    """The first line of a body that says something, cut to `width` characters with `…`."""
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


class MessageDetail(MessageView):
    """One message whole: its body, names, timestamps, and what answered what."""

    body: str
    client: str
    project: str | None
    created_at: datetime
    updated_at: datetime
    answered_by: int | None  # the outbound message that answered this inbound one
    answers: list[int]  # the inbound messages this outbound one answered


def show_message(book: Book, message_ref: str) -> MessageDetail:
    """Every field of one message, with the full body and the replies it is linked by."""
    with book.read() as session:
        return _detail(session, find_message(session, message_ref))


def _detail(session: Session, message: Message) -> MessageDetail:
    client = session.get(Client, message.client_id)
    project = session.get(Project, message.project_id) if message.project_id else None
    linked = [stored(m.id) for m in answering_messages(session, message)]
    inbound = message.direction == "inbound"
    return {
        **message_view(message),
        "body": message.body,
        "client": client.name if client is not None else "",
        "project": project.title if project is not None else None,
        "created_at": message.created_at,
        "updated_at": message.updated_at,
        "answered_by": (linked[0] if linked else None) if inbound else None,
        "answers": [] if inbound else linked,
    }


class MessageChanges(TypedDict, total=False):
    """The corrections `edit_message` may make; a missing key stays as it is."""

    subject: str
    body: str
    channel: str
    at: str


def edit_message(book: Book, message_ref: str, changes: MessageChanges) -> MessageDetail:
    """Correct a message's subject, body, channel or time; a reply moved in time takes what
    it answered along (to itself, or to the client's next reply when it moved before them)."""
    if not changes:
        raise BadInput(said("nothing to change: give --subject, --body, --channel or --at"))
    fields = _checked_changes(changes, book.zone)
    with book.write() as session:
        message = find_message(session, message_ref)
        _refuse_sent(message, "changed")
        if "at" in fields:
            _move(session, message, fields.pop("at"), book.zone)
        for name, value in fields.items():
            setattr(message, name, value)
        message.updated_at = utcnow()
        session.add(message)
        session.flush()
        return _detail(session, message)


def _checked_changes(changes: MessageChanges, zone: tzinfo) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "subject" in changes:
        fields["subject"] = check_no_controls(changes["subject"], "subject")
    if "body" in changes:
        fields["body"] = clean_body(changes["body"])
    if "channel" in changes:
        check_channel(changes["channel"])
        fields["channel"] = changes["channel"]
    if "at" in changes:
        fields["at"] = parse_datetime(changes["at"], zone)
    return fields


def _refuse_sent(message: Message, what: str) -> None:
    """A sent e-mail's record (a reminder) is what the client received: it stays as it is."""
    if message.direction == "outbound" and message.message_id:
        raise Refused(
            f"message {message.id} records an e-mail clientkit sent ({message.message_id});"
            f" it cannot be {what}"
        )


def _move(session: Session, message: Message, when: datetime, zone: tzinfo) -> None:
    if message.direction == "inbound":
        if message.answered_at is not None and when > message.answered_at:
            raise Refused(
                f"message {message.id} was answered at {wall_text(message.answered_at, zone)};"
                " it cannot have arrived after that"
            )
        message.at = when
        return
    answered = answering_messages(session, message)
    message.at = when
    session.add(message)
    session.flush()
    _rehome(session, answered, exclude=None)


def _rehome(session: Session, inbound: list[Message], exclude: int | None) -> list[int]:
    """Stamp each message with the client's first reply at or after it; the ids of those
    left waiting."""
    waiting = []
    for message in inbound:
        reply = session.exec(
            select(Message)
            .where(
                col(Message.client_id) == message.client_id,
                col(Message.direction) == "outbound",
                col(Message.at) >= message.at,
                col(Message.id) != (exclude if exclude is not None else -1),
            )
            .order_by(col(Message.at), col(Message.id))
            .limit(1)
        ).first()
        message.answered_at = reply.at if reply is not None else None
        message.updated_at = utcnow()
        session.add(message)
        if reply is None:
            waiting.append(stored(message.id))
    return waiting


class DeletedMessage(TypedDict):
    """The message deleted, and the messages it had answered that wait for a reply again."""

    id: int
    client: str
    waiting_again: list[int]


def delete_message(book: Book, message_ref: str) -> DeletedMessage:
    """Delete a message recorded by mistake; what it answered falls to the client's next reply
    or waits again."""
    with book.write() as session:
        message = find_message(session, message_ref)
        _refuse_sent(message, "deleted")
        client = session.get(Client, message.client_id)
        answered = [] if message.direction == "inbound" else answering_messages(session, message)
        waiting = _rehome(session, answered, exclude=message.id)
        session.delete(message)
        return {
            "id": stored(message.id),
            "client": client.name if client is not None else "",
            "waiting_again": waiting,
        }
