"""`invoice pdf` of an issued invoice writes the bytes stored at issue, from the command line."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, home_db, one_json


@pytest.fixture
def issued(invoke):  # type: ignore[no-untyped-def]
    """Invoice 2026-0001 of 1,200 (1,000 + 20 % VAT) with a 200 deposit deducted at issue."""
    for args in (
        ("profile", "set", "--name", "Jana", "--iban", "SK3112000000198742637541"),
        ("profile", "set", "--vat-id", "SK2020123457"),
        ("client", "add", "Acme", "--email", "ap@acme.example"),
        ("project", "add", "Acme", "Logo", "--price", "1000", "--deposit", "0"),
        ("deposit", "Logo", "200"),
        ("invoice", "create", "Logo", "--vat", "20%"),
        ("invoice", "issue", "1"),
    ):
        result = invoke(*args)
        assert result.code == 0, (args, result.stderr)
    return invoke


def _stored_sha(kind: str = "pdf") -> str:
    connection = sqlite3.connect(home_db())
    try:
        query = "SELECT sha256 FROM issued_document WHERE invoice_id = 1 AND kind = ?"
        return str(connection.execute(query, (kind,)).fetchone()[0])
    finally:
        connection.close()


def _pdf(invoke, target: Path) -> tuple[dict, str]:  # type: ignore[no-untyped-def,type-arg]
    result = invoke("invoice", "pdf", "2026-0001", "-o", str(target), "--force", "--json")
    assert result.code == 0, result.stderr
    return one_json(result.stdout), hashlib.sha256(target.read_bytes()).hexdigest()


def test_invoice_pdf_after_a_payment_and_edits_writes_the_bytes_of_issue_day(issued, tmp_path):
    """Pay part, move the profile, rename the client: the file's SHA-256 is the one at issue,
    the one the book stored, and the one the JSON reports."""
    view, at_issue = _pdf(issued, tmp_path / "first.pdf")
    assert view["sha256"] == at_issue == _stored_sha()
    for args in (
        ("pay", "2026-0001", "500"),
        ("profile", "set", "--address", "Nová 2\n040 01 Košice"),
        ("client", "edit", "Acme", "--name", "Acme Renamed"),
    ):
        assert issued(*args).code == 0
    view, later = _pdf(issued, tmp_path / "later.pdf")
    assert view["sha256"] == later == at_issue


def test_a_stored_pdf_changed_behind_clientkits_back_exits_1_and_writes_nothing(issued, tmp_path):
    connection = sqlite3.connect(home_db())
    with connection:
        connection.execute("UPDATE issued_document SET content = x'00' WHERE kind = 'pdf'")
    connection.close()
    target = tmp_path / "x.pdf"
    result = issued("invoice", "pdf", "2026-0001", "-o", str(target))
    assert result.code == 1
    assert_one_error_line(result.stderr)
    assert result.stderr.strip() == (
        "error: the stored PDF of invoice 2026-0001 does not match its SHA-256: restore from backup"
    )
    assert not target.exists()


def test_a_credited_invoice_lists_as_credited_with_nothing_due(issued, tmp_path):
    """`invoice list` and `show` say credited, balance 0; `remind` has nothing for it; its PDF
    is the one issued, with a notice that nothing is payable on it."""
    assert issued("invoice", "credit", "2026-0001").code == 0
    listed = one_json(issued("invoice", "list", "--json").stdout)
    shown = one_json(issued("invoice", "show", "2026-0001", "--json").stdout)
    original = next(view for view in listed if view["number"] == "2026-0001")
    for view in (original, shown):
        assert (view["status"], view["balance"]) == ("credited", "0.00")
    reminders = one_json(issued("remind", "--dry-run", "--json", today="2027-01-30").stdout)
    assert "2026-0001" not in json.dumps(reminders["reminders"])
    text = issued("invoice", "pdf", "2026-0001", "-o", str(tmp_path / "c.pdf"))
    assert "! invoice 2026-0001 is cancelled by a credit note" in text.stdout
    assert hashlib.sha256((tmp_path / "c.pdf").read_bytes()).hexdigest() == _stored_sha()


def test_an_export_with_a_changed_document_is_refused_on_import_naming_the_row(issued, tmp_path):
    """The row's content no longer matches its sha256: exit 2, one line, nothing imported."""
    out = tmp_path / "out"
    assert issued("export", "-o", str(out)).code == 0
    part = out / "issued_document.jsonl"
    rows = [json.loads(line) for line in part.read_text().splitlines()]
    rows[0]["content"] = "AAAA"
    part.write_text("".join(json.dumps(row) + "\n" for row in rows))
    target = tmp_path / "new.db"
    result = issued("--db", f"sqlite:///{target}", "import", str(out))
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert "issued_document (invoice_id 1, kind " in result.stderr
    assert "content does not match its sha256" in result.stderr
