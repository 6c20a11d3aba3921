"""`clientkit invoice`: exit codes, one-line errors, JSON fields and the files it writes."""

import json
import os
from pathlib import Path

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts

INVOICE_FIELDS = {
    "id",
    "number",
    "status",
    "client",
    "currency",
    "issue_date",
    "due_date",
    "lines",
    "subtotal",
    "vat",
    "total",
    "paid",
    "balance",
}


@pytest.fixture
def billed(invoke):  # type: ignore[no-untyped-def]
    """A profile, a client with a project, a deposit and one draft (id 1)."""
    for args in (
        (
            "profile",
            "set",
            "--name",
            "Jana Nováková",
            "--iban",
            "SK3112000000198742637541",
            "--bic",
            "TATRSKBX",
            "--vat-id",
            "SK2020123457",
        ),
        ("client", "add", "<b>Acme & Sons</b>", "--locale", "en_US"),
        ("project", "add", "<b>Acme & Sons</b>", "Brand", "--price", "1500", "--deposit", "30%"),
        ("deposit", "Brand", "450"),
        ("invoice", "create", "Brand", "--vat", "20%"),
    ):
        result = invoke(*args)
        assert result.code == 0, result.stderr
    return invoke


def test_create_prints_the_new_draft_as_json_with_the_spec_fields(billed):
    assert billed("project", "add", "<b>Acme & Sons</b>", "Logo", "--price", "900").code == 0
    result = billed("invoice", "create", "Logo", "--json")
    view = one_json(result.stdout)
    assert set(view) >= INVOICE_FIELDS
    assert (view["number"], view["status"], view["currency"]) == (None, "draft", "EUR")
    assert_amounts(view, "subtotal", "vat", "total", "paid", "balance")
    assert set(view["lines"][0]) >= {"description", "quantity", "unit_price", "vat_rate", "amount"}


def test_add_line_issue_and_show_agree_on_the_totals(billed):
    added = one_json(
        billed(
            "invoice", "add-line", "1", "Icons", "50", "--qty", "3", "--vat", "20%", "--json"
        ).stdout
    )
    assert (added["total"], added["balance"]) == ("1980.00", "1530.00")
    issued = one_json(billed("invoice", "issue", "1", "--json").stdout)
    assert (issued["number"], issued["issue_date"], issued["due_date"]) == (
        "2026-0001",
        "2026-11-23",
        "2026-12-07",
    )
    shown = one_json(billed("invoice", "show", "2026-0001", "--json").stdout)
    assert (shown["total"], shown["paid"], shown["balance"]) == ("1980.00", "450.00", "1530.00")
    assert shown["vat_summary"] == [{"vat_rate": "20", "base": "1650.00", "vat": "330.00"}]


def test_editing_an_issued_invoice_is_refused_with_exit_1_and_the_reason(billed):
    assert billed("invoice", "issue", "1").code == 0
    before = row_counts()
    for args in (
        ("add-line", "2026-0001", "More", "10"),
        ("delete", "2026-0001"),
        ("issue", "2026-0001"),
    ):
        result = billed("invoice", *args)
        assert result.code == 1, args
        assert_one_error_line(result.stderr)
    assert "credit note" in billed("invoice", "add-line", "2026-0001", "x", "1").stderr
    assert row_counts() == before


def test_bad_input_exits_2_with_one_line_and_changes_nothing(billed):
    before = row_counts()
    for args in (
        ("add-line", "1", "Icons", "12,50"),
        ("add-line", "1", "Icons", "5", "--qty", "-1"),
        ("add-line", "1", "Icons", "5", "--vat", "twenty"),
        ("show", "2031-0001"),
        ("create", "No such project"),
        ("pdf",),
        ("pdf", "1", "--all"),
        ("export", "1"),
        ("pdf", "--all", "--from", "2026-13-01"),
    ):
        result = billed("invoice", *args)
        assert result.code == 2, (args, result.stderr)
        assert_one_error_line(result.stderr)
    assert row_counts() == before


def test_credit_cancels_the_invoice_and_lists_show_both(billed):
    billed("invoice", "issue", "1")
    note = one_json(
        billed("invoice", "credit", "2026-0001", "--reason", "duplicate", "--json").stdout
    )
    assert (note["number"], note["kind"], note["total"], note["credits"]) == (
        "2026-0002",
        "credit_note",
        "-1800.00",
        "2026-0001",
    )
    listed = one_json(billed("invoice", "list", "--json").stdout)
    assert [(v["number"], v["status"]) for v in listed] == [
        ("2026-0002", "issued"),
        ("2026-0001", "credited"),
    ]
    assert billed("invoice", "credit", "2026-0001").code == 1


