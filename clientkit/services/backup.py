"""`clientkit backup`: a consistent, checked copy of a SQLite book; PostgreSQL is pg_dump's job."""

from pathlib import Path
from typing import TypedDict

from clientkit.services.book import Book
from clientkit.services.errors import Refused
from clientkit.storage.backup import backup_sqlite, integrity_problems
from clientkit.storage.engine import sqlite_path


class BackupView(TypedDict):
    """The checked copy: where, how large, and its integrity check's word."""

    path: str
    bytes: int
    integrity: str


def backup_book(book: Book, target: Path) -> BackupView:
    """Copy the book into the new file `target` and check the copy's integrity."""
    source = sqlite_path(book.url)
    if source is None:
        raise Refused(_not_sqlite(book))
    if target.exists():
        raise Refused(f"{target} already exists; clientkit never overwrites a file")
    try:
        backup_sqlite(source, target)
    except FileExistsError:
        raise Refused(f"{target} already exists; clientkit never overwrites a file") from None
    problems = integrity_problems(target)
    if problems:
        raise Refused(
            f"the copy at {target} fails its integrity check ({problems[0]}): the book itself "
            "may be damaged; keep both files and restore an earlier backup"
        )
    return {"path": str(target), "bytes": target.stat().st_size, "integrity": "ok"}


def _not_sqlite(book: Book) -> str:
    if book.dialect == "postgresql":
        return (
            "backup copies a SQLite book; a PostgreSQL book is backed up by the server: "
            "use pg_dump (e.g. pg_dump -Fc -f clientkit.dump DBNAME), or "
            "`clientkit export -o DIR` for a portable copy"
        )
    return "this book is not a SQLite file; use `clientkit export -o DIR` for a portable copy"
