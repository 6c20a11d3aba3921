"""Eight kinds of document, written as the product writes them (the PDF's Factur-X XML, and
`invoice export` in UBL and CII for each profile that applies), pass every official rule set
that applies to them with no fatal assert: EN 16931 and Factur-X on the PDF's XML, EN 16931 on
every export, XRechnung on those with a buyer reference, Peppol BIS on those whose parties have
Peppol addresses and a buyer or order reference."""

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.errors import Refused
from clientkit.services.invoice_documents import export_ubl
from clientkit.services.stored_documents import write_invoice_pdf
from tests.conftest import TODAY, fresh_sqlite_book
from tests.einvoice.kinds import KINDS
from tests.einvoice.official import fatal_rules

# What each document is, and the rule sets that judge it.
DOCUMENTS = {
    "PDF's Factur-X": ("en16931-cii", "facturx"),
    "UBL": ("en16931-ubl",),
    "UBL XRechnung": ("en16931-ubl", "xrechnung-ubl"),
    "CII XRechnung": ("en16931-cii", "xrechnung-cii"),
    "UBL Peppol": ("en16931-ubl", "peppol-ubl"),
    "CII Peppol": ("en16931-cii", "peppol-cii"),
}
# How `invoice export` writes each exported document: (profile, syntax).
EXPORTS = {
    "UBL": ("en16931", "ubl"),
    "UBL XRechnung": ("xrechnung", "ubl"),
    "CII XRechnung": ("xrechnung", "cii"),
    "UBL Peppol": ("peppol", "ubl"),
    "CII Peppol": ("peppol", "cii"),
}
EVERYWHERE = ("PDF's Factur-X", "UBL")
XRECHNUNG = ("UBL XRechnung", "CII XRechnung")
PEPPOL = ("UBL Peppol", "CII Peppol")
# The documents each kind is written as: XRechnung needs a buyer reference (the Slovak
# company gave an order number only), Peppol addresses for both parties (a private person
# has none) and a buyer or order reference.
APPLIES = {
    "German business client": EVERYWHERE + XRECHNUNG + PEPPOL,
    "Slovak business client": EVERYWHERE + PEPPOL,
    "EU reverse charge": EVERYWHERE + XRECHNUNG + PEPPOL,
    "private client": EVERYWHERE,
    "credit note": EVERYWHERE + XRECHNUNG + PEPPOL,
    "non-EUR with VAT": EVERYWHERE + XRECHNUNG + PEPPOL,
    "advance invoice": EVERYWHERE + XRECHNUNG + PEPPOL,
    "final invoice deducting an advance": EVERYWHERE + XRECHNUNG + PEPPOL,
}
CASES = [(kind, document) for kind, documents in APPLIES.items() for document in documents]


@pytest.fixture(scope="module")
def books(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path
) -> Iterator[dict[str, tuple[Book, str]]]:
    """Each kind's book and the number of its document, made once for the module."""
    folder = tmp_path_factory.mktemp("kinds")
    made: dict[str, tuple[Book, str]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLIENTKIT_HOME", str(folder / "home"))
        for position, (kind, build) in enumerate(KINDS.items()):
            url = fresh_sqlite_book(_sqlite_template, folder / f"book-{position}.db")
            book = open_book(url, clock_from_text(TODAY))
            made[kind] = (book, build(book))
        yield made
    for book, _ in made.values():
        book.engine.dispose()


def _written(book: Book, number: str, document: str, folder: Path) -> bytes:
    """The XML of `document` as the product writes it to a file."""
    if document == "PDF's Factur-X":
        path = Path(write_invoice_pdf(book, number, output=str(folder))["path"])
        (xml,) = PdfReader(BytesIO(path.read_bytes())).attachments["factur-x.xml"]
        return xml
    profile, syntax = EXPORTS[document]
    written = export_ubl(book, number, profile=profile, syntax=syntax, output=str(folder))
    return Path(written["path"]).read_bytes()


@pytest.mark.parametrize(("kind", "document"), CASES)
def test_the_document_passes_every_rule_set_that_applies(books, tmp_path, kind, document):
    book, number = books[kind]
    xml = _written(book, number, document, tmp_path)
    broken = {rule_set: fatal_rules(xml, rule_set, tmp_path) for rule_set in DOCUMENTS[document]}
    assert broken == {rule_set: [] for rule_set in DOCUMENTS[document]}


@pytest.mark.parametrize(
    ("kind", "profile", "rule"),
    [
        ("Slovak business client", "xrechnung", "BR-DE-15"),
        ("private client", "xrechnung", "BR-DE-15"),
        ("private client", "peppol", "PEPPOL-EN16931-R003"),
    ],
)
def test_a_profile_that_does_not_apply_is_refused_naming_its_rule(
    books, tmp_path, kind, profile, rule
):
    book, number = books[kind]
    with pytest.raises(Refused, match=rule):
        export_ubl(book, number, profile=profile, output=str(tmp_path))
    assert list(tmp_path.iterdir()) == []
