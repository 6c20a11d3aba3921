"""Engines and transactions: SQLite hardened for many processes, PostgreSQL as a shared book."""

import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url

from clientkit.storage.errors import BookDamaged, book_error

if TYPE_CHECKING:  # the ORM is imported when a session is made, not for Core reads
    from sqlmodel import Session

BUSY_TIMEOUT_SECONDS = 60
WRITE_OPTION = "clientkit_write"
PG_WRITE_LOCK = 4247  # advisory lock key: one writer at a time per PostgreSQL book
# `PRAGMA quick_check` reads every page: ~2 ms per MB (bench/integrity_check.py: 46 ms on a
# 22 MB book, 436 ms on the 220 MB large book), so it runs before the first write of a
# process on books up to this size (~70 ms at most); larger books rely on SQLite's own check
# of every page a command reads or writes (SQLITE_CORRUPT), and on `backup`'s full check.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024
_checked: "weakref.WeakSet[Any]" = weakref.WeakSet()  # pools whose book passed the check


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and in-memory books."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file is created 0600 with WAL, FULL sync and foreign keys.

    A file on a read-only disk or folder is opened read-only (reads work, writes fail with
    BookReadOnly). A busy, damaged, full or unreachable book fails with its BookError,
    whatever the statement.
    """
    path = sqlite_path(url)
    if path is not None:
        read_only = _read_only(path)
        if not read_only:
            _create_private_file(path)
        engine = create_engine(url, **_sqlite_arguments(path, read_only))
        _harden_sqlite(engine, read_only)
    else:
        engine = create_engine(url, pool_pre_ping=True)

    def _raise_book_error(context: ExceptionContext) -> None:
        # Every statement, BEGIN, COMMIT and connect passes here on failure: the one place
        # where a driver's "database is locked" or "malformed" becomes a typed error.
        error = book_error(context.sqlalchemy_exception or context.original_exception, path)
        if error is not None:
            raise error

    event.listen(engine, "handle_error", _raise_book_error)
    return engine


def _read_only(path: Path) -> bool:
    """Whether an existing book may be read but not written: its file, or the folder SQLite
    keeps its WAL index in, refuses writes (a read-only mount refuses them even to root)."""
    if not path.exists():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK))


def _sqlite_arguments(path: Path, read_only: bool) -> dict[str, Any]:
    options: dict[str, Any] = {"timeout": BUSY_TIMEOUT_SECONDS, "isolation_level": None}
    if not read_only:
        return {"connect_args": options}
    # WAL needs a -shm file it can write; without one a read-only book opens only as
    # immutable (nobody can write it through this folder either, so no change is missed).
    shm = Path(f"{path}-shm")
    mode = "mode=ro" if shm.exists() and os.access(path.parent, os.W_OK) else "immutable=1"
    uri = f"{path.resolve().as_uri()}?{mode}"
    return {"creator": lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, **options)}


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(descriptor)


def _harden_sqlite(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        if not read_only:  # setting the journal mode writes the header
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    # pysqlite's own transaction handling is off (isolation_level=None), so we
    # BEGIN ourselves: IMMEDIATE for writes takes the write lock up front and
    # waits on the busy timeout instead of failing mid-transaction.
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_session(
    engine: Engine, label: str | None = None, at: datetime | None = None
) -> Iterator["Session"]:
    """One write transaction: lock taken up front, committed on success, rolled back on error.

    With a `label`, what it changes is appended to the book's history as one entry (at `at`).
    """
    from sqlmodel import Session

    writer = engine.execution_options(**{WRITE_OPTION: True})
    with Session(writer, expire_on_commit=False) as session, session.begin():
        _take_write_lock(engine, session.connection())  # BEGIN (IMMEDIATE) now
        if label is None:
            yield session
            return
        from clientkit.storage.history_orm import recording

        with recording(session, label, at or datetime.now(UTC)):
            yield session


@contextmanager
def write_connection(
    engine: Engine, label: str | None = None, at: datetime | None = None
) -> Iterator[Connection]:
    """`write_session` on a Core connection, for the everyday writes that need no ORM: the
    same lock, checks and history entry. Run its writes with history.record_statement (or
    storage.core_writes), so each row is recorded and the entry stays undoable."""
    writer = engine.execution_options(**{WRITE_OPTION: True})
    with writer.connect() as connection, connection.begin():
        _take_write_lock(engine, connection)
        if label is None:
            yield connection
            return
        from clientkit.storage.history import recording_on

        with recording_on(connection, label, at or datetime.now(UTC)):
            yield connection


def _take_write_lock(engine: Engine, connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        _refuse_damaged_once(engine, connection)
    if connection.dialect.name == "postgresql":
        # Row locks alone let two writers count the same revisions and both write
        # number 3: take the book's write lock up front, as BEGIN IMMEDIATE does.
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _refuse_damaged_once(engine: Engine, connection: Connection) -> None:
    """Before the first write of this engine: `PRAGMA quick_check` on a book small enough for
    it to be cheap, under the write lock just taken; a damaged book raises BookDamaged and is
    not written to, even where this command's own pages are sound."""
    if engine.pool in _checked:
        return
    path = sqlite_path(str(engine.url))
    if path is not None and path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
        problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            raise BookDamaged(problems[0] if problems else "quick_check failed", path)
    _checked.add(engine.pool)


@contextmanager
def read_session(engine: Engine) -> Iterator["Session"]:
    """A read-only unit of work in one consistent snapshot."""
    from sqlmodel import Session

    with Session(_snapshot_engine(engine), expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A read-only Core connection in one consistent snapshot, for fact queries that need
    no ORM objects (and so never import it)."""
    with _snapshot_engine(engine).connect() as connection, connection.begin():
        yield connection


def _snapshot_engine(engine: Engine) -> Engine:
    if engine.dialect.name == "postgresql":  # READ COMMITTED would re-read per statement
        return engine.execution_options(isolation_level="REPEATABLE READ")
    return engine
