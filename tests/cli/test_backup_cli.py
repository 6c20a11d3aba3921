"""`clientkit backup -o FILE`: a checked private copy, never over a file; PostgreSQL: pg_dump."""

import json
import sqlite3
import stat

from tests.cli.helpers import home_db, row_counts


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def test_backup_writes_a_private_sound_copy_with_every_row(invoke, tmp_path):
    """The copy is mode 0600, passes integrity_check, is one self-contained file, same rows."""
    assert invoke("client", "add", "Acme & Sons").code == 0
    assert invoke("project", "add", "Acme", "Logo", "--price", "1500").code == 0
    assert invoke("log", "Logo", "90m", "--kind", "call").code == 0
    target = tmp_path / "copies" / "book.bak"
    result = invoke("backup", "-o", str(target), "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["integrity"] == "ok"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        connection.close()
    assert row_counts(target) == row_counts(home_db())


def test_the_copy_opens_as_a_book(invoke, tmp_path):
    """`--db sqlite:///COPY` reads the backup like the original."""
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("backup", "-o", str(tmp_path / "b.db")).code == 0
    listed = invoke("--db", f"sqlite:///{tmp_path / 'b.db'}", "client", "list", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Acme"]


def test_backup_onto_an_existing_file_exits_1_and_leaves_it_alone(invoke, tmp_path):
    """An existing file is never overwritten, not even an old backup."""
    assert invoke("client", "add", "Acme").code == 0
    target = tmp_path / "precious.bak"
    target.write_bytes(b"keep me")
    result = invoke("backup", "-o", str(target))
    assert result.code == 1
    assert "already exists" in _one_error_line(result.stderr)
    assert target.read_bytes() == b"keep me"


def test_backup_of_a_postgresql_book_points_to_pg_dump(invoke, db_url, tmp_path):
    """SQLite books are copied; a PostgreSQL book is refused with exit 1 naming pg_dump."""
    target = tmp_path / "b.bak"
    result = invoke("--db", db_url, "backup", "-o", str(target))
    if db_url.startswith("postgresql"):
        assert result.code == 1
        assert "pg_dump" in _one_error_line(result.stderr)
        assert not target.exists()
    else:
        assert result.code == 0, result.stderr
        assert target.exists()
