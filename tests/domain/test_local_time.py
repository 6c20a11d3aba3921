"""Date-times typed without an offset are wall times in the book's zone, across DST changes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from clientkit.domain.dates import parse_datetime, start_of_day, wall_text
from clientkit.domain.errors import InvalidValue

BRATISLAVA = ZoneInfo("Europe/Bratislava")


def test_a_time_without_offset_is_local_and_stored_as_utc():
    """11:30 in Bratislava in December (CET, +01:00) is 10:30 UTC."""
    assert parse_datetime("2026-12-09T11:30", BRATISLAVA) == datetime(
        2026, 12, 9, 10, 30, tzinfo=UTC
    )


def test_summer_time_is_two_hours_ahead_of_utc():
    assert parse_datetime("2026-07-01 09:00", BRATISLAVA) == datetime(2026, 7, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-12-09T11:30Z", "2026-12-09T12:30+01:00"])
def test_an_offset_or_z_is_honoured_whatever_the_zone(text):
    assert parse_datetime(text, BRATISLAVA) == datetime(2026, 12, 9, 11, 30, tzinfo=UTC)


def test_a_bare_date_is_local_midnight():
    assert parse_datetime("2026-12-31", BRATISLAVA) == datetime(2026, 12, 30, 23, tzinfo=UTC)


def test_a_time_the_clocks_skip_in_spring_is_refused_naming_the_gap():
    """02:30 on 29 March 2026 does not exist in Bratislava (02:00 CET jumps to 03:00 CEST)."""
    with pytest.raises(InvalidValue) as refused:
        parse_datetime("2026-03-29T02:30", BRATISLAVA)
    message = str(refused.value)
    assert "2026-03-29 02:30 does not exist in Europe/Bratislava" in message
    assert "2026-03-29T03:30" in message


def test_a_time_the_clocks_pass_twice_in_autumn_is_its_first_occurrence():
    """02:30 on 25 October 2026 happens twice; the first (CEST, +02:00) is taken."""
    assert parse_datetime("2026-10-25T02:30", BRATISLAVA) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


def test_the_hours_around_the_spring_change_are_one_hour_apart():
    before = parse_datetime("2026-03-29T01:59", BRATISLAVA)
    after = parse_datetime("2026-03-29T03:00", BRATISLAVA)
    assert (after - before).total_seconds() == 60


def test_a_local_day_starts_at_local_midnight():
    assert start_of_day(date(2027, 1, 1), BRATISLAVA) == datetime(2026, 12, 31, 23, tzinfo=UTC)
    assert start_of_day(date(2026, 10, 26), BRATISLAVA) == datetime(2026, 10, 25, 23, tzinfo=UTC)


def test_an_instant_is_shown_as_the_zones_wall_time_without_naming_it():
    instant = datetime(2026, 12, 9, 17, 21, tzinfo=UTC)
    assert wall_text(instant, BRATISLAVA) == "2026-12-09 18:21"
