"""The book's history: each write transaction's row changes, captured from the ORM, kept as JSON.

Generic on purpose: it knows tables, keys and column values, never what a client or an
invoice is. A `Recorder` rides on one write session (`session.info`) and collects

- from every ORM flush, the objects inserted, updated (changed columns only) and deleted,
  read from the flush's own attribute history (no extra query per row);
- from every UPDATE or DELETE statement run through the session, the rows it matches, read
  just before (and, for an UPDATE, just after) it runs; an INSERT statement on a table with an
  integer id, the rows above the highest id before it;
- anything else that writes (raw SQL, a statement run on the connection directly, a bulk
  load) is not recorded row by row: the entry is marked `bulk` and can never be undone.

Derived tables, kept by database triggers, are never recorded: reverting base rows lets the
triggers recompute them.
"""

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    delete,
    event,
    exists,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from clientkit.storage.models import DERIVED_TABLES
from clientkit.storage.types import UTCDateTime

# Its own metadata: the history is not one of the book's tables (not exported, imported,
# counted, or wiped by `demo --force`).
METADATA = MetaData()
HISTORY = Table(
    "history",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("label", Text, nullable=False),
    Column("undoes", Integer, ForeignKey("history.id"), nullable=True),
    Column("bulk", Text, nullable=False),
    Column("changes", Text, nullable=False),
    Index("ix_history_undoes", "undoes", unique=True),
)

RECORDER = "clientkit_history"
NOT_RECORDED = DERIVED_TABLES | {"history", "alembic_version"}
BINARY_PREFIX = "sha256:"
WRITES = ("insert", "update", "delete", "replace", "truncate", "copy", "merge", "upsert")

# A row of any table as its column values: which types they hold is known per column only
# when the change is read, so the history handles rows as open dicts, like export does.
RowValues = dict[str, Any]
Change = dict[str, Any]  # {"table", "op", "key", "before", "after"}: JSON, as stored


@dataclass
class Recorder:
    """What one write transaction changed, in the order it happened."""

    changes: list[Change] = field(default_factory=list)
    bulk: str = ""  # why the rows were not recorded one by one; "" when they all were
    quiet: bool = False  # our own statements run: not the user's changes
    flushing: bool = False
    undoes: int | None = None

    def mark_bulk(self, why: str) -> None:
        if not self.bulk:
            self.bulk = why
        self.changes.clear()  # an entry that cannot be undone need not carry half its rows


@contextmanager
def recording(session: Session, label: str, at: datetime) -> Iterator[Recorder]:
    """Record what `session`'s transaction changes; append it as one entry when the body ends
    without an error (the caller then commits)."""
    recorder = Recorder()
    connection = session.connection()
    session.info[RECORDER] = recorder
    connection.info[RECORDER] = recorder  # the cursor-level safety net looks here
    event.listen(connection, "before_cursor_execute", watch_statements)
    try:
        yield recorder
        _store(session, recorder, label, at)
    finally:
        event.remove(connection, "before_cursor_execute", watch_statements)
        session.info.pop(RECORDER, None)
        connection.info.pop(RECORDER, None)  # the pooled connection outlives this transaction


def mark_bulk(session: Session, why: str) -> None:
    """Declare that this transaction writes in bulk: it is recorded, but not undoable."""
    recorder = session.info.get(RECORDER)
    if recorder is not None:
        recorder.mark_bulk(why)


def mark_undo(session: Session, entry_id: int) -> None:
    """This transaction undoes entry `entry_id`: its entry will say so."""
    recorder: Recorder | None = session.info.get(RECORDER)
    if recorder is not None:
        recorder.undoes = entry_id


def _store(session: Session, recorder: Recorder, label: str, at: datetime) -> None:
    """Append the transaction's entry (flushing first), unless it changed nothing."""
    session.flush()
    recorder.changes = compact(recorder.changes)
    if not recorder.changes and not recorder.bulk and recorder.undoes is None:
        return
    values = {
        "at": at,
        "label": label,
        "undoes": recorder.undoes,
        "bulk": recorder.bulk,
        "changes": json.dumps(recorder.changes, ensure_ascii=False, separators=(",", ":")),
    }
    recorder.quiet = True
    try:
        session.connection().execute(insert(HISTORY).values(**values))
    finally:
        recorder.quiet = False


