"""Calendar dates and instants typed by the user: ISO 8601 only, parsed strictly."""

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from clientkit.domain.errors import Implausible, InvalidValue
from clientkit.domain.wording import said

# The calendar a book keeps: a year outside it is a typo (0226 for 2026), and the days the book
# counts from a date (due dates, reminders, grace periods) must stay inside Python's calendar,
# which runs from year 1 to 9999 (a day before or after it is an OverflowError).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_date(text: str) -> date:
    """Parse an ISO date such as 2026-11-23."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(
            said("invalid date %(date)s: expected YYYY-MM-DD", date=repr(text))
        ) from None
    return _in_range(day, text)


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """Parse an ISO date-time (or a bare date, meaning midnight) into an aware UTC instant; one
    without an offset is a wall time in `zone` (see `local_instant`)."""
    value = parse_datetime_local(text)
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    if len(text.strip()) == len("2026-11-23"):
        return _start_of(value, zone)
    return local_instant(value, zone)


def parse_datetime_local(text: str) -> datetime:
    """Parse an ISO date-time as typed: aware when it names an offset (or Z), else naive."""
    cleaned = text.strip()
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidValue(
            said(
                "invalid date-time %(date)s: expected e.g. 2026-11-23T14:30 or 2026-11-23",
                date=repr(text),
            )
        ) from None
    _in_range(value.date(), text)
    return value


def _in_range(day: date, text: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValue(
            said(
                "date %(date)s is out of range: expected a year from %(first)s to %(last)s",
                date=repr(text),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    return day


def local_instant(wall: datetime, zone: tzinfo) -> datetime:
    """A naive wall time in `zone` as an aware UTC instant. A time the clocks pass twice (the
    hour of a fall-back) is its first occurrence; one they skip (the hour of a spring-forward)
    is refused: it names no instant, and guessing one would file the entry an hour off."""
    instant = _start_of(wall, zone)
    if instant.astimezone(zone).replace(tzinfo=None) != wall.replace(fold=0):
        later = instant.astimezone(zone)
        raise InvalidValue(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks skip that hour; "
            f"give an offset or another time, e.g. {later:%Y-%m-%dT%H:%M}"
        )
    return instant


def _start_of(wall: datetime, zone: tzinfo) -> datetime:
    """The wall time's first occurrence as an aware UTC instant (a skipped time moves on)."""
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant of a calendar day in `zone`, as aware UTC."""
    return _start_of(datetime.combine(day, time()), zone)


def wall_text(instant: datetime, zone: tzinfo) -> str:
    """An instant as the zone's wall time, e.g. `2026-12-09 11:30` (no zone named: it is the
    book's own)."""
    return f"{instant.astimezone(zone):%Y-%m-%d %H:%M}"


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
        raise Implausible(
            said(
                "%(what)s %(day)s is in the future (today is %(today)s)",
                what=what,
                day=day,
                today=today,
            )
        )
    if (today - day).days > PLAUSIBLE_PAST_DAYS:
        raise Implausible(said("%(what)s %(day)s is more than a year ago", what=what, day=day))
    return day


def check_not_before(
    day: date, earliest: date | None, what: str, earlier: str, *, confirmed: bool = False
) -> date:
    """A day that should not come before another (a payment before its invoice was issued),
    unless the person confirms it."""
    if not confirmed and earliest is not None and day < earliest:
        raise Implausible(
            said(
                "%(what)s %(day)s is before %(earlier)s %(earliest)s",
                what=what,
                day=day,
                earlier=earlier,
                earliest=earliest,
            )
        )
    return day


def check_deadline(day: date, today: date, *, confirmed: bool = False) -> date:
    """A deadline being set: not in the past and not more than two years ahead, unless the
    person confirms it."""
    if confirmed:
        return day
    if day < today:
        raise Implausible(
            said("deadline %(day)s is in the past (today is %(today)s)", day=day, today=today)
        )
    if (day - today).days > PLAUSIBLE_DEADLINE_DAYS:
        raise Implausible(said("deadline %(day)s is more than two years ahead", day=day))
    return day
