"""Invoice PDFs read back: text, fonts, escaping, the EPC payment QR and the Factur-X XML."""

import subprocess
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import facturx
import pytest
from lxml import etree
from pypdf import PdfReader

from clientkit.documents.facturx_xml import InvalidEInvoice, check_cii_xsd, cii_xml
from clientkit.documents.invoice_pdf import render_invoice
from clientkit.documents.ubl import ubl_xml
from clientkit.domain.billing import InvoiceDoc
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoice_documents import load_documents
from clientkit.services.invoicing import add_line, create_invoice, credit_invoice, issue_invoice
from clientkit.services.lookup import find_invoice
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from tests.documents.payment_codes import kind_of, page_codes

IBAN = "SK3112000000198742637541"
NS = {
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
}


def _issued(
    book: Book,
    *,
    client: str = "Ľubomír Šťastný",
    currency: str = "EUR",
    locale: str = "sk_SK",
    iban: str = IBAN,
    rate: str | None = None,
) -> str:
    set_profile(
        book,
        name="Jana Nováková",
        business="Štúdio Nováková",
        iban=iban,
        bic="TATRSKBX",
        vat_id="SK2020123457",
        address="Hlavná 1\n811 01 Bratislava",
        email="jana@example.sk",
    )
    add_client(book, client, currency=currency, locale=locale, address="Kaiserstraße 5\nWien")
    add_project(book, client, "Logo", TermsInput(price="1000", deposit="300", currency=currency))
    record_deposit(book, "Logo", "300")
    draft = create_invoice(book, "Logo", vat="20%")
    add_line(book, str(draft["id"]), "Иконки и € символы", "33.33", quantity="3", vat="10%")
    return str(issue_invoice(book, str(draft["id"]), rate=rate)["number"])


def invoice_document(book: Book, invoice_ref: str) -> InvoiceDoc:
    """The printable document of one invoice, by number or id."""
    with book.read() as session:
        return load_documents(session, [find_invoice(session, invoice_ref)])[0]


