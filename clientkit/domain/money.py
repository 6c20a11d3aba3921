"""Exact money: parsing, minor units and the single rounding rule of clientkit.

Every amount, quantity and percentage a user types is read here, by one parser
per kind of value, so the CLI and the TUI forms accept exactly the same text.

Rounding rule (used everywhere): each invoice line is rounded half-up to the
currency's precision; subtotals, VAT per rate and totals are sums of rounded
values. The precision (decimal digits) of a currency comes from Babel at the
edge and is handed in here as an int.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from clientkit.domain.errors import InvalidValue
from clientkit.domain.numerals import check_ascii_digits
from clientkit.domain.wording import said, said_n

# re.ASCII: `\d` alone also matches full-width and Arabic-Indic digits, which Decimal() takes.
_AMOUNT = re.compile(r"-?\d{1,15}(\.\d{1,6})?", re.ASCII)
_PERCENT = re.compile(r"\d{1,3}(\.\d{1,2})?%", re.ASCII)
_NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)

MAX_MINOR = 2**63 - 1  # the most a money column (BIGINT) holds, in minor units
MAX_QUANTITY = 10**9
QUANTITY_PLACES = 4

BASIS_POINTS = Decimal(100)  # 1 % == 100 basis points
PERCENT_DENOMINATOR = 10_000  # basis points in a whole (100 %)


def parse_amount(text: str, *, digits: int = 2, allow_negative: bool = False) -> Decimal:
    """Parse `1500` or `1500.50` into a Decimal with at most `digits` decimals."""
    cleaned = check_ascii_digits(text, "amount").strip()
    if not _AMOUNT.fullmatch(cleaned):
        if _NUMBER.fullmatch(cleaned):
            raise InvalidValue(
                said(
                    "invalid amount %(amount)s: too many digits (at most 15 before the point, 6 "
                    "after)",
                    amount=repr(text),
                )
            )
        raise InvalidValue(
            said(
                "invalid amount %(amount)s: expected a number like 1500 or 1500.50",
                amount=repr(text),
            )
        )
    value = Decimal(cleaned)
    if value < 0 and not allow_negative:
        raise InvalidValue(
            said("invalid amount %(amount)s: must not be negative", amount=repr(text))
        )
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > digits:
        raise InvalidValue(
            said_n(
                "invalid amount %(amount)s: at most %(count)s decimal places",
                "invalid amount %(amount)s: at most %(count)s decimal places",
                digits,
                amount=repr(text),
            )
        )
    return quantize(value, digits)


def parse_minor(text: str, digits: int, *, allow_negative: bool = False) -> int:
    """Parse an amount such as `1500.50` into integer minor units the book can store."""
    minor = to_minor(parse_amount(text, digits=digits, allow_negative=allow_negative), digits)
    if abs(minor) > MAX_MINOR:
        limit = from_minor(MAX_MINOR, digits)
        raise InvalidValue(
            said(
                "invalid amount %(amount)s: too large (at most %(limit)s)",
                amount=repr(text),
                limit=limit,
            )
        )
    return minor


def check_storable(minor: int, what: str) -> int:
    """`minor` unchanged if a money column (a signed 64-bit integer) can hold it; else
    InvalidValue naming `what`: a sum or product of valid amounts can still be too large."""
    if abs(minor) > MAX_MINOR:
        raise InvalidValue(
            f"{what} is too large to store: {minor} minor units, at most {MAX_MINOR}"
        )
    return minor


def check_amount(minor: int, what: str, *, allow_negative: bool = False) -> int:
    """An amount as the book keeps it (minor units), held to parse_minor's rules: a money
    column holds it, and it is not negative unless `allow_negative`."""
    check_storable(minor, what)
    if minor < 0 and not allow_negative:
        raise InvalidValue(f"{what} must not be negative: {minor} minor units")
    return minor


def parse_positive_minor(text: str, digits: int) -> int:
    """Money received (a payment, a deposit) in minor units: more than zero."""
    minor = parse_minor(text, digits)
    if minor <= 0:
        raise InvalidValue(
            said("invalid amount %(amount)s: must be more than zero", amount=repr(text))
        )
    return minor


def parse_unit_price_minor(text: str, digits: int) -> int:
    """An invoice line's unit price in minor units: negative for a discount, never zero."""
    minor = parse_minor(text, digits, allow_negative=True)
    if minor == 0:
        raise InvalidValue(
            said("invalid amount %(amount)s: a line needs a non-zero amount", amount=repr(text))
        )
    return minor


def parse_quantity(text: str) -> Decimal:
    """Parse a line's quantity such as `2` or `2.5`: positive, at most 4 decimals."""
    cleaned = check_ascii_digits(text, "quantity").strip()
    if not _NUMBER.fullmatch(cleaned):
        raise InvalidValue(
            said(
                "invalid quantity %(quantity)s: expected a number like 1 or 2.5",
                quantity=repr(text),
            )
        )
    value = Decimal(cleaned)
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if not 0 < value <= MAX_QUANTITY or -exponent > QUANTITY_PLACES:
        raise InvalidValue(
            said(
                "invalid quantity %(quantity)s: expected a positive number like 1 or 2.5 (at most "
                "%(places)s decimals)",
                quantity=repr(text),
                places=QUANTITY_PLACES,
            )
        )
    return value


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
    cleaned = check_ascii_digits(text, "percentage").strip()
    if cleaned.startswith("-"):
        raise InvalidValue(
            said("invalid percentage %(percent)s: must not be negative", percent=repr(text))
        )
    if not _PERCENT.fullmatch(cleaned):
        raise InvalidValue(
            said(
                "invalid percentage %(percent)s: expected a value like 30%% or 1.5%%",
                percent=repr(text),
            )
        )
    return check_basis_points(int(Decimal(cleaned[:-1]) * BASIS_POINTS), repr(text))


def check_basis_points(basis_points: int, shown: str) -> int:
    """A percentage as the book keeps it, in basis points: 0 to 100 % (`shown` names it)."""
    if basis_points < 0:
        raise InvalidValue(
            said("invalid percentage %(percent)s: must not be negative", percent=shown)
        )
    if basis_points > PERCENT_DENOMINATOR:
        raise InvalidValue(said("invalid percentage %(percent)s: at most 100%%", percent=shown))
    return basis_points


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
    amount = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return check_storable(amount, f"a line of {quantity} × {unit_minor} minor units")
