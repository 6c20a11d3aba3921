"""Buyer and order references (BT-10, BT-13) and electronic addresses (BT-34, BT-49) in the
services: a project's references apply to its invoices unless an invoice has its own, issuing
keeps those that applied, a credit note carries its invoice's; addresses are stored in the
form Peppol reads; the pre-write checks refuse what a profile's rules would."""

import pytest

from clientkit.domain.einvoice import EN16931, PEPPOL, XRECHNUNG
from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, edit_client
from clientkit.services.einvoice_checks import check_einvoice
from clientkit.services.errors import Refused
from clientkit.services.invoicing import create_invoice, credit_invoice, issue_invoice, show_invoice
from clientkit.services.party_fields import check_party_field
from clientkit.services.profile import set_profile
from clientkit.services.project_edits import ProjectChanges, edit_project
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from tests.documents.test_invoice_pdf import invoice_document
from tests.einvoice.kinds import german_business


def _refs(view) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return view["buyer_ref"], view["order_ref"]


@pytest.fixture
def project(book):  # type: ignore[no-untyped-def]
    set_profile(book, name="Jana", country="SK", vat_id="SK2020273893")
    add_client(book, "Acme", country="SK", vat_id="SK2120046819")
    add_project(book, "Acme", "Logo", TermsInput(price="900", deposit="0", buyer_ref=" L-1 "))
    return book


def test_a_projects_references_are_stored_trimmed_and_cleared_by_empty_or_none(project):
    assert _refs(show_project(project, "Logo")) == ("L-1", "")
    changed = edit_project(project, "Logo", ProjectChanges(terms=TermsInput(order_ref="PO-7")))
    assert (_refs(changed), changed["changed"]) == (("L-1", "PO-7"), ["order_ref"])
    edit_project(project, "Logo", ProjectChanges(terms=TermsInput(buyer_ref="")))
    edit_project(project, "Logo", ProjectChanges(clear=frozenset({"order_ref"})))
    assert _refs(show_project(project, "Logo")) == ("", "")


def test_an_invoice_carries_its_own_references_else_its_projects(project):
    own = create_invoice(project, "Logo", order_ref="PO-9")
    assert _refs(own) == ("L-1", "PO-9")
    edit_project(project, "Logo", ProjectChanges(terms=TermsInput(buyer_ref="L-2")))
    assert _refs(show_invoice(project, str(own["id"]))) == ("L-2", "PO-9")


def test_issuing_keeps_the_references_that_applied_and_a_credit_note_carries_them(project):
    number = str(issue_invoice(project, str(create_invoice(project, "Logo")["id"]))["number"])
    edit_project(project, "Logo", ProjectChanges(terms=TermsInput(buyer_ref="L-2")))
    assert _refs(show_invoice(project, number)) == ("L-1", "")
    note = credit_invoice(project, number)
    assert _refs(note) == ("L-1", "")
    assert _refs(create_invoice(project, "Logo")) == ("L-2", "")


def test_a_reference_no_e_invoice_could_carry_is_refused_before_anything_is_stored(project):
    with pytest.raises(InvalidValue, match="buyer reference must not contain control"):
        create_invoice(project, "Logo", buyer_ref="L\x1b[2J")
    with pytest.raises(InvalidValue, match="order reference is too long"):
        edit_project(project, "Logo", ProjectChanges(terms=TermsInput(order_ref="x" * 201)))
    assert _refs(show_project(project, "Logo")) == ("L-1", "")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9950:sk2020273893", "9950:SK2020273893"),
        ("0088:4000001123452", "0088:4000001123452"),
        ("0208:0403.170.701", "0208:0403170701"),
        ("0204:991-12345-67", "0204:991-12345-67"),
        ("", ""),
    ],
)
def test_an_electronic_address_is_stored_as_peppol_reads_it(typed, stored):
    assert check_party_field("endpoint", typed) == stored


def test_a_client_edit_sets_the_address_the_exports_use(book):
    add_client(book, "Acme", country="SK")
    assert edit_client(book, "Acme", endpoint="0088:4000001123452")["endpoint"] == (
        "0088:4000001123452"
    )
    with pytest.raises(InvalidValue, match="--endpoint 9930:SK2020273893: SK2020273893 is not"):
        edit_client(book, "Acme", endpoint="9930:SK2020273893")


def test_the_checks_pass_a_complete_document_for_every_profile(book):
    doc = invoice_document(book, german_business(book))
    for profile in (EN16931, XRECHNUNG, PEPPOL):
        check_einvoice(doc, profile)


def test_the_checks_name_what_is_missing_the_rule_and_the_command(book):
    number = german_business(book)
    edit_client(book, "Stadtwerke Köln", postcode="")
    doc = invoice_document(book, number)
    check_einvoice(doc, EN16931)  # plain EN 16931 needs no post code
    with pytest.raises(Refused) as refused:
        check_einvoice(doc, XRECHNUNG)
    assert str(refused.value) == (
        "the client's address has no post code (XRechnung BR-DE-9): set it with clientkit "
        "client edit 'Stadtwerke Köln' --postcode ..."
    )
    with pytest.raises(Refused, match=r"\(Peppol DE-R-009\)"):
        check_einvoice(doc, PEPPOL)


def test_an_address_from_an_older_book_that_no_longer_checks_is_refused(book):
    number = german_business(book)
    with book.write() as session:  # as an import of an older export might have left it
        from clientkit.storage.models import Client

        client = session.get(Client, 1)
        assert client is not None
        client.endpoint = "EM:rechnungen@stadtwerke-koeln.de"
        session.add(client)
    with pytest.raises(Refused, match="client Stadtwerke Köln's electronic address EM:"):
        check_einvoice(invoice_document(book, number), EN16931)
