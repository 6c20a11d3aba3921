"""Durations typed as 90m, 1h30m or 1.5h become whole minutes and show back the same way."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.durations import MAX_MINUTES, format_minutes, hours, parse_duration
from clientkit.domain.errors import InvalidValue


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("1h30m", 90),
        ("1.5h", 90),
        ("2h", 120),
        ("45m", 45),
        ("1h", 60),
        ("0.25h", 15),
        ("1H30M", 90),
        (" 1h 30m ", 90),
        ("1h05m", 65),
        ("0h5m", 5),
    ],
)
def test_durations_parse_into_minutes(text, minutes):
    """`90m`, `1h30m`, `1.5h` and `2h` are accepted."""
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "0m",
        "0h",
        "0.0h",
        "1.01h",
        "",
        "abc",
        "90",
        "1.5m",
        "-30m",
        "h",
        "m",
        "1h30",
        "30m1h",
        "1,5h",
    ],
)
def test_bad_durations_are_refused(text):
    """Zero, fractions of a minute, bare numbers and words are refused."""
    with pytest.raises(InvalidValue, match="duration"):
        parse_duration(text)


def test_a_duration_longer_than_a_year_is_refused():
    """Absurd durations are caught as typos rather than logged."""
    with pytest.raises(InvalidValue, match="longer than a year"):
        parse_duration(f"{MAX_MINUTES + 1}m")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(90, "1h30m"), (45, "45m"), (120, "2h"), (65, "1h05m"), (-90, "-1h30m"), (0, "0m")],
)
def test_minutes_format_as_hours_and_minutes(minutes, text):
    """Minutes show as 1h30m, 45m or 2h."""
    assert format_minutes(minutes) == text


def test_minutes_convert_to_exact_decimal_hours():
    """90 minutes are exactly 1.5 hours for rate arithmetic."""
    assert hours(90) == Decimal("1.5")


@given(
    st.integers(min_value=0, max_value=MAX_MINUTES // 60), st.integers(min_value=0, max_value=59)
)
def test_hours_and_minutes_round_trip_through_format_minutes(h, m):
    """Any h/m duration shown by format_minutes parses back to the same minutes."""
    minutes = h * 60 + m
    if minutes == 0 or minutes > MAX_MINUTES:
        return
    assert parse_duration(f"{h}h{m}m") == minutes
    assert parse_duration(format_minutes(minutes)) == minutes
