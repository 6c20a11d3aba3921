"""Service periods, exchange rates and the reasons of 0 % VAT, as pure rules."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.delivery import Delivery, delivery_of_days, given_delivery, parse_period
from clientkit.domain.errors import InvalidValue
from clientkit.domain.exemptions import (
    EXEMPT,
    EXPORT,
    NOT_SUBJECT,
    SMALL_BUSINESS,
    exemption,
    line_exemption,
    small_business_sentence,
    zero_rate_basis,
)
from clientkit.domain.fx import converted_minor, parse_rate
from clientkit.translations import wording


def test_a_period_reads_from_and_to_days():
    assert parse_period("2026-02-10..2026-02-20") == Delivery(
        start=date(2026, 2, 10), end=date(2026, 2, 20)
    )
    assert parse_period(" 2026-02-10..2026-02-10 ").start == date(2026, 2, 10)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-20..2026-02-10", "is after"),
        ("2026-02-10", "expected FROM..TO"),
        ("2026-02-10..", "expected FROM..TO"),
        ("2026-02-10..2026-02-31", "invalid date"),
        ("10.2.2026..20.2.2026", "invalid date"),
    ],
)
def test_a_period_backwards_or_malformed_is_refused(text, why):
    with pytest.raises(InvalidValue, match=why):
        parse_period(text)


def test_a_period_and_a_delivery_date_together_are_refused():
    with pytest.raises(InvalidValue, match="either --period or --delivered"):
        given_delivery("2026-02-10..2026-02-20", "2026-03-02")
    assert given_delivery(None, "2026-03-02") == Delivery(delivered=date(2026, 3, 2))
    assert given_delivery(None, None) is None


def test_the_days_of_the_work_give_a_period_or_one_delivery_date():
    days = [date(2026, 2, 20), None, date(2026, 2, 10), date(2026, 2, 12)]
    assert delivery_of_days(days) == Delivery(start=date(2026, 2, 10), end=date(2026, 2, 20))
    assert delivery_of_days([date(2026, 2, 10)] * 2) == Delivery(delivered=date(2026, 2, 10))
    assert delivery_of_days([None, None]) is None


@pytest.mark.parametrize("text", ["0", "0.0", "-0.92", "abc", "", "1e3", "0,92", "０.92", "NaN"])
def test_a_rate_that_is_not_a_positive_number_is_refused(text):
    with pytest.raises(InvalidValue, match="exchange rate"):
        parse_rate(text)


def test_a_rate_is_kept_exact():
    assert parse_rate(" 0.9234567891 ") == Decimal("0.9234567891")


def test_vat_converts_half_up_to_the_minor_unit_of_the_accounting_currency():
    assert converted_minor(4200, Decimal("0.92"), 2, 2) == 3864  # 42.00 USD -> 38.64 EUR
    assert converted_minor(5, Decimal("0.5"), 2, 2) == 3  # 0.025 rounds up
    assert converted_minor(-5, Decimal("0.5"), 2, 2) == -3  # and a credit note mirrors it
    assert converted_minor(12496, Decimal("0.0062"), 0, 2) == 7748  # JPY -> EUR cents
    assert converted_minor(1000, Decimal("160.5"), 2, 0) == 1605  # EUR cents -> whole yen


@given(st.integers(-(10**12), 10**12), st.decimals(min_value="0.0001", max_value="1000", places=4))
def test_a_credit_note_converts_to_exactly_the_negated_invoice(minor, rate):
    assert converted_minor(-minor, rate, 2, 2) == -converted_minor(minor, rate, 2, 2)


def _basis(**given: object) -> str:
    facts: dict[str, object] = {
        "small_business": False,
        "seller_vat_id": "SK2020123457",
        "seller_tax_id": "",
        "seller_country": "SK",
        "buyer_country": "SK",
    }
    return zero_rate_basis(**{**facts, **given})  # type: ignore[arg-type]


def test_the_basis_of_0_percent_lines_follows_the_seller_and_the_buyer():
    assert _basis() == EXEMPT
    assert _basis(buyer_country="US") == EXPORT
    assert _basis(buyer_country="ZZ") == EXEMPT  # an unknown country is no export
    assert _basis(seller_vat_id="", buyer_country="US", seller_tax_id="123") == EXEMPT
    assert _basis(seller_vat_id="") == NOT_SUBJECT
    assert _basis(small_business=True, buyer_country="US") == SMALL_BUSINESS


def test_each_basis_has_its_category_and_vatex_code():
    found = {
        basis: (e.category, e.code)
        for basis in (EXEMPT, EXPORT, NOT_SUBJECT, SMALL_BUSINESS)
        for e in [exemption(basis, seller_country="DE")]
    }
    assert found == {
        EXEMPT: ("E", None),
        EXPORT: ("G", "VATEX-EU-G"),
        NOT_SUBJECT: ("O", "VATEX-EU-O"),
        SMALL_BUSINESS: ("E", None),
    }
    assert exemption(SMALL_BUSINESS, seller_country="FR").code == ("VATEX-FR-FRANCHISE")
    reverse = line_exemption(0, reverse_charge=True, basis=EXEMPT, seller_country="SK")
    assert reverse is not None
    assert (reverse.category, reverse.code, reverse.reason) == (
        "AE",
        "VATEX-EU-AE",
        "Reverse charge",
    )
    assert line_exemption(2000, reverse_charge=False, basis=EXEMPT, seller_country="SK") is None


def test_the_reason_is_in_the_invoice_language_with_english_as_fallback():
    reasons = [
        exemption(EXPORT, seller_country="SK", words=wording(locale)).reason
        for locale in ("en_US", "de_AT", "sk_SK", "cs_CZ", "ja_JP")
    ]
    assert reasons == [
        "Exempt: export outside the EU",
        "Steuerfreie Ausfuhr in ein Land außerhalb der EU",
        "Oslobodené od dane: vývoz mimo EÚ",
        "Osvobozeno od daně: vývoz mimo EU",
        "Exempt: export outside the EU",
    ]


def _sentence(country: str, locale: str) -> str:
    return small_business_sentence(country, wording(locale))


def test_the_small_business_sentence_is_the_seller_countrys_statutory_one():
    assert _sentence("DE", "de_DE") == "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."
    assert _sentence("SK", "sk_SK") == "Nie som platiteľ DPH."
    assert _sentence("CZ", "cs_CZ") == "Nejsem plátce DPH."
    assert "§ 6 Abs. 1 Z 27 UStG" in _sentence("AT", "de_AT")
    assert "§ 19 UStG" in _sentence("DE", "en_US")
    # France's mention must repeat the law's own words: quoted in French in every language.
    for locale in ("en_US", "de_DE", "uk_UA", "fr_FR"):
        assert "«TVA non applicable, art. 293 B du CGI»" in _sentence("FR", locale)
    # A country without a row gets the Directive's scheme, in the language asked.
    assert "2006/112/EC" in _sentence("IT", "en_US")
    assert "Kleinunternehmerregelung" in _sentence("IT", "de_DE")
    assert "2006/112/EC" in _sentence("IT", "ja_JP")
