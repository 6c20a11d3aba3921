"""Electronic addresses: a VAT id gives the EAS scheme of its country, an address set for a
party wins, e-mail serves outside Peppol only, and only Peppol's EAS schemes are typed."""

import pytest

from clientkit.domain.billing import Party
from clientkit.domain.eas import (
    PEPPOL_SCHEMES,
    VAT_SCHEMES,
    Endpoint,
    electronic_address,
    parse_endpoint,
    vat_endpoint,
)
from clientkit.domain.einvoice import PROFILES, check_reference, einvoice_profile
from clientkit.domain.errors import InvalidValue


@pytest.mark.parametrize(
    ("vat_id", "address"),
    [
        ("SK2020273893", "9950:SK2020273893"),
        ("DE 298 765 435", "9930:DE298765435"),
        ("ATU13585627", "9914:ATU13585627"),
        ("CZ26168685", "9929:CZ26168685"),
        ("FR40303265045", "9957:FR40303265045"),
        ("NL004495445B01", "9944:NL004495445B01"),
        ("BE0403170701", "9925:BE0403170701"),
        ("IT00743110157", "0211:IT00743110157"),
        ("EL094259216", "9933:EL094259216"),
    ],
)
def test_a_vat_id_gives_the_eas_scheme_of_its_country(vat_id, address):
    assert str(vat_endpoint(vat_id)) == address


def test_countries_routing_by_company_number_give_no_address_from_the_vat_id():
    for vat_id in ("SE556036079301", "DK13585628", "NO974760673MVA", "US12-3456789", ""):
        assert vat_endpoint(vat_id) is None, vat_id


def test_every_vat_scheme_is_one_peppol_accepts():
    assert set(VAT_SCHEMES.values()) <= PEPPOL_SCHEMES


def test_an_address_set_for_the_party_wins_over_e_mail_and_vat_id():
    party = Party("Acme", email="a@acme.test", vat_id="SK2020273893", endpoint="0088:4000001123452")
    for peppol in (True, False):
        assert electronic_address(party, peppol=peppol) == Endpoint("0088", "4000001123452")


def test_e_mail_serves_outside_peppol_and_the_vat_id_in_it():
    party = Party("Acme", email="a@acme.test", vat_id="SK2020273893")
    assert electronic_address(party, peppol=False) == Endpoint("EM", "a@acme.test")
    assert electronic_address(party, peppol=True) == Endpoint("9950", "SK2020273893")
    assert electronic_address(Party("Private", email="p@x.test"), peppol=True) is None


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("9950", "not an electronic address"),
        (":SK2020273893", "not an electronic address"),
        ("EM:a@acme.test", "EM (e-mail) is no Peppol scheme"),
        ("em:a@acme.test", "EM (e-mail) is no Peppol scheme"),
        ("1234:567", "unknown scheme 1234"),
        ("0088:40 00", "not an identifier"),
        ("0088:" + "1" * 101, "not an identifier"),
    ],
)
def test_an_address_outside_the_eas_list_is_refused_saying_why(typed, why):
    with pytest.raises(InvalidValue) as refused:
        parse_endpoint(typed)
    assert why in str(refused.value)


def test_an_address_is_read_with_spaces_around_its_parts_trimmed():
    assert parse_endpoint(" 0204 : 991-12345-67 ") == Endpoint("0204", "991-12345-67")


def test_the_profiles_are_named_as_the_export_option_takes_them():
    assert list(PROFILES) == ["en16931", "xrechnung", "peppol"]
    assert einvoice_profile(" XRechnung ").specification.endswith("xrechnung_3.0")
    with pytest.raises(InvalidValue, match="expected one of en16931, xrechnung, peppol"):
        einvoice_profile("zugferd")


def test_a_reference_is_trimmed_one_line_text_and_empty_clears_it():
    assert check_reference("  04011000-1234512345-06 ", "buyer reference") == (
        "04011000-1234512345-06"
    )
    assert check_reference("   ", "buyer reference") == ""
    with pytest.raises(InvalidValue, match="control characters"):
        check_reference("PO\n7", "order reference")
