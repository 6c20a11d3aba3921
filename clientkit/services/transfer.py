"""The export format shared by `export` and `import`: manifest, value codec, safe files.

A JSON export is a directory holding one JSON Lines file per table (one row,
one JSON object per line, in primary-key order) and `clientkit-export.json`,
the manifest written last: format name and version, schema revision, and per
table its file, row count and SHA-256. An export without a manifest, or whose
files do not match it, is incomplete and is never imported. Binary values (an issued
document's PDF) travel as base64 text; a row that carries the SHA-256 of its content
(issued_document) must match it to be read.
"""

import base64
import binascii
import codecs
import hashlib
import json
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
)
from sqlalchemy.types import TypeDecorator

from clientkit.services.errors import BadInput, Refused
from clientkit.storage.backup import fsync_path
from clientkit.storage.transfer_queries import TableRow

FORMAT_NAME = "clientkit-export"
FORMAT_VERSION = 1
MANIFEST = "clientkit-export.json"


class TableEntry(TypedDict):
    """A table's file in an export, its row count and the file's SHA-256."""

    file: str
    rows: int
    sha256: str


class Manifest(TypedDict):
    """`clientkit-export.json`: what the export holds, written last."""

    format: str
    version: int
    schema_revision: str
    exported_at: str
    engine: str
    tables: dict[str, TableEntry]  # by table name: any of the book's tables


# A row as a JSON export carries it: JSON values, checked against the table when read.
JsonRow = dict[str, object]


def column_kind(column: Column[Any]) -> str:
    """How a column's values travel: int, bool, date, datetime, text or binary."""
    kind = column.type
    while isinstance(kind, TypeDecorator):  # UTCDateTime, SQLModel's AutoString
        kind = kind.impl_instance
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, String):
        return "text"
    if isinstance(kind, LargeBinary):
        return "binary"
    raise TypeError(f"column {column.table.name}.{column.name} has a type export does not know")


