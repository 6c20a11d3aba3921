"""Calendar dates and instants typed by the user: ISO 8601 only, parsed strictly."""

from datetime import UTC, date, datetime, timedelta, tzinfo

from clientkit.domain.errors import InvalidValue


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