def _pdf(book: Book, ref: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{ref}.pdf"
    path.write_bytes(render_invoice(invoice_document(book, ref)))
    return path


def _text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.replace("\u00a0", " ").replace("\u202f", " ")


def _qr_payload(path: Path, tmp_path: Path) -> list[str]:
    """The lines of the page's EPC code ([] when the page has no payment code at all)."""
    codes = page_codes(path, tmp_path)
    if not codes:
        return []
    (epc,) = [code for code in codes if kind_of(code) == "epc"]
    # Read the bytes as a banking app does: in the EPC character set of line 3.
    charsets = {b"1": "utf-8", b"2": "iso-8859-1", b"3": "iso-8859-2"}
    raw = epc.rstrip(b"\n").split(b"\n")
    return [line.decode(charsets[raw[2]]) for line in raw]


def _embedded_xml(path: Path) -> etree._Element:
    filename, xml = facturx.get_facturx_xml_from_pdf(path.read_bytes(), check_xsd=True)
    assert filename == "factur-x.xml"
    root = etree.fromstring(xml)
    assert facturx.xml_check_xsd(root, flavor="factur-x", level="en16931")
    return root


def _amount(root: etree._Element, tag: str) -> Decimal:
    found = root.find(f".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:{tag}", NS)
    assert found is not None, tag
    return Decimal(found.text)


def test_the_pdf_text_reads_back_with_numbers_names_and_diacritics(book, tmp_path):
    number = _issued(book)
    text = _text(_pdf(book, number, tmp_path))
    assert f"Faktúra {number}" in text  # Slovak labels for an sk_SK client
    for expected in (
        "Ľubomír Šťastný",
        "Štúdio Nováková",
        "Иконки и € символы",
        "Kaiserstraße 5",
        "IČ DPH: SK2020123457",
        "SK31 1200 0000 1987 4263 7541",
        "1 000,00 €",
        "99,99 €",
        "1 309,99 €",
        "-300,00 €",
        "1 009,99 €",
        "23. 11. 2026",
        "7. 12. 2026",
    ):
        assert expected in text, expected


def test_only_the_embedded_dejavu_font_is_used(book, tmp_path):
    reader = PdfReader(_pdf(book, _issued(book), tmp_path))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            described = font.get_object()
            fonts.add(str(described["/BaseFont"]))
            assert "/FontFile2" in described["/FontDescriptor"].get_object()
    assert fonts
    assert all("DejaVuSans" in name for name in fonts)


def test_markup_in_user_text_prints_literally_and_fetches_nothing(book, tmp_path):
    bait = tmp_path / "secret.png"
    number = _issued(book, client=f"<b>Acme & Sons</b> <img src='{bait}'/>")
    text = _text(_pdf(book, number, tmp_path))
    assert "<b>Acme & Sons</b>" in text
    assert "<img src=" in text
    reader = PdfReader(tmp_path / f"{number}.pdf")
    assert not any("/XObject" in page["/Resources"] for page in reader.pages)


def test_the_qr_code_is_an_epc_transfer_of_the_amount_due_to_the_iban(book, tmp_path):
    number = _issued(book)
    payload = _qr_payload(_pdf(book, number, tmp_path), tmp_path)
    assert payload[:4] == ["BCD", "002", "1", "SCT"]  # UTF-8
    assert payload[4:8] == ["TATRSKBX", "Štúdio Nováková", IBAN, "EUR1009.99"]
    assert payload[-1] == number.replace("-", "")  # a Slovak invoice: its variable symbol


def test_no_qr_for_currencies_without_a_payment_code_standard(book, tmp_path):
    number = _issued(book, currency="USD", locale="en_US", rate="0.92")
    assert _qr_payload(_pdf(book, number, tmp_path), tmp_path) == []


def test_a_paid_invoice_has_no_qr_and_says_so(book, tmp_path):
    number = _issued(book, locale="en_US")
    pay_invoice(book, number, "1009.99")
    path = _pdf(book, number, tmp_path)
    assert "Paid in full" in _text(path)
    assert _qr_payload(path, tmp_path) == []


def test_the_factur_x_xml_is_valid_and_its_totals_equal_the_invoice(book, tmp_path):
    number = _issued(book)
    root = _embedded_xml(_pdf(book, number, tmp_path))
    assert root.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == number
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "380"
    assert [
        _amount(root, tag)
        for tag in (
            "LineTotalAmount",
            "TaxBasisTotalAmount",
            "TaxTotalAmount",
            "GrandTotalAmount",
            "TotalPrepaidAmount",
            "DuePayableAmount",
        )
    ] == [
        Decimal("1099.99"),
        Decimal("1099.99"),
        Decimal("210.00"),
        Decimal("1309.99"),
        Decimal("300.00"),
        Decimal("1009.99"),
    ]
    rates = {
        tax.findtext("ram:RateApplicablePercent", namespaces=NS): (
            tax.findtext("ram:BasisAmount", namespaces=NS),
            tax.findtext("ram:CalculatedAmount", namespaces=NS),
        )
        for tax in root.iterfind(
            ".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS
        )
    }
    assert rates == {"10": ("99.99", "10.00"), "20": ("1000.00", "200.00")}
    assert root.findtext(".//ram:IBANID", namespaces=NS) == IBAN


def test_a_credit_note_embeds_type_381_with_the_cancelled_totals(book, tmp_path):
    number = _issued(book)
    note = credit_invoice(book, number)
    path = _pdf(book, note["number"], tmp_path)
    root = _embedded_xml(path)
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    assert _amount(root, "GrandTotalAmount") == -note["total"] == Decimal("1309.99")
    assert (
        root.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
        == number
    )
    text = _text(path)
    assert "-1 309,99 €" in text
    assert number in text
    assert _qr_payload(path, tmp_path) == []


def test_a_reverse_charge_invoice_prints_the_note_and_uses_category_ae(book, tmp_path):
    set_profile(book, name="Jana", vat_id="SK2020123457", reverse_charge=True)
    add_client(book, "Müller GmbH", vat_id="DE123456788", locale="de_DE")
    add_project(book, "Müller GmbH", "Site", TermsInput(price="2000", deposit="0"))
    number = issue_invoice(book, str(create_invoice(book, "Site", vat="20%")["id"]))["number"]
    path = _pdf(book, number, tmp_path)
    assert "Steuerschuldnerschaft des Leistungsempfängers: Die Umsatzsteuer schuldet" in " ".join(
        _text(path).split()
    )
    root = _embedded_xml(path)
    assert (
        root.findtext(
            ".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode",
            namespaces=NS,
        )
        == "AE"
    )
    assert _amount(root, "TaxTotalAmount") == Decimal("0.00")


def test_a_jpy_invoice_renders_whole_yen_in_pdf_and_xml(book, tmp_path):
    set_profile(book, name="Jana", vat_id="SK2020123457")
    add_client(book, "Tanaka", currency="JPY", locale="ja_JP")
    add_project(book, "Tanaka", "Site", TermsInput(price="123457", currency="JPY", deposit="0"))
    draft = create_invoice(book, "Site", vat="10%")
    number = issue_invoice(book, str(draft["id"]), rate="0.0062")["number"]
    path = _pdf(book, number, tmp_path)
    assert "¥135,803" in _text(path)  # ja_JP writes a full-width yen DejaVu lacks
    assert _amount(_embedded_xml(path), "GrandTotalAmount") == Decimal("135803")


def test_a_draft_renders_as_a_preview_without_xml(book, tmp_path):
    set_profile(book, name="Jana")
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="100", deposit="0"))
    draft = create_invoice(book, "Site")
    path = _pdf(book, str(draft["id"]), tmp_path)
    assert "DRAFT" in _text(path)
    assert PdfReader(path).attachments == {}