def compact(changes: list[Change]) -> list[Change]:
    """One change per row: a row inserted then updated is one insert of its final values, one
    updated twice one update, one inserted then deleted nothing at all. Undo then checks
    each row against how the transaction left it."""
    merged: list[Change | None] = []
    where: dict[tuple[str, str], int] = {}
    for change in changes:
        row = (change["table"], json.dumps(change["key"], sort_keys=True))
        index = where.get(row)
        earlier = merged[index] if index is not None else None
        if earlier is None or earlier["op"] == "delete":
            where[row] = len(merged)
            merged.append(change)
            continue
        assert index is not None
        combined = _combined(earlier, change)
        if combined is not None and combined["op"] != "delete":
            merged[index] = combined  # an insert stays before the rows that refer to it
            continue
        merged[index] = None
        if combined is None:
            del where[row]
        else:  # a delete goes where it happened: after the rows that referred to it went
            where[row] = len(merged)
            merged.append(combined)
    return [change for change in merged if change is not None]


def _combined(earlier: Change, later: Change) -> Change | None:
    """Two changes of one row as one (None: they cancel out)."""
    if later["op"] == "update":
        after = {**earlier["after"], **later["after"]}
        if earlier["op"] == "insert":
            return {**earlier, "after": after}
        before = {**later["before"], **earlier["before"]}
        changed = {name for name in after if after[name] != before[name]}
        if not changed:
            return None
        return {
            **earlier,
            "before": {name: before[name] for name in changed},
            "after": {name: after[name] for name in changed},
        }
    if later["op"] == "delete":
        if earlier["op"] == "insert":
            return None
        return {**later, "before": {**later["before"], **earlier["before"]}}
    return None  # an insert after an insert or update of one key cannot happen


# --- capture ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A column value as JSON: dates ISO, Decimal as text; ints, text, bools and None as is;
    bytes as their SHA-256 (BINARY_PREFIX + hex digest)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        # An issued document's PDF is tens of kilobytes and is never written back by an undo
        # (services.history refuses that): its digest says exactly which bytes were stored.
        return BINARY_PREFIX + hashlib.sha256(value).hexdigest()
    return value


def _recorder(session: Session) -> Recorder | None:
    recorder: Recorder | None = session.info.get(RECORDER)
    if recorder is None or recorder.quiet or recorder.bulk:
        return None
    return recorder


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    recorder = session.info.get(RECORDER)
    if recorder is not None:
        recorder.flushing = True


@event.listens_for(Session, "after_flush_postexec")
def _after_flush_postexec(session: Session, _context: UOWTransaction) -> None:
    recorder = session.info.get(RECORDER)
    if recorder is not None:
        recorder.flushing = False


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: UOWTransaction) -> None:
    """The flush's inserts (parents first), updates, then deletes (children first)."""
    recorder = _recorder(session)
    if recorder is None:
        return
    try:
        inserted = [_whole(obj, "insert") for obj in session.new]
        updated = [_updated(obj) for obj in session.dirty]
        deleted = [_whole(obj, "delete") for obj in session.deleted]
    except _Unseen as unseen:
        recorder.mark_bulk(str(unseen))
        return
    order = _table_order()
    inserted.sort(key=lambda change: order.get(change["table"], 0))
    deleted.sort(key=lambda change: -order.get(change["table"], 0))
    recorder.changes.extend(
        change for change in (*inserted, *updated, *deleted) if change and _kept(change)
    )


class _Unseen(Exception):
    """A value the flush did not hold in memory: the entry cannot be recorded exactly."""


def _kept(change: Change) -> bool:
    return change["table"] not in NOT_RECORDED


