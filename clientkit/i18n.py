"""Babel at the edge: currency precision and locale-aware money, dates and numbers."""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from clientkit.domain.errors import InvalidValue
from clientkit.domain.wording import said

# The locale of what a person reads in the terminal (a notice after a command, a warning): the
# profile's, set by the book around each write. Documents always name their own locale.
TEXT_LOCALE: ContextVar[str] = ContextVar("clientkit_text_locale", default="en_US")


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
        raise InvalidValue(
            said(
                "unknown currency %(code)s: expected an ISO 4217 code such as EUR", code=repr(code)
            )
        )
    return normalised


def check_locale(name: str) -> str:
    """Normalise a locale identifier (en_US, de_DE, sk_SK), refusing unknown ones."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(name.strip().replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        raise InvalidValue(
            said("unknown locale %(name)s: expected e.g. en_US or de_DE", name=repr(name))
        ) from None


# Codes CLDR lists as regions that ISO 3166-1 does not assign to a country (EU, UN, ZZ
# "unknown", Kosovo's user-assigned XK, reserved ones such as IC and EA): never a CountryID.
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
# Languages whose country names an address written before 0011 may end with.
ADDRESS_LANGUAGES = ("en", "de", "sk", "cs", "fr", "es", "it", "nl", "pl", "hu", "sv", "pt")
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a": "US",
    "u.s": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "czech republic": "CZ",
    "česká republika": "CZ",
    "slovak republic": "SK",
    "slovenská republika": "SK",
    "bundesrepublik deutschland": "DE",
}


@cache
def countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of the countries Babel names."""
    from babel import Locale

    codes = (str(code) for code in Locale("en").territories)
    return frozenset(
        code for code in codes if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


def check_country(code: str) -> str:
    """Normalise an ISO 3166-1 alpha-2 country code (sk -> SK), refusing any other text."""
    normalised = code.strip().upper()
    if normalised not in countries():
        raise InvalidValue(said("not an ISO 3166-1 country code (two letters, such as SK or DE)"))
    return normalised


@lru_cache(maxsize=1024)
def country_name(code: str, locale: str = "en_US") -> str:
    """The country's name in the locale's language (SK, de_DE -> Slowakei); the code itself
    when Babel has no name for it."""
    from babel import Locale

    try:
        return str(Locale.parse(locale).territories.get(code, code))
    except (ValueError, LookupError):
        return code


@cache
def _countries_by_name() -> dict[str, str]:
    from babel import Locale

    named: dict[str, str] = {}
    for language in ADDRESS_LANGUAGES:
        for code, name in Locale(language).territories.items():
            if code in countries():
                named.setdefault(name.casefold(), code)
    return {**named, **{code.casefold(): code for code in countries()}, **COUNTRY_ALIASES}


def country_named(text: str) -> str | None:
    """The code of the country `text` names (Slovakia, Deutschland, USA, SK), or None."""
    return _countries_by_name().get(text.strip().rstrip(".").casefold())


def money(minor: int, currency: str) -> Decimal:
    """Minor units of `currency` as an exact Decimal with the currency's places (as
    domain.money.from_minor, cheaper: scaling a whole number is exact, so there is nothing to
    round, and `invoice list` makes half a million of these)."""
    return Decimal(minor).scaleb(-currency_digits(currency))


def format_money(minor: int, currency: str, locale: str | None = None) -> str:
    """`150000, 'EUR', 'de_DE'` -> `1.500,00 €`, with the currency's own precision; without a
    locale, in the locale of text output (TEXT_LOCALE)."""
    from babel.numbers import format_currency

    return format_currency(money(minor, currency), currency, locale=locale or TEXT_LOCALE.get())


# Documents print the same few dates and numbers in a few locales, and each Babel call
# looks the locale and its pattern up again: the texts are kept (they depend on the value
# and the locale only; 2 and 2.00 print alike, so equal Decimals may share an entry).
@lru_cache(maxsize=1024)
def format_date(day: date, locale: str = "en_US") -> str:
    """A calendar date in the locale's medium format."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="medium", locale=locale)


@lru_cache(maxsize=1024)
def format_decimal(value: Decimal, locale: str = "en_US") -> str:
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(value, locale=locale)


@lru_cache(maxsize=256)
def format_unit(number: str, unit: str, locale: str = "en_US") -> str:
    """An already formatted number with a CLDR unit in its short form: `25.75 hr`, `25,75 h`.

    The number comes formatted so that it can follow another locale than the unit's word.
    """
    from babel.units import format_unit as babel_format_unit

    return babel_format_unit(number, unit, length="short", locale=locale)


def format_long_date(day: date, locale: str = "en_US") -> str:
    """A calendar date spelled out for prose: `23. November 2026`, `November 23, 2026`."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=locale)


def format_percent_bp(basis_points: int, locale: str = "en_US") -> str:
    """Basis points as a locale percentage, keeping every decimal: 150 -> `1,5 %` in de_DE."""
    from babel.numbers import format_percent

    share = Decimal(basis_points) / Decimal(10000)
    return format_percent(share, locale=locale, decimal_quantization=False)


def format_duration(minutes: int, locale: str = "en_US") -> str:
    """Whole minutes in words of the locale: 300 -> `5 Stunden`, 90 -> `1 hour, 30 minutes`."""
    from babel.lists import format_list
    from babel.units import format_unit

    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", locale=locale))
    if rest or not hours:
        parts.append(format_unit(rest, "duration-minute", locale=locale))
    return format_list(parts, style="unit", locale=locale)


def format_days(days: int, locale: str = "en_US") -> str:
    """A number of days in words of the locale: `14 days`, `14 Tage`, `14 dní`."""
    from babel.units import format_unit

    return format_unit(days, "duration-day", locale=locale)


# Amounts that show what the fast path must get right: signs, zero, grouping depths.
_PROBES = (0, 5, -5, 99, 1234, -1234, 123456, 1234567, -98765432, 123456789012345)


@cache
def money_formatter(currency: str, locale: str = "en_US") -> Callable[[int], str]:
    """A function formatting minor units exactly as `format_money`, for thousands of amounts.

    Babel's pattern and symbols are read once and applied to integers; the result is checked
    against Babel on sample amounts, and Babel itself is used where the two would differ.
    """
    from babel import Locale
    from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol

    parsed = Locale.parse(locale)
    pattern = parsed.currency_formats["standard"]
    digits = currency_digits(currency)
    symbol = get_currency_symbol(currency, parsed)
    point, group = get_decimal_symbol(parsed), get_group_symbol(parsed)
    primary, secondary = pattern.grouping
    affixes: list[tuple[str, str]] = [
        (pre.replace("¤", symbol), post.replace("¤", symbol))
        for pre, post in zip(pattern.prefix, pattern.suffix, strict=True)
    ]

    unit = 10**digits
    thousands = primary == secondary == 3  # grouped by Python's own format, in C

    def fast(minor: int) -> str:
        whole, fraction = divmod(abs(minor), unit)
        if thousands:
            text = f"{whole:,}".replace(",", group)
        else:
            text, size = str(whole), primary
            grouped = ""
            while len(text) > size:
                grouped = group + text[-size:] + grouped
                text, size = text[:-size], secondary
            text += grouped
        number = text + (f"{point}{fraction:0{digits}d}" if digits else "")
        prefix, suffix = affixes[minor < 0]
        return prefix + number + suffix

    def slow(minor: int) -> str:
        return format_money(minor, currency, locale)

    if "'" in pattern.pattern or any(fast(n) != slow(n) for n in _PROBES):
        return slow
    return fast


def format_money_code(minor: int, currency: str, locale: str = "en_US") -> str:
    """`4200, 'USD', 'de_DE'` -> `42,00 USD`: the ISO code after the number, for text naming
    amounts in two currencies side by side."""
    from babel.numbers import format_currency

    return format_currency(money(minor, currency), currency, format="#,##0.00 ¤¤", locale=locale)


def format_exact(value: Decimal, locale: str = "en_US") -> str:
    """A number with every decimal it has (an exchange rate): `0.9234` -> `0,9234` in de_DE."""
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(value, locale=locale, decimal_quantization=False)
