"""Money parsing, minor units, the half-up rounding rule and percentages."""

from decimal import ROUND_HALF_UP, Context, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import (
    divide_half_up,
    format_percent,
    from_minor,
    line_amount,
    parse_amount,
    parse_percent,
    percent_of,
    quantize,
    to_minor,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1500", "1500.00"),
        ("1500.50", "1500.50"),
        ("1500.5", "1500.50"),
        (" 0.01 ", "0.01"),
        ("0", "0.00"),
    ],
)
def test_plain_amounts_parse_to_exact_decimals_with_the_currency_places(text, expected):
    """`1500` and `1500.50` are accepted and come back with two places."""
    value = parse_amount(text, digits=2)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1e3",
        "1,500",
        "",
        "   ",
        "1500.505",
        "abc",
        "1 500",
        "€1500",
        "1500.",
        ".5",
        "NaN",
        "Infinity",
        "0x10",
        "1_500",
        "+5",
    ],
)
def test_malformed_amounts_are_refused(text):
    """Scientific notation, separators, empty text and too many decimals are refused."""
    with pytest.raises(InvalidValue, match="invalid amount"):
        parse_amount(text, digits=2)


def test_negative_amounts_are_refused_unless_allowed():
    """A negative amount is refused by default and accepted where a correction needs it."""
    with pytest.raises(InvalidValue, match="negative"):
        parse_amount("-5", digits=2)
    assert parse_amount("-5.25", digits=2, allow_negative=True) == Decimal("-5.25")


def test_precision_follows_the_currency_digits():
    """JPY takes no decimals, KWD takes three, EUR two."""
    assert parse_amount("1500", digits=0) == Decimal("1500")
    with pytest.raises(InvalidValue, match="at most 0 decimal places"):
        parse_amount("1500.5", digits=0)
    assert parse_amount("1.505", digits=3) == Decimal("1.505")
    with pytest.raises(InvalidValue, match="at most 2 decimal places"):
        parse_amount("1.505", digits=2)


@pytest.mark.parametrize(
    ("amount", "digits", "minor"),
    [
        ("1500.50", 2, 150050),
        ("1500", 0, 1500),
        ("1.505", 3, 1505),
        ("0.001", 3, 1),
        ("999999999999999.99", 2, 99999999999999999),
    ],
)
def test_minor_units_round_trip(amount, digits, minor):
    """Amounts become integer minor units and come back unchanged, JPY and KWD included."""
    value = Decimal(amount)
    assert to_minor(value, digits) == minor
    assert from_minor(minor, digits) == value
    assert -from_minor(-minor, digits) == value


def test_from_minor_keeps_the_currency_places():
    """Minor units convert back with exactly the currency's places: 150000 cents is 1500.00."""
    assert str(from_minor(150000, 2)) == "1500.00"
    assert str(from_minor(1500, 0)) == "1500"
    assert str(from_minor(1, 3)) == "0.001"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        ("0.125", 2, "0.13"),
        ("0.135", 2, "0.14"),
        ("0.145", 2, "0.15"),
        ("2.5", 0, "3"),
        ("3.5", 0, "4"),
        ("0.0005", 3, "0.001"),
        ("-0.125", 2, "-0.13"),
        ("0.12499", 2, "0.12"),
    ],
)
def test_half_up_rounding_at_the_half(value, digits, expected):
    """Exactly half a minor unit always rounds away from zero (never to even)."""
    assert quantize(Decimal(value), digits) == Decimal(expected)


def test_to_minor_rounds_half_up():
    """An amount with more places than the currency rounds half-up into minor units."""
    assert to_minor(Decimal("0.125"), 2) == 13
    assert to_minor(Decimal("2.5"), 0) == 3


def test_shares_and_line_amounts_round_half_up_to_a_whole_minor_unit():
    """Percent shares, quantity × price lines round half-up to whole minor units."""
    assert percent_of(25, 5000) == 13  # 12.5 -> 13, half-even would give 12
    assert percent_of(150000, 3000) == 45000
    assert percent_of(1, 5000) == 1  # 0.5 -> 1
    assert line_amount(Decimal("0.5"), 1) == 1
    assert line_amount(Decimal("2.5"), 1) == 3
    assert line_amount(Decimal("1.5"), 15000) == 22500


