"""Finding the client, project or invoice a user names: by id, or by an unambiguous name."""

from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from clientkit.services.errors import BadInput, NotFound
from clientkit.storage.models import Client, Invoice, Message, Project, ScopeItem

Row = TypeVar("Row", Client, Project, Invoice)
Model = TypeVar("Model", bound=SQLModel)


def find_client(session: Session, ref: str) -> Client:
    return _find(session, Client, Client.name, ref, "client")


def find_project(session: Session, ref: str) -> Project:
    return _find(session, Project, Project.title, ref, "project")


def find_invoice(session: Session, ref: str) -> Invoice:
    """By number (2026-0001), or by id."""
    by_number = session.exec(select(Invoice).where(Invoice.number == ref.strip())).first()
    if by_number is not None:
        return by_number
    invoice = _by_id(session, Invoice, ref)
    if invoice is None:
        raise NotFound(f"no invoice {ref!r}: give its number (e.g. 2026-0001) or id")
    return invoice


def find_message(session: Session, ref: str) -> Message:
    message = _by_id(session, Message, ref)
    if message is None:
        raise NotFound(f"no message with id {ref!r}")
    return message


def find_scope_item(session: Session, ref: str) -> ScopeItem:
    item = _by_id(session, ScopeItem, ref)
    if item is None:
        raise NotFound(f"no scope item with id {ref!r}")
    return item


def _by_id(session: Session, model: type[Model], ref: str) -> Model | None:
    text = ref.strip()
    if text.isdecimal() and len(text) < 19:  # isdigit() also takes "²", which int() refuses
        return session.get(model, int(text))
    return None


def _find(session: Session, model: type[Row], name_column: Any, ref: str, noun: str) -> Row:
    if not ref.strip():
        raise BadInput(f"a {noun} name or id is required")
    found = _by_id(session, model, ref)
    if found is not None:
        return found
    wanted = ref.strip().casefold()
    exact = session.exec(select(model).where(func.lower(name_column) == wanted)).all()
    if not exact:
        exact = [row for row in _prefix_matches(session, model, name_column, wanted)]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        raise NotFound(f"no {noun} named {ref!r}")
    ids = ", ".join(str(row.id) for row in exact[:10])
    raise BadInput(f"{noun} {ref!r} is ambiguous: it matches ids {ids}; use the id")


def _prefix_matches(session: Session, model: type[Row], name_column: Any, wanted: str) -> list[Row]:
    # Python's casefold handles non-ASCII names SQLite's lower() leaves alone.
    candidates = session.exec(
        select(model).where(func.lower(func.substr(name_column, 1, len(wanted))) == wanted)
    ).all()
    if candidates:
        return list(candidates)
    rows = session.exec(select(model)).all() if _small(session, model) else []
    return [row for row in rows if _name(row).casefold().startswith(wanted)]


def _small(session: Session, model: type[SQLModel]) -> bool:
    return session.exec(select(func.count()).select_from(model)).one() <= 5000


def _name(row: object) -> str:
    return str(getattr(row, "name", None) or getattr(row, "title", ""))
