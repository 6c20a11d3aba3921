"""The book's history and `undo`: every change listed; the latest one reverted when the rules allow.

What may not be undone is decided here, from the rows an entry touched: issuing (an invoice
numbered, a draft becoming issued), sending or recording a reminder, a contract made or signed,
anything touching an issued invoice, its lines or its payments (except voiding a payment, which
leaves the issued document as it was), storing an issued document, and any entry written in
bulk. An entry that only stored documents (an older invoice's, on its first `invoice pdf`) is
looked past: undo takes back the change before it.
Undo itself is a change, recorded as an entry naming the one it undid; nothing is erased.
"""

from datetime import tzinfo
from typing import Any, TypedDict

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from clientkit.domain.history_words import said_again
from clientkit.domain.wording import said
from clientkit.services.book import Book
from clientkit.services.errors import Refused
from clientkit.storage import history as store
from clientkit.storage.history import Change, Entry, RowValues

DOCUMENT_TABLES = {
    "invoice_series": said("it numbered an invoice"),
    "issued_document": said("it stored the document of an issued invoice"),
    "reminder": said("it sent or recorded a payment reminder"),
    "contract": said("it made or signed a contract, a document the client has"),
}


# The columns `payment void` changes: a payment voided (or brought back) is undoable even when
# it was paid on an issued invoice.
VOID_COLUMNS = {"voided_at", "void_reason", "updated_at"}


class ChangeView(TypedDict):
    """One row an entry inserted, updated (changed columns only) or deleted."""

    table: str
    op: str  # insert, update, delete
    key: RowValues
    before: RowValues | None
    after: RowValues | None


class EntryView(TypedDict):
    """One entry of the history."""

    id: int
    at: str  # ISO, in the book's zone with its offset
    label: str
    undoes: int | None  # the entry this one undid
    undone_by: int | None  # the entry that undid this one
    bulk: str | None  # why its rows were not recorded one by one (then it cannot be undone)
    changes: list[ChangeView]


class UndoView(TypedDict):
    """What `undo` reverted."""

    undone: EntryView
    entry: int | None  # the history entry recording the undo
    rows: int


def history(book: Book, limit: int | None = None) -> list[EntryView]:
    """The history, newest first (at most `limit` entries)."""
    zone = book.zone
    with book.snapshot() as connection:
        return [_view(entry, zone) for entry in store.entries(connection, limit)]


def undo(book: Book) -> UndoView:
    """Revert the latest change not yet undone; Refused, naming why, when it may not be."""
    with book.write() as session:
        connection = session.connection()
        entry = store.latest_undoable(connection, _only_stored_documents)
        if entry is None:
            raise Refused(said("nothing to undo"))
        _check(connection, entry)
        store.mark_undo(connection, entry.id)
        _revert(session, entry)
    with book.snapshot() as connection:
        recorded = store.undo_of(connection, entry.id)
    return {"undone": _view(entry, book.zone), "entry": recorded, "rows": len(entry.changes)}


def _only_stored_documents(entry: Entry) -> bool:
    """An entry that only stored the documents of invoices issued before they were kept (their
    first `invoice pdf` after the upgrade): undo looks past it to the change before, as it
    changed nothing the user did and may itself never be undone."""
    return bool(entry.changes) and all(
        change["table"] == "issued_document" and change["op"] == "insert"
        for change in entry.changes
    )


def not_undoable(session: Session, why: str) -> None:
    """Declare that this write transaction writes in bulk: recorded, but never undoable."""
    store.mark_bulk(session.connection(), why)


def _check(connection: Connection, entry: Entry) -> None:
    reason = _frozen(connection, entry) or _stale(connection, entry)
    if reason:
        raise Refused(
            said(
                "cannot undo #%(id)s `%(label)s`: %(reason)s",
                id=entry.id,
                label=said_again(entry.label),
                reason=reason,
            )
        )


def _revert(session: Session, entry: Entry) -> None:
    try:
        store.revert(session.connection(), entry.changes)
    except IntegrityError:
        raise Refused(
            said(
                "cannot undo #%(id)s `%(label)s`: rows written since depend on what it changed",
                id=entry.id,
                label=said_again(entry.label),
            )
        ) from None


