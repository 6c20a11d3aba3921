"""Export and import: everything out with a format version, back into an empty book exactly."""

import json
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, Refused
from clientkit.services.export import export_book
from clientkit.services.import_ import import_path
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.lists import list_clients, list_invoices, list_projects
from clientkit.services.messages import list_messages, show_message
from clientkit.services.profile import show_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import timer_status
from clientkit.services.transfer import FORMAT_VERSION, MANIFEST
from clientkit.storage.models import Payment
from tests.conftest import TODAY, _fresh_pg_database
from tests.reliability.sample import book_counts, every_table_has_rows, fill_book


def _empty_book_like(book: Book, tmp_path: Path, name: str = "restored") -> Book:
    """A fresh, empty book on the same engine as `book`."""
    if book.dialect == "postgresql":
        url = _fresh_pg_database()
    else:
        url = f"sqlite:///{tmp_path / f'{name}.db'}"
    return open_book(url, clock_from_text(TODAY))


def _views(book: Book) -> dict[str, Any]:
    """What a user sees of the book through the services."""
    clients = list_clients(book, include_archived=True)
    projects = list_projects(book)
    return {
        "profile": show_profile(book),
        "clients": clients,
        "client_details": [show_client(book, str(c["id"])) for c in clients],
        "projects": projects,
        "project_details": [show_project(book, str(p["id"])) for p in projects],
        "invoices": list_invoices(book),
        "timer": timer_status(book),
    }


def _numbers(book: Book) -> list[tuple[Any, ...]]:
    """Each invoice's number, status, total and balance."""
    return [(i["number"], i["status"], i["total"], i["balance"]) for i in list_invoices(book)]


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.jsonl"))}


@pytest.fixture
def filled(book: Book) -> Book:
    fill_book(book)
    assert every_table_has_rows(book) == []
    return book


def test_import_into_an_empty_book_restores_counts_numbers_balances_and_views(filled, tmp_path):
    """Every table, every invoice number and every balance to the cent comes back the same."""
    export_book(filled, tmp_path / "out")
    restored = _empty_book_like(filled, tmp_path)
    summary = import_path(restored, tmp_path / "out")
    assert summary["status"] == "imported"
    assert book_counts(restored) == book_counts(filled)
    assert _views(restored) == _views(filled)
    assert _numbers(restored) == _numbers(filled)
    export_book(restored, tmp_path / "again")
    assert _files(tmp_path / "again") == _files(tmp_path / "out")
    restored.engine.dispose()


def test_message_bodies_come_back_whole_and_searchable(filled, tmp_path):
    """A multi-line body with tabs and accents survives export and import, and is found."""
    export_book(filled, tmp_path / "out")
    restored = _empty_book_like(filled, tmp_path)
    import_path(restored, tmp_path / "out")
    bodies = {m["id"]: show_message(filled, str(m["id"]))["body"] for m in _messages(filled)}
    assert bodies == {
        m["id"]: show_message(restored, str(m["id"]))["body"] for m in _messages(restored)
    }
    assert "Dobrý deň,\n\tthe blue is off; „ďakujem“." in bodies.values()
    found = list_messages(restored, {"search": "DAKUJEM"})["rows"]
    assert [row["subject"] for row in found] == ["Can we change the colours?"]
    restored.engine.dispose()


def _messages(book: Book) -> list[Any]:
    return list_messages(book, {}, limit=1000)["rows"]


def test_a_sqlite_export_restores_into_any_engine(tmp_path, db_url):
    """A book exported from SQLite imports into a fresh book on SQLite or PostgreSQL alike."""
    source = open_book(f"sqlite:///{tmp_path / 'source.db'}", clock_from_text(TODAY))
    fill_book(source)
    export_book(source, tmp_path / "out")
    target = open_book(db_url, clock_from_text(TODAY))
    import_path(target, tmp_path / "out")
    assert _views(target) == _views(source)
    target.engine.dispose()


def test_the_demo_book_passes_every_import_check_on_any_engine(demo_book_file, db_url, tmp_path):
    """What `clientkit demo` writes through the services imports whole: the checks refuse
    nothing a real book holds."""
    shutil.copy(demo_book_file, tmp_path / "demo.db")
    source = open_book(f"sqlite:///{tmp_path / 'demo.db'}", clock_from_text(TODAY))
    export_book(source, tmp_path / "out")
    target = open_book(db_url, clock_from_text(TODAY))
    assert import_path(target, tmp_path / "out")["status"] == "imported"
    assert book_counts(target) == book_counts(source)
    assert _views(target) == _views(source)
    source.engine.dispose()
    target.engine.dispose()


def test_the_large_books_bulk_rows_pass_every_import_check(db_url, tmp_path):
    """The benchmark book, inserted in bulk without the services, imports too (a small one)."""
    from clientkit.demo.build import build_demo

    source = open_book(f"sqlite:///{tmp_path / 'large.db'}", clock_from_text(TODAY))
    build_demo(source, large=True, scale=0.002)
    export_book(source, tmp_path / "out")
    target = open_book(db_url, clock_from_text(TODAY))
    import_path(target, tmp_path / "out")
    assert book_counts(target) == book_counts(source)
    source.engine.dispose()
    target.engine.dispose()


