"""Invoice PDFs written to disk: an issued invoice's as stored, read through Core.

An issued invoice or credit note keeps its PDF from the day it was issued (see
services.issued_documents), so `invoice pdf NUMBER` and the batch only find it, check its
SHA-256 and write its bytes. That runs as a fresh process, so this path imports neither the
ORM, SQLModel and pydantic nor ReportLab or factur-x. What the book does not hold ready (a
draft's preview, an invoice issued before documents were kept) is rendered by
services.invoice_documents, imported then.

Generated names are slugs of the number and client name, resolved inside the output
directory (CLIENTKIT_HOME/documents/invoices unless -o names one). A file that exists is
never replaced silently: writing it is refused (a batch skips it and says so) unless `force`
is given. Files appear atomically (services.outfiles).
"""

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import Select, select
from sqlalchemy.engine import Connection

from clientkit.domain.billing import InvoiceDoc
from clientkit.domain.dates import parse_date
from clientkit.services.book import Book
from clientkit.services.document_facts import UnreadableFacts, decode_facts
from clientkit.services.errors import BadInput, Refused
from clientkit.services.name_lookup import invoice_id_or_none
from clientkit.services.outfiles import output_folder, slugify, write_named
from clientkit.services.views import Noticed
from clientkit.storage.tables import client, invoice, issued_document
from clientkit.translations import fallback_notice

Progress = Callable[[int, int], None]
FOLDER = "invoices"
PDF = "pdf"
FACTS = "facts"
KINDS = (PDF, FACTS)
WHAT = {PDF: "PDF", FACTS: "document data"}
IDS_PER_QUERY = 500  # a year's batch stays within any SQLite's limit of bound parameters


@dataclass(frozen=True)
class Frozen:
    """An issued document as stored: the PDF's bytes and the facts it shows."""

    pdf: bytes
    doc: InvoiceDoc


class WrittenDocument(Noticed):
    """An invoice file just written: which invoice, where, and the SHA-256 of its bytes (for an
    issued document, the one stored when it was issued)."""

    id: int
    number: str | None
    path: str
    sha256: str


# "from" is a keyword, so this view is declared in the functional form.
WrittenBatch = TypedDict(
    "WrittenBatch",
    {
        "directory": str,
        "from": date | None,
        "to": date | None,
        "written": list[str],
        "skipped": list[str],
        "notices": list[str],
    },
)


@dataclass(frozen=True)
class Issued:
    """What serving an issued invoice's document needs to know of it and of its client."""

    id: int
    number: str
    kind: str
    status: str
    client: str
    locale: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_label(number: str | None, kind: str) -> str:
    """`invoice 2026-0001`, `credit note 2026-0002`: how refusals name a document."""
    noun = "credit note" if kind == "credit_note" else "invoice"
    return f"{noun} {number}"


def checked(label: str, rows: Mapping[str, tuple[bytes, str]]) -> Frozen:
    """The stored document from its rows (kind -> content, SHA-256), each checked against its
    digest; refused, naming `label`, when one is missing, altered or unreadable."""
    for kind in KINDS:
        row = rows.get(kind)
        if row is None:
            raise Refused(f"the stored {WHAT[kind]} of {label} is missing: restore from backup")
        content, digest = row
        if sha256_hex(content) != digest:
            raise Refused(
                f"the stored {WHAT[kind]} of {label} does not match its SHA-256: "
                "restore from backup"
            )
    try:
        doc = decode_facts(rows[FACTS][0])
    except UnreadableFacts as exc:
        raise Refused(
            f"the stored document data of {label} cannot be read ({exc}): restore from backup"
        ) from None
    return Frozen(rows[PDF][0], doc)


def since_issued(number: str | None, status: str) -> list[str]:
    """What changed since issue that the document, as issued, does not say."""
    if status != "credited":
        return []
    return [
        f"invoice {number} is cancelled by a credit note: this is its document as "
        "issued, and nothing is payable on it"
    ]


