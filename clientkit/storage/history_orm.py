"""The history's capture from the ORM: a write session's flushes and statements, row by row.

The ORM half of storage/history.py (which is Core only, so commands that write through Core
never import the ORM): a `recording` session puts its Recorder on its connection, the flush
listeners add the objects a flush inserted, updated (changed columns only, read from the
flush's own attribute history: no extra query per row) and deleted, and a statement run
through the session is recorded by history.record_statement as a Core one is.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Table, event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from clientkit.storage.history import (
    NOT_RECORDED,
    Change,
    Recorder,
    RowValues,
    _key,
    _plain,
    active_recorder,
    record_statement,
    recording_on,
)


@contextmanager
def recording(session: Session, label: str, at: datetime) -> Iterator[Recorder]:
    """Record what `session`'s transaction changes (flushing before the entry is written)."""
    connection = session.connection()
    try:
        with recording_on(connection, label, at, before_store=session.flush) as recorder:
            session.info[RECORDER_KEY] = recorder
            yield recorder
    finally:  # after the last flush, which the listeners record
        session.info.pop(RECORDER_KEY, None)


RECORDER_KEY = "clientkit_history"


def _recorder(session: Session) -> Recorder | None:
    recorder: Recorder | None = session.info.get(RECORDER_KEY)
    if recorder is None or recorder.quiet or recorder.bulk:
        return None
    return recorder


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    recorder = session.info.get(RECORDER_KEY)
    if recorder is not None:
        recorder.flushing = True


@event.listens_for(Session, "after_flush_postexec")
def _after_flush_postexec(session: Session, _context: UOWTransaction) -> None:
    recorder = session.info.get(RECORDER_KEY)
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
    if not (state.is_update or state.is_delete or state.is_insert):
        return None
    table = getattr(state.statement, "table", None)
    connection = state.session.connection()
    if not isinstance(table, Table) or active_recorder(connection) is None:
        return None
    return record_statement(
        connection, table, state.statement, state.parameters, state.invoke_statement
    )