def _frozen(connection: Connection, entry: Entry) -> str | None:
    """Why the entry may never be undone, or None."""
    if entry.bulk:
        return said(
            "it was written in bulk (%(why)s), so it cannot be undone", why=said_again(entry.bulk)
        )
    for change in entry.changes:
        reason = DOCUMENT_TABLES.get(change["table"]) or _issued(connection, change)
        if reason:
            return said(
                "%(reason)s; issued documents and what they rest on cannot be undone",
                reason=reason,
            )
    return None


def _issued(connection: Connection, change: Change) -> str | None:
    """Why a change to an invoice, its line or its payment touches an issued document."""
    table = change["table"]
    if _voiding(change):
        return None
    if table == "invoice":
        return _issued_invoice(connection, change)
    if table in ("invoice_line", "payment"):
        for invoice_id in _values(connection, change, "invoice_id"):
            invoice = _invoice(connection, invoice_id)
            if invoice is not None and invoice["status"] != "draft":
                number = invoice["number"]
                if table == "invoice_line":
                    return said("it changed a line of issued invoice %(number)s", number=number)
                return said("it changed a payment of issued invoice %(number)s", number=number)
    return None


def _voiding(change: Change) -> bool:
    """A payment voided, or the paid invoice it makes unpaid again: what the issued document
    says stays as it was, so voiding a payment can be undone."""
    changed = set(change["after"] or {}) | set(change["before"] or {})
    if change["op"] != "update":
        return False
    if change["table"] == "payment":
        return changed <= VOID_COLUMNS
    if change["table"] == "invoice" and changed <= {"status", "updated_at"}:
        statuses = {change["before"].get("status"), change["after"].get("status")}
        return statuses <= {"issued", "paid"}
    return False


def _issued_invoice(connection: Connection, change: Change) -> str | None:
    statuses = _values(connection, change, "status")
    if statuses <= {"draft"}:
        return None
    number = next(iter(_values(connection, change, "number") - {None}), None)
    credit_note = "credit_note" in _values(connection, change, "kind")
    # Made issued in one go (a credit note, an advance invoice) or issued from a draft.
    if change["op"] == "insert" or (change["before"] or {}).get("status") == "draft":
        if credit_note:
            return said("it issued credit note %(number)s", number=number)
        return said("it issued invoice %(number)s", number=number)
    if credit_note:
        return said("it changed issued credit note %(number)s", number=number)
    return said("it changed issued invoice %(number)s", number=number)


def _values(connection: Connection, change: Change, column: str) -> set[Any]:
    """Every value `column` had in the row before, after, and now."""
    rows = [change["before"], change["after"], store.current(connection, change)]
    return {row[column] for row in rows if row and column in row}


def _invoice(connection: Connection, invoice_id: Any) -> RowValues | None:
    if invoice_id is None:
        return None
    return store.current(connection, {"table": "invoice", "key": {"id": invoice_id}})


def _stale(connection: Connection, entry: Entry) -> str | None:
    """Which row has changed since the entry, and by what; None when none has."""
    for change in entry.changes:
        if store.is_current(connection, change):
            continue
        row = f"{change['table'].replace('_', ' ')} {_key_text(change['key'])}"
        later = _later_change(connection, entry, change)
        if later is None:
            return said("%(row)s has changed since, outside clientkit's history", row=row)
        return said(
            "%(row)s has changed since, by #%(id)s `%(label)s`; undo that first",
            row=row,
            id=later.id,
            label=said_again(later.label),
        )
    return None


def _later_change(connection: Connection, entry: Entry, change: Change) -> Entry | None:
    touching = [
        later
        for later in store.entries_after(connection, entry.id)
        if any(_same_row(change, other) for other in later.changes)
    ]
    return touching[-1] if touching else None


def _same_row(one: Change, other: Change) -> bool:
    return bool(one["table"] == other["table"] and one["key"] == other["key"])


def _key_text(key: RowValues) -> str:
    return " ".join(str(value) for value in key.values())


def _view(entry: Entry, zone: tzinfo) -> EntryView:
    return {
        "id": entry.id,
        "at": entry.at.astimezone(zone).isoformat(),
        # Said again in the profile's language where clientkit wrote it (not a command line).
        "label": said_again(entry.label),
        "undoes": entry.undoes,
        "undone_by": entry.undone_by,
        "bulk": said_again(entry.bulk) if entry.bulk else None,
        "changes": [_change_view(change) for change in entry.changes],
    }


def _change_view(change: Change) -> ChangeView:
    return {
        "table": change["table"],
        "op": change["op"],
        "key": change["key"],
        "before": change["before"],
        "after": change["after"],
    }
