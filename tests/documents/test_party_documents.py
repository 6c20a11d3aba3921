"""The invoice's parties in the PDF and the e-invoice XML: street, post code and city, country,
registration, tax and VAT ids, contact person and phone, each in its own element."""

import facturx
from lxml import etree

from clientkit.documents.facturx_xml import cii_xml
from clientkit.documents.invoice_pdf import render_invoice
from clientkit.documents.ubl import ubl_xml
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from tests.documents.test_invoice_pdf import _text, invoice_document

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"ram": RAM, "cac": CAC, "cbc": CBC}


def _seller(book: Book) -> None:
    set_profile(
        book,
        name="Jana Nováková",
        business="Štúdio Nováková s.r.o.",
        email="jana@studio.example",
        street="Obchodná 24",
        postcode="811 06",
        city="Bratislava",
        country="SK",
        reg_id="36123456",
        tax_id="2020273893",
        vat_id="SK2020273893",
        contact="Jana Nováková",
        phone="+421 2 1234 5678",
        iban="SK3112000000198742637541",
    )


def _issued(book: Book, **client: str) -> str:
    _seller(book)
    add_client(book, "Brightline", company="Brightline Media GmbH", locale="de_DE", **client)
    add_project(book, "Brightline", "Site", TermsInput(price="1000"))
    draft = create_invoice(book, "Site", vat="20%")
    return str(issue_invoice(book, str(draft["id"]))["number"])


BUYER = {
    "street": "Torstraße 140",
    "postcode": "10119",
    "city": "Berlin",
    "country": "DE",
    "reg_id": "HRB 123456",
    "vat_id": "DE298765435",
    "contact": "Lena Vogel",
    "phone": "+49 30 1234567",
    "email": "billing@brightline.example",
}


def _texts(node: etree._Element, paths: dict[str, str]) -> dict[str, str | None]:
    return {name: node.findtext(path, namespaces=NS) for name, path in paths.items()}


CII_PARTY = {
    "street": "ram:PostalTradeAddress/ram:LineOne",
    "postcode": "ram:PostalTradeAddress/ram:PostcodeCode",
    "city": "ram:PostalTradeAddress/ram:CityName",
    "country": "ram:PostalTradeAddress/ram:CountryID",
    "reg_id": "ram:SpecifiedLegalOrganization/ram:ID",
    "contact": "ram:DefinedTradeContact/ram:PersonName",
    "phone": "ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber",
    "email": "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID",
}
UBL_PARTY = {
    "street": "cac:PostalAddress/cbc:StreetName",
    "postcode": "cac:PostalAddress/cbc:PostalZone",
    "city": "cac:PostalAddress/cbc:CityName",
    "country": "cac:PostalAddress/cac:Country/cbc:IdentificationCode",
    "reg_id": "cac:PartyLegalEntity/cbc:CompanyID",
    "contact": "cac:Contact/cbc:Name",
    "phone": "cac:Contact/cbc:Telephone",
    "email": "cac:Contact/cbc:ElectronicMail",
}
SELLER = {
    "street": "Obchodná 24",
    "postcode": "811 06",
    "city": "Bratislava",
    "country": "SK",
    "reg_id": "36123456",
    "contact": "Jana Nováková",
    "phone": "+421 2 1234 5678",
    "email": "jana@studio.example",
}


def test_the_cii_xml_carries_each_party_field_in_its_element(book):
    doc = invoice_document(book, _issued(book, **BUYER))
    root = etree.fromstring(cii_xml(doc))
    assert facturx.xml_check_xsd(root, flavor="factur-x", level="en16931")
    seller = root.find(".//ram:SellerTradeParty", NS)
    buyer = root.find(".//ram:BuyerTradeParty", NS)
    assert seller is not None
    assert buyer is not None
    assert _texts(seller, CII_PARTY) == SELLER
    assert _texts(buyer, CII_PARTY) == {key: BUYER[key] for key in CII_PARTY}


def test_the_ubl_xml_carries_each_party_field_in_its_element(book):
    doc = invoice_document(book, _issued(book, **BUYER))
    xml = ubl_xml(doc)
    assert facturx.xml_check_xsd(xml, flavor="ubl-2.1")
    root = etree.fromstring(xml)
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert seller is not None
    assert buyer is not None
    assert _texts(seller, UBL_PARTY) == SELLER
    assert _texts(buyer, UBL_PARTY) == {key: BUYER[key] for key in UBL_PARTY}


def test_the_pdf_prints_street_post_code_city_country_and_the_ids(book, tmp_path):
    doc = invoice_document(book, _issued(book, **BUYER))
    path = tmp_path / "invoice.pdf"
    path.write_bytes(render_invoice(doc))
    text = _text(path)
    for expected in (
        "Torstraße 140",
        "10119 Berlin",
        "Deutschland",  # the country named in the client's language
        "Registernummer: HRB 123456",
        "USt-IdNr.: DE298765435",
        "Ansprechpartner: Lena Vogel",
        "Telefon: +49 30 1234567",
        "Obchodná 24",
        "811 06 Bratislava",
        "Slowakei",
        "Registernummer: 36123456",
        "Steuernummer: 2020273893",
    ):
        assert expected in text, expected


def test_a_client_with_only_the_old_address_text_prints_it_and_gets_no_made_up_parts(
    book, tmp_path
):
    doc = invoice_document(book, _issued(book, address="c/o Keller\nPostfach 12\nZürich"))
    path = tmp_path / "invoice.pdf"
    path.write_bytes(render_invoice(doc))
    text = _text(path)
    assert "c/o Keller" in text
    assert "Zürich" in text
    buyer = etree.fromstring(cii_xml(doc)).find(".//ram:BuyerTradeParty", NS)
    assert buyer is not None
    assert buyer.findtext("ram:PostalTradeAddress/ram:LineOne", namespaces=NS) == "c/o Keller"
    assert buyer.find("ram:PostalTradeAddress/ram:PostcodeCode", NS) is None
    assert buyer.findtext("ram:PostalTradeAddress/ram:CountryID", namespaces=NS) == "DE"  # de_DE


def test_a_document_of_a_client_without_country_never_says_zz(book, tmp_path):
    """The client lost its country after issue: the document the book builds now has no
    address country rather than ZZ, and the issued PDF is the one stored at issue."""
    from clientkit.services.clients import edit_client
    from clientkit.services.stored_documents import write_invoice_pdf

    number = _issued(book, country="DE")
    edit_client(book, "Brightline", country="", locale="de")
    doc = invoice_document(book, number)
    assert doc.buyer.country == ""
    assert b"ZZ" not in cii_xml(doc)
    written = write_invoice_pdf(book, number, output=str(tmp_path / "out.pdf"))
    _name, xml = facturx.get_facturx_xml_from_pdf((tmp_path / "out.pdf").read_bytes())
    assert b"<ram:CountryID>DE</ram:CountryID>" in xml
    assert written["number"] == number
