"""Issued invoice PDFs are PDF/A-3B: sRGB OutputIntent, Alternative XML, agreeing metadata."""

from dataclasses import replace
from datetime import date
from io import BytesIO

from lxml import etree
from pypdf import PdfReader

from clientkit.documents.contract_pdf import render_contract_pdf
from clientkit.documents.invoice_pdf import render_invoice
from clientkit.documents.pdfa import PROFILE_DATE, srgb_profile
from clientkit.services.invoicing import credit_invoice
from tests.documents.test_invoice_pdf import _issued, invoice_document

XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
}


def _reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def _xmp(reader: PdfReader) -> etree._Element:
    return etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def _one(xmp: etree._Element, path: str) -> str:
    found = xmp.xpath(path, namespaces=XMP_NS)
    assert len(found) == 1, path
    return "".join(found[0].itertext()).strip()


def test_an_issued_invoice_has_an_srgb_pdfa_output_intent(book):
    """ReportLab paints in DeviceRGB; PDF/A-3 allows that only under an RGB OutputIntent."""
    reader = _reader(render_invoice(invoice_document(book, _issued(book))))
    intents = [intent.get_object() for intent in reader.trailer["/Root"]["/OutputIntents"]]
    assert [intent["/S"] for intent in intents] == ["/GTS_PDFA1"]
    profile = intents[0]["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    icc = profile.get_data()
    assert icc[36:40] == b"acsp"  # an ICC profile...
    assert (icc[12:16], icc[16:20]) == (b"mntr", b"RGB ")  # ...of an RGB display
    assert icc[8] <= 4  # ICC version 4 at most, as PDF/A-3 allows
    assert intents[0]["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"


def test_the_factur_x_xml_is_attached_as_the_invoices_alternative(book):
    """EN 16931 profile: the XML is the whole invoice, so its relationship is Alternative."""
    reader = _reader(render_invoice(invoice_document(book, _issued(book))))
    root = reader.trailer["/Root"]
    associated = [spec.get_object() for spec in root["/AF"]]
    assert [spec["/F"] for spec in associated] == ["factur-x.xml"]
    assert associated[0]["/AFRelationship"] == "/Alternative"
    assert [attachment.name for attachment in reader.attachment_list] == ["factur-x.xml"]


def test_the_xmp_claims_pdfa_3b_and_agrees_with_the_document_info(book):
    """Producer, creator, title, keywords and dates read the same in both metadata sets, and
    the dates are the invoice's issue date."""
    number = _issued(book)
    reader = _reader(render_invoice(invoice_document(book, number)))
    xmp, info = _xmp(reader), reader.metadata
    assert info is not None
    assert (_one(xmp, "//pdfaid:part"), _one(xmp, "//pdfaid:conformance")) == ("3", "B")
    assert _one(xmp, "//pdf:Producer") == info["/Producer"]
    assert _one(xmp, "//xmp:CreatorTool") == info["/Creator"] == "clientkit"
    assert _one(xmp, "//dc:title") == info["/Title"]
    assert number in info["/Title"]
    assert _one(xmp, "//pdf:Keywords") == info["/Keywords"]
    issued = date(2026, 11, 23)  # the book's day (tests/conftest.py TODAY)
    assert info.creation_date is not None
    assert info.modification_date is not None
    assert info.creation_date.date() == info.modification_date.date() == issued
    assert _one(xmp, "//xmp:CreateDate") == _one(xmp, "//xmp:ModifyDate") == issued.isoformat()
    assert _one(xmp, "//fx:ConformanceLevel") == "EN 16931"


def test_a_credit_note_is_pdfa_3b_too(book):
    number = credit_invoice(book, _issued(book))["number"]
    reader = _reader(render_invoice(invoice_document(book, number)))
    assert reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert _one(_xmp(reader), "//pdf:Producer") == reader.metadata["/Producer"]


def test_an_issued_invoice_renders_to_the_same_bytes_every_time(book):
    """No clock in the file: metadata and the attachment are dated by the issue date, and the
    sRGB profile carries a fixed date instead of the time it was built."""
    doc = invoice_document(book, _issued(book))
    assert render_invoice(doc) == render_invoice(doc)
    header_date = tuple(int.from_bytes(srgb_profile()[i : i + 2]) for i in range(24, 36, 2))
    assert header_date == PROFILE_DATE


def test_a_draft_makes_no_pdfa_claim(book):
    """A preview carries no XML and no XMP: it claims nothing it is not."""
    doc = invoice_document(book, _issued(book))
    reader = _reader(render_invoice(replace(doc, number=None, status="draft")))
    assert "/Metadata" not in reader.trailer["/Root"]


def test_contract_pdfs_make_no_pdfa_claim():
    """Contracts are plain PDFs: no XMP packet, so no PDF/A identification to be false."""
    reader = _reader(render_contract_pdf("# Agreement\n\nText.\n", author="Jana"))
    assert "/Metadata" not in reader.trailer["/Root"]
    assert b"pdfaid" not in render_contract_pdf("# Agreement\n\nText.\n", author="Jana")
