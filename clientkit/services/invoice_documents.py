"""Invoice documents from the book: rendered PDFs (a draft's preview, an invoice issued before
documents were kept) and e-invoice exports, written safely to disk.

Before an issued document's PDF (with its Factur-X XML) or an export is written, what would
make it an invalid e-invoice is refused (services.einvoice_checks): nothing is written then.

An issued invoice or credit note is written as stored when it was issued (see
services.issued_documents): the very bytes of its PDF (services.stored_documents writes those
without the ORM), and a UBL export rendered from the facts of its issue day. A draft is
rendered fresh, as a preview. Files are named and placed as services.stored_documents says.
"""

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from typing import TypedDict, TypeVar

from sqlmodel import Session, col, select

from clientkit.domain.billing import (
    DocLine,
    InvoiceDoc,
    Party,
    Preceding,
    deposit_share,
    totals,
)
from clientkit.domain.einvoice import EN16931, EInvoiceProfile, einvoice_profile
from clientkit.i18n import currency_digits
from clientkit.services.book import Book
from clientkit.services.einvoice_checks import check_einvoice
from clientkit.services.errors import BadInput, Refused
from clientkit.services.issued_documents import freeze_late, served
from clientkit.services.lookup import find_invoice
from clientkit.services.party_fields import party_country
from clientkit.services.stored_documents import (
    Frozen,
    WrittenDocument,
    language_notice,
    sha256_hex,
    since_issued,
    write_one,
)
from clientkit.services.vat_basis import accounting_vat_minor, basis_of
from clientkit.services.views import stored
from clientkit.storage.invoice_queries import (
    Related,
    advances_deducted_on,
    lines_by_invoice,
    received_by_invoice,
    related_documents,
    unclaimed_deposits,
)
from clientkit.storage.models import Client, Invoice, InvoiceLine, Profile, Project
from clientkit.translations import document_locale

POOL_MIN = 40  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
Row = TypeVar("Row", Client, Project)


def load_documents(session: Session, invoices: list[Invoice]) -> list[InvoiceDoc]:
    """The printable documents of `invoices`, loaded with a fixed number of queries."""
    ids = [invoice.id for invoice in invoices if invoice.id is not None]
    profile = session.get(Profile, 1) or Profile()
    seller = party(profile, profile.name, profile.business)
    clients = _by_id(session, Client, {i.client_id for i in invoices})
    projects = _by_id(session, Project, {i.project_id for i in invoices if i.project_id})
    lines = lines_by_invoice(session, ids)
    received = received_by_invoice(session, ids)
    drafts = {i.project_id for i in invoices if i.status == "draft" and i.project_id}
    pending = unclaimed_deposits(session, drafts)
    related = related_documents(session, invoices)
    deducted = advances_deducted_on(session, ids)
    docs = []
    for invoice in invoices:
        assert invoice.id is not None
        client = clients[invoice.client_id]
        project = projects.get(invoice.project_id) if invoice.project_id else None
        deposits, payments = received.get(invoice.id, (0, 0))
        if invoice.status == "draft" and invoice.project_id:
            deposits = deposit_share(invoice.total_minor, pending.get(invoice.project_id, 0))
        docs.append(
            _document(
                invoice,
                seller,
                profile,
                client,
                project,
                lines.get(invoice.id, []),
                deposits,
                payments,
                related,
                [Preceding(a.number or "", a.issue_date) for a in deducted.get(invoice.id, [])],
            )
        )
    return docs


