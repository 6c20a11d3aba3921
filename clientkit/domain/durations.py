"""Durations as whole minutes: parsing `90m`, `1h30m`, `1.5h` (and estimates in hours),
showing them back."""

import re
from decimal import Decimal

from clientkit.domain.errors import Implausible, InvalidValue
from clientkit.domain.numerals import check_ascii_digits
from clientkit.domain.wording import said

# re.ASCII: `\d` alone also takes full-width and Arabic-Indic digits, which int() reads.
_HM = re.compile(r"(?:(\d{1,5})h)?(?:(\d{1,6})m)?", re.ASCII)
_DECIMAL_HOURS = re.compile(r"(\d{1,5}(?:\.\d{1,4})?)h", re.ASCII)
_PLAIN_HOURS = re.compile(r"\d+(?:\.\d+)?", re.ASCII)

MAX_MINUTES = 24 * 60 * 366
DAY_MINUTES = 24 * 60  # no one entry, for one day, can be longer
PLAUSIBLE_ENTRY_MINUTES = 16 * 60  # a longer entry is more likely a typo than a working day
MAX_ESTIMATE_HOURS = 100_000


def parse_duration(text: str) -> int:
    """Parse `90m`, `1h30m`, `2h` or `1.5h` into a positive number of whole minutes."""
    check_ascii_digits(text, "duration")
    return _parse_length(text.strip().lower().replace(" ", ""), text)


def parse_signed_duration(text: str) -> int:
    """Parse a duration that may be negative: `-1h` takes back time logged too high."""
    cleaned = check_ascii_digits(text, "duration").strip().lower().replace(" ", "")
    if cleaned.startswith("-"):
        return -_parse_length(cleaned[1:], text)
    return _parse_length(cleaned, text)


def _parse_length(cleaned: str, text: str) -> int:
    minutes = _hours_and_minutes(cleaned)
    if minutes is None:
        minutes = _decimal_hours(cleaned, text)
    if minutes is None:
        raise InvalidValue(
            said(
                "invalid duration %(duration)s: expected e.g. 90m, 1h30m or 1.5h",
                duration=repr(text),
            )
        )
    return check_length(minutes, repr(text))


def check_length(minutes: int, shown: str) -> int:
    """A duration in whole minutes as the book keeps it: longer than zero, at most a year."""
    if minutes <= 0:
        raise InvalidValue(
            said("invalid duration %(duration)s: must be longer than zero", duration=shown)
        )
    if minutes > MAX_MINUTES:
        raise InvalidValue(
            said("invalid duration %(duration)s: longer than a year", duration=shown)
        )
    return minutes


def parse_hours(text: str) -> int:
    """Parse an estimate typed as hours (`40`, `12.5`) or as a duration (`1h30m`) into whole
    minutes. Plain hours go up to MAX_ESTIMATE_HOURS: a project may run longer than a year."""
    cleaned = check_ascii_digits(text, "estimate").strip().lower()
    if cleaned.endswith(("h", "m")):
        return parse_duration(cleaned)
    if not _PLAIN_HOURS.fullmatch(cleaned):
        raise InvalidValue(_not_hours(repr(text)))
    minutes = Decimal(cleaned) * 60
    check_estimate(minutes, repr(text))
    if minutes != minutes.to_integral_value():
        raise InvalidValue(
            said("invalid estimate %(estimate)s: must come to whole minutes", estimate=repr(text))
        )
    return int(minutes)


def check_estimate(minutes: Decimal | int, shown: str) -> None:
    """An estimate in minutes as the book keeps it: more than zero, at most MAX_ESTIMATE_HOURS
    (typed as a duration it is at most a year, which is less)."""
    if not 0 < minutes <= MAX_ESTIMATE_HOURS * 60:
        raise InvalidValue(_not_hours(shown))


def _not_hours(shown: str) -> str:
    return said("invalid estimate %(estimate)s: expected hours like 40 or 12.5", estimate=shown)


def check_entry_minutes(minutes: int, *, confirmed: bool = False) -> int:
    """The length of one time entry for one day: never more than 24 hours; more than 16 only
    when the person confirms it."""
    if minutes > DAY_MINUTES:
        raise InvalidValue(
            said(
                "an entry of %(duration)s is longer than a day; log each day as its own entry",
                duration=format_minutes(minutes),
            )
        )
    if minutes > PLAUSIBLE_ENTRY_MINUTES and not confirmed:
        raise Implausible(
            said(
                "an entry of %(duration)s is longer than %(limit)s",
                duration=format_minutes(minutes),
                limit=format_minutes(PLAUSIBLE_ENTRY_MINUTES),
            )
        )
    return minutes


def check_correction(minutes: int, logged: int, what: str) -> int:
    """A negative entry corrects time logged too high: it may not take `what` below zero."""
    if minutes < 0 and logged + minutes < 0:
        raise InvalidValue(
            said(
                "a correction of %(duration)s would take %(what)s below zero (%(logged)s logged)",
                duration=format_minutes(minutes),
                what=what,
                logged=format_minutes(logged),
            )
        )
    return minutes


def _hours_and_minutes(cleaned: str) -> int | None:
    match = _HM.fullmatch(cleaned)
    if not cleaned or not match or not any(match.groups()):
        return None
    hours, minutes = (int(group) if group else 0 for group in match.groups())
    return hours * 60 + minutes


def _decimal_hours(cleaned: str, original: str) -> int | None:
    match = _DECIMAL_HOURS.fullmatch(cleaned)
    if not match:
        return None
    minutes = Decimal(match.group(1)) * 60
    if minutes != minutes.to_integral_value():
        raise InvalidValue(
            said(
                "invalid duration %(duration)s: must come to whole minutes", duration=repr(original)
            )
        )
    return int(minutes)


def format_minutes(minutes: int) -> str:
    """Show minutes as `1h30m`, `45m` or `2h`."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{sign}{hours}h{rest:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{rest}m"


def hours(minutes: int) -> Decimal:
    """Minutes as exact decimal hours (90 -> 1.5), for rate arithmetic."""
    return Decimal(minutes) / 60
