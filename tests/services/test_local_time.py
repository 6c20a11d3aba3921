"""The book's time zone: today, stored instants, day boundaries and invoice years are local."""

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from clientkit.clock import Clock, _localtime_link, clock_from_text, system_zone_name
from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.messages import list_messages
from clientkit.services.profile import set_profile, show_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.report import build_report
from clientkit.services.risks import list_risks
from clientkit.services.tracking import log_time, start_timer, stop_timer
from clientkit.storage.models import Message
from tests.drafts import billable_draft


@pytest.fixture
def bratislava(book: Book) -> Book:
    """An empty book whose profile is in Europe/Bratislava (CET/CEST), with Acme's Brand."""
    set_profile(book, timezone="Europe/Bratislava")
    add_client(book, "Acme")
    add_project(book, "Acme", "Brand", TermsInput(price="1000", deposit="0"))
    return book


def _at(book: Book, text: str) -> Book:
    """The same book with its clock fixed at `text` (local unless it names an offset)."""
    return replace(book, clock=clock_from_text(text))


def test_today_is_the_local_date_when_utc_is_still_yesterday(bratislava):
    """At 00:30 on 1 January in Bratislava it is 23:30 on 31 December in UTC."""
    book = _at(bratislava, "2027-01-01T00:30")
    assert book.clock.now() == datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert book.clock.today() == date(2027, 1, 1)


def test_a_fixed_day_means_noon_local(bratislava):
    """--today 2026-07-01 in summer time is 10:00 UTC."""
    assert _at(bratislava, "2026-07-01").clock.now() == datetime(2026, 7, 1, 10, tzinfo=UTC)


def test_a_clock_with_its_own_zone_keeps_it():
    clock = clock_from_text("2026-12-31T23:30", zone=UTC)
    assert (clock.today(), clock.now().hour) == (date(2026, 12, 31), 23)


def test_the_zone_follows_the_profile_once_it_changes(book):
    """The zone is read once per book and read again after `profile set --timezone`."""
    assert str(book.zone) == "UTC"
    set_profile(book, timezone="Asia/Tokyo")
    assert str(book.zone) == "Asia/Tokyo"
    assert _at(book, "2026-11-23T23:30Z").clock.today() == date(2026, 11, 24)


def test_a_new_profile_takes_the_configured_zone(book):
    configured = replace(book, config={"defaults": {"timezone": "America/New_York"}})
    assert str(configured.zone) == "America/New_York"
    assert show_profile(configured)["timezone"] == "America/New_York"


