"""Invoice, advance-invoice and credit-note PDFs (ReportLab), with payment QR codes and
embedded Factur-X XML.

Every user string reaches ReportLab through pdfkit (escaped paragraphs or
plain table text); amounts and dates are formatted by clientkit.i18n in the
client's locale. Issued documents embed their EN 16931 XML, whose totals are
the same figures this page prints.
"""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from clientkit.documents import pdfkit
from clientkit.documents.invoice_qr import PaymentQr, invoice_qrs
from clientkit.documents.pdfkit import FRAME_WIDTH, para
from clientkit.documents.supply_words import supply_words
from clientkit.domain.billing import REVERSE_CHARGE_NOTE, DocLine, InvoiceDoc, Party
from clientkit.domain.exemptions import document_exemption
from clientkit.domain.payment_reference import payment_reference
from clientkit.domain.units import HOUR, line_unit
from clientkit.domain.wording import N_, fill
from clientkit.i18n import (
    country_name,
    format_date,
    format_decimal,
    format_exact,
    format_money_code,
    format_unit,
    money_formatter,
)
from clientkit.translations import document_locale, language_of, say, translator, wording

# The invoice's labels by key, as message ids of the catalogs (clientkit.translations).
LABELS: dict[str, str] = {
    "invoice": N_("Invoice"),
    "credit_note": N_("Credit note"),
    "draft": N_("DRAFT – not a valid invoice"),
    "issue_date": N_("Issue date"),
    "due_date": N_("Due date"),
    # TRANSLATORS: heading of the seller's block
    "from": N_("From"),
    # TRANSLATORS: heading of the buyer's block
    "to": N_("Bill to"),
    "description": N_("Description"),
    # TRANSLATORS: column heading: quantity
    "qty": N_("Qty"),
    # TRANSLATORS: the unit of a quantity of items, after the number: "1 pc"
    "piece": N_("pc"),
    "unit_price": N_("Unit price"),
    "vat": N_("VAT"),
    "amount": N_("Amount"),
    "vat_summary": N_("VAT summary"),
    # TRANSLATORS: column heading of the VAT summary: the amount VAT is charged on
    "base": N_("Net"),
    "subtotal": N_("Subtotal"),
    "total": N_("Total"),
    "deposits": N_("Deposits received"),
    "payments": N_("Payments received"),
    "amount_due": N_("Amount due"),
    "payment": N_("Payment"),
    "iban": N_("IBAN"),
    "bic": N_("BIC"),
    # TRANSLATORS: what the payer quotes with the transfer (Slovak and Czech: variable symbol)
    "reference": N_("Reference"),
    "pay_by": N_("Please transfer %(amount)s by %(date)s."),
    "paid_in_full": N_("Paid in full – thank you."),
    "vat_id": N_("VAT ID"),
    "tax_id": N_("Tax ID"),
    # TRANSLATORS: a company's number in the business register
    "reg_id": N_("Reg. no."),
    # TRANSLATORS: a party's contact person
    "contact": N_("Contact"),
    "phone": N_("Phone"),
    "cancels": N_("This credit note cancels invoice %(number)s of %(date)s."),
    "credited_by": N_("Cancelled by credit note %(number)s."),
    # TRANSLATORS: under the payment QR code
    "scan": N_("Scan to pay"),
    "total_credit": N_("Total credited"),
    "advance_invoice": N_("Advance invoice"),
    "advance_note": N_(
        "Advance payment for %(project)s: this invoice will be deducted on the final invoice."
    ),
    "deducts": N_("Advance invoices deducted: %(numbers)s."),
}
QR_SIZE = 32 * mm
QR_CELL = QR_SIZE + 6 * mm  # a code and the gap before it
QUIET_ZONE = 4  # modules of light margin around a QR code (ISO/IEC 18004)
DARK_RUN = re.compile(rb"\x01+")  # segno's matrix holds 1 for a dark module, 0 for light


@lru_cache(maxsize=16)
def labels_for(locale: str) -> dict[str, str]:
    """The invoice labels in the document language of `locale` (English without a catalog)."""
    words = translator(language_of(document_locale(locale)))
    return {key: words.gettext(message) for key, message in LABELS.items()}


class QrCode(Flowable):
    """A QR code drawn as vector squares: crisp at any zoom, tiny in the file."""

    def __init__(self, qr: Any, size: float) -> None:
        super().__init__()
        self.matrix: tuple[bytearray, ...] = qr.matrix  # the symbol, without its quiet zone
        self.size = size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        module = self.size / (len(self.matrix) + 2 * QUIET_ZONE)
        # One unit = one module, the origin inside the quiet zone.
        canvas.transform(module, 0, 0, module, QUIET_ZONE * module, QUIET_ZONE * module)
        # One `re` operator per horizontal run of dark modules, written as one
        # literal: formatting hundreds of rectangles through canvas.rect is slow.
        canvas.addLiteral(" ".join(_runs(self.matrix)) + " f")
        canvas.restoreState()


