"""The report: money per currency (never summed across currencies), hours by kind, the share
of time spent communicating, and effective rates per client and per project."""

from datetime import date
from decimal import Decimal

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput
from clientkit.services.invoicing import create_invoice, credit_invoice, issue_invoice
from clientkit.services.payment_records import list_payments, void_payment
from clientkit.services.payments import pay_invoice
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.report import build_report
from clientkit.services.time_entries import delete_time
from clientkit.services.tracking import log_time


@pytest.fixture
def sample(book):
    """Acme (EUR): a 1,000.00 logo, invoiced and half paid, 8 h work + 2 h calls in November.
    Bolt (USD): a 300.00 deposit, 3 h work and 1 h e-mail in October."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1000", deposit="0", revisions=2))
    move_project(book, "Logo", "start", date(2026, 11, 1))
    log_time(book, "Logo", "8h", "work", on="2026-11-02")
    log_time(book, "Logo", "2h", "call", on="2026-11-03")
    draft = create_invoice(book, "Logo")
    issued = issue_invoice(book, str(draft["id"]), on=date(2026, 11, 10))
    pay_invoice(book, issued["number"], "500", on="2026-11-12")
    add_client(book, "Bolt", currency="USD")
    add_project(book, "Bolt", "App", TermsInput(hourly="100", deposit="300"))
    move_project(book, "App", "start", date(2026, 10, 1))
    record_deposit(book, "App", "300", on="2026-10-01")
    log_time(book, "App", "3h", "work", on="2026-10-02")
    log_time(book, "App", "1h", "email", on="2026-10-03")
    return book


def test_money_is_reported_per_currency(sample):
    report = build_report(sample)
    assert report["money"] == [
        {
            "currency": "EUR",
            "received": Decimal("500.00"),
            "invoiced": Decimal("1000.00"),
            "credited": Decimal("0.00"),
            "outstanding": Decimal("500.00"),
        },
        {
            "currency": "USD",
            "received": Decimal("300.00"),
            "invoiced": Decimal("0.00"),
            "credited": Decimal("0.00"),
            "outstanding": Decimal("0.00"),
        },
    ]


def test_hours_by_kind_and_the_share_of_communication(sample):
    report = build_report(sample)
    assert report["minutes_by_kind"] == {
        "work": 660,
        "call": 120,
        "meeting": 0,
        "email": 60,
        "chat": 0,
    }
    assert report["hours_by_kind"]["work"] == "11.00"
    assert (report["communication_minutes"], report["total_minutes"]) == (180, 840)
    assert report["communication_share_percent"] == "21.4"  # 180 / 840 = 21.43 %


def test_effective_rate_per_client_and_project_is_money_received_over_all_hours(sample):
    report = build_report(sample)
    clients = {row["client"]: row for row in report["clients"]}
    assert (clients["Acme"]["effective_rate"], clients["Acme"]["hours"]) == (
        Decimal("50.00"),
        "10.00",
    )  # 500.00 over 8 h work + 2 h calls
    assert clients["Bolt"]["effective_rate"] == Decimal("75.00")  # 300.00 over 4 h
    assert clients["Bolt"]["currency"] == "USD"
    projects = {row["project"]: row for row in report["projects"]}
    assert projects["Logo"]["effective_rate"] == Decimal("50.00")
    assert projects["Logo"]["communication_share_percent"] == "20"
    assert projects["App"]["received"] == Decimal("300.00")


def test_a_period_keeps_only_its_money_and_minutes(sample):
    november = build_report(sample, start="2026-11-01", end="2026-11-30")
    assert (november["from"], november["to"]) == (date(2026, 11, 1), date(2026, 11, 30))
    assert [row["currency"] for row in november["money"]] == ["EUR"]
    assert november["total_minutes"] == 600
    assert [row["client"] for row in november["clients"]] == ["Acme"]
    october = build_report(sample, start="2026-10-01", end="2026-10-31")
    assert [row["received"] for row in october["money"]] == [Decimal("300.00")]
    assert october["projects"][0]["effective_rate"] == Decimal("75.00")


def test_money_without_time_has_no_effective_rate(book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="100", deposit="50"))
    record_deposit(book, "Logo", "50")
    (row,) = build_report(book)["projects"]
    assert (row["received"], row["hours"], row["effective_rate"]) == (
        Decimal("50.00"),
        "0.00",
        None,
    )


def test_an_empty_book_reports_zeros(book):
    report = build_report(book)
    assert (report["money"], report["clients"], report["projects"]) == ([], [], [])
    assert report["communication_share_percent"] is None


def test_a_period_ending_before_it_starts_is_bad_input(book):
    with pytest.raises(BadInput, match="--to 2026-01-01 is before --from 2026-02-01"):
        build_report(book, start="2026-02-01", end="2026-01-01")


def test_a_malformed_date_is_bad_input(book):
    with pytest.raises(InvalidValue, match="invalid date 'yesterday'"):
        build_report(book, start="yesterday")


def test_a_credit_note_shows_as_credited_and_clears_the_outstanding_balance(book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1000", deposit="0"))
    issued = issue_invoice(book, str(create_invoice(book, "Logo")["id"]))
    credit_invoice(book, issued["number"], reason="Cancelled")
    (row,) = build_report(book)["money"]
    assert (row["invoiced"], row["credited"], row["outstanding"]) == (
        Decimal("1000.00"),
        Decimal("1000.00"),
        Decimal("0.00"),
    )


def test_a_period_open_on_one_side_runs_to_the_first_or_last_day(sample):
    since = build_report(sample, start="2026-11-01")
    assert (since["from"], since["to"], since["total_minutes"]) == (date(2026, 11, 1), None, 600)
    until = build_report(sample, end="2026-10-31")
    assert (until["total_minutes"], [row["client"] for row in until["clients"]]) == (240, ["Bolt"])


def test_all_time_from_the_kept_totals_is_the_report_of_every_entry(sample):
    """Over all time the report reads the totals the database keeps; over a period covering
    everything it sums the entries and payments themselves: both say the same, also after an
    entry was deleted and a payment voided, and for a project whose only entry is gone."""
    add_project(sample, "Acme", "Gone", TermsInput(price="100", deposit="0"))
    move_project(sample, "Gone", "start", date(2026, 11, 1))
    gone = log_time(sample, "Gone", "1h", "chat", on="2026-11-04")
    delete_time(sample, str(gone["id"]))
    extra = log_time(sample, "Logo", "30m", "meeting", on="2026-11-05")
    delete_time(sample, str(extra["id"]))
    log_time(sample, "Logo", "45m", "chat", on="2026-11-06")
    pay_invoice(sample, "1", "100", on="2026-11-13")
    latest = list_payments(sample)[0]
    void_payment(sample, str(latest["id"]), reason="typo")
    kept = build_report(sample)
    summed = build_report(sample, start="1900-01-01", end="2999-12-31")
    assert {**kept, "from": None, "to": None} == {**summed, "from": None, "to": None}
    assert "Gone" not in [row["project"] for row in kept["projects"]]
    assert kept["minutes_by_kind"] == {
        "work": 660,
        "call": 120,
        "meeting": 0,
        "email": 60,
        "chat": 45,
    }