def test_an_absurdly_large_amount_is_reported_not_crashed():
    """Amounts beyond Decimal precision raise InvalidValue, not InvalidOperation."""
    with pytest.raises(InvalidValue, match="too large"):
        quantize(Decimal("1e40"), 2)


@pytest.mark.parametrize(
    ("text", "basis_points"),
    [("30%", 3000), ("1.5%", 150), ("100%", 10000), ("0%", 0), ("0.25%", 25), (" 20% ", 2000)],
)
def test_percentages_parse_to_basis_points(text, basis_points):
    """`30%` is 3000 basis points, `1.5%` is 150."""
    assert parse_percent(text) == basis_points


@pytest.mark.parametrize("text", ["101%", "30", "", "%", "-5%", "1.555%", "30 %", "abc%", "1e1%"])
def test_malformed_percentages_are_refused(text):
    """A percentage must end with % and lie between 0 and 100."""
    with pytest.raises(InvalidValue, match="invalid percentage"):
        parse_percent(text)


def test_basis_points_format_back_as_percentages():
    """3000 basis points show as 30%, 150 as 1.5%."""
    assert format_percent(3000) == "30%"
    assert format_percent(150) == "1.5%"
    assert format_percent(25) == "0.25%"


digits_strategy = st.sampled_from([0, 2, 3])


@st.composite
def amounts_with_places(draw):  # type: ignore[no-untyped-def]
    """A non-negative Decimal with at most `digits` places and at most 15 integer digits."""
    digits = draw(digits_strategy)
    places = draw(st.integers(min_value=0, max_value=digits))
    unscaled = draw(st.integers(min_value=0, max_value=10 ** (15 + places) - 1))
    return Decimal(unscaled).scaleb(-places), digits


@given(amounts_with_places())
def test_parse_amount_round_trips_any_decimal_within_the_currency_places(case):
    """parse_amount(str(d)) == d for any Decimal with no more places than the currency."""
    value, digits = case
    parsed = parse_amount(str(value), digits=digits)
    assert parsed == value
    assert -parsed.as_tuple().exponent == digits  # type: ignore[operator]


@given(digits_strategy, st.integers(min_value=-(10**17), max_value=10**17))
def test_from_minor_then_to_minor_is_the_identity(digits, minor):
    """Any integer of minor units survives the trip through Decimal."""
    assert to_minor(from_minor(minor, digits), digits) == minor


@given(amounts_with_places())
def test_to_minor_then_from_minor_is_the_identity(case):
    """Any amount within the currency's places survives the trip through minor units."""
    value, digits = case
    assert from_minor(to_minor(value, digits), digits) == value


@given(
    numerator=st.integers(min_value=-(10**15), max_value=10**15),
    denominator=st.integers(min_value=-(10**6), max_value=10**6).filter(bool),
)
def test_integer_half_up_division_rounds_exactly_as_decimal_does(numerator, denominator):
    """The rules' integer rounding gives Decimal's ROUND_HALF_UP result for every pair,
    halves included (away from zero: 2.5 -> 3, -2.5 -> -3)."""
    exact = Decimal(numerator) / Decimal(denominator)
    expected = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=Context(prec=60)))
    assert divide_half_up(numerator, denominator) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (5, 2, 3),
        (-5, 2, -3),
        (5, -2, -3),
        (3, 2, 2),
        (1, 3, 0),
        (2, 3, 1),
        (-1, 3, 0),
        (0, 7, 0),
        (149, 100, 1),
        (150, 100, 2),
        (-150, 100, -2),
    ],
)
def test_integer_half_up_division_at_the_halves(numerator, denominator, expected):
    assert divide_half_up(numerator, denominator) == expected


def test_integer_half_up_division_by_zero_fails_as_python_does():
    with pytest.raises(ZeroDivisionError):
        divide_half_up(150, 0)


def test_percent_of_rounds_half_a_cent_up():
    """30 % of 0.05 is 0.015: a cent and a half rounds to two."""
    assert percent_of(5, 3000) == 2
    assert percent_of(100_000, 3000) == 30_000