def test_a_new_profile_takes_the_systems_zone_by_default(book, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Bratislava")
    assert show_profile(replace(book, config={}))["timezone"] == "Europe/Bratislava"


def test_an_unknown_configured_zone_is_bad_input_naming_it(book):
    configured = replace(book, config={"defaults": {"timezone": "Mars/Olympus"}})
    with pytest.raises(InvalidValue, match="unknown time zone in config 'Mars/Olympus'"):
        configured.clock.today()


def test_the_system_zone_is_tz_else_the_localtime_link_else_utc(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", ":Europe/Vienna")
    assert system_zone_name() == "Europe/Vienna"
    link = tmp_path / "localtime"
    link.symlink_to(Path("/usr/share/zoneinfo/Europe/Bratislava"))
    assert _localtime_link(link) == "Europe/Bratislava"
    assert _localtime_link(tmp_path / "missing") is None
    monkeypatch.setenv("TZ", "Not/AZone")
    assert system_zone_name() in {"UTC", _localtime_link() or "UTC"}


def test_a_message_typed_without_offset_is_stored_utc(bratislava):
    add_message(bratislava, "Acme", "inbound", subject="Hi", at="2026-12-09T11:30")
    with bratislava.read() as session:
        stored = session.exec(select(Message)).one()
    assert stored.at == datetime(2026, 12, 9, 10, 30, tzinfo=UTC)


def test_a_message_added_now_is_stamped_with_the_real_instant(bratislava):
    """The issue's case: at 18:21 local the message is at 17:21 UTC, which shows as 18:21."""
    added = add_message(_at(bratislava, "2026-12-09T18:21"), "Acme", "inbound", subject="Hi")
    assert added["at"] == datetime(2026, 12, 9, 17, 21, tzinfo=UTC)


def test_a_message_at_2330_local_on_new_years_eve_lists_under_that_day(bratislava):
    """23:30 on 31 December in Bratislava is 22:30 UTC; 00:30 on 1 January is 23:30 UTC."""
    add_message(bratislava, "Acme", "inbound", subject="Eve", at="2026-12-31T23:30")
    add_message(bratislava, "Acme", "inbound", subject="New", at="2027-01-01T00:30")
    eve = list_messages(bratislava, {"start": "2026-12-31", "end": "2026-12-31"})
    new = list_messages(bratislava, {"start": "2027-01-01"})
    assert [row["subject"] for row in eve["rows"]] == ["Eve"]
    assert [row["subject"] for row in new["rows"]] == ["New"]


def test_an_invoice_issued_late_on_new_years_eve_belongs_to_that_years_series(book):
    """At 23:30 on 31 December in New York it is already 1 January in UTC."""
    set_profile(book, timezone="America/New_York")
    add_client(book, "Acme")
    add_project(book, "Acme", "Brand", TermsInput(price="1000", deposit="0"))
    late = _at(book, "2026-12-31T23:30")
    issued = issue_invoice(late, str(billable_draft(late, "Brand")["id"]))
    assert (issued["number"], str(issued["issue_date"])) == ("2026-0001", "2026-12-31")


def test_an_invoice_issued_just_after_local_midnight_opens_the_new_series(bratislava):
    """At 00:30 on 1 January in Bratislava it is still 31 December in UTC."""
    early = _at(bratislava, "2027-01-01T00:30")
    issued = issue_invoice(early, str(billable_draft(early, "Brand")["id"]))
    assert (issued["number"], str(issued["issue_date"])) == ("2027-0001", "2027-01-01")


def test_time_logged_after_local_midnight_counts_for_the_new_day_in_the_report(bratislava):
    log_time(_at(bratislava, "2027-01-01T00:30"), "Brand", "1h", "work")
    new_year = build_report(bratislava, start="2027-01-01", end="2027-01-01")
    eve = build_report(bratislava, start="2026-12-31", end="2026-12-31")
    assert (new_year["total_minutes"], eve["total_minutes"]) == (60, 0)


def test_a_timer_across_local_midnight_and_the_autumn_change_logs_real_time(bratislava):
    """23:30 CEST to 03:30 CET is four hours on the clock face and five real ones (the clocks
    go back at 03:00 on 25 October 2026); the entry is filed on the local day it stopped."""
    start_timer(_at(bratislava, "2026-10-24T23:30"), "Brand", "work")
    entry = stop_timer(_at(bratislava, "2026-10-25T03:30"))
    assert (entry["minutes"], str(entry["date"])) == (300, "2026-10-25")


def test_a_timer_across_the_spring_change_logs_real_time(bratislava):
    """01:30 CET to 03:30 CEST on 29 March 2026 is one hour: the clocks skip 02:00-03:00."""
    start_timer(_at(bratislava, "2026-03-29T01:30"), "Brand", "work")
    assert stop_timer(_at(bratislava, "2026-03-29T03:30"))["minutes"] == 60


def test_a_plain_clock_counts_in_utc():
    assert Clock(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)).today() == date(2026, 12, 31)


def test_the_24_hour_reply_rule_counts_real_hours_across_the_autumn_change(bratislava):
    """From 12:00 on 24 October to 11:30 on 25 October 2026 in Bratislava the wall clock
    moves 23½ hours but 24½ pass (the clocks go back): the reply is overdue."""
    add_message(bratislava, "Acme", "inbound", subject="Colours?", at="2026-10-24T12:00")
    found = list_risks(_at(bratislava, "2026-10-25T11:30"))
    waiting = [f for f in found if f["code"] == "awaiting_reply"]
    assert [f["evidence"]["hours_waiting"] for f in waiting] == [24]