def test_after_an_import_new_rows_get_new_ids_and_the_series_continues(filled, tmp_path):
    """Sequences move past imported ids (PostgreSQL); the next invoice number follows on."""
    export_book(filled, tmp_path / "out")
    restored = _empty_book_like(filled, tmp_path)
    import_path(restored, tmp_path / "out")
    client = add_client(restored, "New client")
    assert client["id"] == 4
    add_project(restored, "New client", "New work", TermsInput(price="100"))
    record_deposit(restored, "New work", "10")
    invoice = issue_invoice(restored, str(create_invoice(restored, "New work")["id"]))
    before = [i["number"] for i in list_invoices(filled) if i["number"]]
    assert invoice["number"] == f"2026-{len(before) + 1:04d}"
    restored.engine.dispose()


def test_a_book_holding_other_data_is_refused_and_left_unchanged(filled, tmp_path):
    """Import never mixes two books: a non-empty book that lacks the export says no."""
    export_book(filled, tmp_path / "out")
    other = _empty_book_like(filled, tmp_path, "other")
    add_client(other, "Someone else")
    before = book_counts(other)
    with pytest.raises(Refused, match="not empty"):
        import_path(other, tmp_path / "out")
    assert book_counts(other) == before
    other.engine.dispose()


def test_importing_the_same_export_twice_doubles_nothing(filled, tmp_path):
    """The second import finds everything already there and changes nothing, payments included."""
    export_book(filled, tmp_path / "out")
    restored = _empty_book_like(filled, tmp_path)
    import_path(restored, tmp_path / "out")
    after_first = book_counts(restored)
    again = import_path(restored, tmp_path / "out")
    assert again["status"] == "unchanged"
    assert book_counts(restored) == after_first
    assert import_path(filled, tmp_path / "out")["status"] == "unchanged"
    restored.engine.dispose()


def test_every_exported_payment_has_a_stable_unique_reference(filled, tmp_path):
    """Two exports give each payment the same reference, and no two payments share one."""
    export_book(filled, tmp_path / "one")
    export_book(filled, tmp_path / "two")
    refs = [
        json.loads(line)["external_ref"]
        for line in (tmp_path / "one" / "payment.jsonl").read_text().splitlines()
    ]
    assert all(refs)
    assert len(set(refs)) == len(refs)
    assert (tmp_path / "one" / "payment.jsonl").read_bytes() == (
        tmp_path / "two" / "payment.jsonl"
    ).read_bytes()


def test_the_database_refuses_a_second_payment_with_the_same_reference(book):
    """external_ref is unique in the schema, so a payment cannot be recorded twice."""
    add_client(book, "Acme")
    day = clock_from_text(TODAY).today()

    def payment() -> Payment:
        return Payment(
            client_id=1,
            kind="credit",
            amount_minor=100,
            currency="EUR",
            day=day,
            external_ref="bank-42",
        )

    with book.write() as session:
        session.add(payment())
    with pytest.raises(IntegrityError), book.write() as session:
        session.add(payment())


def test_a_dry_run_reports_and_changes_nothing(filled, tmp_path):
    """--dry-run checks the whole export and rolls back."""
    export_book(filled, tmp_path / "out")
    restored = _empty_book_like(filled, tmp_path)
    summary = import_path(restored, tmp_path / "out", dry_run=True)
    assert summary["status"] == "imported"
    assert summary["dry_run"] is True
    assert summary["rows"] == sum(book_counts(filled).values())
    assert sum(book_counts(restored).values()) == 0
    restored.engine.dispose()


def _sqlite_pair(tmp_path: Path) -> tuple[Book, Book]:
    source = open_book(f"sqlite:///{tmp_path / 'source.db'}", clock_from_text(TODAY))
    fill_book(source)
    export_book(source, tmp_path / "out")
    return source, open_book(f"sqlite:///{tmp_path / 'target.db'}", clock_from_text(TODAY))


def test_an_export_edited_after_writing_is_refused_whole(tmp_path):
    """One changed amount breaks the checksum: nothing is imported, not even the valid tables."""
    _, target = _sqlite_pair(tmp_path)
    payments = tmp_path / "out" / "payment.jsonl"
    payments.write_text(payments.read_text().replace('"amount_minor":', '"amount_minor":9', 1))
    with pytest.raises(BadInput, match="does not match its manifest"):
        import_path(target, tmp_path / "out")
    assert sum(book_counts(target).values()) == 0


def test_an_export_without_its_manifest_is_incomplete_and_refused(tmp_path):
    """The manifest is written last; without it the export may be half-written."""
    _, target = _sqlite_pair(tmp_path)
    (tmp_path / "out" / MANIFEST).unlink()
    with pytest.raises(BadInput, match="not a complete clientkit export"):
        import_path(target, tmp_path / "out")


