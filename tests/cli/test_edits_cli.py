"""`project edit` and `reopen`, `client edit --unarchive`, `scope approve`, on the command line."""

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts


@pytest.fixture
def logo(invoke):  # type: ignore[no-untyped-def]
    assert invoke("client", "add", "Acme").code == 0
    done = invoke(
        "project",
        "add",
        "Acme",
        "Logo",
        "--price",
        "1500",
        "--revision-fee",
        "150",
        "--deposit",
        "0",
        "--deadline",
        "2027-01-29",
    )
    assert done.code == 0, done.stderr
    return invoke


def _project(invoke) -> dict:  # type: ignore[no-untyped-def]
    return one_json(invoke("project", "show", "Logo", "--json").stdout)  # type: ignore[no-any-return]


def test_project_edit_changes_terms_and_prints_the_project(logo):
    done = logo(
        "project",
        "edit",
        "Logo",
        "--price",
        "1800",
        "--late-fee",
        "2%",
        "--deadline",
        "none",
        "--revisions",
        "3",
        "--json",
    )
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert_amounts(view, "price", "revision_fee", "deposit_required")
    assert (view["price"], view["late_fee_percent"], view["deadline"]) == ("1800.00", "2%", None)
    assert view["revisions_included"] == 3
    assert view["changed"] == ["price", "revisions_included", "late_fee_percent", "deadline"]


def test_project_edit_text_names_what_changed(logo):
    done = logo("project", "edit", "Logo", "--title", "Logo refresh", "--price", "1500")
    assert done.stdout == "project 1 Logo refresh edited: title\n"
    same = logo("project", "edit", "Logo refresh", "--price", "1500")
    assert same.stdout == "project 1 Logo refresh: nothing changed (same values)\n"


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--price", "abc"),
        ("--price", "10", "--hourly", "5"),
        ("--revisions", "many"),
        ("--deadline", "29.1.2027"),
        ("--currency", "none"),
        ("--payment-days", "none"),
        ("--cancel-fee-basis", "whatever"),
    ],
)
def test_bad_project_edits_exit_2_with_one_line_and_change_nothing(logo, args):
    before, counts = _project(logo), row_counts()
    done = logo("project", "edit", "Logo", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert (_project(logo), row_counts()) == (before, counts)


def test_a_title_taken_by_another_project_of_the_client_is_exit_2(logo):
    logo("project", "add", "Acme", "Site", "--price", "100")
    done = logo("project", "edit", "Site", "--title", "LOGO")
    assert done.code == 2
    assert "already has a project titled 'Logo'" in done.stderr


def test_editing_what_an_issued_invoice_bills_is_exit_1_naming_the_invoice(logo):
    logo("project", "start", "Logo")
    logo("invoice", "create", "Logo")
    logo("invoice", "issue", "1")
    before = _project(logo)
    done = logo("project", "edit", "Logo", "--price", "2000")
    assert done.code == 1
    assert done.stderr == "error: invoice 2026-0001 already bills the price; credit it first\n"
    currency = logo("project", "edit", "Logo", "--currency", "USD")
    assert (currency.code, _project(logo)) == (1, before)
    assert logo("project", "edit", "Logo", "--revision-fee", "120").code == 0


def test_reopen_brings_a_closed_project_back_to_active(logo):
    logo("project", "start", "Logo")
    logo("project", "close", "Logo")
    done = logo("project", "reopen", "Logo", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert (view["status"], view["delivered_on"]) == ("active", None)
    assert view["notices"] == ["reopened (it was closed)"]
    assert logo("project", "reopen", "Logo").code == 2


def test_reopen_of_an_open_project_is_exit_2_with_one_line(logo):
    done = logo("project", "reopen", "Logo")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert _project(logo)["status"] == "draft"


def test_reopen_is_exit_1_while_an_issued_invoice_bills_the_cancellation(logo):
    logo("project", "edit", "Logo", "--cancel-fee", "20%")
    logo("project", "start", "Logo")
    logo("project", "cancel", "Logo", "--invoice")
    logo("invoice", "issue", "1")
    done = logo("project", "reopen", "Logo")
    assert done.code == 1
    assert done.stderr == (
        "error: invoice 2026-0001 bills the cancellation of 'Logo'; credit it first\n"
    )
    assert _project(logo)["status"] == "cancelled"


def test_client_edit_unarchives_and_clears_the_budget(invoke):
    invoke("client", "add", "Zeta", "--budget", "2000")
    invoke("client", "archive", "Zeta")
    refused = invoke("project", "add", "Zeta", "Site", "--price", "100")
    assert refused.code == 1
    assert "client edit 1 --unarchive" in refused.stderr
    done = invoke("client", "edit", "Zeta", "--unarchive", "--budget", "none", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert (view["archived"], view["budget"]) == (False, None)
    assert invoke("project", "add", "Zeta", "Site", "--price", "100").code == 0


@pytest.mark.parametrize(
    "args", [(), ("--budget", "lots"), ("--currency", "EURO"), ("--email", "no")]
)
def test_bad_client_edits_exit_2_and_change_nothing(invoke, args):
    invoke("client", "add", "Zeta", "--budget", "2000")
    before = invoke("client", "show", "Zeta", "--json").stdout
    done = invoke("client", "edit", "Zeta", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert invoke("client", "show", "Zeta", "--json").stdout == before


def test_client_currency_change_is_exit_1_while_an_invoice_counts_in_the_old_one(logo):
    logo("project", "start", "Logo")
    logo("invoice", "create", "Logo")
    done = logo("client", "edit", "Acme", "--currency", "USD")
    assert done.code == 1
    assert "has draft invoice 1 in EUR; the currency stays" in done.stderr


def test_scope_approve_moves_the_deadline_and_says_so(logo, tmp_path):
    logo("profile", "set", "--name", "Jana")
    logo("project", "start", "Logo")
    logo("scope", "add", "Logo", "Extra page", "--price", "300")
    order = logo("scope", "order", "1", "--days", "5", "-o", str(tmp_path / "co.pdf"))
    assert order.code == 0, order.stderr
    done = logo("scope", "approve", "1")
    assert done.stdout.splitlines() == [
        "change request 1 approved on 2026-11-23",
        "! the deadline of 'Logo' moves from 2027-01-29 to 2027-02-03, as the change order says",
        "! its price €300.00 is billed as a line of its own on the project's next invoice",
    ]
    assert _project(logo)["deadline"] == "2027-02-03"


def test_project_edit_is_undone(logo):
    logo("project", "edit", "Logo", "--price", "1")
    undone = logo("undo")
    assert undone.code == 0, undone.stderr
    assert _project(logo)["price"] == "1500.00"


def test_a_deadline_moved_into_the_past_needs_yes(logo):
    """As with `project add`: a past deadline is exit 2 naming --yes; with --yes it is set."""
    before = _project(logo)
    done = logo("project", "edit", "Logo", "--deadline", "2026-01-15")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "deadline 2026-01-15 is in the past" in done.stderr
    assert "--yes" in done.stderr
    assert _project(logo) == before
    assert logo("project", "edit", "Logo", "--deadline", "2026-01-15", "--yes").code == 0
    assert _project(logo)["deadline"] == "2026-01-15"
