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
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from clientkit.storage.tables import DERIVED_TABLES
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
def recording_on(
    connection: Connection,
    label: str,
    at: datetime,
    before_store: Callable[[], object] | None = None,
) -> Iterator[Recorder]:
    """Record what `connection`'s transaction changes; append it as one entry when the body
    ends without an error (the caller then commits). Statements run through `record_statement`
    are recorded row by row; any other write makes the entry bulk. `before_store` runs first
    (an ORM session's last flush)."""
    recorder = Recorder()
    connection.info[RECORDER] = recorder  # the cursor-level safety net looks here
    event.listen(connection, "before_cursor_execute", watch_statements)
    try:
        yield recorder
        if before_store is not None:
            before_store()
        store_entry(connection, recorder, label, at)
    finally:
        event.remove(connection, "before_cursor_execute", watch_statements)
        connection.info.pop(RECORDER, None)  # the pooled connection outlives this transaction


def _recorder_of(connection: Connection) -> Recorder | None:
    recorder: Recorder | None = connection.info.get(RECORDER)
    return recorder


def mark_bulk(connection: Connection, why: str) -> None:
    """Declare that this transaction writes in bulk: it is recorded, but not undoable."""
    recorder = _recorder_of(connection)
    if recorder is not None:
        recorder.mark_bulk(why)


def mark_undo(connection: Connection, entry_id: int) -> None:
    """This transaction undoes entry `entry_id`: its entry will say so."""
    recorder = _recorder_of(connection)
    if recorder is not None:
        recorder.undoes = entry_id


def store_entry(connection: Connection, recorder: Recorder, label: str, at: datetime) -> None:
    """Append the transaction's entry, unless it changed nothing."""
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
    _quietly(recorder, lambda: connection.execute(insert(HISTORY).values(**values)))


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


def _key(table: Table, row: RowValues) -> RowValues:
    return {column.name: row[column.name] for column in table.primary_key.columns}


def active_recorder(connection: Connection) -> Recorder | None:
    """The recorder of the transaction `connection` is in, unless it is paused or gave up."""
    recorder: Recorder | None = connection.info.get(RECORDER)
    if recorder is None or recorder.quiet or recorder.bulk:
        return None
    return recorder


def record_statement(
    connection: Connection, table: Table, statement: Any, parameters: Any, run: Callable[[], Any]
) -> Any:
    """Run one INSERT, UPDATE or DELETE `statement` on `table` with `run`, recording the rows it
    changes in the transaction's entry (or marking the entry bulk where it cannot)."""
    recorder = active_recorder(connection)
    if recorder is None or table.name in NOT_RECORDED:
        return run()
    if isinstance(parameters, list) and not statement.is_insert:
        recorder.mark_bulk(f"{table.name} was written by a statement run many times")
        return run()
    if statement.is_insert:
        return _record_insert(connection, recorder, table, statement, parameters, run)
    return _record_update_or_delete(connection, recorder, table, statement, run)


def _quietly(recorder: Recorder, run: Callable[[], Any]) -> Any:
    recorder.quiet = True
    try:
        return run()
    finally:
        recorder.quiet = False


def _select_rows(
    connection: Connection, recorder: Recorder, table: Table, where: Any
) -> list[RowValues]:
    query = select(table) if where is None else select(table).where(where)
    return _quietly(
        recorder,
        lambda: [
            {name: _plain(value) for name, value in row.items()}
            for row in connection.execute(query).mappings()
        ],
    )


def _record_update_or_delete(
    connection: Connection, recorder: Recorder, table: Table, statement: Any, run: Callable[[], Any]
) -> Any:
    where = statement.whereclause
    before = _select_rows(connection, recorder, table, where)
    result = _quietly(recorder, run)
    if statement.is_delete:
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
        now = _select_rows(connection, recorder, table, _matches(table, key))
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


def _record_insert(
    connection: Connection,
    recorder: Recorder,
    table: Table,
    statement: Any,
    parameters: Any,
    run: Callable[[], Any],
) -> Any:
    """One row with its key given (an upsert): read by key before and after. Many rows: those
    above the highest id before the statement."""
    key = _given_key(statement, parameters, table)
    if key is not None:
        return _record_keyed_insert(connection, recorder, table, key, run)
    identity = table.c.get("id")
    if identity is None or not isinstance(identity.type, Integer) or len(table.primary_key) != 1:
        recorder.mark_bulk(f"{table.name} was written by a statement whose rows have no id")
        return run()
    highest = _quietly(
        recorder, lambda: connection.execute(select(func.max(identity))).scalar() or 0
    )
    result = _quietly(recorder, run)
    for row in _select_rows(connection, recorder, table, identity > highest):
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


def _given_key(statement: Any, parameters: Any, table: Table) -> RowValues | None:
    """The primary key of the one row an INSERT writes, when the statement names it."""
    if parameters is not None and not isinstance(parameters, dict):
        return None
    params = {**statement.compile().params, **(parameters or {})}
    key = {column.name: params.get(column.key) for column in table.primary_key.columns}
    return None if any(value is None for value in key.values()) else key


def _record_keyed_insert(
    connection: Connection,
    recorder: Recorder,
    table: Table,
    key: RowValues,
    run: Callable[[], Any],
) -> Any:
    where = _matches(table, {name: _plain(value) for name, value in key.items()})
    before = _select_rows(connection, recorder, table, where)
    result = _quietly(recorder, run)
    after = _select_rows(connection, recorder, table, where)
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

    from clientkit.storage import models  # noqa: F401  (registers the tables)

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


def revert(connection: Connection, changes: Sequence[Change]) -> None:
    """Apply the inverse of `changes`, newest first; the inverse is the transaction's record."""
    recorder = _recorder_of(connection)
    undoing = [inverse(change) for change in reversed(changes)]

    def apply_all() -> None:
        for change in undoing:
            _apply(connection, change)

    if recorder is None:
        apply_all()
        return
    _quietly(recorder, apply_all)
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
