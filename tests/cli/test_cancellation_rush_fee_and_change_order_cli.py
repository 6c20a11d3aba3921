"""`project cancel`, the rush fee of `project add`, `scope order` and its risk, end to end."""

import subprocess

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts


@pytest.fixture
def acme(invoke):  # type: ignore[no-untyped-def]
    assert invoke("profile", "set", "--name", "Jana Nováková").code == 0
    assert invoke("client", "add", "Acme GmbH", "--locale", "de_DE").code == 0
    return invoke


def _logo(invoke, *extra: str):  # type: ignore[no-untyped-def]
    return invoke(
        "project",
        "add",
        "Acme GmbH",
        "Logo",
        "--price",
        "1500",
        "--deposit",
        "30%",
        "--cancel-fee",
        "20%",
        "--revisions",
        "2",
        "--revision-fee",
        "150",
        "--deadline",
        "2027-01-15",
        *extra,
    )


def test_project_add_records_the_cancellation_fee_basis(acme):
    project = one_json(_logo(acme, "--cancel-fee-basis", "remainder", "--json").stdout)
    assert (project["cancel_fee_percent"], project["cancel_fee_basis"]) == ("20%", "remainder")
    shown = acme("project", "show", "Logo")
    assert any(
        line.split() == ["cancel", "fee", "basis", "remainder"]
        for line in shown.stdout.splitlines()
    )


def test_an_unknown_cancellation_fee_basis_is_one_error_line_and_adds_nothing(acme):
    done = _logo(acme, "--cancel-fee-basis", "rest")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "expected price or remainder" in done.stderr
    assert row_counts()["project"] == 0


def test_project_cancel_invoice_json_prints_the_draft_with_the_fee_and_the_deposit(acme):
    _logo(acme)
    assert acme("project", "start", "Logo").code == 0
    assert acme("deposit", "Logo", "450").code == 0
    done = acme("project", "cancel", "Logo", "--invoice", "--vat", "20%", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert view["status"] == "cancelled"
    assert view["cancellation"] == {
        "percent": "20%",
        "basis": "price",
        "value": "1500.00",
        "invoiced": "0.00",
        "base": "1500.00",
        "fee": "300.00",
        "currency": "EUR",
    }
    draft = view["invoice"]
    assert view["invoice_id"] == draft["id"]
    assert [(line["kind"], line["amount"]) for line in draft["lines"]] == [
        ("cancellation", "300.00")
    ]
    assert_amounts(draft, "subtotal", "vat", "total", "deposits", "balance")
    assert (draft["total"], draft["deposits"], draft["balance"]) == ("360.00", "360.00", "0.00")
    shown = one_json(acme("invoice", "show", str(draft["id"]), "--json").stdout)
    assert shown["status"] == "draft"


def test_project_cancel_text_names_the_fee_and_the_draft_id(acme):
    _logo(acme)
    done = acme("project", "cancel", "Logo", "--invoice")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        "project 1 Logo: cancelled",
        "draft invoice 1 created: total €300.00, due after deposits €300.00",
        "! cancellation fee per contract: 20% of the price = €300.00",
        "! no dated work is billed: the delivery date is the project's cancellation date, "
        "2026-11-23",
        "! fixed price: work done is not billed beyond the cancellation fee; add other lines "
        "with `clientkit invoice add-line 1 ...`",
    ]


def test_billing_a_cancellation_twice_is_refused_with_exit_1(acme):
    _logo(acme)
    assert acme("project", "cancel", "Logo", "--invoice").code == 0
    done = acme("project", "cancel", "Logo", "--invoice")
    assert done.code == 1
    assert_one_error_line(done.stderr)
    assert "already billed on draft 1" in done.stderr
    assert row_counts()["invoice"] == 1


def test_project_add_with_a_deadline_inside_the_lead_time_announces_the_rush_fee(acme):
    done = acme(
        "project",
        "add",
        "Acme GmbH",
        "Poster",
        "--price",
        "1500",
        "--deposit",
        "0%",
        "--rush-fee",
        "25%",
        "--deadline",
        "2026-11-28",
    )
    assert done.stdout.splitlines() == [
        "project 1 added: Poster (Acme GmbH)",
        "! deadline in 5 days is shorter than your 14-day lead time: rush fee 25% (€375.00) "
        "applies",
    ]
    invoice = one_json(acme("invoice", "create", "Poster", "--json").stdout)
    assert [(line["kind"], line["amount"]) for line in invoice["lines"]] == [
        ("price", "1500.00"),
        ("rush", "375.00"),
    ]


def _change_request(invoke) -> str:  # type: ignore[no-untyped-def]
    _logo(invoke)
    assert invoke("project", "start", "Logo").code == 0
    added = invoke(
        "scope", "add", "Logo", "Social-Media-Kit", "--price", "600", "--hours", "8", "--json"
    )
    return str(one_json(added.stdout)["id"])


def test_scope_order_writes_the_pdf_where_asked(acme, tmp_path):
    scope_id = _change_request(acme)
    target = tmp_path / "order.pdf"
    done = acme("scope", "order", scope_id, "-o", str(target), "--days", "10", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert (view["path"], view["price"], view["new_deadline"]) == (
        str(target.resolve()),
        "600.00",
        "2027-01-25",
    )
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Social-Media-Kit" in text
    assert "600,00 €" in text
    assert "Unterschriften" in text
    again = acme("scope", "order", scope_id, "-o", str(target))
    assert again.code == 1
    assert_one_error_line(again.stderr)


def test_scope_order_of_an_unknown_item_is_bad_input(acme):
    done = acme("scope", "order", "99")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "no scope item with id '99'" in done.stderr


def test_risks_show_the_unapproved_change_until_scope_approve(cli):
    """Through the real entry point: the finding is there, and gone once the client signed."""
    assert cli("profile", "set", "--name", "Jana").code == 0
    assert cli("client", "add", "Acme GmbH").code == 0
    scope_id = _change_request(cli)
    findings = one_json(cli("risks", "--json").stdout)
    (finding,) = [f for f in findings if f["code"] == "change_request_unapproved"]
    assert (finding["severity"], finding["project"]) == ("warning", "Logo")
    assert finding["evidence"]["unapproved_value"] == "600.00"
    assert finding["action"] == (
        f"Get the change order signed before starting the work (clientkit scope order "
        f"{scope_id}, then clientkit scope approve {scope_id})."
    )
    assert cli("scope", "approve", scope_id).code == 0
    codes = {f["code"] for f in one_json(cli("risks", "--json").stdout)}
    assert "change_request_unapproved" not in codes
