"""Finding the client, project or invoice a user names: by id, or by any name they go by.

An id, or a name typed exactly as stored, is one indexed query. Anything else is matched by
`clientkit.domain.names` (case and diacritics ignored; company and e-mail count for clients)
over the names alone, never whole rows: 5,000 clients or 20,000 project titles are read in
milliseconds. A name that is unknown, ambiguous or too short is BadInput naming the candidates.
"""

from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

from sqlmodel import Session, col, select

from clientkit.domain.names import Lookup, Named, find, ranked, same_name, suggest
from clientkit.domain.wording import said
from clientkit.services.errors import BadInput, NotFound
from clientkit.storage.models import Client, Invoice, Message, Project, ScopeItem, TimeEntry

Row = TypeVar("Row", Client, Project)

MAX_LISTED = 5  # candidates named in an error line; the rest are counted


def find_client(session: Session, ref: str) -> Client:
    """By id, name, company or e-mail, in any case, with or without diacritics."""
    text = ref.strip()
    if not text:
        raise BadInput(said("a client name or id is required"))
    found = _client_or_none(session, text)
    if found is not None:
        return found
    records = _client_records(session)
    _fail(CLIENT, text, find(text, records), records)


def find_project(session: Session, ref: str) -> Project:
    """By id or title, or as CLIENT/TITLE when several clients have a project of that title."""
    text = ref.strip()
    if not text:
        raise BadInput(said("a project name or id is required"))
    found = _by_id(session, Project, text) or _one_exact(session, Project, Project.title, text)
    if found is not None:
        return found  # type: ignore[no-any-return]
    qualified = _qualified(session, text) if "/" in text else None
    if qualified is not None:
        return qualified
    records = _project_records(session)
    lookup = find(text, records)
    if lookup.found is None:
        _fail(PROJECT, text, lookup, records)
    return _row(session, Project, lookup.found.id)


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


def clients_matching(session: Session, typed: str, limit: int) -> list[tuple[int, str]]:
    """(id, name) of the clients `typed` matches by name, company or e-mail, best first."""
    return [(r.id, r.label) for r in ranked(typed, _client_records(session), limit)]


