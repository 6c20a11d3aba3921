"""Screens show instants as the book's wall time, without naming the zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from clientkit.tui.format import day_text, show_times_in


@pytest.fixture
def in_bratislava():  # type: ignore[no-untyped-def]
    show_times_in(ZoneInfo("Europe/Bratislava"))
    yield
    show_times_in(UTC)


def test_an_instant_shows_as_local_wall_time(in_bratislava):
    assert day_text(datetime(2026, 12, 9, 17, 21, tzinfo=UTC)) == "2026-12-09 18:21"
    assert day_text(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "2026-07-02 00:30"


def test_a_calendar_date_shows_as_it_is(in_bratislava):
    assert day_text(date(2026, 12, 31)) == "2026-12-31"
