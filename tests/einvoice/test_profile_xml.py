"""The XML of each profile: it declares the profile (BT-24, BT-23), carries the buyer's
references (BT-10, BT-13), addresses the parties as the profile routes (never by e-mail in
Peppol), and keeps to one note in Peppol."""

import pytest
from lxml import etree

from clientkit.documents.facturx_xml import cii_xml
from clientkit.documents.ubl import ubl_xml
from clientkit.domain.einvoice import EN16931, PEPPOL, XRECHNUNG
from clientkit.services.clients import edit_client
from clientkit.services.invoicing import credit_invoice
from clientkit.services.profile import set_profile
from tests.documents.test_invoice_pdf import invoice_document
from tests.einvoice.kinds import LEITWEG_ID, german_business, reverse_charge, slovak_business
from tests.einvoice.official import fatal_rules

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
}
CII_CONTEXT = "rsm:ExchangedDocumentContext"


def _ubl(xml: bytes, path: str) -> list[str]:
    return [node.text or "" for node in etree.fromstring(xml).findall(path, NS)]


def _endpoints(xml: bytes) -> list[tuple[str, str]]:
    found = etree.fromstring(xml).findall(".//cbc:EndpointID", NS)
    return [(node.get("schemeID"), node.text) for node in found]


@pytest.mark.parametrize("profile", [EN16931, XRECHNUNG, PEPPOL])
def test_the_ubl_and_cii_declare_their_profile(book, profile):
    doc = invoice_document(book, german_business(book))
    ubl, cii = ubl_xml(doc, profile), cii_xml(doc, profile)
    assert _ubl(ubl, "cbc:CustomizationID") == [profile.specification]
    assert _ubl(ubl, "cbc:ProfileID") == ([profile.process] if profile.process else [])
    guideline = f"{CII_CONTEXT}/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
    process = f"{CII_CONTEXT}/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"
    assert _ubl(cii, guideline) == [profile.specification]
    assert _ubl(cii, process) == ([profile.process] if profile.process else [])


def test_the_buyer_and_order_references_are_in_the_xml(book):
    doc = invoice_document(book, german_business(book))
    assert _ubl(ubl_xml(doc), "cbc:BuyerReference") == [LEITWEG_ID]
    cii = cii_xml(doc)
    assert _ubl(cii, ".//ram:BuyerReference") == [LEITWEG_ID]
    order = invoice_document(book, slovak_business(book))
    assert _ubl(ubl_xml(order), "cac:OrderReference/cbc:ID") == ["OBJ-2026-117"]


def test_peppol_addresses_the_parties_by_vat_scheme_and_never_by_e_mail(book):
    doc = invoice_document(book, german_business(book))
    assert _endpoints(ubl_xml(doc, EN16931)) == [
        ("EM", "lena@schmidt-design.de"),
        ("EM", "rechnungen@stadtwerke-koeln.de"),
    ]
    assert _endpoints(ubl_xml(doc, PEPPOL)) == [("9930", "DE298765435"), ("9930", "DE123456788")]


def test_an_address_set_for_a_party_is_used_by_every_profile(book):
    number = german_business(book)
    set_profile(book, endpoint="0088:4000001123452")
    edit_client(book, "Stadtwerke Köln", endpoint="0204:991-12345-67")
    doc = invoice_document(book, number)
    for profile in (EN16931, PEPPOL):
        assert _endpoints(ubl_xml(doc, profile)) == [
            ("0088", "4000001123452"),
            ("0204", "991-12345-67"),
        ]


def test_a_peppol_document_with_two_notes_carries_them_as_one(book, tmp_path):
    """A reverse-charge credit note says both why it cancels and the reverse charge: Peppol
    allows one note (PEPPOL-EN16931-R002), EN 16931 keeps two."""
    number = str(credit_invoice(book, reverse_charge(book), reason="Billed twice")["number"])
    doc = invoice_document(book, number)
    assert len(_ubl(ubl_xml(doc, EN16931), "cbc:Note")) == 2
    peppol = ubl_xml(doc, PEPPOL)
    (note,) = _ubl(peppol, "cbc:Note")
    assert note.splitlines() == [note.splitlines()[0], "Billed twice"]
    assert note.startswith("Steuerschuldnerschaft")  # the client's language, as on the page
    assert fatal_rules(peppol, "peppol-ubl", tmp_path) == []