def _columns(state: Any) -> Iterator[tuple[str, str]]:
    """(attribute key, column name) of each mapped column of an instance's state."""
    for prop in state.mapper.column_attrs:
        yield prop.key, prop.columns[0].name


def _row(state: Any) -> RowValues:
    values = {}
    loaded = state.dict
    for key, name in _columns(state):
        if key not in loaded:
            raise _Unseen(f"a value of {state.mapper.local_table.name} was not loaded")
        values[name] = _plain(loaded[key])
    return values


def _key(table: Table, row: RowValues) -> RowValues:
    return {column.name: row[column.name] for column in table.primary_key.columns}


def _whole(obj: Any, op: str) -> Change:
    state = inspect(obj)
    table = state.mapper.local_table
    row = _row(state)
    before, after = (None, row) if op == "insert" else (row, None)
    return {
        "table": table.name,
        "op": op,
        "key": _key(table, row),
        "before": before,
        "after": after,
    }


def _updated(obj: Any) -> Change | None:
    state = inspect(obj)
    table = state.mapper.local_table
    before: RowValues = {}
    after: RowValues = {}
    key: RowValues = {}
    primary = {column.name for column in table.primary_key.columns}
    for attribute, name in _columns(state):
        history = state.attrs[attribute].history
        if name in primary:
            key[name] = _plain(history.deleted[0] if history.deleted else state.dict.get(attribute))
        if not history.has_changes():
            continue
        if not history.deleted:  # set without having been loaded: the old value is unknown
            raise _Unseen(f"a value of {table.name} was changed without being read first")
        before[name] = _plain(history.deleted[0])
        after[name] = _plain(history.added[0] if history.added else None)
    if not after:
        return None
    return {"table": table.name, "op": "update", "key": key, "before": before, "after": after}


_ORDER: dict[str, int] = {}


def _table_order() -> dict[str, int]:
    """Each table's place in dependency order (parents first)."""
    if not _ORDER:
        from sqlmodel import SQLModel

        _ORDER.update({t.name: i for i, t in enumerate(SQLModel.metadata.sorted_tables)})
    return _ORDER


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> Any:
    """UPDATE, DELETE and INSERT statements run through the session, recorded row by row."""
    recorder = _recorder(state.session)
    if recorder is None or not (state.is_update or state.is_delete or state.is_insert):
        return None
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table) or table.name in NOT_RECORDED:
        return None
    if isinstance(state.parameters, list) and not state.is_insert:
        recorder.mark_bulk(f"{table.name} was written by a statement run many times")
        return None
    if state.is_insert:
        return _record_insert(state, recorder, table)
    return _record_update_or_delete(state, recorder, table)


def _quietly(recorder: Recorder, state: ORMExecuteState) -> Any:
    recorder.quiet = True
    try:
        return state.invoke_statement()
    finally:
        recorder.quiet = False


def _select_rows(session: Session, recorder: Recorder, table: Table, where: Any) -> list[RowValues]:
    recorder.quiet = True
    try:
        query = select(table) if where is None else select(table).where(where)
        return [
            {name: _plain(value) for name, value in row.items()}
            for row in session.connection().execute(query).mappings()
        ]
    finally:
        recorder.quiet = False


def _record_update_or_delete(state: ORMExecuteState, recorder: Recorder, table: Table) -> Any:
    session = state.session
    where = state.statement.whereclause  # type: ignore[attr-defined]
    before = _select_rows(session, recorder, table, where)
    result = _quietly(recorder, state)
    if state.is_delete:
        recorder.changes.extend(
            {
                "table": table.name,
                "op": "delete",
                "key": _key(table, row),
                "before": row,
                "after": None,
            }
            for row in before
        )
        return result
    for old in before:
        key = _key(table, old)
        now = _select_rows(session, recorder, table, _matches(table, key))
        if len(now) != 1:  # the statement changed its key: not something to put back by key
            recorder.mark_bulk(f"a row of {table.name} could not be read back")
            break
        new = now[0]
        changed = [name for name in old if old[name] != new[name]]
        if changed:
            recorder.changes.append(
                {
                    "table": table.name,
                    "op": "update",
                    "key": key,
                    "before": {name: old[name] for name in changed},
                    "after": {name: new[name] for name in changed},
                }
            )
    return result


