"""Damaged, read-only, full and unreachable books: one line saying what to do, exit 1, no
traceback, and the book exactly as it was."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

import clientkit.services.book as book_module
from clientkit.clock import clock_from_text
from clientkit.services.clients import add_client
from clientkit.storage import engine
from tests.cli.helpers import demo_in_home, home_db, row_counts
from tests.conftest import PG_URL, TODAY, _drop_pg_database, _fresh_pg_database

WRITES = [
    ("client", "add", "Newcomer Ltd"),
    ("profile", "set", "--name", "Someone Else"),
    ("log", "Quarterly newsletter", "30m"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage_table(path: Path, table: str) -> int:
    """Overwrite the root page of `table` with junk, as a bad sector would; its page number."""
    connection = sqlite3.connect(path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        connection.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\x5a" * page_size
    path.write_bytes(bytes(data))
    return int(root)


def _assert_one_line(stderr: str) -> None:
    assert len(stderr.splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    assert "unexpected failure" not in stderr


@pytest.fixture
def demo_home(demo_book_file: Path) -> Path:
    """A copy of the demo book where the CLI looks for it."""
    return demo_in_home(demo_book_file)


@pytest.mark.parametrize("args", WRITES, ids=lambda args: " ".join(args[:2]))
def test_a_book_damaged_where_the_command_does_not_read_is_not_written_to(invoke, demo_home, args):
    """Damage in a table the command never touches still stops every write: exit 1, the
    damage and the way out in one line, not one byte of the file changed."""
    page = _damage_table(demo_home, "invoice_line")
    before = _digest(demo_home)
    result = invoke(*args)
    assert (result.code, result.stderr) == (
        1,
        f"error: the book {demo_home} is damaged (Page {page}: btreeInitPage() returns error "
        f"code 11); clientkit left it untouched: restore your latest backup, or salvage it "
        f"with `sqlite3 {demo_home} .recover`\n",
    )
    assert _digest(demo_home) == before
    assert not Path(f"{demo_home}-wal").exists() or _wal_is_empty(demo_home)


def _wal_is_empty(path: Path) -> bool:
    """No frame was appended to the write-ahead log (a header alone carries no change)."""
    return Path(f"{path}-wal").stat().st_size <= 32


def test_reads_of_sound_tables_still_work_on_a_damaged_book(invoke, demo_home):
    """Looking at clients needs no write: it still answers, so the user can see what to save."""
    _damage_table(demo_home, "invoice_line")
    result = invoke("client", "list")
    assert result.code == 0, result.stderr
    assert "Thames" in result.stdout


def test_a_book_over_the_check_limit_relies_on_sqlites_own_checks(invoke, demo_home, monkeypatch):
    """Above QUICK_CHECK_MAX_BYTES the whole-file check is skipped (it would cost ~2 ms per
    MB): a write into a sound table goes through, one that reads the damage is refused."""
    monkeypatch.setattr(engine, "QUICK_CHECK_MAX_BYTES", 0)
    _damage_table(demo_home, "invoice_line")
    assert invoke("client", "add", "Newcomer Ltd").code == 0
    result = invoke("invoice", "list", "--json")  # every invoice's lines are read
    assert result.code == 1
    _assert_one_line(result.stderr)
    assert "is damaged" in result.stderr


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make clientkit see its book as on a read-only disk (tests run as root, whom file modes
    do not stop; the real mount is tested in a subprocess below)."""
    monkeypatch.setattr(engine, "_read_only", lambda path: path.exists())


def test_a_read_only_book_can_still_be_read(invoke, demo_home, read_only):
    """Lists and reports work on a book nobody may write."""
    result = invoke("client", "list")
    assert result.code == 0, result.stderr
    assert "Thames" in result.stdout
    assert invoke("invoice", "list").code == 0


@pytest.mark.parametrize("args", WRITES, ids=lambda args: " ".join(args[:2]))
def test_a_write_to_a_read_only_book_says_so_and_changes_nothing(
    invoke, demo_home, read_only, args
):
    """Exit 1 with the file's name and what to do; the book unchanged."""
    before = _digest(demo_home)
    result = invoke(*args)
    assert (result.code, result.stderr) == (
        1,
        f"error: the book is read-only: {demo_home}; nothing was changed: make the file and "
        "its folder writable (or copy the book somewhere writable and use --db), then run "
        "the command again\n",
    )
    assert _digest(demo_home) == before


