"""The party fields in the services: checked by python-stdnum and Babel, stored compact, a
country never made up, and an e-invoice refused for a party without one."""

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, edit_client, show_client
from clientkit.services.errors import Refused
from clientkit.services.invoicing import create_invoice, issue_invoice, show_invoice
from clientkit.services.party_fields import check_party_field, party_country
from clientkit.services.profile import set_profile, show_profile
from clientkit.services.projects import TermsInput, add_project


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("vat_id", "sk 2020 273 893", "SK2020273893"),
        ("vat_id", "EL094259216", "EL094259216"),  # Greece's VAT prefix
        ("vat_id", "GB980780684", "GB980780684"),  # outside the EU, its own stdnum module
        ("vat_id", "CHE-107.787.577 IVA", "CHE107787577IVA"),
        ("vat_id", "NO 995 525 828 MVA", "NO995525828MVA"),
        ("iban", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("bic", "cobadeffxxx", "COBADEFFXXX"),
        ("country", " at ", "AT"),
        ("postcode", "EC2A 4QX", "EC2A 4QX"),
        ("phone", "+421 (2) 1234-5678", "+421 (2) 1234-5678"),
        ("street", "  Obchodná 24 ", "Obchodná 24"),
        ("reg_id", "HRB 187654 B", "HRB 187654 B"),
        ("city", "", ""),  # empty clears
    ],
)
def test_a_valid_party_field_is_stored_in_its_compact_form(field, typed, stored):
    assert check_party_field(field, typed) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("vat_id", "SK2020273894", "--vat-id SK2020273894: not a valid VAT number (check digit)"),
        ("vat_id", "DE29876543", "--vat-id DE29876543: not a valid VAT number (wrong length)"),
        ("iban", "DE89370400440532013001", "--iban DE89370400440532013001: not a valid IBAN"),
        ("bic", "COBA", "--bic COBA: not a valid BIC"),
        ("country", "EU", "--country EU: not an ISO 3166-1 country code"),
        ("country", "XK", "--country XK: not an ISO 3166-1 country code"),
        ("phone", "0900-CALL-ME", "--phone 0900-CALL-ME: not a phone number"),
        ("city", "Berlin\nMitte", "--city must not contain control characters"),
        ("contact", "x" * 201, "--contact: longer than 200 characters"),
    ],
)
def test_a_bad_party_field_says_which_value_and_why(field, typed, message):
    with pytest.raises(InvalidValue) as refused:
        check_party_field(field, typed)
    assert message in str(refused.value)


def test_the_country_is_the_one_set_else_the_vat_ids_else_the_locales_never_a_made_up_one():
    assert party_country("AT", "SK2020273893", "de_DE") == "AT"
    assert party_country("", "EL094259216", "en_US") == "GR"
    assert party_country("", "", "sk_SK") == "SK"
    assert party_country("", "", "en") == ""
    assert party_country("", "VAT123", "en") == ""  # "VA" is not read as the Vatican


def test_a_bad_field_in_an_edit_changes_nothing_of_the_client(book):
    add_client(book, "Acme", city="Nitra", vat_id="SK2020273893")
    before = show_client(book, "Acme")
    with pytest.raises(InvalidValue):
        edit_client(book, "Acme", city="Trnava", vat_id="SK2020273894")
    assert show_client(book, "Acme") == before


def test_a_bad_iban_changes_nothing_of_the_profile(book):
    set_profile(book, name="Jana", iban="SK3112000000198742637541")
    before = show_profile(book)
    with pytest.raises(InvalidValue):
        set_profile(book, name="Eva", iban="SK3112000000198742637542")
    assert show_profile(book) == before


def test_issuing_for_a_client_without_a_country_is_refused_and_the_draft_stays(book):
    set_profile(book, name="Jana", country="SK")
    add_client(book, "ACME", locale="en")
    add_project(book, "ACME", "Site", TermsInput(price="800"))
    draft = str(create_invoice(book, "Site")["id"])
    with pytest.raises(Refused) as refused:
        issue_invoice(book, draft)
    assert str(refused.value) == (
        "client ACME has no country: set it with clientkit client edit ACME --country SK"
    )
    assert show_invoice(book, draft)["status"] == "draft"
    edit_client(book, "ACME", country="SK")
    assert issue_invoice(book, draft)["number"] == "2026-0001"
