"""Messages newest first, filtered in SQL, with a coarse text filter the caller refines.

SQL cannot ignore diacritics on both engines alike, so a search is done in two steps: here,
every message whose subject or body holds a character beyond ASCII is kept (its folding is
left to the caller), and a pure-ASCII one only if it contains each searched word in any case.
Most messages are plain ASCII, so most of a large book never leaves the database.
"""

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Session, col

from clientkit.storage.models import Client, Message, Project

STREAM_BATCH = 500  # rows fetched at a time while a search reads on


@dataclass(frozen=True)
class MessageFilter:
    """What `message list` narrows to; None or empty means no restriction."""

    client_id: int | None = None
    project_id: int | None = None
    direction: str | None = None
    unanswered: bool = False
    since: datetime | None = None  # at or after
    before: datetime | None = None  # strictly before
    words: Sequence[str] = ()  # folded words that must all appear in the subject or body


class _NonAscii(ColumnElement[bool]):
    """True when a text column holds any character beyond ASCII (compiled per engine)."""

    inherit_cache = True
    _traverse_internals: Any = []  # noqa: RUF012  (SQLAlchemy declares it on the base)

    def __init__(self, column: Any) -> None:
        self.column = column


@compiles(_NonAscii, "sqlite")
def _non_ascii_sqlite(element: _NonAscii, compiler: Any, **kw: Any) -> str:
    # A text value's byte length exceeds its length in characters exactly when it is not ASCII.
    column = compiler.process(element.column, **kw)
    return f"(length(CAST({column} AS BLOB)) != length({column}))"


@compiles(_NonAscii)
def _non_ascii_default(element: _NonAscii, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"(octet_length({column}) != char_length({column}))"


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _coarse_text(words: Sequence[str]) -> ColumnElement[bool]:
    """Every message that may contain all `words` once folded (a superset: refine after)."""
    subject, body = col(Message.subject), col(Message.body)
    maybe_folded = or_(_NonAscii(subject), _NonAscii(body))
    if any(not word.isascii() for word in words):
        return maybe_folded  # a folded ASCII text never contains a non-ASCII word
    plain = [
        or_(subject.ilike(_like(word), escape="\\"), body.ilike(_like(word), escape="\\"))
        for word in words
    ]
    return or_(maybe_folded, and_(*plain))


def _conditions(where: MessageFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.client_id is not None:
        conditions.append(col(Message.client_id) == where.client_id)
    if where.project_id is not None:
        conditions.append(col(Message.project_id) == where.project_id)
    if where.direction is not None:
        conditions.append(col(Message.direction) == where.direction)
    if where.unanswered:
        conditions.append(col(Message.direction) == "inbound")
        conditions.append(col(Message.answered_at).is_(None))
    if where.since is not None:
        conditions.append(col(Message.at) >= where.since)
    if where.before is not None:
        conditions.append(col(Message.at) < where.before)
    if where.words:
        conditions.append(_coarse_text(where.words))
    return conditions


def _ordered(query: Any, where: MessageFilter) -> Any:
    return query.where(*_conditions(where)).order_by(col(Message.at).desc(), col(Message.id).desc())


def newest_ids(session: Session, where: MessageFilter, limit: int) -> list[int]:
    """The ids of the newest `limit` messages that match (sorted narrow: no bodies)."""
    query = _ordered(select(col(Message.id)), where).limit(limit)
    return list(session.connection().execute(query).scalars())


def text_candidates(
    session: Session, where: MessageFilter
) -> Generator[tuple[int, str, str], None, None]:
    """(id, subject, body) of every message that may match, newest first, read in batches
    while the caller wants more (Core rows: a search may read thousands of them)."""
    query = _ordered(select(col(Message.id), col(Message.subject), col(Message.body)), where)
    result = session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))
    try:
        for row in result:
            yield row[0], row[1], row[2]
    finally:
        result.close()


def messages_by_id(session: Session, ids: Sequence[int]) -> list[Any]:
    """(message, client name, project title) for each id, in the order of `ids`."""
    query = (
        select(Message, col(Client.name), col(Project.title))
        .join(Client, col(Client.id) == col(Message.client_id))
        .outerjoin(Project, col(Project.id) == col(Message.project_id))
        .where(col(Message.id).in_(ids))
    )
    found = {row[0].id: row for row in session.execute(query)}
    return [found[i] for i in ids]


def answering_messages(session: Session, message: Message) -> list[Message]:
    """For an inbound message, the outbound one that answered it (its time is the answer's);
    for an outbound one, the inbound ones it answered. A reply answers everything waiting."""
    if message.direction == "inbound":
        if message.answered_at is None:
            return []
        query = select(Message).where(
            col(Message.client_id) == message.client_id,
            col(Message.direction) == "outbound",
            col(Message.at) == message.answered_at,
        )
        return list(session.scalars(query.order_by(col(Message.id)).limit(1)))
    first_reply = session.scalars(
        select(func.min(col(Message.id))).where(
            col(Message.client_id) == message.client_id,
            col(Message.direction) == "outbound",
            col(Message.at) == message.at,
        )
    ).one()
    if first_reply != message.id:
        return []  # an earlier reply of the same moment answered them
    query = select(Message).where(
        col(Message.client_id) == message.client_id,
        col(Message.direction) == "inbound",
        col(Message.answered_at) == message.at,
    )
    return list(session.scalars(query.order_by(col(Message.at), col(Message.id))))