def test_an_export_from_a_newer_format_is_refused(tmp_path):
    """A format version this clientkit does not know is refused, not guessed at."""
    _, target = _sqlite_pair(tmp_path)
    manifest = tmp_path / "out" / MANIFEST
    data = json.loads(manifest.read_text())
    data["version"] = FORMAT_VERSION + 1
    manifest.write_text(json.dumps(data))
    with pytest.raises(Refused, match="newer than this clientkit reads"):
        import_path(target, tmp_path / "out")


def test_a_manifest_naming_a_file_outside_the_export_is_refused(tmp_path):
    """A hostile manifest cannot make import read ../../ paths."""
    _, target = _sqlite_pair(tmp_path)
    manifest = tmp_path / "out" / MANIFEST
    data = json.loads(manifest.read_text())
    data["tables"]["client"]["file"] = "../../etc/passwd"
    manifest.write_text(json.dumps(data))
    with pytest.raises(BadInput, match="unsafe file"):
        import_path(target, tmp_path / "out")


def test_rows_with_unknown_columns_or_wrong_types_are_refused(tmp_path):
    """An export row is checked column by column; a text amount is bad input, not a crash."""
    _, target = _sqlite_pair(tmp_path)
    manifest_path = tmp_path / "out" / MANIFEST
    clients = tmp_path / "out" / "client.jsonl"
    for bad, message in (
        ('"budget_minor":"lots"', "not a valid int"),
        ('"colour":"red"', "unknown column"),
    ):
        lines = clients.read_text().splitlines()
        lines[0] = lines[0].replace('"budget_minor":200000', bad)
        clients.write_text("\n".join(lines) + "\n")
        manifest = json.loads(manifest_path.read_text())
        import hashlib

        manifest["tables"]["client"]["sha256"] = hashlib.sha256(clients.read_bytes()).hexdigest()
        manifest_path.write_text(json.dumps(manifest))
        with pytest.raises(BadInput, match=message):
            import_path(target, tmp_path / "out")
        clients.write_text(clients.read_text().replace(bad, '"budget_minor":200000'))
    assert sum(book_counts(target).values()) == 0


def test_export_files_are_private_and_never_overwritten(filled, tmp_path):
    """The directory is 0700, every file 0600; exporting into an earlier export is refused."""
    export_book(filled, tmp_path / "out")
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()}
    assert modes == {0o600}
    before = _files(tmp_path / "out")
    with pytest.raises(Refused, match="already holds"):
        export_book(filled, tmp_path / "out")
    assert _files(tmp_path / "out") == before


def test_the_manifest_states_format_version_schema_and_counts(filled, tmp_path):
    """The manifest names the format and version and promises each table's row count."""
    export_book(filled, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["format"] == "clientkit-export"
    assert manifest["version"] == FORMAT_VERSION
    assert manifest["schema_revision"]
    assert {n: t["rows"] for n, t in manifest["tables"].items()} == book_counts(filled)


def _csv(directory: Path, name: str) -> list[dict[str, str]]:
    import csv

    with (directory / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_export_neutralises_formula_cells_and_shows_amounts(filled, tmp_path):
    """Text starting with = + - @ tab or CR gets a leading quote; amounts also appear in units."""
    export_book(filled, tmp_path / "csv", "csv")
    projects = {row["id"]: row for row in _csv(tmp_path / "csv", "project")}
    assert projects["3"]["title"] == "'=cmd|' /C calc'!A0"
    assert projects["1"]["price"] == "1500.00"
    assert projects["1"]["price_minor"] == "150000"
    assert _csv(tmp_path / "csv", "time_entry")[3]["note"] == "'-2+3 cells"
    assert _csv(tmp_path / "csv", "message")[2]["subject"] == "'@SUM(1+1)"
    assert _csv(tmp_path / "csv", "message")[2]["body"] == "'=HYPERLINK(1)"
    jpy = next(row for row in _csv(tmp_path / "csv", "invoice") if row["currency"] == "JPY")
    assert jpy["total"] == str(int(jpy["total_minor"]))
    lines = _csv(tmp_path / "csv", "invoice_line")
    assert any(row["amount"].startswith("-") for row in lines)  # numbers stay numbers
    every_cell = [
        cell
        for name in ("client", "project", "message", "time_entry", "invoice_line")
        for row in _csv(tmp_path / "csv", name)
        for key, cell in row.items()
        if not key.endswith(("_minor", "amount", "price", "total", "subtotal", "vat"))
    ]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "@", "\t", "\r")]


def test_a_csv_export_is_not_taken_for_a_json_one(filled, tmp_path):
    """Import says plainly that CSV is for spreadsheets."""
    export_book(filled, tmp_path / "csv", "csv")
    target = _empty_book_like(filled, tmp_path)
    with pytest.raises(BadInput, match="CSV export"):
        import_path(target, tmp_path / "csv")
    target.engine.dispose()


def test_every_column_of_every_table_travels_in_the_export():
    """A new column of a type the export cannot carry fails here, not in a user's export."""
    from clientkit.services.transfer import column_kind
    from clientkit.storage.transfer_queries import book_tables

    kinds = {column_kind(column) for table in book_tables() for column in table.columns}
    assert kinds <= {"int", "bool", "date", "datetime", "text", "binary"}
