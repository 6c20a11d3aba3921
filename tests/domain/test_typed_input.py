"""Each value a user types has one parser, with its limits: amounts in minor units that fit the
book's BIGINT columns, payments, unit prices, quantities, estimate hours and deposits."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.durations import parse_hours
from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import (
    MAX_MINOR,
    parse_minor,
    parse_positive_minor,
    parse_quantity,
    parse_unit_price_minor,
)
from clientkit.domain.terms import Deposit, parse_deposit


@pytest.mark.parametrize(
    ("text", "digits", "minor"),
    [
        ("1500.50", 2, 150050),
        (" 1500 ", 0, 1500),
        ("1.505", 3, 1505),
        ("0", 2, 0),
        ("999999999999999.99", 2, 99999999999999999),
        ("922337203685477.5807", 4, MAX_MINOR),
    ],
)
def test_amounts_become_exact_minor_units(text, digits, minor):
    """`1500.50` EUR is 150050 cents; the largest amount a BIGINT holds is still accepted."""
    assert parse_minor(text, digits) == minor


@pytest.mark.parametrize(
    ("text", "allow_negative"),
    [("922337203685477.5808", False), ("999999999999999", False), ("-922337203685477.5808", True)],
)
def test_an_amount_beyond_the_money_column_is_refused_with_the_largest_one_it_holds(
    text, allow_negative
):
    """In a 4-decimal currency (CLF) 15 digits overflow a 64-bit column: refused, not crashed."""
    with pytest.raises(InvalidValue) as refused:
        parse_minor(text, 4, allow_negative=allow_negative)
    assert (
        str(refused.value) == f"invalid amount {text!r}: too large (at most 922337203685477.5807)"
    )


@pytest.mark.parametrize("text", ["1,500", "1e3", "", "12.345", "-5", "NaN"])
def test_a_malformed_amount_is_refused_as_the_amount_parser_says(text):
    """The minor-unit parsers read text with parse_amount: the same words for the same mistake."""
    with pytest.raises(InvalidValue, match=r"^invalid amount "):
        parse_minor(text, 2)


def test_money_received_must_be_more_than_zero():
    """A payment or deposit of 0 is refused; a cent is accepted."""
    assert parse_positive_minor("0.01", 2) == 1
    with pytest.raises(InvalidValue) as refused:
        parse_positive_minor("0.00", 2)
    assert str(refused.value) == "invalid amount '0.00': must be more than zero"
    with pytest.raises(InvalidValue, match="must not be negative"):
        parse_positive_minor("-5", 2)


def test_a_unit_price_may_be_a_discount_but_never_zero():
    """`-5.25` is a discount line; `0` is refused because a line needs an amount."""
    assert parse_unit_price_minor("-5.25", 2) == -525
    assert parse_unit_price_minor("45.90", 2) == 4590
    with pytest.raises(InvalidValue) as refused:
        parse_unit_price_minor("0", 2)
    assert str(refused.value) == "invalid amount '0': a line needs a non-zero amount"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", "2"),
        (" 2.5 ", "2.5"),
        ("2.50", "2.50"),
        ("0.0001", "0.0001"),
        ("1000000000", "1000000000"),
    ],
)
def test_quantities_parse_exactly_as_typed(text, expected):
    """A quantity keeps the places typed (it is stored as its text), up to a billion."""
    assert parse_quantity(text) == Decimal(expected)
    assert str(parse_quantity(text)) == text.strip()


@pytest.mark.parametrize("text", ["2.12345", "10000000000", "1000000000.5", "0", "0.0000", "-1"])
def test_a_quantity_out_of_range_or_too_precise_is_refused(text):
    """More than 4 decimals, more than a billion, zero or negative: refused, saying the limits."""
    with pytest.raises(InvalidValue) as refused:
        parse_quantity(text)
    assert str(refused.value) == (
        f"invalid quantity {text!r}: expected a positive number like 1 or 2.5 (at most 4 decimals)"
    )


@pytest.mark.parametrize("text", ["1e3", "NaN", "Infinity", "", " ", "1,5", ".5", "5.", "+2", "2x"])
def test_a_quantity_that_is_not_a_plain_number_is_refused(text):
    """Exponents, separators and signs are refused as amounts are (`1e3` would be kept as 1E+3)."""
    with pytest.raises(InvalidValue) as refused:
        parse_quantity(text)
    assert str(refused.value) == f"invalid quantity {text!r}: expected a number like 1 or 2.5"


@given(
    st.decimals(
        min_value=Decimal("0.0001"), max_value=Decimal(10**9), places=4, allow_nan=False
    ).filter(lambda value: "E" not in str(value))
)
def test_any_quantity_within_the_limits_round_trips(value):
    """parse_quantity(str(q)) == q for every positive quantity with at most 4 places."""
    assert parse_quantity(str(value)) == value


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("40", 2400),
        ("12.5", 750),
        ("0.25", 15),
        (" 8 ", 480),
        ("1h30m", 90),
        ("90m", 90),
        ("1.5H", 90),
        ("100000", 6_000_000),
    ],
)
def test_estimates_in_hours_or_as_durations_become_minutes(text, minutes):
    """`40`, `12.5` and `1h30m` are estimates; plain hours go up to 100000."""
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["200000", "100000.5", "0", "0.0", "-5", "1e3", "lots", "", "1,5"])
def test_an_estimate_beyond_the_hours_limit_or_malformed_is_refused(text):
    """200000 hours, zero, negatives and words are refused with the estimate's own sentence."""
    with pytest.raises(InvalidValue) as refused:
        parse_hours(text)
    assert str(refused.value) == f"invalid estimate {text!r}: expected hours like 40 or 12.5"


def test_an_estimate_must_come_to_whole_minutes():
    """0.001 hours is not 0 minutes: an estimate that is no whole number of minutes is refused."""
    for text in ("0.001", "12.51"):
        with pytest.raises(InvalidValue, match="must come to whole minutes"):
            parse_hours(text)


def test_an_estimate_typed_as_a_duration_follows_the_duration_rules():
    """`9000h` is a duration, and a duration is at most a year."""
    with pytest.raises(InvalidValue, match="invalid duration '9000h': longer than a year"):
        parse_hours("9000h")


@pytest.mark.parametrize(
    ("text", "digits", "deposit"),
    [
        ("30%", 2, Deposit(basis_points=3000)),
        (" 1.5% ", 2, Deposit(basis_points=150)),
        ("450", 2, Deposit(minor=45000)),
        ("450", 0, Deposit(minor=450)),
        ("30", 2, Deposit(minor=3000)),
        ("0", 2, Deposit(minor=0)),
    ],
)
def test_a_deposit_is_a_percentage_or_an_amount(text, digits, deposit):
    """`30%` is a share of the project in basis points; `450` (or `30`) an amount."""
    assert parse_deposit(text, digits) == deposit


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("101%", "invalid percentage '101%': at most 100%"),
        ("thirty%", "invalid percentage 'thirty%': expected a value like 30% or 1.5%"),
        ("12.345", "invalid amount '12.345': at most 2 decimal places"),
    ],
)
def test_a_malformed_deposit_is_refused_as_its_percentage_or_amount(text, message):
    """A deposit ending in % is read as a percentage, anything else as an amount."""
    with pytest.raises(InvalidValue) as refused:
        parse_deposit(text, 2)
    assert str(refused.value) == message
