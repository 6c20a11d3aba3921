"""The clock handed to services: real time, or the fixed day of CLIENTKIT_TODAY / --today, in the
book's time zone (instants stay UTC; calendar dates are the zone's)."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clientkit.domain.dates import local_instant, parse_date, parse_datetime_local
from clientkit.domain.errors import InvalidValue

# Where a clock learns its zone when it is made before the book is readable: the book hands
# it a way to read the profile's zone on first use.
ZoneSource = Callable[[], tzinfo]


@dataclass(frozen=True)
class Clock:
    """Tells `now` (aware UTC) and `today` (the calendar date in `zone`); fixed when `fixed` is
    set. A naive `fixed` is a wall time in the zone (`--today 2026-11-23` is noon there)."""

    fixed: datetime | None = None
    zone_given: tzinfo | ZoneSource | None = field(default=None, compare=False)

    @property
    def zone(self) -> tzinfo:
        """The time zone calendar dates are counted in (UTC until a book names one)."""
        given = self.zone_given
        if given is None:
            return UTC
        return given if isinstance(given, tzinfo) else given()

    def now(self) -> datetime:
        if self.fixed is None:
            return datetime.now(UTC)
        if self.fixed.tzinfo is None:
            return local_instant(self.fixed, self.zone)
        return self.fixed.astimezone(UTC)

    def today(self) -> date:
        return self.local(self.now()).date()

    def local(self, instant: datetime) -> datetime:
        """An aware instant as the wall time of the zone."""
        return instant.astimezone(self.zone)

    def in_zone(self, zone: tzinfo | ZoneSource) -> "Clock":
        return replace(self, zone_given=zone)


def clock_from_text(text: str | None, zone: tzinfo | None = None) -> Clock:
    """A clock fixed at a date (noon local) or date-time (local unless it names an offset), or
    the real one when text is empty; without `zone`, the book it is given to names the zone."""
    if not text:
        return Clock(zone_given=zone)
    if "T" in text or " " in text.strip():
        return Clock(parse_datetime_local(text), zone_given=zone)
    return Clock(datetime.combine(parse_date(text), time(12, 0)), zone_given=zone)


def zone_named(name: str, where: str = "time zone") -> ZoneInfo:
    """The IANA zone of that name; an unknown name is bad input naming where it came from."""
    try:
        return ZoneInfo(name.strip())
    except (ValueError, ZoneInfoNotFoundError):
        raise InvalidValue(
            f"unknown {where} {name!r}: expected an IANA name, e.g. Europe/Berlin or UTC"
        ) from None


def system_zone_name() -> str:
    """The system's IANA zone name: TZ, else the zone /etc/localtime links to, else UTC."""
    for candidate in (_tz_variable(), _localtime_link()):
        if candidate and _known(candidate):
            return candidate
    return "UTC"


def _tz_variable() -> str | None:
    value = os.environ.get("TZ", "").strip()
    return value[1:] if value.startswith(":") else value or None


def _localtime_link(path: Path = Path("/etc/localtime")) -> str | None:
    """The zone name in the link target, e.g. /usr/share/zoneinfo/Europe/Bratislava."""
    try:  # the link itself: a zone file may link on to another name (Bratislava to Prague)
        target = os.readlink(path)
    except OSError:
        return None
    _, marker, name = target.partition("zoneinfo/")
    for variant in ("posix/", "right/"):
        name = name.removeprefix(variant)
    return name if marker and name else None


def _known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True
