"""Babel at the edge: currency precision and locale-aware money, dates and numbers."""

from datetime import date
from decimal import Decimal
from functools import cache

from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import from_minor


@cache
def currency_digits(code: str) -> int:
    """Decimal places of a currency (EUR 2, JPY 0, KWD 3), as Babel knows them."""
    from babel.numbers import get_currency_precision

    return get_currency_precision(code)


def check_currency(code: str) -> str:
    """Normalise an ISO 4217 code, refusing codes Babel does not know."""
    from babel.numbers import list_currencies

    normalised = code.strip().upper()
    if normalised not in list_currencies():
        raise InvalidValue(f"unknown currency {code!r}: expected an ISO 4217 code such as EUR")
    return normalised


def check_locale(name: str) -> str:
    """Normalise a locale identifier (en_US, de_DE, sk_SK), refusing unknown ones."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(name.strip().replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        raise InvalidValue(f"unknown locale {name!r}: expected e.g. en_US or de_DE") from None


def money(minor: int, currency: str) -> Decimal:
    """Minor units of `currency` as an exact Decimal."""
    return from_minor(minor, currency_digits(currency))


def format_money(minor: int, currency: str, locale: str = "en_US") -> str:
    """`150000, 'EUR', 'de_DE'` -> `1.500,00 €`, with the currency's own precision."""
    from babel.numbers import format_currency

    return format_currency(money(minor, currency), currency, locale=locale)


def format_date(day: date, locale: str = "en_US") -> str:
    """A calendar date in the locale's medium format."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="medium", locale=locale)


def format_decimal(value: Decimal, locale: str = "en_US") -> str:
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(value, locale=locale)
