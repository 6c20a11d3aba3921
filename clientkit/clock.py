"""The clock handed to services: real time, or the fixed day of CLIENTKIT_TODAY / --today."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from clientkit.domain.dates import parse_date, parse_datetime


@dataclass(frozen=True)
class Clock:
    """Tells `now` (aware UTC) and `today` (a calendar date); fixed when `fixed` is set."""

    fixed: datetime | None = None

    def now(self) -> datetime:
        return self.fixed if self.fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


def clock_from_text(text: str | None) -> Clock:
    """A clock fixed at a date (noon UTC) or date-time, or the real one when text is empty."""
    if not text:
        return Clock()
    if "T" in text or " " in text.strip():
        return Clock(parse_datetime(text))
    return Clock(datetime.combine(parse_date(text), time(12, 0), tzinfo=UTC))
