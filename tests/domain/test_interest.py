"""Statutory late-payment interest: days, half-year rates, rounding once, leap years, the table."""

from datetime import date

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.domain.interest import (
    Period,
    RateChange,
    delay_periods,
    half_year_start,
    is_business,
    parse_rate_table,
    parse_signed_percent,
    reference_rate_bp,
    statutory_interest_minor,
)

MARGIN = 800  # the directive's 8 percentage points
TABLE = (RateChange(date(2026, 1, 1), 215), RateChange(date(2026, 7, 1), 315))


def test_nothing_accrues_on_the_due_date_or_before_it():
    """Interest starts the day after the due date: 0 days overdue cost nothing."""
    due = date(2026, 11, 3)
    assert statutory_interest_minor(1_000_000, due, due, TABLE, MARGIN) == 0
    assert statutory_interest_minor(1_000_000, due, date(2026, 11, 1), TABLE, MARGIN) == 0
    assert delay_periods(due, due, TABLE, MARGIN) == []


def test_one_day_overdue_is_one_day_of_interest():
    """The day after the due date is the first day of delay: 10,000.00 × 11.15 % / 365."""
    # 1,000,000 × 1115 × 1 / 3,650,000 = 305.48 -> 305 minor units
    assert (
        statutory_interest_minor(1_000_000, date(2026, 11, 3), date(2026, 11, 4), TABLE, MARGIN)
        == 305
    )


def test_thirty_days_on_a_thousand_at_reference_plus_eight_points():
    """1,000.00 for 30 days at 2.15 % + 8 points: 1000 × 10.15 % × 30 / 365 = 8.34."""
    assert (
        statutory_interest_minor(100_000, date(2026, 3, 1), date(2026, 3, 31), TABLE, MARGIN) == 834
    )


def test_the_result_is_rounded_half_up_not_to_even():
    """An exact half minor unit rounds up: 0.25 for 73 days at 10 % is exactly 0.005 -> 0.01."""
    table = (RateChange(date(2026, 1, 1), 200),)
    # 25 × 1000 × 73 / 3,650,000 = 0.5 exactly (banker's rounding would give 0)
    assert statutory_interest_minor(25, date(2026, 1, 10), date(2026, 3, 24), table, MARGIN) == 1


def test_a_rate_change_between_half_years_applies_from_1_july():
    """June days use the first half-year's rate, July days the second's."""
    due, today = date(2026, 6, 20), date(2026, 7, 10)
    assert delay_periods(due, today, TABLE, MARGIN) == [
        Period(date(2026, 1, 1), 10, 215, 1015),  # 21-30 June
        Period(date(2026, 7, 1), 10, 315, 1115),  # 1-10 July
    ]
    # 1,000,000 × (1015 × 10 + 1115 × 10) / 3,650,000 = 5835.62 -> 5836
    assert statutory_interest_minor(1_000_000, due, today, TABLE, MARGIN) == 5836


def test_rounding_happens_once_over_all_half_years():
    """Two periods of 0.4 minor units each owe 1, not 0 + 0 from rounding each period."""
    table = (RateChange(date(2026, 1, 1), 200),)
    # each side of 1 July: 146 × 1000 × 10 / 3,650,000 = 0.4
    due, today = date(2026, 6, 20), date(2026, 7, 10)
    assert [p.days for p in delay_periods(due, today, table, MARGIN)] == [10, 10]
    assert statutory_interest_minor(146, due, today, table, MARGIN) == 1


def test_a_due_date_on_30_june_puts_every_day_in_the_second_half_year():
    """Due 30 June, today 1 July: one day of delay, at the July rate."""
    assert delay_periods(date(2026, 6, 30), date(2026, 7, 1), TABLE, MARGIN) == [
        Period(date(2026, 7, 1), 1, 315, 1115)
    ]


def test_a_change_inside_a_half_year_waits_for_the_next_half_year():
    """The rate in force on 1 January holds until 30 June, even if it changed in March."""
    table = (RateChange(date(2026, 1, 1), 215), RateChange(date(2026, 3, 15), 400))
    assert reference_rate_bp(table, half_year_start(date(2026, 4, 10))) == 215
    assert reference_rate_bp(table, half_year_start(date(2026, 8, 1))) == 400


def test_the_latest_rate_holds_until_a_newer_one_is_listed():
    """A table ending in 2026 still answers for 2027 with its last entry."""
    assert reference_rate_bp(TABLE, date(2027, 7, 1)) == 315


def test_a_leap_year_of_delay_costs_366_365ths_of_the_annual_rate():
    """Every year counts 365 days: 366 days of 2028 at 10 % on 365.00 give 36.60."""
    table = (RateChange(date(2027, 1, 1), 200),)
    due, today = date(2027, 12, 31), date(2028, 12, 31)
    assert sum(p.days for p in delay_periods(due, today, table, MARGIN)) == 366
    assert statutory_interest_minor(36_500, due, today, table, MARGIN) == 3_660


def test_a_delay_with_no_rate_in_force_names_the_half_year_to_add():
    """Before the table's first entry there is no rate: the error says which date is missing."""
    with pytest.raises(InvalidValue, match="no reference rate in force on 2025-07-01"):
        statutory_interest_minor(100_000, date(2025, 12, 1), date(2026, 1, 5), TABLE, MARGIN)


def test_a_negative_total_rate_accrues_nothing():
    """A reference rate of -9 % plus 8 points is below zero: no interest, never a refund."""
    table = (RateChange(date(2026, 1, 1), -900),)
    assert (
        statutory_interest_minor(1_000_000, date(2026, 2, 1), date(2026, 3, 1), table, MARGIN) == 0
    )


def test_no_balance_owes_no_interest():
    """A settled or over-paid invoice accrues nothing."""
    for balance in (0, -5_000):
        assert (
            statutory_interest_minor(balance, date(2026, 2, 1), date(2026, 3, 1), TABLE, MARGIN)
            == 0
        )


def test_the_config_table_is_sorted_and_accepts_negative_rates():
    """Entries in any order become sorted changes; -0.88 % (a real German base rate) parses."""
    table = parse_rate_table(
        [{"from": "2026-07-01", "rate": "2.15%"}, {"from": "2021-01-01", "rate": "-0.88%"}]
    )
    assert table == (RateChange(date(2021, 1, 1), -88), RateChange(date(2026, 7, 1), 215))


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"from": "1 July 2026", "rate": "2%"}], "not YYYY-MM-DD"),
        ([{"from": "2026-07-01", "rate": "2.15"}], "not a percentage"),
        ([{"from": "2026-07-01", "rate": 2.15}], "in quotes"),
        ([{"from": "2026-07-01", "rate": "2%"}, {"from": "2026-07-01", "rate": "3%"}], "twice"),
    ],
)
def test_a_malformed_rate_table_is_refused_with_the_reason(entries, message):
    """Bad dates, bare numbers and duplicate dates are refused, naming what is wrong."""
    with pytest.raises(InvalidValue, match=message):
        parse_rate_table(entries)


def test_signed_percentages_parse_to_basis_points():
    """`2.15%` is 215 basis points and `-0.5%` is -50."""
    assert parse_signed_percent("2.15%", "rate") == 215
    assert parse_signed_percent(" -0.5% ", "rate") == -50


def test_a_business_client_has_a_company_name_or_a_vat_id():
    """Either field makes a business; a private person has neither (blanks do not count)."""
    assert is_business("Acme GmbH", "")
    assert is_business("", "DE123456788")
    assert not is_business("", "")
    assert not is_business("  ", " ")
