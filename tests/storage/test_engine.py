"""SQLite is hardened on every connection, private on disk, and writes take the lock up front."""

import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.storage.engine import BUSY_TIMEOUT_SECONDS, make_engine, sqlite_path, write_session
from clientkit.storage.models import Client


@pytest.fixture
def sqlite_book(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_book(f"sqlite:///{tmp_path / 'book.db'}", clock_from_text("2026-11-23"))
    yield opened
    opened.engine.dispose()


def _pragmas(connection) -> tuple:  # type: ignore[no-untyped-def]
    return tuple(
        connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    )


def test_every_pooled_connection_has_wal_full_sync_foreign_keys_and_a_busy_timeout(sqlite_book):
    """Two connections open at once both carry WAL, synchronous=FULL (2), foreign_keys=1."""
    expected = ("wal", 2, 1, BUSY_TIMEOUT_SECONDS * 1000)
    with sqlite_book.engine.connect() as first, sqlite_book.engine.connect() as second:
        assert _pragmas(first) == expected
        assert _pragmas(second) == expected
    engine = make_engine(sqlite_book.url)  # a second process opening the same book
    with engine.connect() as third:
        assert _pragmas(third) == expected
    engine.dispose()


def test_foreign_keys_are_enforced(sqlite_book):
    """A project pointing at a missing client is refused by the database itself."""
    with pytest.raises(Exception, match="FOREIGN KEY"), sqlite_book.write() as session:
        session.execute(
            text(
                "INSERT INTO project (client_id, title, status, currency, payment_days, "
                "created_at, updated_at) VALUES (999, 'x', 'draft', 'EUR', 14, "
                "'2026-01-01', '2026-01-01')"
            )
        )


def test_the_database_file_is_created_readable_only_by_its_owner(tmp_path: Path):
    """A new book file (and its folder) is created mode 0600."""
    path = tmp_path / "deep" / "book.db"
    open_book(f"sqlite:///{path}").engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_sqlite_path_only_names_real_files():
    """File URLs name their file; memory and PostgreSQL URLs have none."""
    assert sqlite_path("sqlite:////srv/books/x.db") == Path("/srv/books/x.db")
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql+psycopg://u@h/db") is None


def _try_write_lock(path: Path) -> str:
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return "got the lock"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        probe.close()


def test_a_write_session_holds_the_write_lock_from_its_first_statement(sqlite_book):
    """While a write session is open (even before it writes), nobody else can start a write."""
    path = sqlite_path(sqlite_book.url)
    assert path is not None
    with sqlite_book.write():
        assert _try_write_lock(path) == "database is locked"
    assert _try_write_lock(path) == "got the lock"


def test_a_read_session_does_not_block_writers(sqlite_book):
    """Reading (e.g. the TUI showing a list) leaves the write lock free."""
    path = sqlite_path(sqlite_book.url)
    assert path is not None
    with sqlite_book.read() as session:
        session.execute(text("SELECT count(*) FROM client")).scalar()
        assert _try_write_lock(path) == "got the lock"


def test_a_second_writer_waits_for_the_first_and_then_succeeds(sqlite_book):
    """Another process's write waits on the busy timeout instead of failing, then commits."""
    other = make_engine(sqlite_book.url)
    inside = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with write_session(other) as session:
                inside.set()
                session.add(Client(name="Second"))
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
            inside.set()

    with sqlite_book.write() as session:
        session.add(Client(name="First"))
        session.flush()
        worker = threading.Thread(target=second_writer)
        worker.start()
        # The second writer must not get in while the first transaction is open.
        assert not inside.wait(timeout=0.5)
    worker.join(timeout=60)
    other.dispose()
    assert errors == []
    assert inside.is_set()
    with sqlite_book.read() as session:
        names = session.execute(text("SELECT name FROM client ORDER BY id")).scalars().all()
    assert names == ["First", "Second"]


def test_a_failed_write_session_leaves_nothing_behind(book):
    """An exception inside a write session rolls the whole transaction back."""

    def crash_mid_command() -> None:
        with book.write() as session:
            session.add(Client(name="Half"))
            session.flush()
            raise RuntimeError("crash mid-command")

    with pytest.raises(RuntimeError):
        crash_mid_command()
    with book.read() as session:
        assert session.execute(text("SELECT count(*) FROM client")).scalar() == 0
