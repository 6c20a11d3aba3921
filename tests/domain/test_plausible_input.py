"""Input that is possible but looks like a slip (a future day, a 17-hour entry) needs
confirming; what cannot be (a 25-hour entry, time below zero) is refused even then."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.dates import (
    PLAUSIBLE_DEADLINE_DAYS,
    PLAUSIBLE_PAST_DAYS,
    check_deadline,
    check_happened,
    check_not_before,
)
from clientkit.domain.durations import (
    DAY_MINUTES,
    PLAUSIBLE_ENTRY_MINUTES,
    check_correction,
    check_entry_minutes,
    parse_duration,
    parse_signed_duration,
)
from clientkit.domain.errors import Implausible, InvalidValue
from clientkit.domain.money import parse_percent

TODAY = date(2026, 11, 23)


def test_a_day_in_the_future_needs_confirming():
    """Time or money dated tomorrow looks like a typo; confirmed it is taken."""
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(Implausible, match="in the future"):
        check_happened(tomorrow, TODAY, "time entry date")
    assert check_happened(tomorrow, TODAY, "time entry date", confirmed=True) == tomorrow


def test_a_day_more_than_a_year_ago_needs_confirming():
    """2025 for 2026 is the usual slip: more than a year back needs confirming."""
    long_ago = TODAY - timedelta(days=PLAUSIBLE_PAST_DAYS + 1)
    with pytest.raises(Implausible, match="more than a year ago"):
        check_happened(long_ago, TODAY, "payment date")
    assert check_happened(long_ago, TODAY, "payment date", confirmed=True) == long_ago


@given(st.integers(min_value=0, max_value=PLAUSIBLE_PAST_DAYS))
def test_today_and_the_past_year_are_taken_without_asking(days_ago):
    """Any day from a year ago up to today is plausible."""
    day = TODAY - timedelta(days=days_ago)
    assert check_happened(day, TODAY, "time entry date") == day


def test_a_payment_before_its_invoice_needs_confirming():
    """Paid before it was issued: possible (paid on a quote), but usually a wrong date."""
    issued = date(2026, 11, 10)
    with pytest.raises(Implausible, match="before the invoice's issue date 2026-11-10"):
        check_not_before(date(2026, 11, 9), issued, "payment date", "the invoice's issue date")
    assert check_not_before(issued, issued, "payment date", "the invoice's issue date") == issued
    assert check_not_before(date(2026, 11, 9), issued, "p", "i", confirmed=True)
    assert check_not_before(date(2026, 11, 9), None, "p", "i") == date(2026, 11, 9)


def test_a_deadline_in_the_past_or_years_ahead_needs_confirming():
    """Yesterday or three years out as a deadline is refused unless confirmed; today is fine."""
    assert check_deadline(TODAY, TODAY) == TODAY
    for day in (TODAY - timedelta(days=1), TODAY + timedelta(days=PLAUSIBLE_DEADLINE_DAYS + 1)):
        with pytest.raises(Implausible, match="deadline"):
            check_deadline(day, TODAY)
        assert check_deadline(day, TODAY, confirmed=True) == day


def test_an_entry_over_16_hours_needs_confirming_and_over_24_is_impossible():
    """17 h in one day is possible once; 25 h in one day never, confirmed or not."""
    assert check_entry_minutes(PLAUSIBLE_ENTRY_MINUTES) == PLAUSIBLE_ENTRY_MINUTES
    with pytest.raises(Implausible, match="longer than 16h"):
        check_entry_minutes(17 * 60)
    assert check_entry_minutes(17 * 60, confirmed=True) == 17 * 60
    assert check_entry_minutes(DAY_MINUTES, confirmed=True) == DAY_MINUTES
    with pytest.raises(InvalidValue, match="longer than a day") as refused:
        check_entry_minutes(25 * 60, confirmed=True)
    assert not isinstance(refused.value, Implausible)


@pytest.mark.parametrize(("text", "minutes"), [("-1h", -60), ("-1h30m", -90), ("-0.5h", -30)])
def test_a_signed_duration_may_be_negative(text, minutes):
    """`-1h` takes an hour back; the same text without the minus is the same length."""
    assert parse_signed_duration(text) == minutes
    assert parse_signed_duration(text[1:]) == -minutes


@pytest.mark.parametrize("text", ["-", "--1h", "-0m", "-1x", "1h-"])
def test_a_signed_duration_still_needs_a_length(text):
    """A lone minus, a double minus or a zero length are refused."""
    with pytest.raises(InvalidValue):
        parse_signed_duration(text)


def test_an_unsigned_duration_refuses_a_minus():
    """Where negative makes no sense (a budget) `-1h` stays invalid."""
    with pytest.raises(InvalidValue):
        parse_duration("-1h")


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_a_correction_never_takes_time_below_zero(logged, taken):
    """A negative entry is accepted exactly when what is logged covers it."""
    if taken <= logged:
        assert check_correction(-taken, logged, "work") == -taken
    else:
        with pytest.raises(InvalidValue, match="below zero"):
            check_correction(-taken, logged, "work")


def test_a_negative_percentage_says_so():
    """`-5%` as VAT is refused as negative, not as malformed."""
    with pytest.raises(InvalidValue, match="must not be negative"):
        parse_percent("-5%")
