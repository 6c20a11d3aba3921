"""When an invoice's supply happened: a service period (EN 16931 BG-14, BT-73/BT-74) or one
actual delivery date (BT-72), given by the user or taken from the days of the work billed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clientkit.domain.dates import parse_date
from clientkit.domain.errors import InvalidValue

PERIOD_SEPARATOR = ".."


@dataclass(frozen=True)
class Delivery:
    """A service period (start and end) or a delivery date: never both."""

    start: date | None = None
    end: date | None = None
    delivered: date | None = None


def parse_period(text: str) -> Delivery:
    """`2026-02-10..2026-02-20` as a service period; the first day is not after the last."""
    first, separator, last = text.strip().partition(PERIOD_SEPARATOR)
    if not separator or not first.strip() or not last.strip():
        raise InvalidValue(
            f"invalid period {text!r}: expected FROM..TO, e.g. 2026-02-10..2026-02-20"
        )
    start, end = parse_date(first), parse_date(last)
    if start > end:
        raise InvalidValue(f"invalid period {text!r}: {start} is after {end}")
    return Delivery(start=start, end=end)


def given_delivery(period: str | None, delivered: str | None) -> Delivery | None:
    """The period or delivery date typed on `invoice create`, or None when neither was given."""
    if period is not None and delivered is not None:
        raise InvalidValue("give either --period or --delivered, not both")
    if period is not None:
        return parse_period(period)
    if delivered is not None:
        return Delivery(delivered=parse_date(delivered))
    return None


def delivery_of_days(days: Iterable[date | None]) -> Delivery | None:
    """The first and last of the days the billed work was done on: one day is a delivery date,
    several a service period; None without any day."""
    known = [day for day in days if day is not None]
    if not known:
        return None
    first, last = min(known), max(known)
    if first == last:
        return Delivery(delivered=first)
    return Delivery(start=first, end=last)
