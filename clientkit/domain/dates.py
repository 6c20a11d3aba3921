"""Calendar dates and instants typed by the user: ISO 8601 only, parsed strictly."""

from datetime import UTC, date, datetime, timedelta, tzinfo

from clientkit.domain.errors import Implausible, InvalidValue


def parse_date(text: str) -> date:
    """Parse an ISO date such as 2026-11-23."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"invalid date {text!r}: expected YYYY-MM-DD") from None


def parse_datetime(text: str, default_tz: tzinfo = UTC) -> datetime:
    """Parse an ISO date-time (or a bare date, meaning midnight) into an aware UTC instant."""
    cleaned = text.strip()
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidValue(
            f"invalid date-time {text!r}: expected e.g. 2026-11-23T14:30 or 2026-11-23"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_tz)
    return value.astimezone(UTC)


def add_days(day: date, days: int) -> date:
    """The calendar date `days` after `day`."""
    return day + timedelta(days=days)


# How far from today a date may lie before it looks like a typo (2062 for 2026, a wrong year).
PLAUSIBLE_PAST_DAYS = 366  # time logged or money received more than a year ago
PLAUSIBLE_DEADLINE_DAYS = 2 * 366  # a deadline more than two years ahead


def check_happened(day: date, today: date, what: str, *, confirmed: bool = False) -> date:
    """A day something already happened (time worked, money received): not in the future and
    not more than a year ago, unless the person confirms it."""
    if confirmed:
        return day
    if day > today:
        raise Implausible(f"{what} {day} is in the future (today is {today})")
    if (today - day).days > PLAUSIBLE_PAST_DAYS:
        raise Implausible(f"{what} {day} is more than a year ago")
    return day


def check_not_before(
    day: date, earliest: date | None, what: str, earlier: str, *, confirmed: bool = False
) -> date:
    """A day that should not come before another (a payment before its invoice was issued),
    unless the person confirms it."""
    if not confirmed and earliest is not None and day < earliest:
        raise Implausible(f"{what} {day} is before {earlier} {earliest}")
    return day


def check_deadline(day: date, today: date, *, confirmed: bool = False) -> date:
    """A deadline being set: not in the past and not more than two years ahead, unless the
    person confirms it."""
    if confirmed:
        return day
    if day < today:
        raise Implausible(f"deadline {day} is in the past (today is {today})")
    if (day - today).days > PLAUSIBLE_DEADLINE_DAYS:
        raise Implausible(f"deadline {day} is more than two years ahead")
    return day
