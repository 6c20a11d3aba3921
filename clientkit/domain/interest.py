"""Statutory late-payment interest between businesses (EU Directive 2011/7/EU), as pure rules.

Rule, as the directive words it: from the day after the due date the debtor owes
the reference rate plus a margin (8 percentage points in the directive; Germany's
§ 288 BGB uses 9 over its Basiszinssatz, so the margin is configurable). The
reference rate of each half-year is the one in force on its first day (1 January,
1 July) and applies to every day of delay in that half-year: a delay running from
May into August uses the first half-year's rate for the May and June days and the
second half-year's rate after that.

Arithmetic: simple interest, per day, on the open balance:
    sum over the days of delay of balance × (reference + margin) / 365,
kept exact in Decimal and rounded half-up once, to a whole minor unit, at the end.
Every year counts 365 days, leap years too ("actual/365 fixed"): each day of delay
costs the same, and a full leap year of delay costs 366/365 of the annual rate.
A period whose reference rate plus margin is below zero accrues nothing.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import parse_percent
from clientkit.domain.wording import said

DAYS_PER_YEAR = 365
BASIS_POINTS_PER_UNIT = Decimal(10000)


@dataclass(frozen=True, order=True)
class RateChange:
    """From `start` on, the reference rate is `rate_bp` basis points a year."""

    start: date
    rate_bp: int


@dataclass(frozen=True)
class Period:
    """Days of delay that fall in one half-year, and the annual rate that applies to them."""

    half_year: date
    days: int
    reference_bp: int
    rate_bp: int


def parse_signed_percent(text: object, what: str) -> int:
    """`2.15%` -> 215 and `-0.88%` -> -88 basis points (reference rates have been negative)."""
    if not isinstance(text, str):
        raise InvalidValue(
            said('%(what)s must be a percentage in quotes, like "2.15%%"', what=what)
        )
    cleaned = text.strip()
    negative = cleaned.startswith("-")
    try:
        value = parse_percent(cleaned[1:] if negative else cleaned)
    except InvalidValue:
        raise InvalidValue(
            said(
                "%(what)s %(text)s is not a percentage like 2.15%% or -0.5%%",
                what=what,
                text=repr(text),
            )
        ) from None
    return -value if negative else value


def parse_rate_table(entries: Iterable[Mapping[str, Any]]) -> tuple[RateChange, ...]:
    """The `reference_rates` of the config (`{from = "2026-01-01", rate = "2.15%"}`), sorted."""
    changes: list[RateChange] = []
    for entry in entries:
        start = entry.get("from")
        try:
            day = start if isinstance(start, date) else date.fromisoformat(str(start))
        except ValueError:
            raise InvalidValue(
                said(
                    "reference rate date %(date)s in [statutory_interest] is not YYYY-MM-DD",
                    date=repr(start),
                )
            ) from None
        changes.append(
            RateChange(day, parse_signed_percent(entry.get("rate"), said("reference rate")))
        )
    changes.sort()
    if len({change.start for change in changes}) != len(changes):
        raise InvalidValue(said("[statutory_interest].reference_rates lists a date twice"))
    return tuple(changes)


def is_business(company: str, vat_id: str) -> bool:
    """A client counts as a business when it has a company name or a VAT id."""
    return bool(company.strip() or vat_id.strip())


def half_year_start(day: date) -> date:
    """1 January or 1 July: the first day of the half-year holding `day`."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _next_half_year(start: date) -> date:
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def reference_rate_bp(table: tuple[RateChange, ...], half_year: date) -> int:
    """The reference rate in force on the first day of the half-year (the latest change before)."""
    in_force = [change for change in table if change.start <= half_year]
    if not in_force:
        raise InvalidValue(
            said(
                "no reference rate in force on %(date)s: add one to"
                " [statutory_interest].reference_rates in config.toml",
                date=half_year.isoformat(),
            )
        )
    return in_force[-1].rate_bp


def delay_periods(
    due_date: date, today: date, table: tuple[RateChange, ...], margin_bp: int
) -> list[Period]:
    """The days after the due date up to and including today, split by half-year."""
    periods: list[Period] = []
    first = due_date + timedelta(days=1)
    while first <= today:
        half = half_year_start(first)
        following = _next_half_year(half)
        last = min(today, following - timedelta(days=1))
        reference = reference_rate_bp(table, half)
        periods.append(Period(half, (last - first).days + 1, reference, reference + margin_bp))
        first = following
    return periods


def statutory_interest_minor(
    balance_minor: int, due_date: date, today: date, table: tuple[RateChange, ...], margin_bp: int
) -> int:
    """Interest owed today on `balance_minor` overdue since `due_date`, in minor units."""
    if balance_minor <= 0 or today <= due_date:
        return 0
    # Rate-days summed as integers, then one division: the only inexact step comes last.
    rate_days = sum(
        max(period.rate_bp, 0) * period.days
        for period in delay_periods(due_date, today, table, margin_bp)
    )
    exact = Decimal(balance_minor) * rate_days / (BASIS_POINTS_PER_UNIT * DAYS_PER_YEAR)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