def _runs(matrix: tuple[bytearray, ...]) -> list[str]:
    """`x y width 1 re` for each run of dark modules, the bottom row at y = 0."""
    top = len(matrix) - 1
    return [
        f"{run.start()} {top - r} {run.end() - run.start()} 1 re"
        for r, row in enumerate(matrix)
        for run in DARK_RUN.finditer(row)
    ]


def render_invoice(doc: InvoiceDoc) -> bytes:
    """The PDF of an invoice or credit note, wholly in one language (the client's where it has
    a catalog, else English with English dates and numbers); issued ones carry the Factur-X XML."""
    doc = replace(doc, locale=document_locale(doc.locale))
    words = labels_for(doc.locale)
    story = _story(doc, words)
    title = _title(doc, words)
    pdf = pdfkit.build_pdf(
        story,
        title=title,
        author=doc.seller.company or doc.seller.name,
        subject=title,
        on_page=_footer(doc, words),
    )
    if not doc.number:
        return pdf
    from clientkit.documents.facturx_xml import cii_xml, embed

    # No pass sharing identical objects: fonts are stored once already (see facturx_xml.embed),
    # so it would save nothing here and cost a pypdf pass.
    return embed(pdf, cii_xml(doc), doc)


def _title(doc: InvoiceDoc, words: dict[str, str]) -> str:
    noun = words["credit_note"] if doc.kind == "credit_note" else words["invoice"]
    if doc.advance:
        noun = words["advance_invoice"]
    return f"{noun} {doc.number}" if doc.number else noun


def _story(doc: InvoiceDoc, words: dict[str, str]) -> list[Flowable]:
    story: list[Flowable] = [
        _header(doc, words),
        Spacer(1, 6 * mm),
        _parties(doc, words),
        Spacer(1, 7 * mm),
        _lines(doc, words),
        Spacer(1, 4 * mm),
        _summary(doc, words),
    ]
    tax_notes = _tax_notes(doc, words)
    if tax_notes:
        story.append(Spacer(1, 2 * mm))
        story += [para(text) for text in tax_notes]
    notes = _notes(doc, words)
    if notes:
        story.append(Spacer(1, 4 * mm))
        story += [para(text) for text in notes]
    # A cancelled invoice asks for no payment (only one issued before documents were kept
    # is ever rendered after its credit note: see services.issued_documents).
    if doc.kind == "invoice" and doc.number and not doc.credited_by:
        story += [Spacer(1, 6 * mm), _payment(doc, words)]
    return story


FONT_SUBSTITUTES = str.maketrans({"\uffe5": "\u00a5"})  # DejaVu lacks the full-width yen


def _money(doc: InvoiceDoc, minor: int) -> str:
    # money_formatter reads Babel's pattern once per currency and locale (and
    # checks itself against Babel): an invoice prints a dozen amounts.
    return money_formatter(doc.currency, doc.locale)(minor).translate(FONT_SUBSTITUTES)


def _date(doc: InvoiceDoc, day: date | None) -> str:
    return format_date(day, doc.locale) if day else "–"


def _header(doc: InvoiceDoc, words: dict[str, str]) -> Flowable:
    left: list[Flowable] = [para(_title(doc, words), "title")]
    if not doc.number:
        left.append(para(words["draft"], "bold"))
    meta = [[words["issue_date"], _date(doc, doc.issue_date)]]
    if doc.kind == "invoice":
        meta.append([words["due_date"], _date(doc, doc.due_date)])
    meta += _supply_rows(doc)
    # Wide enough for a service period on one line ("Feb 10, 2026 – Feb 20, 2026").
    right = pdfkit.table(meta, [32 * mm, 46 * mm], header=False, right_cols=[1], wrap_cols=[])
    return pdfkit.grid([[left, right]], [FRAME_WIDTH - 80 * mm, 80 * mm])


def _supply_rows(doc: InvoiceDoc) -> list[list[str]]:
    """When the supply happened: the service period, or the delivery date."""
    said = supply_words(doc.locale)
    if doc.period_start and doc.period_end:
        period = f"{_date(doc, doc.period_start)} – {_date(doc, doc.period_end)}"
        return [[said["service_period"], period]]
    if doc.delivery_date:
        return [[said["delivered"], _date(doc, doc.delivery_date)]]
    return []


