"""The profile's payment QR choice for Slovak clients: stored, refused when unknown (nothing
changed), carried by an export into a new book, and what an invoice document is made with."""

import pytest

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput
from clientkit.services.export import export_book
from clientkit.services.import_ import import_path
from clientkit.services.invoicing import create_invoice
from clientkit.services.profile import set_profile, show_profile
from clientkit.services.projects import TermsInput, add_project
from tests.documents.test_invoice_pdf import invoice_document
from tests.services.test_transfer import _empty_book_like


def test_the_choice_is_stored_in_lower_case(book: Book):
    assert show_profile(book)["slovak_qr"] == "both"
    assert set_profile(book, slovak_qr="Pay-By-Square")["slovak_qr"] == "pay-by-square"


def test_an_unknown_choice_is_refused_and_the_profile_kept(book: Book):
    set_profile(book, name="Jana", slovak_qr="epc")
    with pytest.raises(BadInput, match="expected one of pay-by-square, epc, both"):
        set_profile(book, name="Eva", slovak_qr="girocode")
    assert (show_profile(book)["name"], show_profile(book)["slovak_qr"]) == ("Jana", "epc")


def test_an_invoice_document_carries_the_profiles_choice(book: Book):
    set_profile(book, slovak_qr="pay-by-square")
    add_client(book, "Tatra", country="SK")
    add_project(book, "Tatra", "Logo", TermsInput(price="100", deposit="0"))
    draft = create_invoice(book, "Logo")
    assert invoice_document(book, str(draft["id"])).slovak_qr == "pay-by-square"


def test_an_export_carries_the_choice_into_a_new_book(book: Book, tmp_path):
    set_profile(book, name="Jana", slovak_qr="epc")
    export_book(book, tmp_path / "out")
    restored = _empty_book_like(book, tmp_path)
    import_path(restored, tmp_path / "out")
    assert show_profile(restored)["slovak_qr"] == "epc"
    restored.engine.dispose()
