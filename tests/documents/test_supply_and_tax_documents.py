"""Service period, delivery date, the cancelled invoice, 0 % VAT reasons and VAT in the
accounting currency, read back from the PDF text and from the CII and UBL XML."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import facturx
from lxml import etree

from clientkit.clock import clock_from_text
from clientkit.documents.invoice_pdf import render_invoice
from clientkit.documents.ubl import ubl_xml
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import add_line, create_invoice, credit_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import log_time
from tests.documents.test_invoice_pdf import _embedded_xml, invoice_document
from tests.documents.test_invoice_pdf import _text as _layout_text

NS = {
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
SETTLEMENT = ".//ram:ApplicableHeaderTradeSettlement"


def _seller(book: Book, **fields: object) -> None:
    profile = {
        "name": "Jana Nováková",
        "vat_id": "SK2020123457",
        "address": "Hlavná 1\n811 01 Bratislava",
        "email": "jana@example.sk",
        **fields,
    }
    set_profile(book, **profile)  # type: ignore[arg-type]


def _issue(
    book: Book,
    *,
    client: str = "Acme",
    locale: str = "de_DE",
    currency: str = "EUR",
    vat: str = "20%",
    rate: str | None = None,
    **create: str,
) -> str:
    add_client(book, client, locale=locale, currency=currency, email="buyer@example.com")
    project = f"{client}/Site"
    add_project(book, client, "Site", TermsInput(hourly="50", deposit="0", currency=currency))
    log_time(book, project, "2h", "work", on="2026-02-10")
    log_time(book, project, "3h", "work", on="2026-02-20")
    draft = create_invoice(book, project, vat=vat, **create)
    return str(issue_invoice(book, str(draft["id"]), rate=rate)["number"])


def _text(path: Path) -> str:
    """The PDF's text with each run of spaces and line breaks read as one space."""
    return " ".join(_layout_text(path).split())