def encode_value(value: object) -> object:
    """A stored value as JSON: dates and instants as ISO 8601 text, bytes as base64, the rest
    as is."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(value).decode("ascii")
    return value


def decode_row(table: Table, raw: object, where: str) -> TableRow:
    """A row read from an export, checked column by column against the table."""
    if not isinstance(raw, dict):
        raise BadInput(f"{where}: expected one JSON object per line")
    unknown = sorted(set(raw) - set(table.columns.keys()))
    if unknown:
        raise BadInput(f"{where}: unknown column {unknown[0]!r} in table {table.name!r}")
    for key in table.primary_key.columns:
        if raw.get(key.name) is None:
            raise BadInput(f"{where}: the row has no {key.name!r}")
    row = {name: _decode(table.columns[name], value, where) for name, value in raw.items()}
    _check_digest(table, row, where)
    return row


def _check_digest(table: Table, row: TableRow, where: str) -> None:
    """A row holding content and its SHA-256 (an issued document) must match it: a document
    changed after it was exported is never imported as the one that was issued."""
    if not {"content", "sha256"} <= set(table.columns.keys()):
        return
    content, digest = row.get("content"), row.get("sha256")
    if not isinstance(content, bytes) or hashlib.sha256(content).hexdigest() != digest:
        key = ", ".join(f"{c.name} {row.get(c.name)}" for c in table.primary_key.columns)
        raise BadInput(
            f"{where}: {table.name} ({key}): content does not match its sha256 {digest!r}"
        )


def _decode(column: Column[Any], value: object, where: str) -> object:
    label = f"{where}: {column.table.name}.{column.name}"
    if value is None:
        if not column.nullable:
            raise BadInput(f"{label} must not be empty")
        return None
    kind = column_kind(column)
    try:
        decoded = _DECODERS[kind](value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an instant beyond year 1-9999
        raise BadInput(f"{label}: {value!r} is not a valid {kind}") from None
    if kind == "int":
        _check_fits(column, decoded, label)
    return decoded


def _check_fits(column: Column[Any], value: Any, label: str) -> None:
    """A whole number the column holds on every engine: a BIGINT (money) 64 bits, an INTEGER
    32 (PostgreSQL's; SQLite would take more, but the export must restore anywhere)."""
    bits = 64 if isinstance(column.type, BigInteger) else 32
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if not low <= value <= high:
        raise BadInput(
            f"{label}: {value} is out of range for the column "
            f"(a {bits}-bit integer: {low} to {high})"
        )


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _date(value: object) -> date:
    return date.fromisoformat(_text(value))


def _binary(value: object) -> bytes:
    try:
        return base64.b64decode(_text(value), validate=True)
    except binascii.Error:
        raise ValueError("not base64") from None


def _datetime(value: object) -> datetime:
    parsed = datetime.fromisoformat(_text(value))
    if parsed.tzinfo is None:
        raise ValueError("instants in an export carry their UTC offset")
    return parsed.astimezone(UTC)


_DECODERS: dict[str, Callable[[object], object]] = {
    "int": _int,
    "bool": _bool,
    "text": _text,
    "date": _date,
    "datetime": _datetime,
    "binary": _binary,
}


def stable_payment_ref(row: TableRow) -> str:
    """The reference an exported payment carries when it has none: the same on every export."""
    created = row["created_at"].astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"clientkit-{created}-{row['id']}"


# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet shows as text: a formula-like start gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


class PrivateWriter:
    """A new file (mode 0600, never an existing one) whose SHA-256 is kept as it is written."""

    def __init__(self, path: Path, *, byte_order_mark: bool = False):
        self.path = path
        self.sha256 = hashlib.sha256()
        self._raw = os.fdopen(create_private(path), "wb")
        if byte_order_mark:  # spreadsheets then read the file as UTF-8
            self._raw.write(codecs.BOM_UTF8)
            self.sha256.update(codecs.BOM_UTF8)

    def write(self, chunk: str) -> None:
        data = chunk.encode("utf-8")
        self.sha256.update(data)
        self._raw.write(data)

    def close(self) -> None:
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()


def create_private(path: Path) -> int:
    """Open a new file readable only by the user; refuse to replace one that exists."""
    try:
        return os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise Refused(f"{path} already exists; clientkit never overwrites a file") from None


def prepare_directory(directory: Path, names: list[str]) -> Path:
    """The export directory, created 0700 if new; refused when it holds files we would write."""
    if directory.exists() and not directory.is_dir():
        raise Refused(f"{directory} exists and is not a directory")
    in_the_way = next((p for p in directory.parents if p.exists() and not p.is_dir()), None)
    if in_the_way is not None:  # mkdir would fail with NotADirectoryError
        raise Refused(f"{in_the_way} is a file, not a directory; export into a new directory")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    clashes = [name for name in names if (directory / name).exists()]
    if clashes:
        raise Refused(
            f"{directory} already holds {clashes[0]}; export into a new or empty directory"
        )
    return directory


def write_manifest(directory: Path, manifest: Manifest) -> Path:
    """Write the manifest last, through a temporary name, so its presence means complete."""
    target = directory / MANIFEST
    temporary = directory / f".{MANIFEST}.partial"
    writer = PrivateWriter(temporary)
    writer.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    writer.close()
    if target.exists():
        temporary.unlink()
        raise Refused(f"{target} already exists; clientkit never overwrites a file")
    os.replace(temporary, target)
    fsync_path(directory)
    return target


def read_manifest(path: Path) -> tuple[Path, Manifest]:
    """The export directory and its checked manifest, from the directory or the manifest's path."""
    if not path.exists():
        raise BadInput(f"{path} does not exist")
    manifest_path = path / MANIFEST if path.is_dir() else path
    directory = manifest_path.parent
    if not manifest_path.exists():
        if path.is_dir() and any(path.glob("*.csv")):
            raise BadInput(
                f"{path} is a CSV export (for spreadsheets); import reads a JSON export "
                "made with `clientkit export --format json`"
            )
        raise BadInput(f"{path} holds no {MANIFEST}: not a complete clientkit export")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, IsADirectoryError):
        raise BadInput(f"{manifest_path} is not a clientkit export manifest") from None
    _check_manifest(manifest_path, manifest)
    return directory, manifest


def _check_manifest(path: Path, manifest: object) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BadInput(f"{path} is not a clientkit export manifest")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadInput(f"{path}: the format version is missing")
    if version > FORMAT_VERSION:
        raise Refused(
            f"{path} is export format {version}, newer than this clientkit reads "
            f"({FORMAT_VERSION}); upgrade clientkit first"
        )
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("file"), str)
        and isinstance(entry.get("rows"), int)
        and isinstance(entry.get("sha256"), str)
        for entry in tables.values()
    ):
        raise BadInput(f"{path}: the table list is malformed")


def with_stable_ref(table: Table, row: TableRow) -> TableRow:
    """The row, where a payment without a reference gets its stable one."""
    if table.name == "payment" and not row.get("external_ref"):
        return {**row, "external_ref": stable_payment_ref(row)}
    return row


def exported_row(table: Table, row: TableRow) -> JsonRow:
    """A stored row as a JSON export writes it."""
    return {name: encode_value(value) for name, value in with_stable_ref(table, row).items()}


def safe_member(directory: Path, name: str) -> Path:
    """A file named in a manifest, which must sit directly inside the export directory."""
    if not name or Path(name).name != name or name.startswith("."):
        raise BadInput(f"the manifest names an unsafe file {name!r}")
    return directory / name
