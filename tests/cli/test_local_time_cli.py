"""Times are typed and shown in the profile's zone (no "UTC" suffix); JSON carries the offset."""

import os
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, row_counts


@pytest.fixture
def bratislava(invoke):  # type: ignore[no-untyped-def]
    """A book in Europe/Bratislava with Acme and its Brand project."""
    for args in (
        ("profile", "set", "--timezone", "Europe/Bratislava"),
        ("client", "add", "Acme"),
        ("project", "add", "Acme", "Brand", "--price", "1000", "--deposit", "0"),
    ):
        done = invoke(*args)
        assert done.code == 0, done
    return invoke


def test_profile_shows_and_sets_the_time_zone(invoke):
    assert one_json(invoke("profile", "show", "--json").stdout)["timezone"] == "UTC"
    done = invoke("profile", "set", "--timezone", "Europe/Bratislava")
    assert "Europe/Bratislava" in done.stdout
    assert one_json(invoke("profile", "show", "--json").stdout)["timezone"] == "Europe/Bratislava"


def test_an_unknown_zone_is_exit_2_with_one_line(invoke):
    done = invoke("profile", "set", "--timezone", "Mars/Olympus")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "Mars/Olympus" in done.stderr


def test_an_unknown_zone_in_config_is_exit_2_with_one_line(invoke):
    home = Path(os.environ["CLIENTKIT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[defaults]\ntimezone = "Mars/Olympus"\n')
    done = invoke("profile", "show")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "unknown time zone" in done.stderr
    assert "Mars/Olympus" in done.stderr


def test_a_message_added_now_lists_at_the_local_time(bratislava):
    """The issue's case: added at 18:21 in Bratislava, it lists at 18:21, not 17:21."""
    added = bratislava("message", "add", "Acme", "--inbound", "--subject", "Hi",
                       today="2026-12-09T18:21")  # fmt: skip
    assert added.code == 0, added
    listed = bratislava("message", "list").stdout
    assert "2026-12-09 18:21" in listed
    assert "17:21" not in listed
    assert "UTC" not in listed


def test_a_typed_time_is_local_in_text_and_carries_the_offset_in_json(bratislava):
    bratislava("message", "add", "Acme", "--inbound", "--subject", "Hi", "--at", "2026-12-09T11:30")
    assert "2026-12-09 11:30" in bratislava("message", "show", "1").stdout
    shown = one_json(bratislava("message", "show", "1", "--json").stdout)
    assert shown["at"] == "2026-12-09T11:30:00+01:00"


def test_a_time_with_an_offset_is_honoured(bratislava):
    bratislava(
        "message", "add", "Acme", "--inbound", "--subject", "Hi", "--at", "2026-12-09T11:30Z"
    )
    shown = one_json(bratislava("message", "show", "1", "--json").stdout)
    assert shown["at"] == "2026-12-09T12:30:00+01:00"


def test_a_time_the_clocks_skip_is_exit_2_naming_the_gap(bratislava):
    before = row_counts()
    done = bratislava("message", "add", "Acme", "--inbound", "--subject", "Hi",
                      "--at", "2026-03-29T02:30")  # fmt: skip
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "2026-03-29 02:30 does not exist in Europe/Bratislava" in done.stderr
    assert row_counts() == before


def test_an_ambiguous_time_on_the_fall_back_day_is_the_first_one(bratislava):
    bratislava("message", "add", "Acme", "--inbound", "--subject", "Hi", "--at", "2026-10-25T02:30")
    shown = one_json(bratislava("message", "show", "1", "--json").stdout)
    assert shown["at"] == "2026-10-25T02:30:00+02:00"


def test_messages_of_a_local_day_include_2330_on_new_years_eve(bratislava):
    for subject, at in (("Eve", "2026-12-31T23:30"), ("New", "2027-01-01T00:30")):
        bratislava("message", "add", "Acme", "--inbound", "--subject", subject, "--at", at)
    eve = bratislava("message", "list", "--from", "2026-12-31", "--to", "2026-12-31", "--json")
    assert [row["subject"] for row in one_json(eve.stdout)] == ["Eve"]


def test_timer_status_shows_the_local_start_without_utc(bratislava):
    bratislava("timer", "start", "Brand", today="2026-12-09T23:40")
    status = bratislava("timer", "status", today="2026-12-10T00:20")
    assert status.stdout.strip() == "work on Brand for 40m (since 2026-12-09 23:40)"
    stopped = one_json(bratislava("timer", "stop", "--json", today="2026-12-10T00:20").stdout)
    assert (stopped["minutes"], stopped["date"]) == (40, "2026-12-10")


def test_a_second_timer_is_refused_naming_the_local_start(bratislava):
    bratislava("timer", "start", "Brand", today="2026-12-09T23:40")
    done = bratislava("timer", "start", "Brand", today="2026-12-10T00:20")
    assert done.code == 1
    assert "since 2026-12-09 23:40)" in done.stderr
    assert "UTC" not in done.stderr


def test_history_lists_writes_at_local_time(bratislava):
    bratislava("client", "add", "Zeta", today="2026-12-09T18:21")
    assert "2026-12-09 18:21" in bratislava("history").stdout
    entry = one_json(bratislava("history", "--json").stdout)[0]
    assert entry["at"] == "2026-12-09T18:21:00+01:00"


def test_today_is_the_local_date_for_a_payment_after_local_midnight(bratislava):
    """At 00:30 on 1 January in Bratislava (still 31 December in UTC) an invoice is issued
    on 1 January and opens the 2027 series."""
    bratislava("invoice", "create", "Brand", today="2027-01-01T00:30")
    issued = one_json(
        bratislava("invoice", "issue", "1", "--json", today="2027-01-01T00:30").stdout
    )
    assert (issued["number"], issued["issue_date"]) == ("2027-0001", "2027-01-01")
