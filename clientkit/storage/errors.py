"""Why the book itself cannot be used right now: busy with another process, or damaged."""

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError


class BookError(Exception):
    """The book cannot be used as asked; the message is one sentence saying what to do."""


class BookBusy(BookError):
    """Another process held the book's lock for longer than clientkit waits."""

    def __init__(self) -> None:
        super().__init__("the book is busy with another clientkit process; try again in a moment")


class BookDamaged(BookError):
    """The database file is damaged or is not a database; clientkit changed nothing in it."""

    def __init__(self, problem: str, path: Path | None = None) -> None:
        self.problem = problem
        self.path = path
        if path is None:
            super().__init__(
                "the book is damaged (database disk image is malformed); clientkit changed "
                "nothing: restore your latest backup"
            )
            return
        super().__init__(
            f"the book {path} is damaged ({problem}); clientkit left it untouched: "
            f"restore your latest backup, or salvage it with `sqlite3 {path} .recover`"
        )


def book_error(exc: BaseException) -> BookError | None:
    """The BookBusy or BookDamaged a driver's error means, or None for any other failure.

    The drivers say which by message only: SQLite's "database is locked" after the busy
    timeout, "database disk image is malformed" or "file is not a database" for damage.
    """
    text = str(exc)
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return BookBusy() if "locked" in text else None
    if isinstance(exc, DatabaseError | sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text
    ):
        return BookDamaged(_first_line(getattr(exc, "orig", None) or exc))
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "unreadable"
