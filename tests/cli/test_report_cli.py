"""`clientkit report` through the command line: JSON amounts as strings per currency, the text
sections, and a bad period refused."""

import pytest

from tests.cli.helpers import AMOUNT, assert_one_error_line, one_json


@pytest.fixture
def worked(invoke):  # type: ignore[no-untyped-def]
    """Acme (EUR) paid a 200.00 deposit for 3 h work and 1 h of calls; Bolt (USD) paid 90.00
    for 1 h of chat."""
    for args in (
        ("client", "add", "Acme"),
        ("client", "add", "Bolt", "--currency", "USD"),
        ("project", "add", "Acme", "Logo", "--price", "1000", "--deposit", "200"),
        ("project", "add", "Bolt", "App", "--hourly", "90", "--deposit", "90"),
        ("deposit", "Logo", "200", "--date", "2026-11-02"),
        ("deposit", "App", "90", "--date", "2026-10-02"),
        ("log", "Logo", "3h", "--kind", "work", "--date", "2026-11-03"),
        ("log", "Logo", "1h", "--kind", "call", "--date", "2026-11-04"),
        ("log", "App", "1h", "--kind", "chat", "--date", "2026-10-05"),
    ):
        assert invoke(*args).code == 0, args
    return invoke


def test_report_json_keeps_currencies_apart_with_amounts_as_strings(worked):
    done = worked("report", "--json")
    assert done.code == 0
    report = one_json(done.stdout)
    assert [(row["currency"], row["received"]) for row in report["money"]] == [
        ("EUR", "200.00"),
        ("USD", "90.00"),
    ]
    for row in report["money"]:
        assert all(AMOUNT.fullmatch(row[key]) for key in ("invoiced", "credited", "outstanding"))
    assert report["minutes_by_kind"] == {
        "work": 180,
        "call": 60,
        "meeting": 0,
        "email": 0,
        "chat": 60,
    }
    assert report["communication_share_percent"] == "40"
    rates = {row["client"]: (row["effective_rate"], row["currency"]) for row in report["clients"]}
    assert rates == {"Acme": ("50.00", "EUR"), "Bolt": ("90.00", "USD")}


def test_report_over_a_period(worked):
    report = one_json(
        worked("report", "--from", "2026-11-01", "--to", "2026-11-30", "--json").stdout
    )
    assert (report["from"], report["to"]) == ("2026-11-01", "2026-11-30")
    assert [row["project"] for row in report["projects"]] == ["Logo"]


def test_report_text_has_money_time_clients_and_projects(worked):
    done = worked("report")
    assert done.code == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "Report: all time"
    for section in ("Money:", "Time:", "Clients:", "Projects:"):
        assert section in lines
    assert "  communication share of time: 40%" in lines
    assert any(line.split()[:2] == ["Acme", "€200.00"] for line in lines)


def test_a_period_ending_before_it_starts_exits_2(worked):
    done = worked("report", "--from", "2026-12-01", "--to", "2026-11-01")
    assert done.code == 2
    assert_one_error_line(done.stderr)