def language_notice(client_name: str, locale: str, kind: str) -> list[str]:
    """The notice that the client's language has no catalog, so the document is in English."""
    noun = "credit note" if kind == "credit_note" else "invoice"
    return fallback_notice(client_name, locale, noun)


def file_name(doc: InvoiceDoc, invoice_id: int | None, suffix: str) -> str:
    """`invoice-2026-0001-acme-sons.pdf`, `credit-note-…`, `draft-invoice-7-…`."""
    if not doc.number:
        return slugify("draft-invoice", str(invoice_id), doc.buyer.name) + suffix
    noun = "credit-note" if doc.kind == "credit_note" else "invoice"
    if doc.advance:
        noun = "advance-invoice"
    return slugify(noun, doc.number, doc.buyer.name) + suffix


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refusing any name that would resolve outside the directory."""
    target = (directory / name).resolve()
    if target.parent != directory.resolve():
        raise BadInput(f"file name {name!r} would leave the output directory")
    return target


def target(output: str | None, name: str) -> Path:
    """Where one file goes: the invoices folder, a given directory, or a given file path."""
    if output is None:
        return inside(output_folder(FOLDER), name)
    given = Path(output).expanduser()
    if given.is_dir() or output.endswith(os.sep):
        given.mkdir(parents=True, exist_ok=True)
        return inside(given, name)
    return given


def write_one(
    doc: InvoiceDoc, invoice_id: int, suffix: str, data: bytes, output: str | None, force: bool
) -> Path:
    """Write one invoice's file where `output` says, named after the document."""
    path = target(output, file_name(doc, invoice_id, suffix))
    write_named(path, data, force=force)
    return path


def write_invoice_pdf(
    book: Book,
    invoice_ref: str,
    *,
    output: str | None = None,
    force: bool = False,
) -> WrittenDocument:
    """Write one invoice's (or credit note's) PDF: once issued, the one stored at issue;
    a draft is rendered as a preview."""
    with book.snapshot() as db:
        found = _issued(db, invoice_ref)
        frozen = _read_stored(db, [found]).get(found.id) if found else None
    if found is None or frozen is None:  # a draft, an unknown reference, or never stored
        from clientkit.services.invoice_documents import write_rendered_pdf

        return write_rendered_pdf(book, invoice_ref, output=output, force=force)
    path = write_one(frozen.doc, found.id, ".pdf", frozen.pdf, output, force)
    return {
        "id": found.id,
        "number": found.number,
        "path": str(path),
        "sha256": sha256_hex(frozen.pdf),
        "notices": language_notice(found.client, found.locale, found.kind)
        + since_issued(found.number, found.status),
    }


def _issued_query() -> Select[Any]:
    """Invoices with what Issued holds of them and of their client."""
    return select(
        invoice.c.id,
        invoice.c.number,
        invoice.c.kind,
        invoice.c.status,
        client.c.name,
        client.c.locale,
    ).join(client, client.c.id == invoice.c.client_id)


def _issued(db: Connection, ref: str) -> Issued | None:
    """The issued invoice `ref` names by number or id, as services.lookup.find_invoice finds
    it; None for a draft or a reference that names none."""
    invoice_id = invoice_id_or_none(db, ref)
    if invoice_id is None:
        return None
    row = db.execute(_issued_query().where(invoice.c.id == invoice_id)).first()
    if row is None or row.number is None:
        return None
    return Issued(*row)


def _read_stored(db: Connection, invoices: list[Issued]) -> dict[int, Frozen]:
    """The stored documents of `invoices` by id, checked; those with none are left out."""
    if not invoices:
        return {}
    labels = {found.id: document_label(found.number, found.kind) for found in invoices}
    ids = list(labels)
    rows: dict[int, dict[str, tuple[bytes, str]]] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        query = select(
            issued_document.c.invoice_id,
            issued_document.c.kind,
            issued_document.c.content,
            issued_document.c.sha256,
        ).where(issued_document.c.invoice_id.in_(ids[start : start + IDS_PER_QUERY]))
        for invoice_id, kind, content, digest in db.execute(query):
            rows.setdefault(invoice_id, {})[kind] = (bytes(content), digest)
    return {invoice_id: checked(labels[invoice_id], kinds) for invoice_id, kinds in rows.items()}