def _party_text(party: Party, words: dict[str, str], locale: str) -> str:
    lines = [party.name]
    if party.company and party.company != party.name:
        lines.append(party.company)
    lines += _address_lines(party, locale)
    for key in ("reg_id", "tax_id", "vat_id", "contact", "phone"):
        value = getattr(party, key)
        if value and not (key == "contact" and value == party.name):  # named already
            lines.append(f"{words[key]}: {value}")
    if party.email:
        lines.append(party.email)
    return "\n".join(lines)


def _address_lines(party: Party, locale: str) -> list[str]:
    """Street, post code and city, country (named in the document's language); a party with
    only the free text of an older book prints that text as it was typed."""
    if not party.structured:
        return [line for line in party.address.splitlines() if line.strip()]
    lines = [line for line in (party.street, party.place) if line]
    if party.country:
        lines.append(country_name(party.country, locale))
    return lines


def _parties(doc: InvoiceDoc, words: dict[str, str]) -> Flowable:
    half = FRAME_WIDTH / 2
    return pdfkit.grid(
        [
            [para(words["from"], "heading"), para(words["to"], "heading")],
            [
                para(_party_text(doc.seller, words, doc.locale)),
                para(_party_text(doc.buyer, words, doc.locale)),
            ],
        ],
        [half, half],
    )


def _rate(doc: InvoiceDoc, vat_bp: int) -> str:
    return f"{format_decimal(Decimal(vat_bp) / 100, doc.locale)} %"


def _lines(doc: InvoiceDoc, words: dict[str, str]) -> Flowable:
    rows: list[list[object]] = [
        [words["description"], words["qty"], words["unit_price"], words["vat"], words["amount"]]
    ]
    for line in doc.lines:
        rows.append(
            [
                line.description,
                _quantity(doc, line, words),
                _money(doc, line.unit_minor),
                _rate(doc, line.vat_bp),
                _money(doc, line.amount_minor),
            ]
        )
    widths = [FRAME_WIDTH - 109 * mm, 24 * mm, 30 * mm, 22 * mm, 33 * mm]
    return pdfkit.table(rows, widths, right_cols=[1, 2, 3, 4], wrap_cols=[0])


CLDR_UNITS = {HOUR: "duration-hour"}  # Rec. 20 code -> the CLDR unit Babel knows it by


def _quantity(doc: InvoiceDoc, line: DocLine, words: dict[str, str]) -> str:
    """The quantity with its unit: `25.75 hr`, `25,75 h`, `1 pc`; the number in the client's
    locale like every amount, the unit in the invoice's language like every label."""
    number = format_decimal(line.quantity, doc.locale)
    unit = line_unit(line.kind)
    if unit in CLDR_UNITS:
        return format_unit(number, CLDR_UNITS[unit], language_of(doc.locale))
    return f"{number} {words['piece']}"


def _summary(doc: InvoiceDoc, words: dict[str, str]) -> Flowable:
    vat_rows: list[list[object]] = [[words["vat_summary"], words["base"], words["vat"]]]
    for rate, net in doc.net_by_rate.items():
        vat_rows.append(
            [_rate(doc, rate), _money(doc, net), _money(doc, doc.totals.vat_by_rate.get(rate, 0))]
        )
    vat_table = pdfkit.table(vat_rows, [28 * mm, 26 * mm, 24 * mm], right_cols=[1, 2], wrap_cols=[])
    total_rows = _total_rows(doc, words)
    totals_table = pdfkit.table(
        total_rows, [42 * mm, 35 * mm], header=False, right_cols=[1], wrap_cols=[]
    )
    bold_rows = [
        i
        for i, row in enumerate(total_rows)
        if row[0] in (words["total"], words["amount_due"], words["total_credit"])
    ]
    totals_table.setStyle(
        TableStyle(
            [("FONTNAME", (0, i), (-1, i), pdfkit.styles()["bold"].fontName) for i in bold_rows]
            + [("LINEABOVE", (0, i), (-1, i), 0.6, colors.black) for i in bold_rows]
        )
    )
    return pdfkit.grid([[vat_table, totals_table]], [FRAME_WIDTH - 79 * mm, 79 * mm])


def _total_rows(doc: InvoiceDoc, words: dict[str, str]) -> list[list[object]]:
    t = doc.totals
    rows: list[list[object]] = [
        [words["subtotal"], _money(doc, t.subtotal_minor)],
        [words["vat"], _money(doc, t.vat_minor)],
    ]
    if doc.kind == "credit_note":
        return [*rows, [words["total_credit"], _money(doc, t.total_minor)]]
    rows.append([words["total"], _money(doc, t.total_minor)])
    if doc.deposits_minor:
        rows.append([words["deposits"], _money(doc, -doc.deposits_minor)])
    if doc.payments_minor:
        rows.append([words["payments"], _money(doc, -doc.payments_minor)])
    rows.append([words["amount_due"], _money(doc, doc.due_minor)])
    return rows


