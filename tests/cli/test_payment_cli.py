"""`clientkit payment list` and `payment void` as a user runs them: JSON, text, exit codes, and
a voided payment gone from every balance, `risks` and `remind --dry-run`."""

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts

PAYMENT_FIELDS = {
    "id",
    "date",
    "client",
    "project",
    "invoice",
    "kind",
    "amount",
    "currency",
    "method",
    "voided_at",
    "void_reason",
}


@pytest.fixture
def paid(invoke):  # type: ignore[no-untyped-def]
    """Invoice 2026-0001 over 1000 EUR, issued 1 October (due 15 October) and paid in full
    by payment 1 on 5 October."""
    for args, day in (
        (("client", "add", "Acme", "--email", "ap@acme.example"), "2026-10-01"),
        (("project", "add", "Acme", "Brand", "--price", "1000", "--deposit", "0"), "2026-10-01"),
        (("invoice", "create", "Brand"), "2026-10-01"),
        (("invoice", "issue", "1"), "2026-10-01"),
        (("pay", "2026-0001", "1000", "--method", "card"), "2026-10-05"),
    ):
        result = invoke(*args, today=day)
        assert result.code == 0, (args, result.stderr)
    return invoke


def test_payment_list_shows_each_payment_with_its_names_as_json(paid):
    result = paid("payment", "list", "--json")
    assert result.code == 0, result.stderr
    [row] = one_json(result.stdout)
    assert set(row) >= PAYMENT_FIELDS
    assert_amounts(row, "amount")
    assert (row["client"], row["project"], row["invoice"], row["kind"], row["method"]) == (
        "Acme",
        "Brand",
        "2026-0001",
        "final",
        "card",
    )
    assert (row["date"], row["voided_at"], row["void_reason"]) == ("2026-10-05", None, "")


def test_void_unpays_the_invoice_and_says_so(paid):
    result = paid("payment", "void", "1", "--reason", "bounced")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "payment 1 of €1,000.00 from Acme voided: bounced",
        "! invoice 2026-0001 is unpaid again: €1,000.00 due by 2026-10-15",
    ]
    invoice = one_json(paid("invoice", "show", "2026-0001", "--json").stdout)
    assert (invoice["status"], invoice["paid"], invoice["balance"]) == (
        "issued",
        "0.00",
        "1000.00",
    )
    client = one_json(paid("client", "show", "Acme", "--json").stdout)
    assert (client["balance"], client["received"]) == ("1000.00", "0.00")


def test_a_voided_payment_is_listed_with_when_and_why(paid):
    assert paid("payment", "void", "1", "--reason", "bounced").code == 0
    text = paid("payment", "list", "--voided").stdout.splitlines()
    header = ["id", "date", "client", "project", "invoice", "kind", "amount", "method"]
    assert text[0].split() == header
    row = ["1", "2026-10-05", "Acme", "Brand", "2026-0001", "final", "€1,000.00", "card"]
    assert text[1].split() == row
    assert text[2] == "    voided 2026-11-23 12:00: bounced"
    [row] = one_json(paid("payment", "list", "--json").stdout)
    assert (row["voided_at"], row["void_reason"]) == ("2026-11-23T12:00:00+00:00", "bounced")


def test_an_invoice_paid_by_a_voided_payment_is_overdue_in_risks_and_reminders(paid):
    assert "2026-0001" not in paid("remind", "--dry-run").stdout
    assert "2026-0001" not in paid("risks", "--json").stdout
    assert paid("payment", "void", "1", "--reason", "bounced").code == 0
    findings = one_json(paid("risks", "--json").stdout)
    overdue = [f for f in findings if f["code"] == "unpaid_overdue"]
    assert [f["evidence"]["invoice"] for f in overdue] == ["2026-0001"]
    assert overdue[0]["evidence"]["balance"] == "1000.00"
    reminders = paid("remind", "--dry-run").stdout
    assert "- invoice 2026-0001 to Acme <ap@acme.example>: friendly (39 days overdue)" in reminders
    listed = one_json(paid("invoice", "list", "--overdue", "--json").stdout)
    assert [i["number"] for i in listed] == ["2026-0001"]


def test_undo_of_a_void_counts_the_payment_again(paid):
    assert paid("payment", "void", "1", "--reason", "bounced").code == 0
    result = paid("undo")
    assert result.code == 0, result.stderr
    assert "payment void 1" in result.stdout
    invoice = one_json(paid("invoice", "show", "2026-0001", "--json").stdout)
    assert (invoice["status"], invoice["balance"]) == ("paid", "0.00")


@pytest.mark.parametrize(
    "args",
    [
        ("payment", "void", "1"),
        ("payment", "void", "1", "--reason", ""),
        ("payment", "void", "1", "--reason", "  "),
        ("payment", "void", "1", "--reason", "a\x1bb"),
        ("payment", "void", "7", "--reason", "typo"),
        ("payment", "void", "one", "--reason", "typo"),
        ("payment", "list", "--client", "Nobody"),
        ("payment", "list", "--invoice", "2099-0001"),
        ("payment", "list", "--project", "Nothing"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(paid, args):
    before = row_counts()
    listed = paid("payment", "list", "--json").stdout
    result = paid(*args)
    assert result.code == 2, (args, result.stdout)
    assert_one_error_line(result.stderr)
    assert row_counts() == before
    assert paid("payment", "list", "--json").stdout == listed


def test_voiding_a_voided_payment_exits_2_and_keeps_the_first_reason(paid):
    assert paid("payment", "void", "1", "--reason", "bounced").code == 0
    result = paid("payment", "void", "1", "--reason", "again")
    assert result.code == 2
    assert result.stderr.strip() == "error: payment 1 is already voided (2026-11-23: bounced)"
    [row] = one_json(paid("payment", "list", "--json").stdout)
    assert row["void_reason"] == "bounced"


def test_a_deposit_an_issued_invoice_deducted_cannot_be_voided_exit_1(paid):
    for args in (
        ("project", "add", "Acme", "Logo", "--price", "500"),
        ("deposit", "Logo", "100"),
        ("invoice", "create", "Logo"),
        ("invoice", "issue", "2"),
    ):
        assert paid(*args).code == 0, args
    result = paid("payment", "void", "2", "--reason", "never arrived")
    assert result.code == 1
    assert_one_error_line(result.stderr)
    assert "credit the invoice first" in result.stderr


def test_every_option_of_the_payment_commands_has_a_help_line(paid):
    for command, options in (
        ("list", ("--client", "--invoice", "--project", "--voided", "--json")),
        ("void", ("--reason", "--json")),
    ):
        text = paid("payment", command, "--help").stdout
        for option in options:
            line = next(row for row in text.splitlines() if option in row)
            assert len(line.split(option, 1)[1].strip(" │")) > 10, line
    assert "payment's id" in paid("payment", "void", "--help").stdout
    assert "list" in paid("payment", "--help").stdout
