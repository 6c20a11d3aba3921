"""Shared fixtures: a fresh book on a real SQLite file (and on PostgreSQL when one is given)."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    return home


def _engines() -> list[str]:
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def _pg_admin(statement: str) -> None:
    """Run one statement on the test server's maintenance database, outside a transaction."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


_PG_DATABASES: list[str] = []  # made by this run; dropped when it ends


def _fresh_pg_database() -> str:
    """A new, empty PostgreSQL database on the test server; returns its URL."""
    from sqlalchemy.engine import make_url

    name = f"ck_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    _PG_DATABASES.append(name)
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_databases() -> Iterator[None]:
    """Drop every database the run made, so repeated runs do not fill the server (FORCE:
    a module-scoped book may still hold a pooled connection)."""
    yield
    while _PG_DATABASES:
        _pg_admin(f'DROP DATABASE IF EXISTS "{_PG_DATABASES.pop()}" WITH (FORCE)')


@pytest.fixture(params=_engines())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty book: a SQLite file, and a PostgreSQL database when configured."""
    if request.param == "postgresql":
        return _fresh_pg_database()
    return f"sqlite:///{tmp_path / 'book.db'}"


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
def cli(tmp_path: Path, _isolated_home: Path):  # type: ignore[no-untyped-def]
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
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def invoke(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI in-process through clientkit.cli.main.main (fast), capturing output."""
    from clientkit.cli.main import main

    def run(*args: str, today: str | None = TODAY, capsys=None) -> Result:  # type: ignore[no-untyped-def]
        if today:
            monkeypatch.setenv("CLIENTKIT_TODAY", today)
        import io
        from contextlib import redirect_stderr, redirect_stdout

        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    return run


# A real SMTP server on loopback for the reminder tests (services and CLI).
from tests.services.conftest_smtp import dead_smtp_port, smtp_server  # noqa: E402, F401
