"""The client, project, invoice or other row a user names, as the ORM object the use cases
change: names are resolved to ids by services.name_lookup (Core), the rest by id or number."""

from typing import Any, TypeVar

from sqlmodel import Session, col, select

from clientkit.domain.names import same_name
from clientkit.domain.wording import said
from clientkit.services.errors import BadInput, NotFound
from clientkit.services.name_lookup import (
    client_id_by_names,
    invoice_not_found,
    is_id,
    project_id_by_names,
)
from clientkit.storage.models import Client, Invoice, Message, Project, ScopeItem, TimeEntry

Row = TypeVar("Row", Client, Project)


def find_client(session: Session, ref: str) -> Client:
    """By id, name, company or e-mail, in any case, with or without diacritics."""
    found = _at_once(session, Client, Client.name, ref)
    return found or _row(session, Client, client_id_by_names(session, ref))


def find_project(session: Session, ref: str) -> Project:
    """By id or title, or as CLIENT/TITLE when several clients have a project of that title."""
    found = _at_once(session, Project, Project.title, ref)
    return found or _row(session, Project, project_id_by_names(session, ref))


def _at_once(session: Session, model: type[Row], name: Any, ref: str) -> Row | None:
    """The row an id or an exact name gives in one query (the common case), else None: the
    name lookup then matches it as a person would, or says why it cannot."""
    text = ref.strip()
    if not text:
        return None
    found: Row | None = _by_id(session, model, text) or _one_exact(session, model, name, text)
    return found


def _one_exact(session: Session, model: Any, column: Any, text: str) -> Any:
    """The one row whose name is exactly `text` (an indexed query), else None."""
    rows = session.exec(select(model).where(column == text).limit(2)).all()
    return rows[0] if len(rows) == 1 else None


def refuse_taken_title(
    session: Session, client: Client, title: str, keep_id: int | None = None
) -> None:
    """A project title is unique within its client, as a person reads it (case, diacritics)."""
    rows = session.execute(
        select(col(Project.id), col(Project.title)).where(col(Project.client_id) == client.id)
    ).all()
    for project_id, taken in rows:
        if project_id != keep_id and same_name(taken, title):
            raise BadInput(
                said(
                    "client %(client)s already has a project titled %(title)s (id %(id)s); choose"
                    " another title",
                    client=repr(client.name),
                    title=repr(taken),
                    id=project_id,
                )
            )


def find_invoice(session: Session, ref: str) -> Invoice:
    """By number (2026-0001), or by id."""
    by_number = session.exec(select(Invoice).where(Invoice.number == ref.strip())).first()
    if by_number is not None:
        return by_number
    invoice = _by_id(session, Invoice, ref)
    if invoice is None:
        raise invoice_not_found(ref)
    return invoice  # type: ignore[no-any-return]


def find_message(session: Session, ref: str) -> Message:
    message = _by_id(session, Message, ref)
    if message is None:
        raise NotFound(said("no message with id %(ref)s", ref=repr(ref)))
    return message  # type: ignore[no-any-return]


def find_time_entry(session: Session, ref: str) -> TimeEntry:
    """By id, as `time list` shows it."""
    text = ref.strip()
    if not is_id(text):
        raise BadInput(
            said(
                "invalid time entry id %(ref)s: expected a number (see `time list`)", ref=repr(ref)
            )
        )
    entry = session.get(TimeEntry, int(text))
    if entry is None:
        raise NotFound(said("no time entry with id %(id)s (see `time list`)", id=text))
    return entry


def find_scope_item(session: Session, ref: str) -> ScopeItem:
    item = _by_id(session, ScopeItem, ref)
    if item is None:
        raise NotFound(said("no scope item with id %(ref)s", ref=repr(ref)))
    return item  # type: ignore[no-any-return]


def _by_id(session: Session, model: Any, ref: str) -> Any:
    text = ref.strip()
    if is_id(text):
        return session.get(model, int(text))
    return None


def _row(session: Session, model: type[Row], row_id: int) -> Row:
    row = session.get(model, row_id)
    assert row is not None  # its id was read in this session a moment ago
    return row
