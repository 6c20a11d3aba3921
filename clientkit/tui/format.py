"""How screens show values: exact amounts with their currency, durations, dates and ages."""

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal

from clientkit.domain.durations import format_minutes


class _Shown:
    """The zone screens show instants in: the book's, set once when the app opens (a module
    value rather than a context variable, so worker threads see it too)."""

    zone: tzinfo = UTC


def show_times_in(zone: tzinfo) -> None:
    """Show every instant from now on as the wall time of `zone`."""
    _Shown.zone = zone


def money_text(amount: Decimal | None, currency: str) -> str:
    """`1500.00 EUR` with thousands separators; the amount's own precision is kept."""
    if amount is None:
        return "-"
    return f"{amount:,} {currency}"


def minutes_text(minutes: int | None) -> str:
    return "-" if not minutes else format_minutes(minutes)


def day_text(value: date | datetime | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        local = value.astimezone(_Shown.zone) if value.tzinfo is not None else value
        return f"{local:%Y-%m-%d %H:%M}"
    return value.isoformat()


def age_text(hours: int) -> str:
    """An age in hours as `5h` or `3d 4h`."""
    days, rest = divmod(max(0, hours), 24)
    if not days:
        return f"{rest}h"
    return f"{days}d {rest}h" if rest else f"{days}d"


def elapsed_text(seconds: int) -> str:
    """A running time as `H:MM:SS`."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def plain(value: object) -> str:
    """Any value from a service view as a table cell."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return day_text(value)
    return str(value)