def _record_insert(state: ORMExecuteState, recorder: Recorder, table: Table) -> Any:
    """One row with its key given (an upsert): read by key before and after. Many rows: those
    above the highest id before the statement."""
    key = _given_key(state, table)
    if key is not None:
        return _record_keyed_insert(state, recorder, table, key)
    identity = table.c.get("id")
    if identity is None or not isinstance(identity.type, Integer) or len(table.primary_key) != 1:
        recorder.mark_bulk(f"{table.name} was written by a statement whose rows have no id")
        return None
    session = state.session
    recorder.quiet = True
    try:
        highest = session.connection().execute(select(func.max(identity))).scalar() or 0
    finally:
        recorder.quiet = False
    result = _quietly(recorder, state)
    for row in _select_rows(session, recorder, table, identity > highest):
        recorder.changes.append(
            {
                "table": table.name,
                "op": "insert",
                "key": _key(table, row),
                "before": None,
                "after": row,
            }
        )
    return result


def _given_key(state: ORMExecuteState, table: Table) -> RowValues | None:
    """The primary key of the one row an INSERT writes, when the statement names it."""
    given = state.parameters
    if given is not None and not isinstance(given, dict):
        return None
    statement: Any = state.statement
    params = {**statement.compile().params, **(given or {})}
    key = {column.name: params.get(column.key) for column in table.primary_key.columns}
    return None if any(value is None for value in key.values()) else key


def _record_keyed_insert(
    state: ORMExecuteState, recorder: Recorder, table: Table, key: RowValues
) -> Any:
    session = state.session
    where = _matches(table, {name: _plain(value) for name, value in key.items()})
    before = _select_rows(session, recorder, table, where)
    result = _quietly(recorder, state)
    after = _select_rows(session, recorder, table, where)
    if not before and after:
        recorder.changes.append(
            {
                "table": table.name,
                "op": "insert",
                "key": _key(table, after[0]),
                "before": None,
                "after": after[0],
            }
        )
    elif before and after and before != after:
        old, new = before[0], after[0]
        changed = [name for name in old if old[name] != new[name]]
        recorder.changes.append(
            {
                "table": table.name,
                "op": "update",
                "key": _key(table, old),
                "before": {name: old[name] for name in changed},
                "after": {name: new[name] for name in changed},
            }
        )
    return result


def watch_statements(
    connection: Connection,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    _context: Any,
    _executemany: bool,
) -> None:
    """The safety net (a `before_cursor_execute` listener): a statement that writes, seen
    outside a flush and outside the statements recorded above, makes the entry bulk."""
    recorder: Recorder | None = connection.info.get(RECORDER)
    if recorder is None or recorder.quiet or recorder.flushing or recorder.bulk:
        return
    verb = statement.lstrip().split(None, 1)[0].lower() if statement.strip() else ""
    if verb in WRITES:
        recorder.mark_bulk("rows were written in bulk")


# --- reading and reverting ------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One history row, its changes decoded."""

    id: int
    at: datetime
    label: str
    undoes: int | None
    undone_by: int | None
    bulk: str
    changes: list[Change]


def _entries_query() -> Any:
    undo = HISTORY.alias("undo")
    return select(HISTORY, undo.c.id.label("undone_by")).outerjoin(
        undo, undo.c.undoes == HISTORY.c.id
    )


def _entry(row: Any) -> Entry:
    return Entry(
        id=row.id,
        at=row.at,
        label=row.label,
        undoes=row.undoes,
        undone_by=row.undone_by,
        bulk=row.bulk,
        changes=json.loads(row.changes),
    )