def _pdf(book: Book, number: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{number}.pdf"
    path.write_bytes(render_invoice(invoice_document(book, number)))
    return path


def _ubl(book: Book, number: str) -> etree._Element:
    xml = ubl_xml(invoice_document(book, number))
    assert facturx.xml_check_xsd(xml, flavor="ubl-2.1")
    return etree.fromstring(xml)


def test_the_service_period_of_the_work_is_printed_and_in_both_xml_syntaxes(book, tmp_path):
    _seller(book)
    number = _issue(book)
    path = _pdf(book, number, tmp_path)
    assert "Leistungszeitraum 10.02.2026 – 20.02.2026" in _text(path)
    cii = _embedded_xml(path)
    period = cii.find(f"{SETTLEMENT}/ram:BillingSpecifiedPeriod", NS)
    assert period is not None
    assert [
        period.findtext(f"ram:{end}DateTime/udt:DateTimeString", namespaces=NS)
        for end in ("Start", "End")
    ] == ["20260210", "20260220"]
    assert cii.find(".//ram:ActualDeliverySupplyChainEvent", NS) is None
    ubl = _ubl(book, number)
    assert ubl.findtext("cac:InvoicePeriod/cbc:StartDate", namespaces=NS) == "2026-02-10"
    assert ubl.findtext("cac:InvoicePeriod/cbc:EndDate", namespaces=NS) == "2026-02-20"
    assert ubl.find("cac:Delivery", NS) is None


def test_a_delivery_date_given_is_printed_and_is_bt_72_not_the_issue_date(book, tmp_path):
    _seller(book)
    number = _issue(book, locale="en_GB", delivered="2026-03-02")
    path = _pdf(book, number, tmp_path)
    text = _text(path)
    assert "Delivered 2 Mar 2026" in text
    assert "Issue date 23 Nov 2026" in text
    cii = _embedded_xml(path)
    assert (
        cii.findtext(
            ".//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
            namespaces=NS,
        )
        == "20260302"
    )
    assert cii.find(f"{SETTLEMENT}/ram:BillingSpecifiedPeriod", NS) is None
    ubl = _ubl(book, number)
    assert ubl.findtext("cac:Delivery/cbc:ActualDeliveryDate", namespaces=NS) == "2026-03-02"
    assert ubl.find("cac:InvoicePeriod", NS) is None


def test_a_credit_note_names_the_invoice_it_cancels_and_its_date(book, tmp_path):
    _seller(book)
    number = _issue(book, locale="en_US")
    later = replace(book, clock=clock_from_text("2026-12-01"))
    note = str(credit_invoice(later, number)["number"])
    path = _pdf(book, note, tmp_path)
    assert f"This credit note cancels invoice {number} of Nov 23, 2026." in _text(path)
    cii = _embedded_xml(path)
    reference = cii.find(f"{SETTLEMENT}/ram:InvoiceReferencedDocument", NS)
    assert reference is not None
    assert reference.findtext("ram:IssuerAssignedID", namespaces=NS) == number
    assert reference.findtext("ram:FormattedIssueDateTime/*", namespaces=NS) == "20261123"
    ubl = _ubl(book, note)
    billing = ubl.find("cac:BillingReference/cac:InvoiceDocumentReference", NS)
    assert billing is not None
    assert billing.findtext("cbc:ID", namespaces=NS) == number
    assert billing.findtext("cbc:IssueDate", namespaces=NS) == "2026-11-23"
    # The credit note states the supply it cancels.
    assert ubl.findtext("cac:InvoicePeriod/cbc:StartDate", namespaces=NS) == "2026-02-10"


def _exemption(root: etree._Element, *, ubl: bool = False) -> tuple[str, str | None, str | None]:
    if ubl:
        category = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
        assert category is not None
        return (
            category.findtext("cbc:ID", namespaces=NS) or "",
            category.findtext("cbc:TaxExemptionReasonCode", namespaces=NS),
            category.findtext("cbc:TaxExemptionReason", namespaces=NS),
        )
    tax = root.find(f"{SETTLEMENT}/ram:ApplicableTradeTax", NS)
    assert tax is not None
    return (
        tax.findtext("ram:CategoryCode", namespaces=NS) or "",
        tax.findtext("ram:ExemptionReasonCode", namespaces=NS),
        tax.findtext("ram:ExemptionReason", namespaces=NS),
    )


def test_a_small_business_prints_its_statutory_sentence_in_the_invoice_language(book, tmp_path):
    sentences = {
        ("DE", "de_DE"): "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
        ("DE", "en_US"): "No VAT is charged under the small business scheme of § 19 UStG",
        ("SK", "sk_SK"): "Nie som platiteľ DPH.",
    }
    for index, ((country, locale), sentence) in enumerate(sentences.items()):
        _seller(
            book,
            vat_id="",
            tax_id="12/345/67890",
            locale=f"{country.lower()}_{country}",
            vat_exemption="small-business",
        )
        number = _issue(book, client=f"Client {index}", locale=locale)
        path = _pdf(book, number, tmp_path)
        assert sentence in _text(path)
        category, code, reason = _exemption(_embedded_xml(path))
        assert (category, code) == ("E", None)
        assert reason is not None
        assert reason.startswith(sentence)
        assert _exemption(_ubl(book, number), ubl=True)[0] == "E"


def test_reverse_charge_and_export_lines_carry_their_vatex_codes(book, tmp_path):
    _seller(book, reverse_charge=True)
    add_client(book, "Müller GmbH", vat_id="DE123456788", locale="de_DE")
    add_project(book, "Müller GmbH", "Audit", TermsInput(price="500", deposit="0"))
    reverse = str(
        issue_invoice(book, str(create_invoice(book, "Audit", vat="20%")["id"]))["number"]
    )
    path = _pdf(book, reverse, tmp_path)
    assert "USt. 0 %: Steuerschuldnerschaft des Leistungsempfängers" in _text(path)
    expected = ("AE", "VATEX-EU-AE", "Steuerschuldnerschaft des Leistungsempfängers")
    assert _exemption(_embedded_xml(path)) == expected
    assert _exemption(_ubl(book, reverse), ubl=True) == expected
    export = _issue(book, client="Globex", locale="en_US", vat="0%")
    path = _pdf(book, export, tmp_path)
    assert "VAT 0 %: Exempt: export outside the EU" in _text(path)
    expected = ("G", "VATEX-EU-G", "Exempt: export outside the EU")
    assert _exemption(_embedded_xml(path)) == expected
    assert _exemption(_ubl(book, export), ubl=True) == expected


def test_a_slovak_invoice_with_an_exempt_line_gives_its_reason_beside_the_taxed_rate(
    book, tmp_path
):
    _seller(book)
    add_client(book, "Klient s.r.o.", locale="sk_SK")
    add_project(book, "Klient s.r.o.", "Web", TermsInput(price="1000", deposit="0"))
    draft = create_invoice(book, "Web", vat="20%")
    add_line(book, str(draft["id"]), "Školenie", "200", vat="0%")
    number = str(issue_invoice(book, str(draft["id"]))["number"])
    path = _pdf(book, number, tmp_path)
    assert "DPH 0 %: Oslobodené od DPH" in _text(path)
    taxes = {
        tax.findtext("ram:CategoryCode", namespaces=NS): tax.findtext(
            "ram:ExemptionReason", namespaces=NS
        )
        for tax in _embedded_xml(path).iterfind(f"{SETTLEMENT}/ram:ApplicableTradeTax", NS)
    }
    assert taxes == {"S": None, "E": "Oslobodené od DPH"}


def test_a_usd_invoice_states_its_vat_in_euro_at_the_rate_given(book, tmp_path):
    _seller(book, currency="EUR")
    add_client(book, "Globex", locale="en_US", currency="USD")
    add_project(book, "Globex", "App", TermsInput(price="210", deposit="0", currency="USD"))
    draft = create_invoice(book, "App", vat="20%", delivered="2026-11-20")
    number = str(issue_invoice(book, str(draft["id"]), rate="0.92")["number"])
    path = _pdf(book, number, tmp_path)
    assert "VAT 42.00 USD = 38.64 EUR at 0.92" in _text(path)
    cii = _embedded_xml(path)
    assert cii.findtext(f"{SETTLEMENT}/ram:TaxCurrencyCode", namespaces=NS) == "EUR"
    totals = {
        amount.get("currencyID"): Decimal(amount.text or "")
        for amount in cii.iterfind(
            f"{SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount",
            NS,
        )
    }
    assert totals == {"USD": Decimal("42.00"), "EUR": Decimal("38.64")}
    ubl = _ubl(book, number)
    assert ubl.findtext("cbc:TaxCurrencyCode", namespaces=NS) == "EUR"
    tax_totals = ubl.findall("cac:TaxTotal", NS)
    assert [
        (t.find("cbc:TaxAmount", NS).get("currencyID"), t.find("cac:TaxSubtotal", NS) is None)  # type: ignore[union-attr]
        for t in tax_totals
    ] == [("USD", False), ("EUR", True)]
    assert tax_totals[1].findtext("cbc:TaxAmount", namespaces=NS) == "38.64"
    note = str(credit_invoice(book, number)["number"])
    note_totals = [
        (amount.get("currencyID"), amount.text)
        for amount in _embedded_xml(_pdf(book, note, tmp_path)).iterfind(
            ".//ram:TaxTotalAmount", NS
        )
    ]
    assert note_totals == [("USD", "42.00"), ("EUR", "38.64")]  # positive, type 381


def test_the_document_states_the_stored_delivery_date_never_the_issue_date(book):
    """Documents read only what the invoice stores: nothing falls back to the issue date."""
    _seller(book)
    number = _issue(book, delivered="2026-03-02")
    doc = invoice_document(book, number)
    assert (doc.delivery_date, doc.period_start, doc.issue_date) == (
        date(2026, 3, 2),
        None,
        date(2026, 11, 23),
    )
