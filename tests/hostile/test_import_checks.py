"""An export is checked like typed input: a row that breaks a rule of the CLI, a figure that
does not add up or a reference to a row that is not there is exit 2 naming the file, line,
row, column and why, and nothing is imported; other trackers' files never bring raw escapes."""

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.export import export_book
from clientkit.services.profile import show_profile
from clientkit.services.transfer import MANIFEST
from tests.cli.helpers import assert_one_error_line
from tests.conftest import TODAY
from tests.reliability.sample import fill_book

Row = dict[str, Any]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample book (a row in every table) exported once for the module; tests edit copies."""
    folder = tmp_path_factory.mktemp("export")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLIENTKIT_HOME", str(folder / "home"))
        source = open_book(f"sqlite:///{folder / 'source.db'}", clock_from_text(TODAY))
        fill_book(source)
        export_book(source, folder / "out")
        source.engine.dispose()
    return folder / "out"


@pytest.fixture
def target(db_url: str) -> str:
    """An empty book (with the placeholder profile an import replaces) on each engine."""
    book = open_book(db_url, clock_from_text(TODAY))
    show_profile(book)
    book.engine.dispose()
    return db_url


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, history included, read without clientkit in between."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: sorted(connection.execute(text(f'SELECT * FROM "{name}"')).all(), key=repr)
                for name in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


def edited(
    export: Path, tmp_path: Path, table: str, line: int, change: Callable[[Row], None]
) -> Path:
    """A copy of the export with one row changed and its manifest hash recomputed, as someone
    who meant it would: the checksum alone then lets it through."""
    copy = tmp_path / "edited"
    shutil.copytree(export, copy)
    file = copy / f"{table}.jsonl"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[line - 1])
    change(row)
    lines[line - 1] = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
    file.write_text("".join(lines), encoding="utf-8")
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["tables"][table]["sha256"] = hashlib.sha256(file.read_bytes()).hexdigest()
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def setter(**values: Any) -> Callable[[Row], None]:
    return lambda row: row.update(values)


def added_to(column: str, amount: int) -> Callable[[Row], None]:
    return lambda row: row.update({column: row[column] + amount})


# (table, line of its file, change, what the error line says after "<table>.jsonl line N (id)")
BAD_ROWS = {
    "control character in a client name": (
        "client",
        1,
        setter(name="Acme\x1b]0;pwned\x07"),
        "client.name: client name must not contain control characters such as '\\x1b'",
    ),
    "ESC in a message body": (
        "message",
        1,
        setter(body="Dobrý deň\n\x1b[2J"),
        "message.body: body must not contain control characters such as '\\x1b'",
    ),
    "e-mail address carrying a second one": (
        "client",
        1,
        setter(email="billing@acme.test, boss@else.example"),
        "client.email: invalid e-mail address 'billing@acme.test, boss@else.example'",
    ),
    "e-mail address as Peppol address": (
        "client",
        1,
        setter(endpoint="EM:billing@acme.test"),
        "client.endpoint: --endpoint EM:billing@acme.test: EM (e-mail) is no Peppol scheme",
    ),
    "unknown payment QR choice for Slovak clients": (
        "profile",
        1,
        setter(slovak_qr="square"),
        "profile.slovak_qr: unknown Slovak QR choice 'square': expected one of pay-by-square, "
        "epc, both",
    ),
    "ESC in a buyer reference": (
        "project",
        1,
        setter(buyer_ref="0401\x1b[2J"),
        "project.buyer_ref: buyer reference must not contain control characters such as '\\x1b'",
    ),
    "invoice total not matching its lines": (
        "invoice",
        1,
        added_to("total_minor", 10000),
        "invoice.total_minor: total 2476.00 does not match its lines (2376.00)",
    ),
    "line amount not its quantity times its price": (
        "invoice_line",
        1,
        added_to("amount_minor", 1),
        "invoice_line.amount_minor: amount 150001 is not quantity 1 × unit price 150000",
    ),
    "negative amount": (
        "project",
        1,
        setter(price_minor=-150000),
        "project.price_minor: price must not be negative: -150000 minor units",
    ),
    "payment of nothing": (
        "payment",
        1,
        setter(amount_minor=0),
        "payment.amount_minor: amount must be more than zero",
    ),
    "money beyond the 64-bit columns": (
        "payment",
        1,
        setter(amount_minor=2**63),
        "payment.amount_minor: 9223372036854775808 is out of range for the column (a 64-bit",
    ),
    "count beyond a 32-bit column": (
        "project",
        1,
        setter(payment_days=2**31),
        "project.payment_days: 2147483648 is out of range for the column (a 32-bit",
    ),
    "unknown status": (
        "invoice",
        1,
        setter(status="settled"),
        "invoice.status: unknown invoice status 'settled': expected one of draft, issued,",
    ),
    "unknown currency": (
        "payment",
        1,
        setter(currency="XXY"),
        "payment.currency: unknown currency 'XXY'",
    ),
    "percentage over 100": (
        "project",
        1,
        setter(deposit_bp=10001),
        "project.deposit_bp: invalid percentage 10001 basis points: at most 100%",
    ),
    "time entry of no minutes": (
        "time_entry",
        1,
        setter(minutes=0),
        "time_entry.minutes: invalid duration 0 minutes: must be longer than zero",
    ),
    "reference to a client not in the export": (
        "project",
        1,
        setter(client_id=99),
        "project.client_id: client 99 is not in the export",
    ),
    "credit note of an invoice not in the export": (
        "invoice",
        4,
        setter(credits_invoice_id=77),
        "invoice.credits_invoice_id: invoice 77 is not in the export",
    ),
    "impossible date": (
        "time_entry",
        1,
        setter(day="2026-02-30"),
        "time_entry.day: '2026-02-30' is not a valid date",
    ),
    "instant before year 1 in UTC": (
        "message",
        1,
        setter(at="0001-01-01T00:00:00+05:00"),
        "message.at: '0001-01-01T00:00:00+05:00' is not a valid datetime",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_row_breaking_a_rule_is_exit_2_naming_it_and_nothing_is_imported(
    case, export_dir, target, invoke, tmp_path
):
    table, line, change, why = BAD_ROWS[case]
    export = edited(export_dir, tmp_path, table, line, change)
    row_id = json.loads((export / f"{table}.jsonl").read_text().splitlines()[line - 1])["id"]
    before = dump(target)
    result = invoke("--db", target, "import", str(export))
    assert result.code == 2, result
    assert_one_error_line(result.stderr)
    assert f"{table}.jsonl line {line} (id {row_id}): {why}" in result.stderr
    assert result.stdout == ""
    assert dump(target) == before


def test_a_dry_run_refuses_the_same_rows(export_dir, target, invoke, tmp_path):
    """--dry-run checks every row as the import does: exit 2 with the same line."""
    export = edited(export_dir, tmp_path, "client", 1, setter(name="Acme\x07"))
    before = dump(target)
    result = invoke("--db", target, "import", str(export), "--dry-run")
    assert result.code == 2, result
    assert "client.jsonl line 1 (id 1): client.name: client name must not" in result.stderr
    assert dump(target) == before


def test_the_unedited_export_imports(export_dir, target, invoke):
    """The checks refuse nothing of what clientkit itself wrote."""
    result = invoke("--db", target, "import", str(export_dir))
    assert result.code == 0, result.stderr


@pytest.fixture
def frames(tmp_path: Path) -> Callable[..., Path]:
    """Writes a Watson frames file: one hour on a project named with a terminal escape."""

    def write(tags: list[str], frame_id: str = "a" * 32) -> Path:
        path = tmp_path / "frames"
        frame = [1795082400, 1795086000, "Web\x1b]0;owned\x07site", frame_id, tags, 1795086001]
        path.write_text(json.dumps([frame]), encoding="utf-8")
        return path

    return write


def test_escapes_in_watson_tags_are_stored_as_spaces_and_never_reach_the_terminal(invoke, frames):
    """The tags become the entry's note with each control character a space (as a typed note
    could never hold one); the source project is only shown, escaped."""
    for args in (("client", "add", "Acme"), ("project", "add", "Acme", "Site", "--price", "9")):
        assert invoke(*args).code == 0
    path = frames(["call", "red\x1b[31m", "line\u2028break"])
    mapping = "Web\x1b]0;owned\x07site=Site"
    result = invoke("import", "--from", "watson", str(path), "--map", mapping)
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "Web\\x1b]0;owned\\x07site" in result.stdout
    [entry] = json.loads(invoke("time", "list", "--json").stdout)["entries"]
    assert entry["note"] == "call, red [31m, line break"


def test_a_watson_frame_id_with_a_control_character_is_exit_2(invoke, frames):
    """The frame id is kept as the entry's external id: refused like any typed text."""
    result = invoke("import", "--from", "watson", str(frames([], frame_id="ab\x1bcd")), "--dry-run")
    assert result.code == 2, result
    assert_one_error_line(result.stderr)
    assert "frames:1: the frame's id must not contain control characters such as '\\x1b'" in (
        result.stderr
    )


def test_every_text_and_number_column_of_every_table_has_a_check():
    """A new column gets a rule here before an export can bring anything into it."""
    from clientkit.services.import_checks import FIELD_CHECKS, ROW_CHECKS
    from clientkit.services.transfer import column_kind
    from clientkit.storage.transfer_queries import book_tables

    unchecked = [
        f"{table.name}.{column.name}"
        for table in book_tables()
        for column in table.columns
        if column_kind(column) in ("text", "int")
        and not (column.primary_key or column.foreign_keys)
        and column.name
        not in {**FIELD_CHECKS.get(table.name, {}), **ROW_CHECKS.get(table.name, {})}
    ]
    assert unchecked == []