def entries(connection: Connection, limit: int | None = None) -> list[Entry]:
    """The history, newest first."""
    query = _entries_query().order_by(HISTORY.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [_entry(row) for row in connection.execute(query)]


def entries_after(connection: Connection, entry_id: int) -> list[Entry]:
    """Entries newer than `entry_id`, oldest first."""
    query = _entries_query().where(HISTORY.c.id > entry_id).order_by(HISTORY.c.id)
    return [_entry(row) for row in connection.execute(query)]


def latest_undoable(
    connection: Connection, passed_over: Callable[[Entry], bool] | None = None
) -> Entry | None:
    """The newest entry that is a change (not an undo), has not been undone, and is not one
    `passed_over` says to look past."""
    undo = HISTORY.alias("undo")
    query = (
        _entries_query()
        .where(HISTORY.c.undoes.is_(None))
        .where(~exists().where(undo.c.undoes == HISTORY.c.id))
        .order_by(HISTORY.c.id.desc())
    )
    if passed_over is None:
        query = query.limit(1)
    for row in connection.execute(query):
        entry = _entry(row)
        if passed_over is None or not passed_over(entry):
            return entry
    return None


def undo_of(connection: Connection, entry_id: int) -> int | None:
    """The entry that undid `entry_id`, if any."""
    query = select(HISTORY.c.id).where(HISTORY.c.undoes == entry_id)
    found: int | None = connection.execute(query).scalar()
    return found


def _book_table(name: str) -> Table:
    from sqlmodel import SQLModel

    return SQLModel.metadata.tables[name]


def _matches(table: Table, key: RowValues) -> ColumnElement[bool]:
    from sqlalchemy import and_

    return and_(*(table.c[name] == _value(table, name, value) for name, value in key.items()))


def _value(table: Table, name: str, value: Any) -> Any:
    """A JSON value back as the column's Python type."""
    if value is None:
        return None
    kind: Any = table.c[name].type
    if isinstance(kind, TypeDecorator):  # UTCDateTime: its impl tells the Python type
        kind = kind.impl_instance
    python_type = kind.python_type
    if python_type is bytes:
        raise ValueError(
            f"the history keeps only the SHA-256 of {table.name}.{name}, not its bytes"
        )
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def _values(table: Table, row: RowValues) -> RowValues:
    return {name: _value(table, name, value) for name, value in row.items()}


def current(connection: Connection, change: Change) -> RowValues | None:
    """The row `change` is about as it is now (JSON values), or None if it is gone."""
    table = _book_table(change["table"])
    row = connection.execute(select(table).where(_matches(table, change["key"]))).mappings().first()
    return None if row is None else {name: _plain(value) for name, value in row.items()}


def is_current(connection: Connection, change: Change) -> bool:
    """Whether the row still looks as `change` left it."""
    now = current(connection, change)
    if change["op"] == "delete":
        return now is None
    if now is None:
        return False
    return all(now.get(name) == value for name, value in change["after"].items())


def inverse(change: Change) -> Change:
    """The change that takes `change` back."""
    op = {"insert": "delete", "delete": "insert", "update": "update"}[change["op"]]
    return {**change, "op": op, "before": change["after"], "after": change["before"]}


def revert(session: Session, changes: Sequence[Change]) -> None:
    """Apply the inverse of `changes`, newest first; the inverse is the transaction's record."""
    recorder: Recorder | None = session.info.get(RECORDER)
    connection = session.connection()
    undoing = [inverse(change) for change in reversed(changes)]
    if recorder is not None:
        recorder.quiet = True
    try:
        for change in undoing:
            _apply(connection, change)
    finally:
        if recorder is not None:
            recorder.quiet = False
    if recorder is not None:
        recorder.changes.extend(undoing)


def _apply(connection: Connection, change: Change) -> None:
    table = _book_table(change["table"])
    if change["op"] == "insert":
        connection.execute(insert(table).values(**_values(table, change["after"])))
    elif change["op"] == "delete":
        connection.execute(delete(table).where(_matches(table, change["key"])))
    else:
        connection.execute(
            update(table)
            .where(_matches(table, change["key"]))
            .values(**_values(table, change["after"]))
        )