def test_list_overdue_and_by_client(billed):
    billed("invoice", "issue", "1", today="2026-10-01")
    assert [
        v["number"] for v in one_json(billed("invoice", "list", "--overdue", "--json").stdout)
    ] == ["2026-0001"]
    assert (
        one_json(billed("invoice", "list", "--overdue", "--json", today="2026-10-10").stdout) == []
    )
    assert (
        len(one_json(billed("invoice", "list", "--client", "<b>Acme & Sons</b>", "--json").stdout))
        == 1
    )


def test_delete_removes_a_draft(billed):
    assert billed("invoice", "delete", "1").code == 0
    assert row_counts()["invoice"] == 0


def test_pdf_writes_a_slug_name_in_the_output_dir_and_never_overwrites(billed):
    billed("invoice", "issue", "1")
    first = one_json(billed("invoice", "pdf", "2026-0001", "--json").stdout)
    path = Path(first["path"])
    assert path.name == "invoice-2026-0001-b-acme-sons-b.pdf"
    assert path.parent == Path(os.environ["CLIENTKIT_HOME"]) / "documents" / "invoices"
    assert path.read_bytes().startswith(b"%PDF")
    again = billed("invoice", "pdf", "2026-0001")
    assert again.code == 1
    assert "--force" in again.stderr
    assert billed("invoice", "pdf", "2026-0001", "--force").code == 0


def test_pdf_to_a_named_file(billed, tmp_path):
    billed("invoice", "issue", "1")
    target = tmp_path / "mine.pdf"
    assert billed("invoice", "pdf", "2026-0001", "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_batch_pdf_renders_the_issued_invoices_of_a_period(billed, tmp_path):
    billed("invoice", "issue", "1", today="2026-10-05")
    billed("invoice", "create", "Brand")  # the price is billed: an empty draft, filled by hand
    billed("invoice", "add-line", "2", "Retainer month", "100")
    billed("invoice", "issue", "2", today="2026-11-20")
    billed("invoice", "create", "Brand")  # a draft: not in the batch
    out = tmp_path / "batch"
    result = one_json(
        billed(
            "invoice",
            "pdf",
            "--all",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "-o",
            str(out),
            "--json",
        ).stdout
    )
    assert [Path(p).name for p in result["written"]] == ["invoice-2026-0002-b-acme-sons-b.pdf"]
    everything = one_json(billed("invoice", "pdf", "--all", "-o", str(out), "--json").stdout)
    assert (len(everything["written"]), len(everything["skipped"])) == (1, 1)
    assert sorted(p.name for p in out.iterdir()) == [
        "invoice-2026-0001-b-acme-sons-b.pdf",
        "invoice-2026-0002-b-acme-sons-b.pdf",
    ]


def test_export_ubl_writes_an_xml_invoice(billed, tmp_path):
    billed("invoice", "issue", "1")
    target = tmp_path / "x.xml"
    assert billed("invoice", "export", "2026-0001", "--ubl", "-o", str(target)).code == 0
    assert b"<cbc:ID>2026-0001</cbc:ID>" in target.read_bytes()
    assert billed("invoice", "export", "2", "--ubl").code == 2  # no such invoice


def test_the_real_entry_point_issues_and_prints_json(cli, invoke):
    """Through the installed command in its own process: one JSON document on stdout."""
    assert invoke("client", "add", "Ivan Петров").code == 0
    assert invoke("project", "add", "Ivan Петров", "Site", "--price", "800").code == 0
    assert invoke("invoice", "create", "Site").code == 0
    result = cli("invoice", "issue", "1", "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["number"] == "2026-0001"


def test_a_second_draft_of_a_billed_project_bills_nothing_twice(billed):
    """Draft 1 bills the price; invoicing the project again says so instead of billing it twice."""
    result = billed("invoice", "create", "Brand", "--json")
    assert result.code == 0, result.stderr
    view = one_json(result.stdout)
    assert (view["lines"], view["total"]) == ([], "0.00")
    assert "everything the project has logged is on its earlier invoices" in view["notices"][-1]
    text = billed("invoice", "create", "Brand")
    assert "! everything the project has logged is on its earlier invoices" in text.stdout