def _tax_notes(doc: InvoiceDoc, words: dict[str, str]) -> list[str]:
    """Under the VAT summary: why each 0 % rate carries no VAT, and the VAT in the accounting
    currency of a foreign-currency invoice."""
    notes = []
    for rate in doc.net_by_rate:
        exempt = document_exemption(doc, rate, wording(doc.locale))
        if exempt is not None:
            notes.append(f"{words['vat']} {_rate(doc, rate)}: {exempt.reason}")
    if doc.tax_currency and doc.exchange_rate is not None and doc.tax_vat_minor is not None:
        notes.append(
            fill(
                supply_words(doc.locale)["fx_vat"],
                {
                    "vat": format_money_code(doc.totals.vat_minor, doc.currency, doc.locale),
                    "accounting": format_money_code(
                        doc.tax_vat_minor, doc.tax_currency, doc.locale
                    ),
                    "rate": format_exact(doc.exchange_rate, doc.locale),
                },
            )
        )
    return notes


def _notes(doc: InvoiceDoc, words: dict[str, str]) -> list[str]:
    notes = []
    if doc.kind == "credit_note" and doc.credits_number:
        notes.append(
            fill(
                words["cancels"],
                {"number": doc.credits_number, "date": _date(doc, doc.credits_issue_date)},
            )
        )
    if doc.credited_by:
        notes.append(fill(words["credited_by"], {"number": doc.credited_by}))
    if doc.advance:
        notes.append(fill(words["advance_note"], {"project": doc.project}))
    if doc.deducted:
        numbers = ", ".join(f"{one.number} ({_date(doc, one.issue_date)})" for one in doc.deducted)
        notes.append(fill(words["deducts"], {"numbers": numbers}))
    if doc.reverse_charge:
        notes.append(say(REVERSE_CHARGE_NOTE, doc.locale))
    if doc.note:
        notes.append(doc.note)
    return notes


def _payment(doc: InvoiceDoc, words: dict[str, str]) -> Flowable:
    if doc.due_minor <= 0:
        return para(words["paid_in_full"], "bold")
    text = [
        para(words["payment"], "heading"),
        para(
            fill(
                words["pay_by"],
                {"amount": _money(doc, doc.due_minor), "date": _date(doc, doc.due_date)},
            )
        ),
    ]
    details = [[words["reference"], payment_reference(doc.number or "", doc.locale)]]
    if doc.iban:
        details.insert(0, [words["iban"], _spaced_iban(doc.iban)])
        if doc.bic:
            details.insert(1, [words["bic"], doc.bic])
    codes = invoice_qrs(doc) if doc.status == "issued" else []
    text_width = FRAME_WIDTH - len(codes) * QR_CELL
    text.append(
        pdfkit.table(
            details, [35 * mm, min(80 * mm, text_width - 35 * mm)], header=False, wrap_cols=[]
        )
    )
    if not codes:
        return pdfkit.grid([[text]], [FRAME_WIDTH])
    cells = [_qr_cell(code, words, len(codes)) for code in codes]
    return pdfkit.grid([[text, *cells]], [text_width] + [QR_CELL] * len(codes))


def _qr_cell(code: PaymentQr, words: dict[str, str], count: int) -> list[Flowable]:
    """A QR code captioned with the name bank apps know it by; a lone one also says what
    it is for."""
    cell: list[Flowable] = [QrCode(code.qr, QR_SIZE), para(code.label, "small")]
    return cell if count > 1 else [*cell, para(words["scan"], "small")]


def _spaced_iban(iban: str) -> str:
    compact = iban.replace(" ", "").upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _footer(doc: InvoiceDoc, words: dict[str, str]) -> Any:
    parts = [doc.seller.company or doc.seller.name]
    if doc.seller.vat_id:
        parts.append(f"{words['vat_id']}: {doc.seller.vat_id}")
    if doc.number:
        parts.append(_title(doc, words))
    text = " · ".join(part for part in parts if part)

    def draw(canvas: Any, template: Any) -> None:
        # Canvas text is drawn as-is (no markup parsing), in the embedded font.
        canvas.saveState()
        canvas.setFont(pdfkit.styles()["small"].fontName, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(pdfkit.MARGIN, 10 * mm, text[:150])
        canvas.drawRightString(
            pdfkit.PAGE_SIZE[0] - pdfkit.MARGIN, 10 * mm, str(canvas.getPageNumber())
        )
        canvas.restoreState()

    return draw
