"""`clientkit import PATH`: restore a JSON export into an empty book, all or nothing.

The import is one transaction: a crash or a damaged file leaves the book as it
was. Every row is checked as it is read (services.import_checks: the CLI's rules for
each field, references, totals recomputed) and the first problem refuses the whole
import. Importing into a book that already holds exactly the exported rows (the
same export imported twice) changes nothing; any other non-empty book is
refused, so nothing is ever doubled or mixed. Imports of other tools' files
(`--from watson|klog|timewarrior`) are a separate reader that will share
`import_path` as its entry point.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from clientkit.domain.history_words import IMPORT_OF_EXPORT
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.history import not_undoable
from clientkit.services.import_checks import ExportChecks
from clientkit.services.transfer import (
    JsonRow,
    Manifest,
    decode_row,
    exported_row,
    read_manifest,
    safe_member,
)
from clientkit.storage.transfer_queries import (
    TableRow,
    book_tables,
    delete_all,
    insert_rows,
    key_columns,
    reset_sequences,
    row_counts,
    rows_with_keys,
    table_named,
)

BATCH = 2000
# A profile clientkit created on first use, before the user set anything, holds no data.
PROFILE_IDENTITY = ("name", "business", "email", "address", "tax_id", "vat_id", "iban", "bic")


class Outcome(TypedDict):
    """Whether the rows went in ("imported") or were there already ("unchanged")."""

    status: str
    tables: dict[str, int]  # rows by table name: any of the book's tables
    rows: int


class ImportSummary(Outcome):
    """The outcome, and which export it was."""

    path: str
    version: int
    dry_run: bool


@dataclass(frozen=True)
class TablePart:
    """One table of an export: where its rows are and what the manifest promises."""

    table: Table
    path: Path
    rows: int
    sha256: str


class _DryRun(Exception):
    def __init__(self, summary: Outcome):
        self.summary = summary


def import_path(book: Book, path: Path, *, dry_run: bool = False) -> ImportSummary:
    """Import the clientkit export at `path` (its directory or its manifest)."""
    directory, manifest = read_manifest(path)
    parts = _parts(directory, manifest)
    # Comparing with a non-empty book can take a while: do it without the write lock.
    with book.read() as session:
        summary = _already_there(session.connection(), parts)
    if summary is None:
        summary = _insert(book, parts, dry_run, directory)
    return {**summary, "path": str(directory), "version": manifest["version"], "dry_run": dry_run}


def _insert(book: Book, parts: list[TablePart], dry_run: bool, directory: Path) -> Outcome:
    """Insert every part in one write transaction (rolled back for a dry run)."""
    try:
        with book.write() as session:
            connection = session.connection()
            # Another process may have written since the check: look again, under the lock.
            summary = _already_there(connection, parts)
            if summary is None:
                not_undoable(session, IMPORT_OF_EXPORT)
                summary = _insert_parts(connection, parts)
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as rolled_back:
        return rolled_back.summary
    except IntegrityError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else "constraint failed"
        raise BadInput(f"{directory}: the exported rows do not fit together ({detail})") from None
    return summary


def _parts(directory: Path, manifest: Manifest) -> list[TablePart]:
    listed = manifest["tables"]
    unknown = sorted(name for name in listed if table_named(name) is None)
    if unknown:
        raise BadInput(f"the export holds a table this clientkit does not know: {unknown[0]!r}")
    parts = []
    for table in book_tables():  # parents before children
        entry = listed.get(table.name)
        if entry is None:
            continue
        file = safe_member(directory, entry["file"])
        if not file.is_file():
            raise BadInput(f"{file} is missing: the export is incomplete")
        parts.append(TablePart(table, file, entry["rows"], entry["sha256"]))
    return parts


def _already_there(connection: Connection, parts: list[TablePart]) -> Outcome | None:
    """None for an empty book; "unchanged" when it holds the export; refused otherwise."""
    counts = row_counts(connection)
    if _holds_nothing(connection, counts):
        return None
    if sum(_count_missing(connection, part) for part in parts):
        raise Refused(
            f"the book is not empty ({_describe(counts)}) and does not hold this export; "
            "import into an empty book, e.g. --db sqlite:///restored.db"
        )
    return {"status": "unchanged", "tables": _expected(parts), "rows": 0}


def _insert_parts(connection: Connection, parts: list[TablePart]) -> Outcome:
    checks = ExportChecks()
    for part in parts:
        if part.table.name == "profile":
            delete_all(connection, part.table)  # at most the untouched placeholder profile
        _insert_part(connection, part, checks)
    checks.finish()  # before the commit: a problem found here still imports nothing
    reset_sequences(connection, [part.table for part in parts])
    expected = _expected(parts)
    return {"status": "imported", "tables": expected, "rows": sum(expected.values())}


def _expected(parts: list[TablePart]) -> dict[str, int]:
    return {part.table.name: part.rows for part in parts}


def _holds_nothing(connection: Connection, counts: dict[str, int]) -> bool:
    if any(rows for name, rows in counts.items() if name != "profile"):
        return False
    if not counts.get("profile"):
        return True
    profile = table_named("profile")
    assert profile is not None
    row = connection.execute(profile.select()).mappings().first()
    return row is not None and not any(row[name] for name in PROFILE_IDENTITY)


def _describe(counts: dict[str, int]) -> str:
    held = [f"{rows} {name.replace('_', ' ')} rows" for name, rows in counts.items() if rows]
    return ", ".join(held[:4]) + (", ..." if len(held) > 4 else "")


def _insert_part(connection: Connection, part: TablePart, checks: ExportChecks) -> None:
    for batch in _batches(part, checks):
        insert_rows(connection, part.table, [row for row, _ in batch])


def _count_missing(connection: Connection, part: TablePart) -> int:
    """How many of the file's rows the book lacks or holds differently."""
    missing = 0
    keys = [c.name for c in key_columns(part.table)]
    for batch in _batches(part):
        wanted = [tuple(row[k] for k in keys) for row, _ in batch]
        stored = rows_with_keys(connection, part.table, wanted)
        for (_row, raw), key in zip(batch, wanted, strict=True):
            found = stored.get(key)
            if found is None or not _same(part.table, found, raw):
                missing += 1
    return missing


