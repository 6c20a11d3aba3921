"""Exact money: parsing, minor units and the single rounding rule of clientkit.

Rounding rule (used everywhere): each invoice line is rounded half-up to the
currency's precision; subtotals, VAT per rate and totals are sums of rounded
values. The precision (decimal digits) of a currency comes from Babel at the
edge and is handed in here as an int.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from clientkit.domain.errors import InvalidValue

_AMOUNT = re.compile(r"-?\d{1,15}(\.\d{1,6})?")
_PERCENT = re.compile(r"\d{1,3}(\.\d{1,2})?%")

BASIS_POINTS = Decimal(100)  # 1 % == 100 basis points
PERCENT_DENOMINATOR = 10_000  # basis points in a whole (100 %)


def parse_amount(text: str, *, digits: int = 2, allow_negative: bool = False) -> Decimal:
    """Parse `1500` or `1500.50` into a Decimal with at most `digits` decimals."""
    cleaned = text.strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise InvalidValue(f"invalid amount {text!r}: expected a number like 1500 or 1500.50")
    value = Decimal(cleaned)
    if value < 0 and not allow_negative:
        raise InvalidValue(f"invalid amount {text!r}: must not be negative")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > digits:
        raise InvalidValue(f"invalid amount {text!r}: at most {digits} decimal places")
    return quantize(value, digits)


def quantize(value: Decimal, digits: int) -> Decimal:
    """Round half-up to `digits` decimal places: the one rounding rule."""
    try:
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise InvalidValue(f"amount {value} is too large") from exc


def to_minor(value: Decimal, digits: int) -> int:
    """Convert an amount to integer minor units (cents), rounding half-up."""
    return int(quantize(value, digits).scaleb(digits))


def from_minor(minor: int, digits: int) -> Decimal:
    """Convert integer minor units back to an exact Decimal with `digits` places."""
    return quantize(Decimal(minor).scaleb(-digits), digits)


def parse_percent(text: str) -> int:
    """Parse `30%` or `1.5%` into basis points (3000, 150)."""
    cleaned = text.strip()
    if not _PERCENT.fullmatch(cleaned):
        raise InvalidValue(f"invalid percentage {text!r}: expected a value like 30% or 1.5%")
    value = Decimal(cleaned[:-1])
    if value > 100:
        raise InvalidValue(f"invalid percentage {text!r}: at most 100%")
    return int(value * BASIS_POINTS)


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded to a whole number, halves away from zero (Decimal's
    ROUND_HALF_UP), in exact integer arithmetic: the risk rules do this thousands of times
    on a large book, where building Decimals cost more than the rules themselves."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient = (2 * abs(numerator) + denominator) // (2 * denominator)
    return quotient if numerator >= 0 else -quotient


def percent_of(minor: int, basis_points: int) -> int:
    """`basis_points` of an amount in minor units, rounded half-up to a whole minor unit."""
    return divide_half_up(minor * basis_points, PERCENT_DENOMINATOR)


def format_percent(basis_points: int) -> str:
    """Basis points as a plain percentage string: 3000 -> '30%', 150 -> '1.5%'."""
    value = (Decimal(basis_points) / BASIS_POINTS).normalize()
    return f"{value:f}%"


def line_amount(quantity: Decimal, unit_minor: int) -> int:
    """Amount of a line in minor units: quantity × unit price, rounded half-up once."""
    exact = quantity * Decimal(unit_minor)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