def test_the_ubl_export_is_valid_ubl_with_the_same_totals(book):
    number = _issued(book)
    xml = ubl_xml(invoice_document(book, number))
    root = etree.fromstring(xml)
    cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    total = root.find(f"{{{cac}}}LegalMonetaryTotal")
    assert total is not None
    assert facturx.xml_check_xsd(xml, flavor="ubl-2.1")
    assert [
        Decimal(total.findtext(f"{{{cbc}}}{tag}") or "")
        for tag in ("TaxInclusiveAmount", "PrepaidAmount", "PayableAmount")
    ] == [Decimal("1309.99"), Decimal("300.00"), Decimal("1009.99")]


def test_the_pdf_stays_small(book, tmp_path):
    """Fonts are subset and stored once: an invoice PDF is well under 100 kB."""
    data = _pdf(book, _issued(book), tmp_path).read_bytes()
    assert len(data) < 100_000
    assert len(PdfReader(BytesIO(data)).pages) == 1


def test_the_xsd_check_rejects_broken_xml_every_time(book):
    """The once-parsed schema still refuses XML the Factur-X XSD does not allow, call after call."""
    xml = cii_xml(invoice_document(book, _issued(book)))
    check_cii_xsd(xml)  # the real XML passes (and the schema is now cached)
    not_a_number = xml.replace(b">1309.99<", b">lots<", 1)
    unknown_element = xml.replace(
        b"<rsm:ExchangedDocument>", b"<rsm:ExchangedDocument><ram:Bogus>1</ram:Bogus>", 1
    )
    for broken in (not_a_number, unknown_element, not_a_number):
        assert broken != xml
        with pytest.raises(InvalidEInvoice, match="rejected by the XSD"):
            check_cii_xsd(broken)
    check_cii_xsd(xml)


def test_an_invoice_whose_xml_fails_the_xsd_is_not_rendered(book, monkeypatch):
    """render_invoice refuses rather than embed XML the XSD rejects."""
    doc = invoice_document(book, _issued(book))
    broken = cii_xml(doc).replace(b">1309.99<", b">lots<", 1)
    monkeypatch.setattr(facturx, "generate_xml", lambda *args, **kwargs: broken)
    with pytest.raises(InvalidEInvoice):
        render_invoice(doc)


def test_the_factur_x_pdf_is_one_pdf_a_3_revision_with_the_xml(book):
    """Embedding rewrites the PDF in memory: one PDF/A-3 file, not the plain one plus another."""
    doc = invoice_document(book, _issued(book))
    data = render_invoice(doc)
    assert data.startswith(b"%PDF-1.6")
    assert data.count(b"%%EOF") == 1
    reader = PdfReader(BytesIO(data))
    assert reader.attachments["factur-x.xml"] == [cii_xml(doc)]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert "/AF" in reader.trailer["/Root"]