def write_invoice_pdfs(
    book: Book,
    *,
    start: str | None = None,
    end: str | None = None,
    output: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> WrittenBatch:
    """Write every issued invoice and credit note dated within [start, end] into a directory,
    each as stored at issue; those issued before documents were kept are rendered and kept."""
    first, last = _period(start, end)
    directory = _batch_dir(output)
    with book.snapshot() as db:
        invoices = _issued_in_period(db, first, last)
        frozen = _read_stored(db, invoices)
    late = [found.id for found in invoices if found.id not in frozen]
    late_docs = _late_documents(book, late) if late else {}
    skipped: list[str] = []
    todo: list[tuple[Path, int]] = []
    for found in invoices:
        stored_one = frozen.get(found.id)
        doc = stored_one.doc if stored_one else late_docs[found.id]
        path = inside(directory, file_name(doc, found.id, ".pdf"))
        if path.exists() and not force:
            skipped.append(str(path))
        else:
            todo.append((path, found.id))
    late_todo = [invoice_id for _, invoice_id in todo if invoice_id in late_docs]
    if late_todo:
        frozen.update(_kept_late(book, late_todo, late_docs))
    written = []
    for done, (path, invoice_id) in enumerate(todo, start=1):
        write_named(path, frozen[invoice_id].pdf, force=force)
        written.append(str(path))
        if progress:
            progress(done, len(todo))
    return {
        "directory": str(directory),
        "from": first,
        "to": last,
        "written": written,
        "skipped": skipped,
        "notices": _batch_notices(skipped, invoices),
    }


def _late_documents(book: Book, invoice_ids: list[int]) -> dict[int, InvoiceDoc]:
    """The documents of invoices issued before documents were kept, as the book prints them
    now, checked as e-invoices before any file is written (the ORM path)."""
    from clientkit.services.invoice_documents import late_documents

    return late_documents(book, invoice_ids)


def _kept_late(
    book: Book, invoice_ids: list[int], docs: dict[int, InvoiceDoc]
) -> dict[int, Frozen]:
    from clientkit.services.invoice_documents import keep_late

    return keep_late(book, invoice_ids, docs)


def _batch_notices(skipped: list[str], invoices: list[Issued]) -> list[str]:
    notices = (
        [f"{len(skipped)} file(s) already existed and were kept; pass --force to replace them"]
        if skipped
        else []
    )
    if not invoices:
        notices.append("no issued invoices in that period")
    return notices


def _issued_in_period(db: Connection, start: date | None, end: date | None) -> list[Issued]:
    """Issued documents (invoices and credit notes) dated within [start, end], in date and
    number order."""
    query = _issued_query().where(invoice.c.number.is_not(None))
    if start:
        query = query.where(invoice.c.issue_date >= start)
    if end:
        query = query.where(invoice.c.issue_date <= end)
    query = query.order_by(invoice.c.issue_date, invoice.c.number)
    return [Issued(*row) for row in db.execute(query)]


def _period(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    first = parse_date(start) if start else None
    last = parse_date(end) if end else None
    if first and last and first > last:
        raise BadInput(f"--from {first} is after --to {last}")
    return first, last


def _batch_dir(output: str | None) -> Path:
    if output is None:
        return output_folder(FOLDER)
    directory = Path(output).expanduser()
    if directory.exists() and not directory.is_dir():
        raise BadInput(f"{output!r} is a file; the batch form needs a directory (-o DIR)")
    directory.mkdir(parents=True, exist_ok=True)
    return directory
