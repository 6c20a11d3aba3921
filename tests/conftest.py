"""Shared fixtures: a fresh book on a real SQLite file (and on PostgreSQL when one is given)."""

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book

TODAY = "2026-11-23"
PG_URL = os.environ.get(
    "CLIENTKIT_TEST_PG_URL"
)  # e.g. postgresql+psycopg://postgres@127.0.0.1:5433/postgres


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own CLIENTKIT_HOME; nothing touches the real one."""
    home = tmp_path / "home"
    monkeypatch.setenv("CLIENTKIT_HOME", str(home))
    monkeypatch.delenv("CLIENTKIT_DB", raising=False)
    monkeypatch.delenv("CLIENTKIT_TODAY", raising=False)
    monkeypatch.delenv("CLIENTKIT_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("COLUMNS", "80")  # text output wraps the same on every machine
    monkeypatch.setenv("TZ", "UTC")  # a new book's zone is the system's: the same everywhere
    return home


@pytest.fixture(autouse=True)
def _no_unexpected_failure(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A failure that `explain` can only call "unexpected failure" fails the test that caused
    it, wherever it was caught (CLI, TUI, services): every failure a user can meet has its own
    sentence. Tests of the catch-all itself say so with @pytest.mark.unexpected_failure."""
    from clientkit.services import errors

    if request.node.get_closest_marker("unexpected_failure"):
        yield
        return
    seen: list[BaseException] = []
    unexpected = errors._unexpected

    def watched(exc: BaseException) -> Any:
        seen.append(exc)
        return unexpected(exc)

    monkeypatch.setattr(errors, "_unexpected", watched)
    yield
    if seen:
        first = seen[0]
        pytest.fail(f"unexpected failure ({type(first).__name__}): {first}", pytrace=False)


def _cost(item: pytest.Item) -> int:
    """Rank of a test's module by how long its tests take: real processes killed and raced
    (marked slow), then Textual pilots (seconds a test), then the rest."""
    if item.get_closest_marker("slow"):
        return 0
    return 1 if item.nodeid.startswith("tests/tui/") else 2


@pytest.hookimpl(trylast=True)  # after pytest groups the tests by their fixtures
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long modules first, so that xdist hands them out first (--dist loadfile
    --no-loadscope-reorder) and the run never ends on one long module while the other worker
    idles. A stable sort on a per-module rank keeps each module's tests together and in order."""
    items.sort(key=_cost)


def _engines() -> list[str]:
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


_PG_ADMIN: list[Any] = []  # one engine on the maintenance database, kept for the run


def _pg_admin(statement: str) -> Any:
    """Run one statement on the test server's maintenance database, outside a transaction
    (over one pooled connection: two statements a test, a new connection each cost more);
    returns its first value, if any."""
    from sqlalchemy import create_engine, text

    if not _PG_ADMIN:
        _PG_ADMIN.append(create_engine(PG_URL, isolation_level="AUTOCOMMIT"))  # type: ignore[arg-type]
    with _PG_ADMIN[0].connect() as connection:
        result = connection.execute(text(statement))
        return result.scalar() if result.returns_rows else None


_PG_DATABASES: list[str] = []  # made by this run and not dropped yet; dropped when it ends
_PG_TEMPLATE: list[str] = []  # the migrated empty database new ones are copied from
_PG_STRATEGY: list[str] = []  # how this server copies it (see _copy_strategy)


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)  # type: ignore[arg-type]


def _migrated(url: str) -> None:
    """Bring the book at `url` to the current schema, as opening it in clientkit does."""
    from clientkit.storage.engine import make_engine
    from clientkit.storage.migrate import ensure_schema

    engine = make_engine(url)
    ensure_schema(engine, url)
    engine.dispose()


def _pg_template() -> str:
    """A migrated, empty database made once per run (per xdist worker): copying it takes a
    tenth of the time of running every migration again for each test."""
    if not _PG_TEMPLATE:
        name = f"ck_{uuid.uuid4().hex[:12]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        _PG_DATABASES.append(name)
        _migrated(_pg_url(name))  # and disposed: a template copied from has no connection
        _PG_TEMPLATE.append(name)
    return _PG_TEMPLATE[0]


def _fresh_pg_database() -> str:
    """A new PostgreSQL database holding an empty book at the current schema (a copy of the
    run's template, just as clientkit leaves a new one); returns its URL."""
    name = f"ck_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_template()}"{_copy_strategy()}')
    _PG_DATABASES.append(name)
    return _pg_url(name)


def _copy_strategy() -> str:
    """On a throwaway server without fsync (as CI's), copy the template's files as they are:
    a third of the time of WAL-logging every page (PostgreSQL 15's default), and the copy
    drops in half the time. With fsync on, the checkpoints a file copy forces cost more;
    servers before 15 copy files anyway and know no STRATEGY clause."""
    if not _PG_STRATEGY:
        version = int(_pg_admin("SHOW server_version_num"))
        no_fsync = _pg_admin("SHOW fsync") == "off"
        _PG_STRATEGY.append(" STRATEGY FILE_COPY" if version >= 150000 and no_fsync else "")
    return _PG_STRATEGY[0]


