"""`clientkit deposit request` and `deposit` as a user runs them: the advance invoice, the
deposit paying it, the final invoice deducting it; JSON, text, exit codes and one-line errors;
and `deposit PROJECT AMOUNT` working as it always did."""

import pytest

from tests.cli.helpers import assert_amounts, one_json, refused, row_counts


@pytest.fixture
def studio(invoke):  # type: ignore[no-untyped-def]
    """A Slovak freelancer charging VAT, a Slovak company and its project of 1,500 (30 %
    deposit agreed)."""
    for args in (
        ("profile", "set", "--name", "Jana", "--country", "SK", "--vat-id", "SK2020273893"),
        ("profile", "set", "--iban", "SK3112000000198742637541", "--locale", "en_US"),
        ("client", "add", "Acme", "--country", "SK", "--vat-id", "SK2120046819"),
        ("project", "add", "Acme", "Brand", "--price", "1500", "--deposit", "30%"),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)
    return invoke


def test_deposit_request_prints_the_advance_invoice_as_json(studio):
    done = studio("deposit", "request", "Brand", "--percent", "30", "--vat", "20%", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert_amounts(view, "subtotal", "vat", "total", "paid", "balance")
    assert (view["number"], view["kind"], view["status"], view["currency"]) == (
        "2026-0001",
        "advance",
        "issued",
        "EUR",
    )
    assert (view["subtotal"], view["vat"], view["total"], view["balance"]) == (
        "450.00",
        "90.00",
        "540.00",
        "540.00",
    )
    assert [(line["kind"], line["vat_rate"]) for line in view["lines"]] == [("advance", "20")]


def test_deposit_request_says_what_it_issued_in_one_line(studio):
    done = studio("deposit", "request", "Brand", "--amount", "200", "--vat", "20%")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == [
        "advance invoice 2026-0001 issued to Acme: total €240.00, due €240.00 by 2026-12-07"
    ]
    listed = studio("invoice", "list").stdout
    assert "2026-0001 (advance)" in listed


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--amount", "100", "--percent", "10"), "either --amount or --percent, not both"),
        ((), "give either --amount"),
        (("--percent", "0"), "must be more than 0 and at most 100"),
        (("--percent", "120"), "at most 100%"),
        (("--percent", "-5"), "--percent must not be negative"),
        (("--amount", "-5"), "--amount must not be negative"),
        (("--amount", "abc"), "invalid amount"),
        (("--amount", "1600"), "more than is left of the project's €1,500.00"),
    ],
)
def test_a_bad_deposit_request_is_exit_2_in_one_line_and_changes_nothing(studio, args, said):
    line = refused(studio, "deposit", "request", "Brand", *args, "--vat", "20%")
    assert said in line


def test_neither_amount_nor_percent_names_the_agreed_deposit(studio):
    line = refused(studio, "deposit", "request", "Brand")
    assert "(the agreed deposit: --percent 30)" in line


def test_a_cancelled_or_unknown_project_takes_no_advance_invoice(studio):
    assert studio("project", "cancel", "Brand").code == 0
    assert "is cancelled" in refused(studio, "deposit", "request", "Brand", "--amount", "100")
    assert "no project" in refused(studio, "deposit", "request", "Nope", "--amount", "100")


def test_recording_the_deposit_pays_the_advance_invoice(studio):
    assert studio("deposit", "request", "Brand", "--percent", "30", "--vat", "20%").code == 0
    done = studio("deposit", "Brand", "540")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "deposit of €540.00 recorded on Brand",
        "! €540.00 pays advance invoice 2026-0001 in full",
    ]
    advance = one_json(studio("invoice", "show", "2026-0001", "--json").stdout)
    assert (advance["status"], advance["paid"], advance["balance"]) == ("paid", "540.00", "0.00")


def test_deposit_advance_names_the_advance_invoice_it_pays(studio):
    for amount in ("100", "200"):
        assert studio("deposit", "request", "Brand", "--amount", amount, "--vat", "20%").code == 0
    view = one_json(studio("deposit", "Brand", "240", "--advance", "2026-0002", "--json").stdout)
    assert view["invoice_id"] == 2
    shown = one_json(studio("invoice", "list", "--json").stdout)
    assert [(v["number"], v["status"]) for v in shown] == [
        ("2026-0002", "paid"),
        ("2026-0001", "issued"),
    ]
    line = refused(studio, "deposit", "Brand", "5", "--advance", "2026-0002")
    assert "advance invoice 2026-0002 is paid: it takes no deposit" in line


def test_pay_with_the_advance_number_settles_it(studio):
    assert studio("deposit", "request", "Brand", "--percent", "30", "--vat", "20%").code == 0
    done = studio("pay", "2026-0001", "540", "--json")
    assert done.code == 0, done.stderr
    assert (one_json(done.stdout)["status"], one_json(done.stdout)["kind"]) == ("paid", "advance")


def test_the_final_invoice_deducts_the_paid_advance_and_a_late_deposit_lowers_its_balance(
    studio,
):
    assert studio("deposit", "request", "Brand", "--percent", "30", "--vat", "20%").code == 0
    assert studio("deposit", "Brand", "540").code == 0
    draft = one_json(studio("invoice", "create", "Brand", "--vat", "20%", "--json").stdout)
    assert [(line["description"], line["amount"]) for line in draft["lines"]] == [
        ("Brand", "1500.00"),
        ("Advance invoice 2026-0001 deducted", "-450.00"),
    ]
    final = one_json(studio("invoice", "issue", str(draft["id"]), "--json").stdout)
    assert (final["vat"], final["total"], final["balance"]) == ("210.00", "1260.00", "1260.00")
    assert studio("deposit", "Brand", "10").code == 0
    client = one_json(studio("client", "show", "Acme", "--json").stdout)
    assert (client["received"], client["balance"]) == ("550.00", "1250.00")
    shown = one_json(studio("invoice", "show", "2026-0002", "--json").stdout)
    assert (shown["paid"], shown["balance"]) == ("10.00", "1250.00")


def test_deposit_project_amount_records_a_plain_deposit_as_before(studio):
    """No advance invoice, no issued invoice: the deposit waits for the project's invoice."""
    done = studio("deposit", "Brand", "450", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert (view["kind"], view["invoice_id"], view["amount"], view["deposit_received"]) == (
        "deposit",
        None,
        "450.00",
        "450.00",
    )
    assert view["notices"] == ["deposit complete: €450.00 of €450.00 received; work can start"]
    again = studio("deposit", "--json", "Brand", "10")  # options first, as before
    assert again.code == 0, again.stderr
    assert one_json(studio("deposit", "record", "Brand", "5", "--json").stdout)["amount"] == "5.00"


def test_deposit_help_lists_its_commands_and_no_arguments_is_exit_2(studio):
    shown = studio("deposit", "-h")
    assert shown.code == 0
    assert "record" in shown.stdout
    assert "request" in shown.stdout
    before = row_counts()
    done = studio("deposit")
    assert (done.code, done.stderr) == (2, "error: Missing argument 'PROJECT'.\n")
    assert row_counts() == before


def test_undo_refuses_a_deposit_request(studio):
    assert studio("deposit", "request", "Brand", "--amount", "100", "--vat", "20%").code == 0
    done = studio("undo")
    assert done.code == 1
    assert "it issued invoice 2026-0001" in done.stderr
