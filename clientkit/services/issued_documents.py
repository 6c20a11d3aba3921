"""Issued documents, frozen: rendered once when an invoice or credit note is issued, then served
as stored, byte for byte, whatever payments, profile or client edits come later.

Each issued document keeps two rows (storage.models.IssuedDocument): the PDF as issued (its
Factur-X XML embedded, so the XML's amounts are those of the issue day too) and the facts it
shows as JSON, from which the UBL export is rendered. Both are written inside the issuing
transaction, with their SHA-256; each is checked against it whenever it is served, and a
mismatch is refused rather than served.

Invoices issued before clientkit kept documents (schema revision 0012) have no rows: the first
time one is asked for, it is rendered from the book as it is then and stored, and from then on
served as stored ("late").
"""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from clientkit.domain.billing import InvoiceDoc
from clientkit.domain.einvoice import EN16931
from clientkit.domain.history_words import keeping_documents
from clientkit.services.book import Book, acting
from clientkit.services.document_facts import encode_facts
from clientkit.services.einvoice_checks import check_einvoice
from clientkit.services.stored_documents import (
    FACTS,
    PDF,
    Frozen,
    checked,
    document_label,
    sha256_hex,
)
from clientkit.services.views import stored
from clientkit.storage.models import Invoice, IssuedDocument


def freeze(session: Session, invoice: Invoice) -> Frozen:
    """Render `invoice` (just issued, in the caller's write transaction) and store it."""
    from clientkit.documents.invoice_pdf import render_invoice
    from clientkit.services.invoice_documents import load_documents

    doc = load_documents(session, [invoice])[0]
    return store(session, stored(invoice.id), doc, render_invoice(doc))


def store(session: Session, invoice_id: int, doc: InvoiceDoc, pdf: bytes) -> Frozen:
    """Add the rows of one issued document to the caller's write transaction; one whose
    embedded e-invoice (EN 16931) would break a rule is refused before anything is kept."""
    check_einvoice(doc, EN16931)
    for kind, content in ((PDF, pdf), (FACTS, encode_facts(doc))):
        session.add(
            IssuedDocument(
                invoice_id=invoice_id, kind=kind, content=content, sha256=sha256_hex(content)
            )
        )
    session.flush()
    return Frozen(pdf, doc)


def read_frozen(session: Session, invoices: Iterable[Invoice]) -> dict[int, Frozen]:
    """The stored documents of `invoices`, by invoice id, each checked against its SHA-256;
    invoices without any are left out. Refused when a stored one does not match its digest."""
    wanted = {stored(invoice.id): invoice for invoice in invoices}
    if not wanted:
        return {}
    rows: dict[int, dict[str, IssuedDocument]] = {}
    query = select(IssuedDocument).where(col(IssuedDocument.invoice_id).in_(wanted))
    for row in session.exec(query):
        rows.setdefault(row.invoice_id, {})[row.kind] = row
    return {invoice_id: _checked(wanted[invoice_id], kinds) for invoice_id, kinds in rows.items()}


def _checked(invoice: Invoice, rows: dict[str, IssuedDocument]) -> Frozen:
    contents = {kind: (row.content, row.sha256) for kind, row in rows.items()}
    return checked(document_label(invoice.number, invoice.kind), contents)


def served(book: Book, invoice: Invoice) -> Frozen:
    """The issued document of `invoice` as stored; stored now if it never was (see above)."""
    with book.read() as session:
        found = read_frozen(session, [invoice]).get(stored(invoice.id))
    return found if found is not None else freeze_late(book, [invoice])[stored(invoice.id)]


def freeze_late(
    book: Book, invoices: list[Invoice], rendered: dict[int, tuple[InvoiceDoc, bytes]] | None = None
) -> dict[int, Frozen]:
    """Store the documents of issued invoices that have none (issued before clientkit kept
    them), in one write transaction of their own; `rendered` holds those already rendered
    (doc, PDF) by invoice id. What another process stored meanwhile is served instead."""
    from clientkit.documents.invoice_pdf import render_invoice
    from clientkit.services.invoice_documents import load_documents

    given = rendered or {}
    why = keeping_documents([str(invoice.number) for invoice in invoices])
    with acting(why), book.write() as session:
        current = [_reread(session, invoice) for invoice in invoices]
        found = read_frozen(session, current)
        missing = [invoice for invoice in current if stored(invoice.id) not in found]
        unrendered = [invoice for invoice in missing if stored(invoice.id) not in given]
        docs = {
            stored(invoice.id): doc
            for invoice, doc in zip(
                unrendered, load_documents(session, unrendered) if unrendered else [], strict=True
            )
        }
        for invoice in missing:
            invoice_id = stored(invoice.id)
            if invoice_id in given:
                doc, pdf = given[invoice_id]
            else:
                doc = docs[invoice_id]
                pdf = render_invoice(doc)
            found[invoice_id] = store(session, invoice_id, doc, pdf)
        return found


def _reread(session: Session, invoice: Invoice) -> Invoice:
    found = session.get(Invoice, stored(invoice.id))
    assert found is not None  # an issued invoice is never deleted
    return found


def is_frozen(session: Session, invoice_id: int) -> bool:
    """Whether the invoice's document is stored (not checked: see read_frozen)."""
    query = select(IssuedDocument.kind).where(IssuedDocument.invoice_id == invoice_id).limit(1)
    return session.exec(query).first() is not None
