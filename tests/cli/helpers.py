"""Helpers for CLI tests: the book behind CLIENTKIT_HOME, row counts, JSON amount checks."""

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

AMOUNT = re.compile(r"-?\d+(\.\d+)?")
TABLES = (
    "profile",
    "client",
    "project",
    "scope_item",
    "revision",
    "time_entry",
    "running_timer",
    "message",
    "contract",
    "invoice",
    "invoice_line",
    "issued_document",
    "payment",
)


def home_db() -> Path:
    """The SQLite file the CLI uses under the test's CLIENTKIT_HOME."""
    return Path(os.environ["CLIENTKIT_HOME"]) / "clientkit.db"


def demo_in_home(demo_book_file: Path, home: Path | None = None) -> Path:
    """Put a copy of the run's demo book where the CLI looks for it (as after `clientkit demo`)."""
    target = (home or Path(os.environ["CLIENTKIT_HOME"])) / "clientkit.db"
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # as clientkit makes it
    shutil.copy(demo_book_file, target)
    return target


def row_counts(path: Path | None = None) -> dict[str, int]:
    """Rows per table, read with plain sqlite3 (nothing of clientkit in between)."""
    connection = sqlite3.connect(path or home_db())
    try:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        connection.close()


def one_json(stdout: str) -> Any:
    """The single JSON document a --json command prints (json.loads refuses anything extra)."""
    return json.loads(stdout)


def assert_amounts(view: dict[str, Any], *keys: str) -> None:
    """Each named amount is a decimal string (or null), never a number or formatted text."""
    for key in keys:
        value = view[key]
        assert value is None or (isinstance(value, str) and AMOUNT.fullmatch(value)), (key, value)


def assert_one_error_line(stderr: str) -> None:
    """An error is exactly one line starting with `error: `, never a traceback."""
    assert stderr.startswith("error: "), stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr


def refused(invoke: Any, *args: str) -> str:
    """Run a command that must be bad input: exit 2, one error line, nothing on stdout, the
    book unchanged; return the line."""
    before = row_counts()
    done = invoke(*args)
    assert done.code == 2, done
    assert_one_error_line(done.stderr)
    assert done.stdout == ""
    assert row_counts() == before
    return str(done.stderr)


def configure(home: Path, text: str) -> None:
    """Write the config.toml of the test's CLIENTKIT_HOME."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")
