"""The reminder schedule and the late fee, as pure functions of dates and amounts."""

from datetime import date, timedelta

import pytest

from clientkit.config import DEFAULTS
from clientkit.domain.errors import InvalidValue
from clientkit.domain.reminders import (
    Step,
    late_fee_minor,
    level_due,
    months_begun,
    parse_gap,
    parse_schedule,
)

DUE = date(2026, 11, 1)
SCHEDULE = parse_schedule(DEFAULTS["reminders"]["schedule"])


def due_on(
    days_after_due: int,
    sent: dict[str, int] | None = None,
    status: str = "issued",
    balance: int = 80000,
    gap: int = 7,
) -> str | None:
    """The level due `days_after_due` days after the due date; `sent` maps each level sent
    to the day (after the due date) it went out."""
    step = level_due(
        status=status,
        balance_minor=balance,
        due_date=DUE,
        today=DUE + timedelta(days=days_after_due),
        sent={level: DUE + timedelta(days=day) for level, day in (sent or {}).items()},
        schedule=SCHEDULE,
        gap_days=gap,
    )
    return step.level if step else None


def test_the_default_schedule_is_friendly_then_second_then_final():
    assert (Step(1, "friendly"), Step(7, "second"), Step(14, "final")) == SCHEDULE


@pytest.mark.parametrize(("days", "level"), [(-3, None), (0, None), (1, "friendly")])
def test_nothing_is_due_before_the_first_step_and_the_friendly_reminder_on_its_day(days, level):
    assert due_on(days) == level


@pytest.mark.parametrize("days", [6, 7, 14, 22, 30, 400])
def test_the_first_reminder_is_the_friendly_one_however_late_the_invoice_is(days):
    """22 days overdue with nothing sent: the friendly reminder, never the final notice."""
    assert due_on(days) == "friendly"


def test_after_the_friendly_reminder_on_day_1_the_second_comes_on_day_8_not_day_7():
    """The second's schedule day is 7, but the gap of 7 days after day 1 ends on day 8."""
    assert due_on(7, sent={"friendly": 1}) is None
    assert due_on(8, sent={"friendly": 1}) == "second"


def test_a_late_first_reminder_makes_the_second_wait_a_full_gap():
    """Friendly on day 22: the second on day 29 at the earliest, the final on day 36."""
    assert due_on(28, sent={"friendly": 22}) is None
    assert due_on(29, sent={"friendly": 22}) == "second"
    assert due_on(35, sent={"friendly": 22, "second": 29}) is None
    assert due_on(36, sent={"friendly": 22, "second": 29}) == "final"


def test_no_level_is_skipped_however_late_the_next_run_comes():
    """The friendly went out, then nothing for months: the second comes next, not the final."""
    assert due_on(200, sent={"friendly": 1}) == "second"


def test_the_gap_is_configurable():
    assert due_on(4, sent={"friendly": 1}, gap=3) is None  # the second's own day is 7
    assert due_on(7, sent={"friendly": 1}, gap=3) == "second"
    assert due_on(10, sent={"friendly": 1}, gap=14) is None
    assert due_on(15, sent={"friendly": 1}, gap=14) == "second"


def test_a_level_already_sent_is_not_due_again():
    assert due_on(3, sent={"friendly": 1}) is None
    assert due_on(300, sent={"friendly": 1, "second": 8, "final": 15}) is None


def test_escalation_never_steps_back_to_a_lower_level_not_sent():
    """A final notice sent (by an older clientkit) means the skipped second never follows."""
    assert due_on(40, sent={"final": 14}) is None


@pytest.mark.parametrize("status", ["draft", "paid", "credited"])
def test_draft_paid_and_credited_invoices_get_no_reminder(status):
    assert due_on(30, status=status) is None


def test_an_issued_invoice_without_balance_gets_no_reminder():
    assert due_on(30, balance=0) is None


def test_an_invoice_without_due_date_gets_no_reminder():
    assert (
        level_due(
            status="issued",
            balance_minor=100,
            due_date=None,
            today=DUE,
            sent={},
            schedule=SCHEDULE,
        )
        is None
    )