def _drop_pg_database(url: str) -> None:
    """Drop a database as soon as its test ends, so the run does not pay for hundreds of drops
    at its very end (FORCE: an engine the test left open may still hold a connection)."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _PG_DATABASES.remove(name)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_databases() -> Iterator[None]:
    """Drop every database the run made and has not dropped yet (module-scoped books, the
    template last), so repeated runs do not fill the server."""
    yield
    while _PG_DATABASES:
        _pg_admin(f'DROP DATABASE IF EXISTS "{_PG_DATABASES.pop()}" WITH (FORCE)')
    if _PG_ADMIN:
        _PG_ADMIN.pop().dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite book made once per run (per xdist worker), closed, to copy."""
    path = tmp_path_factory.mktemp("template") / "book.db"
    _migrated(f"sqlite:///{path}")
    assert not path.with_name("book.db-wal").exists()  # all of it is in the file we copy
    return path


def fresh_sqlite_book(template: Path, path: Path) -> str:
    """A new empty book at `path`, copied from the template (with its 0600 mode); its URL."""
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def demo_book_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample book `clientkit demo` makes on the test day, built once per run (per xdist
    worker) and closed. Tests that start from a demo book, rather than test the building of
    it, copy this file (shutil.copy) where they need it."""
    from clientkit.demo.build import build_demo

    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:  # the autouse home is per test, not per run
        patch.setenv("CLIENTKIT_HOME", str(folder / "home"))
        made = open_book(f"sqlite:///{folder / 'book.db'}", clock_from_text(TODAY))
        build_demo(made)
        made.engine.dispose()
    assert not (folder / "book.db-wal").exists()  # all of it is in the file tests copy
    return folder / "book.db"


@pytest.fixture(params=_engines())
def db_url(request: pytest.FixtureRequest, tmp_path: Path, _sqlite_template: Path) -> Iterator[str]:
    """URL of a new, empty book at the current schema: a SQLite file, and a PostgreSQL
    database when configured."""
    if request.param == "postgresql":
        url = _fresh_pg_database()
        yield url
        _drop_pg_database(url)
    else:
        yield fresh_sqlite_book(_sqlite_template, tmp_path / "book.db")


@pytest.fixture
def book(db_url: str) -> Iterator[Book]:
    """An open, migrated, empty book whose clock is fixed at TODAY."""
    opened = open_book(db_url, clock_from_text(TODAY))
    yield opened
    opened.engine.dispose()


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(tmp_path: Path, _isolated_home: Path, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Run the installed `clientkit` entry point as a real process, with today fixed."""

    def run(
        *args: str,
        today: str | None = TODAY,
        db: str | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> Result:
        full_env = {**os.environ, "CLIENTKIT_HOME": str(_isolated_home)}
        if today:
            full_env["CLIENTKIT_TODAY"] = today
        if db:
            full_env["CLIENTKIT_DB"] = db
        full_env.update(env or {})
        done = subprocess.run(
            [sys.executable, "-m", "clientkit", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
            check=False,
        )
        # A real process cannot be watched from here: read what it told the user.
        if not request.node.get_closest_marker("unexpected_failure"):
            assert "unexpected failure" not in done.stderr, done.stderr
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def invoke(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI in-process through clientkit.cli.main.main (fast), capturing output."""
    from clientkit.cli.main import main

    def run(*args: str, today: str | None = TODAY, capsys=None) -> Result:  # type: ignore[no-untyped-def]
        if today:
            monkeypatch.setenv("CLIENTKIT_TODAY", today)
        else:  # as `cli` does: no fixed day from an earlier call of the same test
            monkeypatch.delenv("CLIENTKIT_TODAY", raising=False)
        import io
        from contextlib import redirect_stderr, redirect_stdout

        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
            finally:
                _close_the_invocations_book()
        return Result(code, out.getvalue(), err.getvalue())

    return run


def _close_the_invocations_book() -> None:
    """Close the book a command opened, as the end of its process would: no file handle or
    PostgreSQL connection outlives the command."""
    from clientkit.cli import state

    opened = state.current._book
    if opened is not None:
        opened.engine.dispose()


# A real SMTP server on loopback for the reminder tests (services and CLI).
from tests.services.conftest_smtp import dead_smtp_port, smtp_server  # noqa: E402, F401


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    """The test's CLIENTKIT_HOME (config.toml and the book live there)."""
    return _isolated_home


@pytest.fixture
def book_file(home: Path) -> Iterator[Book]:
    """The book under CLIENTKIT_HOME with the freelancer's profile, open in this process."""
    from tests.services.reminder_seed import freelancer

    book = open_book(None, clock_from_text(TODAY))
    freelancer(book)
    yield book
    book.engine.dispose()
