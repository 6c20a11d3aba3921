"""A damaged book is reported loudly, never overwritten or migrated; migrations back up first."""

import sqlite3
from pathlib import Path

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.clients import add_client
from clientkit.storage import migrate
from clientkit.storage.backup import integrity_problems
from clientkit.storage.errors import BookDamaged
from tests.conftest import TODAY
from tests.reliability.workers import clientkit, timed_run

CURRENT_REVISION = migrate.HEAD_REVISION
NEXT_REVISION = f"{int(CURRENT_REVISION) + 1:04d}"  # what a newer clientkit would migrate to


def _book(path: Path, clients: int = 300) -> None:
    """A book with enough clients that its name index spans pages."""
    book = open_book(f"sqlite:///{path}", clock_from_text(TODAY))
    for n in range(clients):
        add_client(book, f"Client {n:04d} " + "x" * 50)
    book.engine.dispose()


def _sql(path: Path, statement: str) -> list:  # type: ignore[type-arg]
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(statement).fetchall()
        connection.commit()
        return rows
    finally:
        connection.close()


def _damage_index(path: Path) -> bytes:
    """Overwrite the root page of the client-name index with junk; returns the damaged bytes."""
    page_size = _sql(path, "PRAGMA page_size")[0][0]
    root = _sql(path, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_client_name'")[0][0]
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\x5a" * page_size
    path.write_bytes(bytes(data))
    assert integrity_problems(path) != []
    return bytes(data)


def _index_root(path: Path) -> int:
    """The page the damage was written to (the name index's root; the schema still reads)."""
    return int(_sql(path, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_client_name'")[0][0])


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.endswith(("-wal", "-shm")))


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(tmp_path):
    """--db pointing at some other file: exit 1 saying it is damaged; the file is untouched."""
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 200)
    before = path.read_bytes()
    result = timed_run(clientkit(f"sqlite:///{path}", "client", "list"))[0]
    assert result.code == 1
    assert "damaged" in _one_line(result.stderr)
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["notes.db"]


def test_a_damaged_book_is_reported_by_every_command_that_reads_the_damage(tmp_path):
    """Reading or writing clients fails with exit 1 and one clear line; the file is untouched."""
    path = tmp_path / "book.db"
    _book(path)
    damaged = _damage_index(path)
    db = f"sqlite:///{path}"
    by_name = ("client", "show", "Client 0150 " + "x" * 50)  # found through the name index
    for args in (by_name, ("client", "add", "New client")):
        result = timed_run(clientkit(db, *args))[0]
        assert result.code == 1, result.stderr
        assert "damaged" in _one_line(result.stderr)
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == damaged


def test_reading_a_damaged_page_raises_book_damaged_saying_nothing_changed(tmp_path, invoke):
    """In process the engine raises BookDamaged; the CLI says so in one line and exits 1."""
    path = tmp_path / "book.db"
    _book(path)
    damaged = _damage_index(path)
    book = open_book(f"sqlite:///{path}")
    with pytest.raises(BookDamaged):
        add_client(book, "New client")  # the name check reads the damaged index
    book.engine.dispose()
    result = invoke("--db", f"sqlite:///{path}", "client", "add", "New client")
    assert (result.code, result.stderr) == (
        1,
        f"error: the book {path} is damaged (Page {_index_root(path)}: btreeInitPage() returns "
        f"error code 11); clientkit left it untouched: restore your latest backup, or salvage "
        f"it with `sqlite3 {path} .recover`\n",
    )
    assert path.read_bytes() == damaged


def test_a_damaged_book_that_needs_migrating_is_neither_migrated_nor_copied(tmp_path):
    """The integrity check comes before the migration backup: exit 1, nothing written."""
    path = tmp_path / "book.db"
    _book(path)
    _sql(path, "UPDATE alembic_version SET version_num = '0000'")
    damaged = _damage_index(path)
    result = timed_run(clientkit(f"sqlite:///{path}", "client", "list"))[0]
    assert result.code == 1
    line = _one_line(result.stderr)
    assert "damaged" in line
    assert str(path) in line
    assert "untouched" in line
    assert path.read_bytes() == damaged
    assert _files(tmp_path) == ["book.db"]


def test_open_book_refuses_a_damaged_book_before_migrating_it(tmp_path, monkeypatch):
    """In process: BookDamaged is raised and the schema stamp is unchanged."""
    path = tmp_path / "book.db"
    _book(path, clients=300)
    _damage_index(path)
    monkeypatch.setattr(migrate, "HEAD_REVISION", NEXT_REVISION)
    with pytest.raises(BookDamaged, match="damaged"):
        open_book(f"sqlite:///{path}")
    assert list(tmp_path.glob("*.bak")) == []


def test_a_sound_book_is_backed_up_before_a_migration_runs(tmp_path, monkeypatch):
    """When the schema moves on, a sound copy named after the old revision is made first."""
    path = tmp_path / "book.db"
    _book(path, clients=3)
    upgraded = []
    monkeypatch.setattr(migrate, "HEAD_REVISION", NEXT_REVISION)
    monkeypatch.setattr(
        migrate, "_upgrade", lambda connection: upgraded.append(list(tmp_path.glob("*.bak")))
    )
    open_book(f"sqlite:///{path}").engine.dispose()
    assert len(upgraded) == 1
    assert len(upgraded[0]) == 1
    copy = upgraded[0][0]
    assert copy.name.startswith(f"book.db.before-{CURRENT_REVISION}-")
    assert integrity_problems(copy) == []
    assert _sql(copy, "SELECT count(*) FROM client") == [(3,)]


def test_backup_of_a_damaged_book_says_so_and_keeps_the_book(invoke, tmp_path):
    """`clientkit backup` checks its copy: a damaged source gives exit 1, the book untouched."""
    path = tmp_path / "book.db"
    _book(path, clients=300)
    damaged = _damage_index(path)
    result = invoke("--db", f"sqlite:///{path}", "backup", "-o", str(tmp_path / "copy.db"))
    assert result.code == 1
    assert "integrity" in _one_line(result.stderr) or "damaged" in result.stderr
    assert path.read_bytes() == damaged
