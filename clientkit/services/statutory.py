"""Statutory late-payment interest on a final notice: the config's terms applied to one invoice.

Who: business clients only (a company name or a VAT id), only when
`[statutory_interest].enabled`, and only where the law applies: the directive binds
transactions between businesses in the EU, so both the freelancer's country and the
client's (each from its VAT id prefix, else its locale's territory) must be EU member
states. Elsewhere the claim is made only where the user says a law gives it:
`[statutory_interest].countries = ["US", ...]` lists client countries to claim it from
too. Never by default to a client outside the EU.
What: the interest of clientkit.domain.interest on the open balance, plus the fixed
recovery compensation. The compensation is stated only when the invoice is in
`compensation_currency` (EUR by default): a USD invoice claimed under a listed country
gets the interest but no "40,00 €", because clientkit never mixes or converts currencies, and a
user in another currency area can set their own amount and currency.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypedDict, TypeVar

from clientkit.config import Config
from clientkit.domain.billing import EU_VAT_PREFIXES
from clientkit.domain.errors import InvalidValue
from clientkit.domain.interest import (
    RateChange,
    delay_periods,
    is_business,
    parse_rate_table,
    statutory_interest_minor,
)
from clientkit.domain.money import parse_minor, parse_percent
from clientkit.domain.wording import said
from clientkit.i18n import (
    check_currency,
    currency_digits,
    format_decimal,
    format_money,
    format_percent_bp,
)
from clientkit.services.errors import message_of
from clientkit.services.party_fields import party_country
from clientkit.storage.reminder_queries import OverdueInvoice

SECTION = "statutory_interest"
# ISO 3166 codes of the EU member states: the VAT prefixes, Greece as GR rather than EL.
EU_COUNTRIES = frozenset(EU_VAT_PREFIXES - {"EL"} | {"GR"})
T = TypeVar("T")


class StatutoryValues(TypedDict):
    """A final notice's template values of the statutory claim (blank when none is due)."""

    statutory_interest_due: bool
    statutory_interest: str
    statutory_rate: str
    statutory_reference_rate: str
    statutory_margin_points: str
    statutory_compensation_due: bool
    statutory_compensation: str
    amount_due: str


@dataclass(frozen=True)
class StatutoryTerms:
    """The `[statutory_interest]` table of the config, checked."""

    enabled: bool
    margin_bp: int
    rates: tuple[RateChange, ...]
    compensation_minor: int
    compensation_currency: str
    countries: frozenset[str] = frozenset()


def statutory_terms(config: Config) -> StatutoryTerms:
    """The configured terms; a malformed table raises InvalidValue naming the key."""
    table = config.get(SECTION, {})
    enabled = table.get("enabled", False)
    try:
        if not isinstance(enabled, bool):
            raise InvalidValue(
                said("enabled must be true or false, not %(value)s", value=repr(enabled))
            )
        currency = _checked(
            "compensation_currency", check_currency, str(table.get("compensation_currency", "EUR"))
        )
        digits = currency_digits(currency)
        compensation_minor = _checked(
            "compensation",
            lambda text: parse_minor(text, digits),
            str(table.get("compensation", "0")),
        )
        return StatutoryTerms(
            enabled=enabled,
            margin_bp=_checked("margin", parse_percent, str(table.get("margin", "8%"))),
            rates=parse_rate_table(table.get("reference_rates", [])),
            compensation_minor=compensation_minor,
            compensation_currency=currency,
            countries=_countries(table.get("countries", [])),
        )
    except InvalidValue as exc:
        raise InvalidValue(
            said(
                "[%(section)s] in config.toml: %(problem)s",
                section=SECTION,
                problem=message_of(exc),
            )
        ) from None


def _countries(value: object) -> frozenset[str]:
    """`countries`: the client countries (ISO 3166 codes) the user claims interest from."""
    if not isinstance(value, list) or not all(
        isinstance(code, str) and len(code) == 2 and code.isalpha() for code in value
    ):
        raise InvalidValue(
            said(
                'countries must be a list of two-letter country codes like ["US", "CH"], not'
                " %(value)s",
                value=repr(value),
            )
        )
    return frozenset(code.upper() for code in value)


def law_applies(terms: StatutoryTerms, seller_country: str, client_country: str) -> bool:
    """Both parties in the EU, or the client's country one the user listed in `countries`."""
    both_in_eu = seller_country in EU_COUNTRIES and client_country in EU_COUNTRIES
    return both_in_eu or client_country in terms.countries


def _checked(key: str, parse: Callable[[str], T], text: str) -> T:
    """`parse(text)`, its error prefixed with the key it came from."""
    try:
        return parse(text)
    except InvalidValue as exc:
        raise InvalidValue(said("%(key)s: %(problem)s", key=key, problem=message_of(exc))) from None


def statutory_values(
    invoice: OverdueInvoice,
    config: Config,
    today: date,
    late_fee_minor: int,
    *,
    final: bool,
    seller_country: str,
    locale: str | None = None,
) -> StatutoryValues:
    """Template values of the statutory claim, formatted in `locale` (the reminder's, by
    default the client's); `statutory_interest_due` False when none."""
    loc, cur = locale or invoice.client_locale, invoice.currency
    before = invoice.balance_minor + late_fee_minor
    values: StatutoryValues = {
        "statutory_interest_due": False,
        "statutory_interest": "",
        "statutory_rate": "",
        "statutory_reference_rate": "",
        "statutory_margin_points": "",
        "statutory_compensation_due": False,
        "statutory_compensation": "",
        "amount_due": format_money(before, cur, loc),
    }
    if not (
        final
        and today > invoice.due_date
        and is_business(invoice.client_company, invoice.client_vat_id)
    ):
        return values
    terms = statutory_terms(config)
    client_country = party_country(
        invoice.client_country, invoice.client_vat_id, invoice.client_locale
    )
    if not terms.enabled or not law_applies(terms, seller_country, client_country):
        return values
    interest = statutory_interest_minor(
        invoice.balance_minor, invoice.due_date, today, terms.rates, terms.margin_bp
    )
    current = delay_periods(invoice.due_date, today, terms.rates, terms.margin_bp)[-1]
    compensation_due = terms.compensation_minor > 0 and terms.compensation_currency == cur
    claimed = before + interest + (terms.compensation_minor if compensation_due else 0)
    return {
        "statutory_interest_due": True,
        "statutory_interest": format_money(interest, cur, loc),
        "statutory_rate": format_percent_bp(max(current.rate_bp, 0), loc),
        "statutory_reference_rate": format_percent_bp(current.reference_bp, loc),
        "statutory_margin_points": format_decimal(Decimal(terms.margin_bp) / 100, loc),
        "statutory_compensation_due": compensation_due,
        "statutory_compensation": format_money(
            terms.compensation_minor, terms.compensation_currency, loc
        ),
        "amount_due": format_money(claimed, cur, loc),
    }
