"""`clientkit export`: the whole book, as re-importable JSON or as CSV for spreadsheets."""

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from clientkit.i18n import money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.transfer import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    Manifest,
    PrivateWriter,
    TableEntry,
    column_kind,
    encode_value,
    exported_row,
    neutralise,
    prepare_directory,
    with_stable_ref,
    write_manifest,
)
from clientkit.storage.backup import fsync_path
from clientkit.storage.migrate import HEAD_REVISION
from clientkit.storage.transfer_queries import (
    TableRow,
    book_tables,
    repeatable_read,
    stream_rows,
)

FORMATS = ("json", "csv")


class ExportSummary(TypedDict):
    """Where the book was written, in which format, and how many rows of each table."""

    path: str
    format: str
    version: int
    tables: dict[str, int]  # rows by table name: any of the book's tables
    rows: int


def export_book(book: Book, directory: Path, fmt: str = "json") -> ExportSummary:
    """Write every table of the book into `directory` (new or empty), from one snapshot."""
    if fmt not in FORMATS:
        raise BadInput(f"invalid format {fmt!r}: expected json or csv")
    tables = book_tables()
    suffix = "jsonl" if fmt == "json" else "csv"
    names = [f"{table.name}.{suffix}" for table in tables]
    prepare_directory(directory, [*names, MANIFEST] if fmt == "json" else names)
    written: list[Path] = []
    try:
        entries = _write_tables(book, directory, tables, suffix, written)
        if fmt == "json":
            written.append(write_manifest(directory, _manifest(book, entries)))
        fsync_path(directory)
    except BaseException:
        for path in written:  # only files this export created; never anything else
            path.unlink(missing_ok=True)
        raise
    counts = {name: entry["rows"] for name, entry in entries.items()}
    return {
        "path": str(directory),
        "format": fmt,
        "version": FORMAT_VERSION,
        "tables": counts,
        "rows": sum(counts.values()),
    }


def _write_tables(
    book: Book, directory: Path, tables: list[Table], suffix: str, written: list[Path]
) -> dict[str, TableEntry]:
    write = _write_jsonl if suffix == "jsonl" else _CsvTables().write
    entries: dict[str, TableEntry] = {}
    with book.engine.connect() as raw:
        connection = repeatable_read(raw)
        with connection.begin():
            for table in tables:
                writer = PrivateWriter(
                    directory / f"{table.name}.{suffix}", byte_order_mark=suffix == "csv"
                )
                written.append(writer.path)
                rows = write(connection, table, writer)
                writer.close()
                entries[table.name] = {
                    "file": writer.path.name,
                    "rows": rows,
                    "sha256": writer.sha256.hexdigest(),
                }
    return entries


def _write_jsonl(connection: Connection, table: Table, writer: PrivateWriter) -> int:
    count = 0
    for row in stream_rows(connection, table):
        line = json.dumps(exported_row(table, row), ensure_ascii=False, separators=(",", ":"))
        writer.write(line + "\n")
        count += 1
    return count


def _manifest(book: Book, entries: dict[str, TableEntry]) -> Manifest:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "schema_revision": HEAD_REVISION,
        "exported_at": str(encode_value(book.clock.now())),
        "engine": book.dialect,
        "tables": entries,
    }


class _CsvTables:
    """CSV for spreadsheets: text cells neutralised, and each `*_minor` amount also in units."""

    def __init__(self) -> None:
        # Lines and scope items take the currency of their invoice and project.
        self.currency_of: dict[str, dict[int, str]] = {"invoice": {}, "project": {}}

    def write(self, connection: Connection, table: Table, writer: PrivateWriter) -> int:
        # Bytes (an issued PDF) are no spreadsheet cell: the SHA-256 beside them stays; the
        # documents themselves travel in the JSON export.
        columns = [c for c in table.columns if column_kind(c) != "binary"]
        amounts = [c.name for c in columns if c.name.endswith("_minor")]
        currency = self._currency_source(table)
        header = [c.name for c in columns]
        if currency is not None:
            header += [name.removesuffix("_minor") for name in amounts]
        out = csv.writer(writer)
        out.writerow(header)
        count = 0
        for stored in stream_rows(connection, table):
            row = with_stable_ref(table, stored)
            self._remember(table.name, row)
            cells = [_cell(row[c.name], column_kind(c)) for c in columns]
            if currency is not None:
                code = currency(row)
                cells += [_amount(row[name], code) for name in amounts]
            out.writerow(cells)
            count += 1
        return count

    def _remember(self, table: str, row: TableRow) -> None:
        if table in self.currency_of:
            self.currency_of[table][row["id"]] = row["currency"]

    def _currency_source(self, table: Table) -> Callable[[TableRow], str | None] | None:
        if "currency" in table.columns and any(c.name.endswith("_minor") for c in table.columns):
            return lambda row: row["currency"]
        if table.name == "invoice_line":
            return lambda row: self.currency_of["invoice"].get(row["invoice_id"])
        if table.name == "scope_item":
            return lambda row: self.currency_of["project"].get(row["project_id"])
        return None


def _cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "text":
        return neutralise(str(value))
    return str(encode_value(value))


def _amount(minor: int | None, currency: str | None) -> str:
    # A number, not text: spreadsheets read "-450.00" as a value, never as a formula.
    if minor is None or currency is None:
        return ""
    return str(money(minor, currency))
