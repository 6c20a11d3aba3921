"""A book that needs migrating is copied first; a failed migration leaves the old file usable."""

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.clients import add_client
from clientkit.storage.backup import backup_sqlite, integrity_problems
from clientkit.storage.migrate import MigrationFailed, backup_before_migration


def _book_with_a_client(path: Path) -> None:
    book = open_book(f"sqlite:///{path}", clock_from_text("2026-11-23"))
    add_client(book, "Acme")
    book.engine.dispose()


def _query(path: Path, sql: str) -> list:  # type: ignore[type-arg]
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_backup_before_migration_makes_a_private_consistent_copy(tmp_path: Path):
    """The copy is named after the old revision, mode 0600, sound, and holds the data."""
    path = tmp_path / "book.db"
    _book_with_a_client(path)
    copy = backup_before_migration(path, "0001")
    assert copy.parent == tmp_path
    assert copy.name.startswith("book.db.before-0001-")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert integrity_problems(copy) == []
    assert _query(copy, "SELECT name FROM client") == [("Acme",)]


def test_a_backup_never_overwrites_an_existing_file(tmp_path: Path):
    """Backing up onto an existing file is refused and leaves that file alone."""
    path = tmp_path / "book.db"
    _book_with_a_client(path)
    target = tmp_path / "precious.bak"
    target.write_text("keep me")
    with pytest.raises(FileExistsError):
        backup_sqlite(path, target)
    assert target.read_text() == "keep me"


def test_an_out_of_date_book_is_backed_up_before_migrating_and_survives_a_failure(tmp_path: Path):
    """A book stamped with a revision this version cannot migrate from: backup, then loud error."""
    path = tmp_path / "book.db"
    _book_with_a_client(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0000'")
    connection.commit()
    connection.close()

    with pytest.raises(MigrationFailed, match="from schema revision 0000") as failure:
        open_book(f"sqlite:///{path}")

    backups = list(tmp_path.glob("book.db.before-0000-*.bak"))
    assert len(backups) == 1
    assert str(backups[0]) in str(failure.value)
    assert _query(backups[0], "SELECT name FROM client") == [("Acme",)]
    assert _query(path, "SELECT name FROM client") == [("Acme",)]
    assert _query(path, "SELECT version_num FROM alembic_version") == [("0000",)]
    assert integrity_problems(path) == []


def test_a_new_book_is_not_backed_up(tmp_path: Path):
    """Creating a book from nothing makes no backup copy."""
    _book_with_a_client(tmp_path / "book.db")
    assert list(tmp_path.glob("*.bak")) == []


def test_integrity_problems_reports_a_damaged_file(tmp_path: Path):
    """A file that is not a database is reported, not deleted."""
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    assert integrity_problems(damaged) != []
    assert damaged.exists()


def test_opening_a_current_book_does_not_import_alembic(tmp_path: Path):
    """The schema check on an up-to-date book is one query, without loading Alembic."""
    path = tmp_path / "book.db"
    _book_with_a_client(path)
    code = (
        "import sys; from clientkit.services.book import open_book; "
        f"open_book({f'sqlite:///{path}'!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