def _read_only_mount_works() -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind -o ro / /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(
    shutil.which("unshare") is None or not _read_only_mount_works(),
    reason="needs a private read-only bind mount (unshare -m as root)",
)
def test_a_book_on_a_read_only_mount_reads_and_refuses_writes_in_one_line(tmp_path, demo_book_file):
    """The real case: a WAL book on a read-only disk with no -shm file beside it. Reads
    answer (once "unable to open database file"); a write says the book is read-only."""
    source = tmp_path / "disk"
    source.mkdir()
    shutil.copy(demo_book_file, source / "clientkit.db")
    mounted = tmp_path / "mnt"
    mounted.mkdir()
    before = _digest(source / "clientkit.db")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = " ".join(["exec", sys.executable, "-m", "clientkit", *args])
        script = f'mount --bind -o ro "$1" "$2" && {command}'
        environment = {
            **os.environ,
            "CLIENTKIT_HOME": str(mounted),
            "CLIENTKIT_TODAY": TODAY,
        }
        return subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", str(source), str(mounted)],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
            timeout=120,
        )

    listed = run("client", "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert "Thames" in listed.stdout
    added = run("client", "add", "Newcomer")
    assert added.returncode == 1
    assert added.stderr.startswith(f"error: the book is read-only: {mounted / 'clientkit.db'};")
    _assert_one_line(added.stderr)
    assert _digest(source / "clientkit.db") == before
    assert sorted(p.name for p in source.iterdir()) == ["clientkit.db"]


@pytest.fixture
def nearly_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the book grow by no page at all, as on a full disk: SQLite fails the write with
    SQLITE_FULL ("database or disk is full") exactly where a full disk would."""
    make = engine.make_engine

    def make_full(url: str):  # type: ignore[no-untyped-def]
        made = make(url)

        @event.listens_for(made, "connect")
        def _no_room(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        return made

    monkeypatch.setattr(book_module, "make_engine", make_full)


def test_a_full_disk_is_one_line_and_the_write_is_not_half_done(invoke, demo_home, nearly_full):
    """A write that needs more room than there is: exit 1, the disk-full sentence, every
    table as it was and the book still sound."""
    before = row_counts(demo_home)
    address = "\n".join(f"Line {n} of a very long address" for n in range(800))
    result = invoke("client", "add", "Newcomer Ltd", "--address", address)
    assert (result.code, result.stderr) == (
        1,
        "error: the disk is full: free space and run the command again; nothing was changed\n",
    )
    assert row_counts(demo_home) == before
    connection = sqlite3.connect(demo_home)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def test_a_busy_book_is_one_line_saying_try_again(invoke, monkeypatch):
    """Another process holds the write lock longer than clientkit waits: exit 1, try again."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_SECONDS", 0)
    assert invoke("client", "add", "Acme").code == 0
    other = sqlite3.connect(home_db(), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        result = invoke("client", "add", "Zeta")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (result.code, result.stderr) == (
        1,
        "error: the book is busy with another clientkit process; try again in a moment\n",
    )


def test_a_postgresql_server_that_is_not_running_is_one_line(invoke):
    """Nothing listens on the port: exit 1, the server's own words, what to check."""
    result = invoke("--db", "postgresql+psycopg://nobody@127.0.0.1:9/book", "client", "list")
    assert result.code == 1
    _assert_one_line(result.stderr)
    assert result.stderr.startswith("error: cannot reach the book's PostgreSQL server (")
    assert result.stderr.endswith(
        "): check that it is running and that --db / CLIENTKIT_DB names it\n"
    )


@pytest.fixture
def read_only_pg_book() -> Iterator[str]:
    """A PostgreSQL book with one client whose database takes only read-only transactions."""
    if not PG_URL:
        pytest.skip("CLIENTKIT_TEST_PG_URL is not set")
    url = _fresh_pg_database()
    book = book_module.open_book(url, clock_from_text(TODAY))
    add_client(book, "Acme")
    book.engine.dispose()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = connection.execute(text("SELECT current_database()")).scalar()
            connection.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
    finally:
        admin.dispose()
    yield url
    _drop_pg_database(url)


def test_a_read_only_postgresql_book_reads_and_refuses_writes_in_one_line(
    invoke, read_only_pg_book
):
    """Lists work; a write is exit 1 naming the server's refusal; no row added."""
    listed = invoke("--db", read_only_pg_book, "client", "list")
    assert listed.code == 0, listed.stderr
    assert "Acme" in listed.stdout
    result = invoke("--db", read_only_pg_book, "client", "add", "Zeta")
    assert (result.code, result.stderr) == (
        1,
        "error: the book is read-only: the PostgreSQL server refuses writes (cannot execute "
        "INSERT in a read-only transaction); nothing was changed: ask for write access to the "
        "database, or use another --db\n",
    )
    assert "Zeta" not in invoke("--db", read_only_pg_book, "client", "list").stdout
