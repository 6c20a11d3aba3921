"""`clientkit credit` and the dunning ladder as a user runs them: a real book file, the CLI
in-process, and a real SMTP server on loopback for the 60-day reminder scenario."""

import json
import sqlite3
from datetime import date, timedelta

import pytest

from clientkit.services.payments import pay_invoice
from tests.cli.helpers import assert_one_error_line, configure, home_db, refused
from tests.conftest import TODAY
from tests.services.reminder_seed import overdue_invoice


@pytest.fixture
def overpaid(book_file):
    """Acme paid 4,000 on invoice 2026-0001 of 1,000 (3,000 credit) and owes 2,598 on
    2026-0002, 20 days overdue."""
    first = overdue_invoice(book_file, days_overdue=30, price="1000")
    pay_invoice(book_file, first["number"], "4000")
    return overdue_invoice(book_file, days_overdue=20, price="2598")


def book_rows() -> dict[str, list[tuple]]:
    with sqlite3.connect(home_db()) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("payment", "invoice", "reminder")
        }


def test_credit_show_prints_the_credit_per_currency_and_as_json(invoke, overpaid):
    text = invoke("credit", "show", "Acme Inc")
    assert text.code == 0, text.stderr
    assert text.stdout == "Acme Inc: credit €3,000.00, open balance €2,598.00\n"
    view = json.loads(invoke("credit", "show", "Acme Inc", "--json").stdout)
    assert view["balances"] == [{"currency": "EUR", "credit": "3000.00", "open_balance": "2598.00"}]


def test_remind_dry_run_says_in_one_line_why_a_covered_invoice_is_not_reminded(invoke, overpaid):
    result = invoke("remind", "--dry-run")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-11-23: no reminder is due",
        "! invoice 2026-0002 to Acme Inc: no friendly reminder: the client's credit of "
        "€3,000.00 covers its open balance of €2,598.00; settle it with `clientkit credit "
        "apply 'Acme Inc'`",
    ]
    assert json.loads(invoke("remind", "--dry-run", "--json").stdout)["skipped"] == [
        result.stdout.splitlines()[1][2:]
    ]


def test_credit_apply_settles_the_invoice_and_shows_what_is_left(invoke, overpaid):
    result = invoke("credit", "apply", "Acme Inc")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "invoice 2026-0002: €2,598.00 of credit applied, balance €0.00 (paid)",
        "Acme Inc: credit €402.00, open balance €0.00",
    ]
    assert invoke("remind", "--dry-run").stdout == "2026-11-23: no reminder is due\n"


def test_credit_apply_json_lists_each_settled_invoice(invoke, overpaid):
    view = json.loads(invoke("credit", "apply", "Acme Inc", "2026-0002", "--json").stdout)
    [settled] = view["settled"]
    assert (settled["invoice"], settled["applied"], settled["balance"], settled["status"]) == (
        "2026-0002",
        "2598.00",
        "0.00",
        "paid",
    )


def test_credit_refund_records_the_money_paid_back(invoke, overpaid):
    result = invoke("credit", "refund", "Acme Inc", "500", "--method", "bank transfer")
    assert result.code == 0, result.stderr
    assert result.stdout == "refund of €500.00 to Acme Inc recorded; credit left €2,500.00\n"
    view = json.loads(invoke("credit", "refund", "Acme Inc", "100", "--json").stdout)
    assert (view["kind"], view["amount"], view["credit_left"]) == ("refund", "100.00", "2400.00")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("credit", "refund", "Acme Inc", "3000.01"), "is more than Acme Inc's credit"),
        (("credit", "refund", "Nobody", "10"), "Nobody"),
        (("credit", "refund", "Acme Inc", "10", "--currency", "USD"), "no credit in USD"),
        (("credit", "apply", "Nobody"), "Nobody"),
        (("credit", "apply", "Acme Inc", "2026-0001"), "nothing left to pay"),
        (("credit", "show", "Nobody"), "Nobody"),
    ],
)
def test_bad_credit_input_exits_2_with_one_line_and_changes_nothing(
    invoke, overpaid, args, message
):
    before = book_rows()
    result = invoke(*args)
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert message in result.stderr
    assert book_rows() == before


def test_credit_apply_for_a_client_without_credit_exits_2(invoke, book_file):
    overdue_invoice(book_file, days_overdue=20)
    before = book_rows()
    result = invoke("credit", "apply", "Acme Inc")
    assert result.code == 2
    assert result.stderr.strip().endswith("Acme Inc holds no credit")
    assert book_rows() == before


def test_every_credit_command_and_option_has_help(invoke):
    for command in ("show", "apply", "refund"):
        result = invoke("credit", command, "--help")
        assert result.code == 0
        assert "--json" in result.stdout
    refund = invoke("credit", "refund", "--help").stdout
    for option in ("--on", "--method", "--currency", "--yes"):
        assert option in refund


def test_an_invoice_reminded_over_60_days_gets_friendly_second_final_in_order_and_no_more(
    invoke, book_file, home, smtp_server
):
    """`remind --send` every day for 60 days from the due date: three e-mails, one level at a
    time, each a full gap (7 days) after the one before, and nothing after the final notice."""
    overdue_invoice(book_file, days_overdue=0, price="800", late_fee="2%")  # due 23 Nov
    (home / "config.toml").write_text(smtp_server.config_toml(), encoding="utf-8")
    due = date.fromisoformat(TODAY)
    sent: list[tuple[str, str]] = []
    for offset in range(61):
        day = (due + timedelta(days=offset)).isoformat()
        result = invoke("remind", "--send", "--today", day, today=day)
        assert result.code == 0, (day, result.stderr)
        sent += [
            (day, line.split(" reminder")[0].split()[-1])
            for line in result.stdout.splitlines()
            if line.startswith("sent ")
        ]
    assert sent == [("2026-11-24", "friendly"), ("2026-12-01", "second"), ("2026-12-08", "final")]
    subjects = [str(r.message["Subject"]).split(":")[0] for r in smtp_server.received]
    assert subjects == ["Friendly reminder", "Second reminder", "Final notice"]
    final = smtp_server.received[-1].message.get_body(preferencelist=("plain",)).get_content()
    assert "late fee of 2%" in final  # the contract has one
    assert "2011/7/EU" not in final  # a private client: no statutory claim


@pytest.mark.parametrize(
    ("config", "args", "key"),
    [
        ('[reminders]\ngap_days = "a week"\n', ("remind", "--dry-run"), "[reminders].gap_days"),
        ("[reminders]\ngap_days = -1\n", ("remind", "--dry-run"), "[reminders].gap_days"),
        ('[credit]\nauto_apply = "yes"\n', ("pay", "2026-0002", "100"), "auto_apply"),
    ],
)
def test_a_bad_ladder_or_credit_setting_is_exit_2_naming_the_key(
    invoke, home, overpaid, config, args, key
):
    """Nothing is sent or recorded: one line on stderr names the setting."""
    configure(home, config)
    line = refused(invoke, *args)
    assert key in line
    assert reminder_rows_count() == 0


def reminder_rows_count() -> int:
    with sqlite3.connect(home_db()) as connection:
        return int(connection.execute("SELECT count(*) FROM reminder").fetchone()[0])