def _document(
    invoice: Invoice,
    seller: Party,
    profile: Profile,
    client: Client,
    project: Project | None,
    lines: list[InvoiceLine],
    deposits: int,
    payments: int,
    related: Related,
    deducted: list[Preceding],
) -> InvoiceDoc:
    assert invoice.id is not None
    doc_lines = [
        DocLine(
            line.description,
            Decimal(line.quantity),
            line.unit_price_minor,
            line.vat_bp,
            line.amount_minor,
            line.kind,
        )
        for line in lines
    ]
    credited = related.credits.get(invoice.id)
    return InvoiceDoc(
        number=invoice.number,
        kind=invoice.kind,
        status=invoice.status,
        currency=invoice.currency,
        digits=currency_digits(invoice.currency),
        locale=document_locale(client.locale),  # the language it is written in
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        delivery_date=invoice.delivered_on,
        seller=seller,
        buyer=party(client, client.name, client.company),
        lines=doc_lines,
        totals=totals([(line.amount_minor, line.vat_bp) for line in doc_lines]),
        deposits_minor=deposits,
        payments_minor=payments,
        reverse_charge=invoice.reverse_charge,
        iban=profile.iban,
        bic=profile.bic,
        payment_days=project.payment_days if project else 14,
        note=invoice.note,
        credits_number=credited[0] if credited else None,
        credits_issue_date=credited[1] if credited else None,
        credited_by=related.credited_by.get(invoice.id),
        project=project.title if project else "",
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        zero_rate_basis=basis_of(invoice, profile),
        **_tax_currency(invoice),
        buyer_ref=invoice.buyer_ref or (project.buyer_ref if project else ""),
        order_ref=invoice.order_ref or (project.order_ref if project else ""),
        slovak_qr=profile.slovak_qr,
        advance=invoice.advance,
        deducted=deducted,
    )


def party(row: Profile | Client, name: str, company: str) -> Party:
    """The profile or a client as a document's seller or buyer."""
    return Party(
        name=name,
        company=company,
        address=row.address,
        email=row.email,
        vat_id=row.vat_id,
        tax_id=row.tax_id,
        country=party_country(row.country, row.vat_id, row.locale),
        street=row.street,
        postcode=row.postcode,
        city=row.city,
        reg_id=row.reg_id,
        contact=row.contact,
        phone=row.phone,
        endpoint=row.endpoint,
    )


class _TaxCurrency(TypedDict, total=False):
    exchange_rate: Decimal
    tax_currency: str
    tax_vat_minor: int
    tax_digits: int


def _tax_currency(invoice: Invoice) -> _TaxCurrency:
    """The document's VAT in the accounting currency (BT-6, BT-111), when it has a rate."""
    vat = accounting_vat_minor(invoice)
    if vat is None or invoice.tax_currency is None or invoice.exchange_rate is None:
        return {}
    return {
        "exchange_rate": Decimal(invoice.exchange_rate),
        "tax_currency": invoice.tax_currency,
        "tax_vat_minor": vat,
        "tax_digits": currency_digits(invoice.tax_currency),
    }


def _by_id(session: Session, model: type[Row], ids: set[int]) -> dict[int, Row]:
    if not ids:
        return {}
    rows = session.exec(select(model).where(col(model.id).in_(ids)))
    return {stored(row.id): row for row in rows}


def write_rendered_pdf(
    book: Book,
    invoice_ref: str,
    *,
    output: str | None = None,
    force: bool = False,
) -> WrittenDocument:
    """services.stored_documents.write_invoice_pdf for what the book does not hold ready: a
    draft's preview, rendered; an invoice issued before documents were kept, rendered and
    kept (or, stored meanwhile, as stored); a reference that names no invoice, refused."""
    from clientkit.documents.invoice_pdf import render_invoice

    invoice, doc, frozen = _one_document(book, invoice_ref)
    invoice_id = stored(invoice.id)
    pdf = frozen.pdf if frozen else render_invoice(doc)
    path = write_one(doc, invoice_id, ".pdf", pdf, output, force)
    notices = [] if doc.number else ["draft preview: no number, no payment QR, no Factur-X"]
    notices += _fallback(book, invoice)
    notices += since_issued(invoice.number, invoice.status)
    return {
        "id": invoice_id,
        "number": doc.number,
        "path": str(path),
        "sha256": sha256_hex(pdf),
        "notices": notices,
    }


def _one_document(book: Book, invoice_ref: str) -> tuple[Invoice, InvoiceDoc, Frozen | None]:
    """The invoice, the document it prints as and, once issued, that document as stored."""
    with book.read() as session:
        invoice = find_invoice(session, invoice_ref)
        if not invoice.number:
            return invoice, load_documents(session, [invoice])[0], None
    frozen = served(book, invoice)
    return invoice, frozen.doc, frozen


def _fallback(book: Book, invoice: Invoice) -> list[str]:
    """The notice that the client's language has no catalog, so the document is in English."""
    with book.read() as session:
        client = session.get(Client, invoice.client_id)
        assert client is not None
    return language_notice(client.name, client.locale, invoice.kind)


