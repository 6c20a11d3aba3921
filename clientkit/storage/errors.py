"""Why the book itself cannot be used right now: busy, damaged, read-only, full or unreachable."""

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
        # integrity_check's report spans lines ("*** in database main ***", "Page 23: ...")
        problem = " ".join(problem.replace("*** in database main ***", "").split())
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


class BookReadOnly(BookError):
    """The book's file, folder or server refuses writes; nothing was changed."""

    def __init__(self, where: str, remedy: str) -> None:
        super().__init__(f"the book is read-only: {where}; nothing was changed: {remedy}")


SQLITE_READ_ONLY_REMEDY = (
    "make the file and its folder writable (or copy the book somewhere writable and use "
    "--db), then run the command again"
)
PG_READ_ONLY_REMEDY = "ask for write access to the database, or use another --db"


class BookUnopenable(BookError):
    """SQLite cannot open the file at all (a folder, a vanished disk, no permission)."""

    def __init__(self, path: Path | None) -> None:
        where = f" {path}" if path is not None else ""
        super().__init__(
            f"cannot open the book{where}: check that it is a file you may read, in a folder "
            "you may write, and that its disk is mounted"
        )


class BookFull(BookError):
    """The disk (or SQLite's size limit) is full; the transaction was rolled back whole."""

    def __init__(self) -> None:
        super().__init__(
            "the disk is full: free space and run the command again; nothing was changed"
        )


class BookUnreachable(BookError):
    """The PostgreSQL server cannot be reached or refused the login."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"cannot reach the book's PostgreSQL server ({problem}): check that it is running "
            "and that --db / CLIENTKIT_DB names it"
        )


# PostgreSQL says which by SQLSTATE: read-only transaction, no privilege, disk full.
PG_READ_ONLY = {"25006", "42501"}
PG_FULL = {"53100"}


def book_error(exc: BaseException, path: Path | None = None) -> BookError | None:
    """The BookError a driver's error means, or None for any other failure.

    PostgreSQL says which by SQLSTATE, except for a failed connection. SQLite says which by
    message only: "database is locked" after the busy timeout, "database disk image is
    malformed" or "file is not a database" for damage, "attempt to write a readonly
    database", "unable to open database file", "database or disk is full".
    `path` is the SQLite file, named in the sentence.
    """
    original = getattr(exc, "orig", None) or exc
    state = getattr(original, "sqlstate", None)
    if state is not None:
        return _postgres_error(state, original)
    text = str(exc)
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return _by_message(text, path)
    if isinstance(exc, DatabaseError | sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text
    ):
        return BookDamaged(_first_line(original), path)
    return None


def _by_message(text: str, path: Path | None) -> BookError | None:
    if "locked" in text:
        return BookBusy()
    if "disk is full" in text:
        return BookFull()
    if "readonly" in text:
        return BookReadOnly(
            str(path) if path else "the file or its folder", SQLITE_READ_ONLY_REMEDY
        )
    if "unable to open database file" in text:
        return BookUnopenable(path)
    if _unreachable(text):
        return BookUnreachable(_first_line_of(text))
    return None


def _postgres_error(state: str, original: BaseException) -> BookError | None:
    if state in PG_READ_ONLY:
        where = f"the PostgreSQL server refuses writes ({_first_line(original)})"
        return BookReadOnly(where, PG_READ_ONLY_REMEDY)
    if state in PG_FULL:
        return BookFull()
    if state.startswith("08") or state in {"28000", "28P01", "3D000"}:  # connection, login
        return BookUnreachable(_first_line(original))
    return None


def _unreachable(text: str) -> bool:
    return "connection" in text and ("refused" in text or "failed" in text)


def _first_line(exc: BaseException) -> str:
    return _first_line_of(str(exc))


def _first_line_of(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0] if text else "unreadable"