def _same(table: Table, stored: TableRow, raw: JsonRow) -> bool:
    mine = exported_row(table, stored)
    return all(mine.get(name) == value for name, value in raw.items())


def _batches(
    part: TablePart, checks: ExportChecks | None = None
) -> Iterator[list[tuple[TableRow, JsonRow]]]:
    """The file's rows (decoded, raw) in batches of the same columns, each passing `checks`;
    then checks the manifest."""
    digest = hashlib.sha256()
    count = 0
    batch: list[tuple[TableRow, JsonRow]] = []
    with part.path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            digest.update(line)
            raw = _parse(line, part.path, number)
            where = f"{part.path.name} line {number}{_key_of(part.table, raw)}"
            row = decode_row(part.table, raw, where)
            if checks is not None:
                checks.row(part.table, row, where)
            if batch and (len(batch) >= BATCH or row.keys() != batch[0][0].keys()):
                yield batch
                batch = []
            batch.append((row, raw))
            count += 1
    if batch:
        yield batch
    if count != part.rows or digest.hexdigest() != part.sha256:
        raise BadInput(
            f"{part.path} does not match its manifest ({count} rows, expected {part.rows}): "
            "the export is damaged or incomplete"
        )


def _key_of(table: Table, raw: object) -> str:
    """The row's key as a message names it: ` (id 7)`, ` (series '2026')`; "" without one."""
    if not isinstance(raw, dict):
        return ""
    keys = [(c.name, raw.get(c.name)) for c in key_columns(table)]
    shown = [f"{name} {value!r}" for name, value in keys if value is not None]
    return f" ({', '.join(shown)})" if shown else ""


def _parse(line: bytes, path: Path, number: int) -> JsonRow:
    try:
        value = json.loads(line.decode("utf-8"))
    except ValueError:  # not UTF-8, not JSON, or a number with thousands of digits
        raise BadInput(f"{path.name} line {number} is not valid JSON") from None
    if not isinstance(value, dict):
        raise BadInput(f"{path.name} line {number}: expected one JSON object per line")
    return value