def late_documents(book: Book, invoice_ids: list[int]) -> dict[int, InvoiceDoc]:
    """The documents of issued invoices whose documents were never kept, by id, as the book
    prints them now; refused, before anything is written, when one would be an invalid
    e-invoice (each will carry its Factur-X)."""
    with book.read() as session:
        invoices = _in_order(session, invoice_ids)
        docs = dict(zip(invoice_ids, load_documents(session, invoices), strict=True))
    for doc in docs.values():
        check_einvoice(doc, EN16931)
    return docs


def keep_late(book: Book, invoice_ids: list[int], docs: dict[int, InvoiceDoc]) -> dict[int, Frozen]:
    """Render the invoices issued before documents were kept, and keep them (see
    services.issued_documents): from now on they are served as rendered here."""
    from clientkit.documents.invoice_pdf import render_invoice

    with book.read() as session:
        invoices = _in_order(session, invoice_ids)
    todo = [docs[invoice_id] for invoice_id in invoice_ids]
    pdfs = _rendered(todo, render_invoice)
    rendered = dict(zip(invoice_ids, zip(todo, pdfs, strict=True), strict=True))
    return freeze_late(book, invoices, rendered)


def _rendered(docs: list[InvoiceDoc], render: Callable[[InvoiceDoc], bytes]) -> Iterator[bytes]:
    """Render in order; a large batch is spread over worker processes (PDF work is CPU-bound)."""
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if len(docs) < POOL_MIN or workers < 2:
        for doc in docs:
            yield render(doc)
        return
    # spawn, not fork: the caller may be the threaded TUI, and fork copies only one thread.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(render, docs, chunksize=8)


def _in_order(session: Session, ids: Iterable[int]) -> list[Invoice]:
    wanted = list(ids)
    if not wanted:
        return []
    rows = {row.id: row for row in session.exec(select(Invoice).where(Invoice.id.in_(wanted)))}  # type: ignore[union-attr]
    return [rows[i] for i in wanted]


SYNTAXES = ("ubl", "cii")


def _export_suffix(profile: EInvoiceProfile, syntax: str) -> str:
    """`.xml` for the usual export (EN 16931 UBL); another profile or CII says so in the
    name (`-xrechnung.xml`, `-peppol-cii.xml`), so that exports of one invoice sit side by side."""
    parts = ([] if profile is EN16931 else [profile.name]) + ([] if syntax == "ubl" else [syntax])
    return "".join(f"-{part}" for part in parts) + ".xml"


def export_ubl(
    book: Book,
    invoice_ref: str,
    *,
    profile: str = EN16931.name,
    syntax: str = "ubl",
    output: str | None = None,
    force: bool = False,
) -> WrittenDocument:
    """Write the e-invoice XML of an issued invoice or credit note: UBL 2.1 (or CII with
    `syntax` cii) following `profile` (en16931, xrechnung, peppol); refused, with nothing
    written, when the document would break one of the profile's rules."""
    from clientkit.documents.facturx_xml import cii_xml
    from clientkit.documents.ubl import ubl_xml

    chosen = einvoice_profile(profile)
    if syntax not in SYNTAXES:
        raise BadInput(f"unknown e-invoice syntax {syntax!r}: expected ubl or cii")
    invoice, doc, _ = _one_document(book, invoice_ref)
    invoice_id = stored(invoice.id)
    if not doc.number:
        raise Refused(f"draft {invoice_id} has no number yet; issue it before exporting")
    _check_issued(doc, chosen)
    xml = ubl_xml(doc, chosen) if syntax == "ubl" else cii_xml(doc, chosen)
    path = write_one(doc, invoice_id, _export_suffix(chosen, syntax), xml, output, force)
    return {
        "id": invoice_id,
        "number": doc.number,
        "path": str(path),
        "sha256": sha256_hex(xml),
        "notices": since_issued(invoice.number, invoice.status),
    }


def _check_issued(doc: InvoiceDoc, profile: EInvoiceProfile) -> None:
    """check_einvoice for a document as issued: the fix it names changes the next documents
    only, as an issued one keeps the facts of its issue, so the refusal says how to replace it."""
    try:
        check_einvoice(doc, profile)
    except Refused as exc:
        if doc.kind == "credit_note":
            raise Refused(
                f"{exc}; credit note {doc.number} keeps what it was issued with"
            ) from None
        raise Refused(
            f"{exc}; invoice {doc.number} keeps what it was issued with, so then credit it "
            f"(clientkit invoice credit {doc.number}) and invoice again"
        ) from None
