"""Which client or project a user names: by id, or by any name they go by, through Core alone.

An id, or a name typed exactly as stored, is one indexed query. Anything else is matched by
`clientkit.domain.names` (case and diacritics ignored; company and e-mail count for clients)
over the names alone, never whole rows: 5,000 clients or 20,000 project titles are read in
milliseconds. A name that is unknown, ambiguous or too short is BadInput naming the candidates.
It answers with ids, so the everyday commands that write through Core use it without the ORM,
and services.lookup turns the id into the ORM object for the rest.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

from sqlalchemy import select

from clientkit.domain.names import Lookup, Named, find, ranked, suggest
from clientkit.domain.wording import said
from clientkit.services.errors import BadInput, NotFound
from clientkit.storage.tables import client, invoice, project

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    Reader = Connection | Session

MAX_LISTED = 5  # candidates named in an error line; the rest are counted


def client_id_named(db: "Reader", ref: str) -> int:
    """By id, name, company or e-mail, in any case, with or without diacritics."""
    text = ref.strip()
    exact = _existing_id(db, client, text) or _one_exact(db, client, client.c.name, text)
    return exact if exact is not None and text else client_id_by_names(db, text)


def client_id_by_names(db: "Reader", ref: str) -> int:
    """The client a name stands for as a person reads it (no id, no exact-name query)."""
    text = ref.strip()
    if not text:
        raise BadInput(said("a client name or id is required"))
    records = _client_records(db)
    lookup = find(text, records)
    if lookup.found is None:
        _fail(CLIENT, text, lookup, records)
    return lookup.found.id


def project_id_named(db: "Reader", ref: str) -> int:
    """By id or title, or as CLIENT/TITLE when several clients have a project of that title."""
    text = ref.strip()
    exact = _existing_id(db, project, text) or _one_exact(db, project, project.c.title, text)
    return exact if exact is not None and text else project_id_by_names(db, text)


def project_id_by_names(db: "Reader", ref: str) -> int:
    """The project a title or CLIENT/TITLE stands for as a person reads it (no id, no
    exact-title query)."""
    text = ref.strip()
    if not text:
        raise BadInput(said("a project name or id is required"))
    qualified = _qualified(db, text) if "/" in text else None
    if qualified is not None:
        return qualified
    records = _project_records(db)
    lookup = find(text, records)
    if lookup.found is None:
        _fail(PROJECT, text, lookup, records)
    return lookup.found.id


def invoice_id_named(db: "Reader", ref: str) -> int:
    """By number (2026-0001), or by id."""
    found = invoice_id_or_none(db, ref)
    if found is None:
        raise invoice_not_found(ref)
    return found


def invoice_id_or_none(db: "Reader", ref: str) -> int | None:
    """The invoice `ref` names by number, else by id; None if it names none."""
    text = ref.strip()
    by_number: int | None = db.execute(
        select(invoice.c.id).where(invoice.c.number == text)
    ).scalar()
    return by_number if by_number is not None else _existing_id(db, invoice, text)


def invoice_not_found(ref: str) -> NotFound:
    return NotFound(
        said("no invoice %(ref)s: give its number (e.g. 2026-0001) or id", ref=repr(ref))
    )


def clients_matching(db: "Reader", typed: str, limit: int) -> list[tuple[int, str]]:
    """(id, name) of the clients `typed` matches by name, company or e-mail, best first."""
    return [(r.id, r.label) for r in ranked(typed, _client_records(db), limit)]


def projects_matching(db: "Reader", typed: str, limit: int) -> list[tuple[int, str, str]]:
    """(id, title, client) of the projects whose title `typed` matches, best first."""
    found = ranked(typed, _project_records(db), limit)
    # A record's label is "client/title" and its one name the title (either may hold "/").
    return [(r.id, r.names[0], r.label[: -len(r.names[0]) - 1]) for r in found]


def is_id(text: str) -> bool:
    """Digits 0-9 only, short enough for an id column. `isdecimal()` alone also takes "١٢"
    and "１２", which int() reads as 12: an id the user never saw."""
    return text.isascii() and text.isdecimal() and len(text) < 19


def _existing_id(db: "Reader", table: Any, ref: str) -> int | None:
    text = ref.strip()
    if not is_id(text):
        return None
    found: int | None = db.execute(select(table.c.id).where(table.c.id == int(text))).scalar()
    return found


def _one_exact(db: "Reader", table: Any, column: Any, text: str) -> int | None:
    """The id of the one row whose name is exactly `text` (an indexed query), else None."""
    ids = db.execute(select(table.c.id).where(column == text).limit(2)).scalars().all()
    return ids[0] if len(ids) == 1 else None


def client_id_or_none(db: "Reader", text: str) -> int | None:
    """The client `text` names without doubt, else None (no error: the caller decides)."""
    found = _existing_id(db, client, text) or _one_exact(db, client, client.c.name, text)
    if found is not None:
        return found
    lookup = find(text, _client_records(db))
    return None if lookup.found is None else lookup.found.id


def _client_records(db: "Reader") -> list[Named]:
    rows = db.execute(select(client.c.id, client.c.name, client.c.company, client.c.email))
    return [Named(i, name, (name, company), (email,)) for i, name, company, email in rows]


def _project_records(db: "Reader", client_id: int | None = None) -> list[Named]:
    query = select(project.c.id, project.c.title, client.c.name).join(
        client, client.c.id == project.c.client_id
    )
    if client_id is not None:
        query = query.where(project.c.client_id == client_id)
    return [Named(i, f"{owner}/{title}", (title,)) for i, title, owner in db.execute(query)]


def _qualified(db: "Reader", text: str) -> int | None:
    """CLIENT/TITLE: the first split whose client part names one client, else None."""
    for at in (i for i, char in enumerate(text) if char == "/"):
        client_part, title = text[:at].strip(), text[at + 1 :].strip()
        client_id = client_id_or_none(db, client_part) if client_part and title else None
        if client_id is None:
            continue
        records = _project_records(db, client_id)
        lookup = find(title, records)
        if lookup.found is None and lookup.candidates:
            _fail(PROJECT, text, lookup, records)
        if lookup.found is None:
            name = db.execute(select(client.c.name).where(client.c.id == client_id)).scalar()
            _fail(_project_of(str(name)), title, lookup, records)
        return lookup.found.id
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
