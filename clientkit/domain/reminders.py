"""The payment-reminder schedule: which level is due for an invoice today, and the late fee.

Schedule rule, a ladder climbed one step at a time: each step says "N days after
the due date, send level L". The first reminder of an invoice is the first step
(the friendly one) however late the invoice already is; each next step goes out
once its own day has come AND at least the gap (`[reminders].gap_days`, 7 by
default) has passed since the previous reminder was sent. No level is skipped
and none is sent twice: an invoice found 30 days overdue with nothing sent gets
the friendly reminder today, the second one 7 days later, the final notice 7
days after that, and then nothing more.

Late-fee rule, as the shipped contract words it ("a late fee of X of the
overdue amount for each month, or part of a month, that it remains unpaid"):
the project's late fee (basis points) times the open balance, once for every
calendar month begun since the due date, simple (no fee on fees), rounded
half-up once to a whole minor unit. Due 9 Nov, today 23 Nov: one month begun,
so 1.5 % of 1,234.50 = 18.52; on 10 Dec a second month begins: 37.04.
"""

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from clientkit.domain.errors import InvalidValue
from clientkit.domain.wording import said

LEVELS = ("friendly", "second", "final")
OPEN_STATUS = "issued"
DEFAULT_GAP_DAYS = 7
MAX_DAYS = 3650


@dataclass(frozen=True, order=True)
class Step:
    """Send `level` once the invoice is `days` days past its due date."""

    days: int
    level: str


def parse_schedule(entries: Iterable[Mapping[str, Any]]) -> tuple[Step, ...]:
    """The `[reminders].schedule` of the config as steps sorted by day; refuses nonsense."""
    steps: list[Step] = []
    for entry in entries:
        days, level = entry.get("days"), entry.get("level")
        if level not in LEVELS:
            raise InvalidValue(
                said(
                    "reminder level %(level)s in [reminders].schedule is unknown: expected one"
                    " of %(choices)s",
                    level=repr(level),
                    choices=", ".join(LEVELS),
                )
            )
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
            raise InvalidValue(
                said(
                    "reminder %(level)s in [reminders].schedule needs `days` between 1 and"
                    " %(most)s",
                    level=repr(level),
                    most=MAX_DAYS,
                )
            )
        steps.append(Step(days, level))
    steps.sort()
    _refuse_disorder(steps)
    return tuple(steps)


def _refuse_disorder(steps: list[Step]) -> None:
    if not steps:
        raise InvalidValue(said("[reminders].schedule is empty: give at least one step"))
    levels = [step.level for step in steps]
    days = [step.days for step in steps]
    if len(set(levels)) != len(levels) or len(set(days)) != len(days):
        raise InvalidValue(said("[reminders].schedule repeats a level or a day"))
    ranks = [LEVELS.index(level) for level in levels]
    if ranks != sorted(ranks):
        raise InvalidValue(
            said("[reminders].schedule must escalate: friendly, then second, then final")
        )


def days_overdue(due_date: date, today: date) -> int:
    """Whole days since the due date (0 on the due date itself, negative before)."""
    return (today - due_date).days


def parse_gap(value: object) -> int:
    """`[reminders].gap_days`: whole days between two reminders of an invoice (0 to 3650)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
        raise InvalidValue(
            said(
                "[reminders].gap_days must be a whole number of days between 0 and %(most)s,"
                " not %(value)s",
                most=MAX_DAYS,
                value=repr(value),
            )
        )
    return value


def next_step(sent: Mapping[str, date | None], schedule: tuple[Step, ...]) -> Step | None:
    """The step after the highest level sent (the first step when none was): never a skip."""
    ranks = [LEVELS.index(level) for level in sent if level in LEVELS]
    done = max(ranks, default=-1)
    return next((step for step in schedule if LEVELS.index(step.level) > done), None)


def step_day(step: Step, due_date: date, sent: Mapping[str, date | None], gap_days: int) -> date:
    """The first day `step` may go out: its schedule day, and `gap_days` after the last send."""
    day = due_date + timedelta(days=step.days)
    last = max((sent_on for sent_on in sent.values() if sent_on is not None), default=None)
    if last is not None:
        day = max(day, last + timedelta(days=gap_days))
    return day


def level_due(
    *,
    status: str,
    balance_minor: int,
    due_date: date | None,
    today: date,
    sent: Mapping[str, date | None],
    schedule: tuple[Step, ...],
    gap_days: int = DEFAULT_GAP_DAYS,
) -> Step | None:
    """The one reminder to send today for an invoice, or None.

    `sent` maps each level already sent to the day it went out. Only issued invoices
    with an open balance are reminded; drafts, paid and credited invoices get nothing.
    """
    if status != OPEN_STATUS or balance_minor <= 0 or due_date is None:
        return None
    step = next_step(sent, schedule)
    if step is None or today < step_day(step, due_date, sent, gap_days):
        return None
    return step


def months_begun(due_date: date, today: date) -> int:
    """Calendar months begun since the due date: 1 from the day after it, 2 a month later."""
    if today <= due_date:
        return 0
    months = (today.year - due_date.year) * 12 + today.month - due_date.month
    if add_months(due_date, months) < today:
        months += 1
    return max(months, 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def late_fee_minor(balance_minor: int, late_fee_bp: int | None, due_date: date, today: date) -> int:
    """The contractual late fee so far: the rate on the balance for each month begun."""
    months = months_begun(due_date, today)
    if not late_fee_bp or months <= 0 or balance_minor <= 0:
        return 0
    exact = Decimal(balance_minor) * Decimal(late_fee_bp) * months / Decimal(10000)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
