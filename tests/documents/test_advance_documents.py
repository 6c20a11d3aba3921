"""The advance invoice and the final invoice deducting it, as the client reads them (pdftotext)
and as accounting software reads them (the Factur-X XML in the PDF, the UBL export)."""

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from clientkit.services.advances import request_advance
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoice_documents import export_ubl
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.stored_documents import write_invoice_pdf
from tests.documents.test_invoice_pdf import _embedded_xml
from tests.documents.test_invoice_pdf import _text as _layout_text
from tests.documents.test_supply_and_tax_documents import NS, SETTLEMENT


def _text(path: Path) -> str:
    """The PDF's text with each run of spaces and line breaks read as one space."""
    return " ".join(_layout_text(path).split())


def _studio(book: Book, locale: str) -> None:
    """A Slovak freelancer charging VAT and a client writing in `locale`, with a project of
    1,500 whose advance invoices ask for 300 at 20 % and 100 at 10 %."""
    set_profile(
        book,
        name="Jana Nováková",
        street="Obchodná 24",
        postcode="811 06",
        city="Bratislava",
        country="SK",
        vat_id="SK2020273893",
        iban="SK3112000000198742637541",
    )
    add_client(
        book,
        "Acme",
        company="Acme Ltd",
        street="1 King St",
        postcode="EC2V 8AU",
        city="London",
        country="GB",
        locale=locale,
    )
    add_project(book, "Acme", "Brand", TermsInput(price="1500", deposit="0"))


def _advance(book: Book, amount: str, vat: str) -> str:
    advance = request_advance(book, "Brand", amount=amount, vat=vat)
    record_deposit(book, "Brand", str(advance["total"]))
    return str(advance["number"])


def _pdf(book: Book, number: str, tmp_path: Path) -> Path:
    return Path(write_invoice_pdf(book, number, output=str(tmp_path))["path"])


def _ubl(book: Book, number: str, tmp_path: Path) -> etree._Element:
    written = export_ubl(book, number, output=str(tmp_path / "ubl"))
    return etree.fromstring(Path(written["path"]).read_bytes())


@pytest.fixture
def billed(book: Book, tmp_path: Path) -> tuple[Book, str, str, str]:
    """Advance invoices 2026-0001 (300 at 20 %) and 2026-0002 (100 at 10 %), both paid, and
    the final invoice 2026-0003 deducting them."""
    _studio(book, "en_GB")
    first, second = _advance(book, "300", "20%"), _advance(book, "100", "10%")
    final = issue_invoice(book, str(create_invoice(book, "Brand", vat="20%")["id"]))
    return book, first, second, str(final["number"])


def test_the_advance_invoice_says_what_it_is_its_number_and_its_vat_per_rate(billed, tmp_path):
    book, first, _, _ = billed
    path = _pdf(book, first, tmp_path)
    assert path.name == "advance-invoice-2026-0001-acme.pdf"
    text = _text(path)
    assert text.startswith("Advance invoice 2026-0001")
    assert "Advance payment: Brand 1 pc €300.00 20 % €300.00" in text
    assert "VAT summary Net VAT Subtotal €300.00 20 % €300.00 €60.00" in text
    assert "Total €360.00" in text
    assert "this invoice will be deducted on the final invoice" in text


def test_the_advance_invoices_e_invoice_is_a_prepayment_invoice_type_386(billed, tmp_path):
    book, first, _, _ = billed
    cii = _embedded_xml(_pdf(book, first, tmp_path))
    assert cii.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "386"
    assert cii.findtext(".//ram:DuePayableAmount", namespaces=NS) == "360.00"
    ubl = _ubl(book, first, tmp_path)
    assert ubl.findtext("cbc:InvoiceTypeCode", namespaces=NS) == "386"


def test_the_final_invoice_deducts_each_advance_at_its_rate_and_owes_the_rest(billed, tmp_path):
    """1,500 at 20 % less 300 at 20 % and 100 at 10 %: VAT still owed is 240 − 10."""
    book, first, second, final = billed
    text = _text(_pdf(book, final, tmp_path))
    assert text.startswith(f"Invoice {final}")
    # The description wraps: "deducted" ends up below the amounts.
    assert f"Advance invoice {first} 1 pc -€300.00 20 % -€300.00 deducted" in text
    assert f"Advance invoice {second} 1 pc -€100.00 10 % -€100.00 deducted" in text
    assert "10 % -€100.00 -€10.00" in text
    assert "20 % €1,200.00 €240.00" in text
    assert "Total €1,330.00" in text
    assert f"Advance invoices deducted: {first} (23 Nov 2026), {second} (23 Nov 2026)." in text


def test_the_final_invoices_e_invoice_names_the_advances_it_deducts(billed, tmp_path):
    book, first, second, final = billed
    cii = _embedded_xml(_pdf(book, final, tmp_path))
    assert cii.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "380"
    referenced = cii.findall(f"{SETTLEMENT}/ram:InvoiceReferencedDocument", NS)
    assert [r.findtext("ram:IssuerAssignedID", namespaces=NS) for r in referenced] == [
        first,
        second,
    ]
    taxes = {
        tax.findtext("ram:RateApplicablePercent", namespaces=NS): (
            Decimal(tax.findtext("ram:BasisAmount", namespaces=NS) or "0"),
            Decimal(tax.findtext("ram:CalculatedAmount", namespaces=NS) or "0"),
        )
        for tax in cii.findall(f"{SETTLEMENT}/ram:ApplicableTradeTax", NS)
    }
    assert taxes == {
        "10": (Decimal("-100.00"), Decimal("-10.00")),
        "20": (Decimal("1200.00"), Decimal("240.00")),
    }
    ubl = _ubl(book, final, tmp_path)
    billing = ubl.findall("cac:BillingReference/cac:InvoiceDocumentReference", NS)
    assert [b.findtext("cbc:ID", namespaces=NS) for b in billing] == [first, second]


@pytest.mark.parametrize(
    ("locale", "title", "deducted"),
    [
        ("de_DE", "Anzahlungsrechnung 2026-0001", "Abgezogene Anzahlungsrechnungen: 2026-0001"),
        ("sk_SK", "Zálohová faktúra 2026-0001", "Odpočítané zálohové faktúry: 2026-0001"),
        ("cs_CZ", "Zálohová faktura 2026-0001", "Odečtené zálohové faktury: 2026-0001"),
    ],
)
def test_the_advance_and_the_final_invoice_speak_the_clients_language(
    book, tmp_path, locale, title, deducted
):
    _studio(book, locale)
    first = _advance(book, "300", "20%")
    final = issue_invoice(book, str(create_invoice(book, "Brand", vat="20%")["id"]))
    text = _text(_pdf(book, first, tmp_path))
    assert text.startswith(title.split()[0])  # the number may wrap below a long title
    assert text.endswith(f"· {title} 1")  # the footer: seller, VAT id, title, page
    assert deducted in _text(_pdf(book, str(final["number"]), tmp_path))
