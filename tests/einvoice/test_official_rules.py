"""Today's invoices, credit notes and reverse-charge invoices pass the official EN 16931 rules
(CII and UBL) and the Factur-X EN 16931 schematron with no fatal assert."""

import pytest

from clientkit.documents.facturx_xml import cii_xml
from clientkit.documents.ubl import ubl_xml
from clientkit.services.clients import add_client
from clientkit.services.invoicing import create_invoice, credit_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from tests.documents.test_invoice_pdf import _issued, invoice_document
from tests.einvoice.official import broken_rules, fatal_rules


def _reverse_charge(book) -> str:
    set_profile(book, name="Jana", vat_id="SK2020123457", reverse_charge=True)
    add_client(book, "Müller GmbH", vat_id="DE123456788", locale="de_DE")
    add_project(book, "Müller GmbH", "Site", TermsInput(price="2000", deposit="0"))
    return str(issue_invoice(book, str(create_invoice(book, "Site", vat="20%")["id"]))["number"])


def _credit_note(book) -> str:
    return str(credit_invoice(book, _issued(book))["number"])


KINDS = {"invoice": _issued, "credit note": _credit_note, "reverse charge": _reverse_charge}


@pytest.mark.parametrize("kind", KINDS)
def test_the_cii_passes_en_16931_and_factur_x(book, tmp_path, kind):
    xml = cii_xml(invoice_document(book, KINDS[kind](book)))
    assert fatal_rules(xml, "en16931-cii", tmp_path) == []
    assert fatal_rules(xml, "facturx", tmp_path) == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_ubl_passes_en_16931(book, tmp_path, kind):
    xml = ubl_xml(invoice_document(book, KINDS[kind](book)))
    assert fatal_rules(xml, "en16931-ubl", tmp_path) == []


def test_the_rule_runner_reports_a_broken_rule(book, tmp_path):
    """The check can fail: an invoice without its number breaks BR-02."""
    xml = cii_xml(invoice_document(book, _issued(book)))
    start = xml.index(b"<ram:ID>", xml.index(b"<rsm:ExchangedDocument>"))
    end = xml.index(b"</ram:ID>", start) + len(b"</ram:ID>")
    broken = broken_rules(xml[:start] + xml[end:], "en16931-cii", tmp_path)
    assert any(b.rule == "BR-02" and b.flag == "fatal" for b in broken), broken
