"""Exchange rates the user gives (no network): VAT of a foreign-currency invoice in the
accounting currency (EN 16931 BT-6, BT-111)."""

import re
from decimal import ROUND_HALF_UP, Decimal

from clientkit.domain.errors import InvalidValue
from clientkit.domain.numerals import check_ascii_digits

_RATE = re.compile(r"\d{1,9}(\.\d{1,10})?", re.ASCII)


def parse_rate(text: str) -> Decimal:
    """An exchange rate such as `0.92` (one unit of the invoice currency in the accounting
    currency): positive, exact, at most 10 decimals."""
    cleaned = check_ascii_digits(text, "exchange rate").strip()
    if not _RATE.fullmatch(cleaned) or Decimal(cleaned) == 0:
        raise InvalidValue(
            f"invalid exchange rate {text!r}: expected a positive number like 0.92 "
            "(one unit of the invoice's currency in the accounting currency)"
        )
    return Decimal(cleaned)


def converted_minor(minor: int, rate: Decimal, from_digits: int, to_digits: int) -> int:
    """`minor` units of one currency at `rate` in minor units of another, rounded half-up
    (away from zero, so a credit note converts to the negation of its invoice)."""
    exact = Decimal(minor) * rate * Decimal(10) ** (to_digits - from_digits)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
