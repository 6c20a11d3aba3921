"""Invoice lines carry their unit (PDF, CII, UBL); Slovak and Czech invoices a numeric VS."""

import re

import pytest
from lxml import etree

from clientkit.documents.ubl import ubl_xml
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import add_line, create_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import log_time
from tests.documents.test_invoice_pdf import (
    IBAN,
    NS,
    _embedded_xml,
    _issued,
    _pdf,
    _qr_payload,
    _text,
    invoice_document,
)

UBL_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


def _hourly_invoice(book: Book, *, locale: str, currency: str = "EUR") -> str:
    """25.75 h of work, 0.5 h of calls (communication, billed as hours) and a flat hosting fee."""
    set_profile(
        book,
        name="Jana Nováková",
        business="Štúdio Nováková",
        iban=IBAN,
        bic="TATRSKBX",
        vat_id="SK2020123457",
        address="Hlavná 1\n811 01 Bratislava",
    )
    add_client(book, "Klient", currency=currency, locale=locale, address="Ulica 1\nKošice")
    add_project(book, "Klient", "Web", TermsInput(hourly="40", deposit="0%", currency=currency))
    for day, duration in (("2026-11-16", "8h"), ("2026-11-17", "8h"), ("2026-11-18", "8h")):
        log_time(book, "Web", duration, "work", on=day)
    log_time(book, "Web", "1h45m", "work", on="2026-11-19")
    log_time(book, "Web", "30m", "call", on="2026-11-19")
    draft = str(create_invoice(book, "Web", vat="20%")["id"])
    add_line(book, draft, "Hosting", "120", vat="20%")
    return str(issue_invoice(book, draft)["number"])


@pytest.mark.parametrize(
    ("locale", "hours", "half_hour", "piece"),
    [
        ("en_US", "25.75 hr", "0.5 hr", "1 pc"),
        ("sk_SK", "25,75 h", "0,5 h", "1 ks"),
        ("cs_CZ", "25,75 h", "0,5 h", "1 ks"),
        ("de_DE", "25,75 Std.", "0,5 Std.", "1 Stk."),
    ],
)
def test_each_line_prints_its_quantity_with_its_unit(
    book, tmp_path, locale, hours, half_hour, piece
):
    """Hours (work and calls) print with the hour's short name in the invoice's language,
    flat items as pieces."""
    text = _text(_pdf(book, _hourly_invoice(book, locale=locale), tmp_path))
    for expected in (hours, half_hour, piece):
        assert re.search(rf"(^|\s){re.escape(expected)}(\s|$)", text, re.MULTILINE), expected


def test_a_locale_without_a_catalog_prints_english_units_and_english_numbers(book, tmp_path):
    """A French client gets an English invoice (no French catalog), its numbers in English
    too: never English words around French numbers."""
    text = _text(_pdf(book, _hourly_invoice(book, locale="fr_FR"), tmp_path))
    assert "25.75 hr" in text
    assert "1 pc" in text


def test_cii_and_ubl_carry_the_rec_20_unit_of_every_line(book, tmp_path):
    """HUR for the hours of work and of communication, C62 for the flat fee: in the embedded
    CII (BilledQuantity) and in the UBL export (InvoicedQuantity)."""
    number = _hourly_invoice(book, locale="en_US")
    cii = _embedded_xml(_pdf(book, number, tmp_path))
    billed = cii.findall(".//ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", NS)
    assert [(q.text, q.get("unitCode")) for q in billed] == [
        ("25.75", "HUR"),
        ("0.5", "HUR"),
        ("1", "C62"),
    ]
    ubl = etree.fromstring(ubl_xml(invoice_document(book, number)))
    invoiced = ubl.findall(f".//{{{UBL_CBC}}}InvoicedQuantity")
    assert [(q.text, q.get("unitCode")) for q in invoiced] == [
        ("25.75", "HUR"),
        ("0.5", "HUR"),
        ("1", "C62"),
    ]


def _reference_row(text: str, label: str) -> str:
    found = re.search(rf"{label}\s+(\S+)", text)
    assert found, label
    return found.group(1)


@pytest.mark.parametrize(
    ("locale", "label", "title"),
    [("sk_SK", "Variabilný symbol", "Faktúra"), ("cs_CZ", "Variabilní symbol", "Faktura")],
)
def test_slovak_and_czech_invoices_give_the_number_s_digits_as_variable_symbol(
    book, tmp_path, locale, label, title
):
    """2026-0001 pays with VS 20260001: printed, in the payment QR and as BT-83 in the XML,
    while the invoice keeps its number."""
    number = _issued(book, locale=locale)
    assert number == "2026-0001"
    path = _pdf(book, number, tmp_path)
    text = _text(path)
    assert f"{title} 2026-0001" in text
    assert _reference_row(text, label) == "20260001"
    assert _qr_payload(path, tmp_path)[-1] == "20260001"
    xml = _embedded_xml(path)
    assert xml.findtext(".//ram:PaymentReference", namespaces=NS) == "20260001"
    assert xml.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == "2026-0001"


def test_other_invoices_ask_for_the_invoice_number_as_reference(book, tmp_path):
    number = _issued(book, locale="en_US")
    path = _pdf(book, number, tmp_path)
    assert _reference_row(_text(path), "Reference") == number
    assert _qr_payload(path, tmp_path)[-1] == number
    assert _embedded_xml(path).findtext(".//ram:PaymentReference", namespaces=NS) == number
