"""Consistent copies of a SQLite book, taken with SQLite's backup API while it is in use."""

import os
import sqlite3
from pathlib import Path

from clientkit.storage.errors import BookDamaged, book_error


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy `source` to a new file `target` (mode 0600, synced); never overwrites."""
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    try:
        _copy(source, target)
    except BaseException:
        target.unlink(missing_ok=True)  # the half-written copy this call created, nothing else
        raise
    fsync_path(target)
    fsync_path(target.parent)  # the new directory entry survives a power cut too
    return target


def _copy(source: Path, target: Path) -> None:
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    target_db = sqlite3.connect(target)
    try:
        # One step: the whole copy is read inside one snapshot of the source.
        source_db.backup(target_db)
        target_db.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as exc:  # a busy book reads as BookBusy, as in engine.py
        error = book_error(exc)
        if error is None:
            raise
        raise error from exc
    finally:
        target_db.close()
        source_db.close()


def fsync_path(path: Path) -> None:
    """Flush a file, or a directory's entries, to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` reports for the file; empty when it is sound."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    messages = [row[0] for row in rows]
    return [] if messages == ["ok"] else messages


def refuse_damaged(path: Path) -> None:
    """Raise BookDamaged when `path` fails `PRAGMA integrity_check`."""
    problems = integrity_problems(path)
    if problems:
        raise BookDamaged(problems[0], path)