def test_a_schedule_in_any_order_is_sorted_by_day():
    steps = parse_schedule([{"days": 10, "level": "final"}, {"days": 3, "level": "friendly"}])
    assert steps == (Step(3, "friendly"), Step(10, "final"))


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [{"days": 1, "level": "gentle"}],
        [{"days": 0, "level": "friendly"}],
        [{"days": "7", "level": "second"}],
        [{"days": True, "level": "second"}],
        [{"days": 1, "level": "friendly"}, {"days": 1, "level": "second"}],
        [{"days": 1, "level": "friendly"}, {"days": 5, "level": "friendly"}],
        [{"days": 1, "level": "final"}, {"days": 5, "level": "friendly"}],
    ],
)
def test_a_malformed_schedule_is_refused_with_a_reason(entries):
    with pytest.raises(InvalidValue, match=r"schedule"):
        parse_schedule(entries)


@pytest.mark.parametrize("value", [0, 7, 3650])
def test_a_gap_of_whole_days_is_taken(value):
    assert parse_gap(value) == value


@pytest.mark.parametrize("value", [-1, 3651, "7", 7.5, True, None])
def test_a_malformed_gap_is_refused_naming_the_key(value):
    with pytest.raises(InvalidValue, match=r"\[reminders\]\.gap_days"):
        parse_gap(value)


def fee(balance: int, rate: int | None, due: date, today: date) -> int:
    return late_fee_minor(balance, rate, due, today)


def test_the_late_fee_is_the_monthly_rate_for_the_month_begun():
    """The contract: X % of the overdue amount for each month, or part of a month, unpaid."""
    assert fee(123450, 150, date(2026, 11, 9), date(2026, 11, 23)) == 1852  # 18.5175 -> 18.52


def test_a_second_month_begins_the_day_after_the_first_ends():
    due = date(2026, 11, 9)
    assert fee(100000, 150, due, date(2026, 12, 9)) == 1500
    assert fee(100000, 150, due, date(2026, 12, 10)) == 3000


@pytest.mark.parametrize(
    ("due", "today", "months"),
    [
        (date(2026, 11, 9), date(2026, 11, 9), 0),
        (date(2026, 11, 9), date(2026, 11, 10), 1),
        (date(2026, 1, 31), date(2026, 2, 28), 1),  # the month ends on the clamped day
        (date(2026, 1, 31), date(2026, 3, 1), 2),
        (date(2026, 12, 31), date(2027, 1, 1), 1),
        (date(2026, 12, 15), date(2027, 12, 15), 12),
        (date(2026, 12, 15), date(2027, 12, 16), 13),
    ],
)
def test_months_begun_counts_calendar_months_from_the_due_date(due, today, months):
    assert months_begun(due, today) == months


def test_the_late_fee_rounds_half_up_once():
    """1 % of 0.50 is half a cent: it rounds up; 1 % of 0.49 rounds down."""
    day = date(2026, 11, 1)
    assert fee(50, 100, day, day + timedelta(days=1)) == 1
    assert fee(49, 100, day, day + timedelta(days=1)) == 0


def test_the_late_fee_is_simple_not_a_fee_on_fees():
    due = date(2026, 1, 10)
    assert fee(100000, 150, due, date(2026, 3, 10)) == 2 * fee(100000, 150, due, date(2026, 2, 10))


@pytest.mark.parametrize(
    ("balance", "rate", "days"),
    [
        (100000, None, 30),
        (100000, 0, 30),
        (100000, 150, 0),
        (100000, 150, -5),
        (0, 150, 30),
    ],
)
def test_no_late_fee_without_a_rate_a_day_overdue_or_a_balance(balance, rate, days):
    due = date(2026, 11, 1)
    assert fee(balance, rate, due, due + timedelta(days=days)) == 0


def test_large_balances_keep_every_cent():
    """10 million at 1.5 % for one month begun: exactly 150,000.00."""
    assert fee(10**9, 150, date(2026, 1, 1), date(2026, 1, 15)) == 15_000_000