def projects_matching(session: Session, typed: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, title, client) of the projects whose title `typed` matches, best first."""
    found = ranked(typed, _project_records(session), limit)
    # A record's label is "client/title" and its one name the title (either may hold "/").
    return [(r.id, r.names[0], r.label[: -len(r.names[0]) - 1]) for r in found]


def find_invoice(session: Session, ref: str) -> Invoice:
    """By number (2026-0001), or by id."""
    by_number = session.exec(select(Invoice).where(Invoice.number == ref.strip())).first()
    if by_number is not None:
        return by_number
    invoice = _by_id(session, Invoice, ref)
    if invoice is None:
        raise NotFound(
            said("no invoice %(ref)s: give its number (e.g. 2026-0001) or id", ref=repr(ref))
        )
    return invoice  # type: ignore[no-any-return]


def find_message(session: Session, ref: str) -> Message:
    message = _by_id(session, Message, ref)
    if message is None:
        raise NotFound(said("no message with id %(ref)s", ref=repr(ref)))
    return message  # type: ignore[no-any-return]


def find_time_entry(session: Session, ref: str) -> TimeEntry:
    """By id, as `time list` shows it."""
    text = ref.strip()
    if not _is_id(text):
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
    if _is_id(text):
        return session.get(model, int(text))
    return None


def _is_id(text: str) -> bool:
    """Digits 0-9 only, short enough for an id column. `isdecimal()` alone also takes "١٢"
    and "１２", which int() reads as 12: an id the user never saw."""
    return text.isascii() and text.isdecimal() and len(text) < 19


def _one_exact(session: Session, model: Any, column: Any, text: str) -> Any:
    """The one row whose name is exactly `text` (an indexed query), else None."""
    rows = session.exec(select(model).where(column == text).limit(2)).all()
    return rows[0] if len(rows) == 1 else None


def _row(session: Session, model: type[Row], row_id: int) -> Row:
    row = session.get(model, row_id)
    assert row is not None  # its id was read in this session a moment ago
    return row


def _client_or_none(session: Session, text: str) -> Client | None:
    """The client `text` names without doubt, else None (no error: the caller decides)."""
    found = _by_id(session, Client, text) or _one_exact(session, Client, Client.name, text)
    if found is not None:
        return found  # type: ignore[no-any-return]
    lookup = find(text, _client_records(session))
    return None if lookup.found is None else _row(session, Client, lookup.found.id)


def _client_records(session: Session) -> list[Named]:
    rows = session.connection().execute(  # Core, not ORM: plain tuples, 3x faster
        select(col(Client.id), col(Client.name), col(Client.company), col(Client.email))
    )
    # A stored row's id is never None, whatever the column's Python type says.
    return [Named(i, name, (name, company), (email,)) for i, name, company, email in rows]  # type: ignore[arg-type]


def _project_records(session: Session, client_id: int | None = None) -> list[Named]:
    query = select(col(Project.id), col(Project.title), col(Client.name)).join(
        Client, col(Client.id) == col(Project.client_id)
    )
    if client_id is not None:
        query = query.where(col(Project.client_id) == client_id)
    rows = session.connection().execute(query)  # Core, not ORM: plain tuples, 3x faster
    return [Named(i, f"{client}/{title}", (title,)) for i, title, client in rows]  # type: ignore[arg-type]


def _qualified(session: Session, text: str) -> Project | None:
    """CLIENT/TITLE: the first split whose client part names one client, else None."""
    for at in (i for i, char in enumerate(text) if char == "/"):
        client_part, title = text[:at].strip(), text[at + 1 :].strip()
        client = _client_or_none(session, client_part) if client_part and title else None
        if client is None:
            continue
        records = _project_records(session, client.id)
        lookup = find(title, records)
        if lookup.found is None and lookup.candidates:
            _fail(PROJECT, text, lookup, records)
        if lookup.found is None:
            _fail(_project_of(client.name), title, lookup, records)
        return _row(session, Project, lookup.found.id)
    return None


@dataclass(frozen=True)
class Failures:
    """What a lookup says when a name is ambiguous, too short or unknown, for one kind of
    record: whole sentences, so that each reads right in every language."""

    ambiguous: str
    too_short: str
    not_found: str
    params: dict[str, str] = field(default_factory=dict)


CLIENT = Failures(
    said("client %(text)s is ambiguous: %(candidates)s; use more of the name or the id"),
    said(
        "client %(text)s is too short to be sure; did you mean %(candidates)s? use more of the"
        " name or the id"
    ),
    said("no client named %(text)s%(hint)s"),
)
PROJECT = Failures(
    said(
        "project %(text)s is ambiguous: %(candidates)s; use more of the title, CLIENT/TITLE or"
        " the id"
    ),
    said(
        "project %(text)s is too short to be sure; did you mean %(candidates)s? use more of the"
        " title or the id"
    ),
    said("no project named %(text)s%(hint)s"),
)


def _project_of(client: str) -> Failures:
    return Failures(
        said(
            "project of %(client)s %(text)s is ambiguous: %(candidates)s; use more of the title"
            " or the id"
        ),
        said(
            "project of %(client)s %(text)s is too short to be sure; did you mean"
            " %(candidates)s? use more of the title or the id"
        ),
        said("no project of %(client)s named %(text)s%(hint)s"),
        {"client": repr(client)},
    )


def _fail(failures: Failures, text: str, lookup: Lookup, records: list[Named]) -> NoReturn:
    """Raise the one line that says what `text` could mean."""
    shown = repr(text)
    if len(lookup.candidates) > 1:
        candidates = _listed(list(lookup.candidates))
        raise BadInput(
            said(failures.ambiguous, text=shown, candidates=candidates, **failures.params)
        )
    if lookup.candidates:
        candidates = _listed(list(lookup.candidates))
        raise BadInput(
            said(failures.too_short, text=shown, candidates=candidates, **failures.params)
        )
    close = suggest(text, records)
    hint = said("; did you mean: %(names)s?", names=_listed(close)) if close else ""
    raise NotFound(said(failures.not_found, text=shown, hint=hint, **failures.params))


def _listed(records: list[Named]) -> str:
    shown = ", ".join(f"{record.label} (id {record.id})" for record in records[:MAX_LISTED])
    more = len(records) - MAX_LISTED
    return said("%(shown)s and %(more)s more", shown=shown, more=more) if more > 0 else shown
