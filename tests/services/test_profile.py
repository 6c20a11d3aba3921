"""The freelancer's profile: created from defaults, updated field by field, validated."""

import re

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.profile import set_profile, show_profile


def test_a_new_book_has_a_profile_with_the_configured_defaults(book):
    """Before anything is set, the profile carries the default currency, locale and zone."""
    profile = show_profile(book)
    assert (profile["currency"], profile["locale"], profile["timezone"]) == ("EUR", "en_US", "UTC")
    assert profile["name"] == ""


@pytest.mark.parametrize(
    ("defaults", "named"),
    [
        ({"locale": "xx_YY"}, "config [defaults] locale: unknown locale 'xx_YY'"),
        ({"currency": "EURO"}, "config [defaults] currency: unknown currency 'EURO'"),
    ],
)
def test_a_new_profile_refuses_configured_defaults_profile_set_would_refuse(book, defaults, named):
    """A new book took any configured locale or currency into its profile, and failed later
    with "unexpected failure (UnknownLocaleError)" when an amount was formatted."""
    book.config = {**book.config, "defaults": {**book.config["defaults"], **defaults}}
    with pytest.raises(InvalidValue, match=re.escape(named)):
        show_profile(book)
    book.config = {**book.config, "defaults": {"locale": "de-DE", "currency": "czk"}}
    assert (show_profile(book)["locale"], show_profile(book)["currency"]) == ("de_DE", "CZK")


def test_setting_fields_changes_only_those_fields(book):
    """profile set with a few options keeps the rest."""
    set_profile(book, name="Jane Doe", email="jane@studio.test", currency="usd")
    view = set_profile(book, iban="de89 3704 0044 0532 0130 00", locale="de-DE")
    assert view["name"] == "Jane Doe"
    assert view["email"] == "jane@studio.test"
    assert view["currency"] == "USD"
    assert view["locale"] == "de_DE"
    assert view["iban"] == "DE89370400440532013000"
    assert show_profile(book) == view


def test_a_multi_line_address_is_kept(book):
    """Addresses may span lines; they are kept exactly."""
    address = "1 Main St\n10115 Berlin"
    assert set_profile(book, address=address)["address"] == address


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "jane@studio.test\r\nBcc: x@y.z"),
        ("email", "a@b.c, x@y.z"),
        ("currency", "EURO"),
        ("locale", "xx_YY"),
        ("business", "Studio\x00"),
        ("timezone", "Mars/Olympus"),
        ("lead_time_days", -3),
        ("lead_time_days", 100000),
    ],
)
def test_invalid_values_are_refused_and_change_nothing(book, field, value):
    """A bad e-mail, currency, locale, zone or a negative lead time is refused; nothing changes."""
    before = show_profile(book)
    with pytest.raises(InvalidValue):
        set_profile(book, **{"name": "Changed", field: value})
    assert show_profile(book) == before


def test_lead_time_and_reverse_charge_are_stored(book):
    """A zero or positive lead time and the reverse-charge switch are kept."""
    view = set_profile(book, lead_time_days=0, reverse_charge=True, timezone="Europe/Berlin")
    assert (view["lead_time_days"], view["reverse_charge"], view["timezone"]) == (
        0,
        True,
        "Europe/Berlin",
    )
