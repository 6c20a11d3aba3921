"""A book locked by another process longer than clientkit waits: one clear line, nothing written."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from clientkit.services.book import open_book
from clientkit.services.clients import add_client
from clientkit.services.lists import list_clients
from clientkit.storage import engine
from clientkit.storage.errors import BookBusy
from tests.cli.helpers import home_db, row_counts

BUSY = "error: the book is busy with another clientkit process; try again in a moment\n"


@contextmanager
def _write_lock_held(path: Path) -> Iterator[None]:
    """Another process's write transaction on the SQLite file, open until the block ends."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up on a held lock at once instead of after a minute."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_SECONDS", 0)


def test_a_write_while_another_process_writes_raises_book_busy(tmp_path, impatient):
    """In process: the engine turns SQLite's 'database is locked' into BookBusy."""
    path = tmp_path / "book.db"
    book = open_book(f"sqlite:///{path}")
    with _write_lock_held(path), pytest.raises(BookBusy):
        add_client(book, "Acme")
    assert list_clients(book) == []  # reads were never blocked, and nothing was written
    book.engine.dispose()


def test_the_cli_says_the_book_is_busy_and_exits_1(invoke, impatient):
    """`client add` against a locked book: exit 1, the busy sentence, the book unchanged."""
    assert invoke("client", "add", "Acme").code == 0
    before = row_counts()
    with _write_lock_held(home_db()):
        result = invoke("client", "add", "Zeta")
    assert (result.code, result.stderr) == (1, BUSY)
    assert row_counts() == before
