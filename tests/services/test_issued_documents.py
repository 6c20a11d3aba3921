"""Issued documents are frozen: the PDF and the e-invoice of an issued invoice are those of its
issue day, byte for byte, whatever payments, profile or client edits come later."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import facturx
import pytest
from alembic import command
from lxml import etree
from sqlalchemy import text

from clientkit.clock import clock_from_text
from clientkit.domain.billing import DocLine, InvoiceDoc, Party, totals
from clientkit.services import stored_documents
from clientkit.services.backup import backup_book
from clientkit.services.book import Book, acting, open_book
from clientkit.services.clients import add_client, edit_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.document_facts import decode_facts, encode_facts
from clientkit.services.errors import BadInput, Refused
from clientkit.services.export import export_book
from clientkit.services.history import history, undo
from clientkit.services.import_ import import_path
from clientkit.services.invoice_documents import export_ubl
from clientkit.services.invoicing import (
    create_invoice,
    credit_invoice,
    issue_invoice,
    show_invoice,
)
from clientkit.services.lists import list_invoices
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.reminders import invoice_attachment, plan_reminders
from clientkit.services.stored_documents import write_invoice_pdf, write_invoice_pdfs
from clientkit.storage.migrate import HEAD_REVISION, alembic_config, current_revision
from tests.conftest import TODAY, _fresh_pg_database

CII = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
NUMBER = "2026-0001"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def issued(book: Book) -> Book:
    """Invoice 2026-0001: 1,000 EUR + 20 % VAT = 1,200, of which a 200 deposit is deducted at
    issue, so 1,000 is due; the client has an e-mail, so reminders would go to it."""
    set_profile(
        book,
        name="Jana Nováková",
        iban="SK3112000000198742637541",
        address="Hlavná 1\n811 01 Bratislava",
        vat_id="SK2020123457",
    )
    add_client(book, "Acme", email="ap@acme.example", address="Main St 1\nVienna")
    add_project(book, "Acme", "Logo", TermsInput(price="1000", deposit="0"))
    record_deposit(book, "Logo", "200")
    draft = create_invoice(book, "Logo", vat="20%")
    assert issue_invoice(book, str(draft["id"]))["number"] == NUMBER
    return book


def _stored(book: Book, number: str = NUMBER) -> dict[str, tuple[bytes, str]]:
    """The issued_document rows of an invoice, read with plain SQL: kind -> (bytes, sha256)."""
    query = text(
        "SELECT d.kind, d.content, d.sha256 FROM issued_document d "
        "JOIN invoice i ON i.id = d.invoice_id WHERE i.number = :number"
    )
    with book.engine.connect() as connection:
        rows = connection.execute(query, {"number": number}).all()
    return {kind: (bytes(content), digest) for kind, content, digest in rows}


def _raw(book: Book, statement: str, **values: object) -> None:
    """Change the book behind clientkit's back (as another tool or a damaged disk would)."""
    with book.engine.begin() as connection:
        connection.execute(text(statement), values)


def _pdf(book: Book, tmp_path: Path, number: str = NUMBER) -> bytes:
    written = write_invoice_pdf(book, number, output=str(tmp_path / "out.pdf"), force=True)
    data = Path(written["path"]).read_bytes()
    assert written["sha256"] == _sha(data)
    return data


def _cii_amount(pdf: bytes, tag: str) -> str:
    _, xml = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=False)
    return str(etree.fromstring(xml).findtext(f".//ram:{tag}", namespaces=CII))


def _later_changes(book: Book) -> None:
    """A part payment, a new profile address and a renamed client."""
    pay_invoice(book, NUMBER, "500")
    set_profile(book, address="Nová 2\n040 01 Košice")
    edit_client(book, "Acme", name="Acme Renamed")


def test_an_issued_invoice_is_the_same_pdf_after_a_payment_and_profile_and_client_edits(
    issued, tmp_path
):
    """The bytes served after the changes have the SHA-256 stored at issue; its embedded XML
    still says 200 was paid and 1,000 is due."""
    at_issue = _pdf(issued, tmp_path)
    pdf, digest = _stored(issued)["pdf"]
    assert (_sha(at_issue), _sha(pdf)) == (digest, digest)
    _later_changes(issued)
    again = _pdf(issued, tmp_path)
    assert _sha(again) == digest
    assert again == at_issue
    assert _cii_amount(again, "TotalPrepaidAmount") == "200.00"
    assert _cii_amount(again, "DuePayableAmount") == "1000.00"
    assert show_invoice(issued, NUMBER)["balance"] == Decimal("500.00")  # the book knows


def test_the_ubl_export_says_what_was_due_at_issue_after_a_later_payment(issued, tmp_path):
    """`invoice export --ubl` is rendered from the facts of the issue day: the same bytes."""
    first = export_ubl(issued, NUMBER, output=str(tmp_path / "a.xml"))
    _later_changes(issued)
    second = export_ubl(issued, NUMBER, output=str(tmp_path / "b.xml"))
    data = Path(second["path"]).read_bytes()
    assert Path(first["path"]).read_bytes() == data
    assert first["sha256"] == second["sha256"] == _sha(data)
    root = etree.fromstring(data)
    assert root.findtext(".//cbc:PrepaidAmount", namespaces=UBL) == "200.00"
    assert root.findtext(".//cbc:PayableAmount", namespaces=UBL) == "1000.00"
    assert "Acme Renamed" not in data.decode()


def test_a_reminder_attaches_the_pdf_as_issued(issued):
    """The balance due today is the reminder's to say: the attachment is the stored PDF."""
    pay_invoice(issued, NUMBER, "500")
    name, data = invoice_attachment(issued, 1)
    assert name == "invoice-2026-0001-acme.pdf"
    assert data == _stored(issued)["pdf"][0]


def test_the_batch_writes_the_stored_pdfs(issued, tmp_path):
    """`invoice pdf --all` writes each issued invoice's stored bytes."""
    pay_invoice(issued, NUMBER, "500")
    result = write_invoice_pdfs(issued, output=str(tmp_path / "all"))
    assert [Path(p).read_bytes() for p in result["written"]] == [_stored(issued)["pdf"][0]]


def test_an_issued_invoice_named_by_its_id_is_written_as_stored(issued, tmp_path):
    """`invoice pdf 1` finds the invoice by id as `invoice pdf 2026-0001` does: the same bytes,
    the same number in the result."""
    pay_invoice(issued, NUMBER, "500")
    written = write_invoice_pdf(issued, "1", output=str(tmp_path / "by-id.pdf"))
    assert written["number"] == NUMBER
    assert Path(written["path"]).read_bytes() == _stored(issued)["pdf"][0]


def _second_invoice(book: Book) -> str:
    add_project(book, "Acme", "Site", TermsInput(price="300", deposit="0"))
    draft = create_invoice(book, "Site")
    return str(issue_invoice(book, str(draft["id"]))["number"])


def test_the_batch_keeps_an_older_invoice_beside_one_written_as_stored(issued, tmp_path):
    """One invoice issued before documents were kept, one stored at issue: the batch renders
    and keeps the first, writes the second's stored bytes, and both are stored afterwards."""
    second = _second_invoice(issued)
    kept = _stored(issued, second)["pdf"][0]
    _raw(issued, "DELETE FROM issued_document WHERE invoice_id = 1")
    result = write_invoice_pdfs(issued, output=str(tmp_path / "all"))
    first_pdf, second_pdf = (Path(path).read_bytes() for path in result["written"])
    assert second_pdf == kept
    assert _stored(issued)["pdf"] == (first_pdf, _sha(first_pdf))
    assert history(issued)[0]["label"].startswith("keep the documents of 2026-0001")


def test_a_batch_of_more_invoices_than_one_query_reads_writes_each_as_stored(
    issued, tmp_path, monkeypatch
):
    """The stored documents are read a few hundred invoices at a time (SQLite bounds the
    parameters of one query): every one is still written, as stored."""
    monkeypatch.setattr(stored_documents, "IDS_PER_QUERY", 1)
    second = _second_invoice(issued)
    result = write_invoice_pdfs(issued, output=str(tmp_path / "all"))
    written = [Path(path).read_bytes() for path in result["written"]]
    assert written == [_stored(issued)["pdf"][0], _stored(issued, second)["pdf"][0]]


def test_a_batch_with_an_altered_stored_pdf_writes_nothing(issued, tmp_path):
    """Refused naming the altered invoice before any file of the batch is written."""
    second = _second_invoice(issued)
    _raw(
        issued,
        "UPDATE issued_document SET content = :bad WHERE kind = 'pdf' AND invoice_id = 2",
        bad=b"%PDF-1.4 forged",
    )
    folder = tmp_path / "all"
    with pytest.raises(Refused, match=f"stored PDF of invoice {second} does not match"):
        write_invoice_pdfs(issued, output=str(folder))
    assert list(folder.iterdir()) == []


def test_a_credit_note_is_stored_when_it_is_made(issued, tmp_path):
    """The credit note is issued at once, so its document is stored at once and served so."""
    note = credit_invoice(issued, NUMBER, reason="cancelled")
    number = str(note["number"])
    stored = _stored(issued, number)
    assert set(stored) == {"pdf", "facts"}
    edit_client(issued, "Acme", name="Acme Renamed")
    assert _pdf(issued, tmp_path, number) == stored["pdf"][0]


def test_a_credited_invoice_is_never_payable_in_lists_views_or_reminders(issued, tmp_path):
    """Credited: balance 0 in list and show, owed nothing by its client, no reminder even
    long after its due date; its PDF stays the one issued, and serving it says it is
    cancelled."""
    at_issue = _pdf(issued, tmp_path)
    credit_invoice(issued, NUMBER)
    listed = next(v for v in list_invoices(issued) if v["number"] == NUMBER)
    shown = show_invoice(issued, NUMBER)
    for view in (listed, shown):
        assert (view["status"], view["balance"]) == ("credited", Decimal("0.00"))
    assert list_invoices(issued, overdue=True) == []
    assert show_client(issued, "Acme")["balance"] == Decimal("0.00")
    late = open_book(issued.url, clock_from_text(str(date.fromisoformat(TODAY) + timedelta(60))))
    plan = plan_reminders(late)
    late.engine.dispose()
    assert [d.invoice_number for d in plan.due + plan.interrupted] == []
    written = write_invoice_pdf(issued, NUMBER, output=str(tmp_path / "c.pdf"))
    assert Path(written["path"]).read_bytes() == at_issue
    assert any("cancelled by a credit note" in notice for notice in written["notices"])


def test_a_stored_pdf_changed_outside_clientkit_is_refused_not_served(issued, tmp_path):
    """Bytes changed but not their digest: refused naming the invoice, and no file written."""
    _raw(
        issued,
        "UPDATE issued_document SET content = :bad WHERE kind = 'pdf'",
        bad=b"%PDF-1.4 forged",
    )
    target = tmp_path / "x.pdf"
    with pytest.raises(Refused) as refused:
        write_invoice_pdf(issued, NUMBER, output=str(target))
    assert str(refused.value) == (
        "the stored PDF of invoice 2026-0001 does not match its SHA-256: restore from backup"
    )
    assert not target.exists()
    with pytest.raises(ValueError, match="does not match its SHA-256"):
        invoice_attachment(issued, 1)


def test_stored_facts_changed_outside_clientkit_are_refused_for_the_ubl_export(issued, tmp_path):
    facts, _ = _stored(issued)["facts"]
    _raw(
        issued,
        "UPDATE issued_document SET content = :bad WHERE kind = 'facts'",
        bad=facts.replace(b"Acme", b"Evil"),
    )
    with pytest.raises(Refused, match="document data of invoice 2026-0001 does not match"):
        export_ubl(issued, NUMBER, output=str(tmp_path / "x.xml"))


def test_issuing_and_its_documents_are_one_transaction(issued, monkeypatch):
    """A failure while rendering leaves the draft a draft: no number used, nothing stored."""
    import clientkit.documents.invoice_pdf as invoice_pdf

    add_project(issued, "Acme", "Site", TermsInput(price="300", deposit="0"))
    draft = str(create_invoice(issued, "Site")["id"])

    def crash(doc: InvoiceDoc) -> bytes:
        raise RuntimeError("power cut")

    monkeypatch.setattr(invoice_pdf, "render_invoice", crash)
    with pytest.raises(RuntimeError):
        issue_invoice(issued, draft)
    monkeypatch.undo()
    assert (show_invoice(issued, draft)["status"], show_invoice(issued, draft)["number"]) == (
        "draft",
        None,
    )
    with issued.engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM issued_document")).scalar()
    assert rows == 2  # 2026-0001's PDF and facts only
    assert issue_invoice(issued, draft)["number"] == "2026-0002"  # the number was not used


def test_issuing_is_recorded_with_its_documents_by_digest_and_cannot_be_undone(issued):
    """The history lists the stored rows (their bytes by SHA-256) and refuses to undo them."""
    entry = history(issued)[0]
    documents = [c for c in entry["changes"] if c["table"] == "issued_document"]
    assert sorted(c["key"]["kind"] for c in documents) == ["facts", "pdf"]
    pdf = next(c for c in documents if c["key"]["kind"] == "pdf")
    assert pdf["after"]["content"] == "sha256:" + _stored(issued)["pdf"][1]
    with pytest.raises(Refused, match="issued"):
        undo(issued)


def _forget_documents(book: Book) -> None:
    """As a book issued before revision 0012 holds its invoices: with no stored documents."""
    _raw(book, "DELETE FROM issued_document")


def test_an_invoice_issued_before_documents_were_kept_is_kept_on_first_use(issued, tmp_path):
    """The first `invoice pdf` stores what it rendered; later changes no longer change it."""
    _forget_documents(issued)
    first = _pdf(issued, tmp_path)
    assert _stored(issued)["pdf"] == (first, _sha(first))
    assert history(issued)[0]["label"].startswith("keep the documents of 2026-0001")
    _later_changes(issued)
    assert _pdf(issued, tmp_path) == first


def test_undo_looks_past_keeping_an_older_invoice_document(issued, tmp_path):
    """Keeping a document is no change of the user's: undo takes back the edit before it."""
    _forget_documents(issued)
    with acting("client edit Acme --name Other"):
        edit_client(issued, "Acme", name="Other")
    _pdf(issued, tmp_path)
    assert undo(issued)["undone"]["label"] == "client edit Acme --name Other"
    assert set(_stored(issued)) == {"pdf", "facts"}  # the kept document stays


def test_crediting_an_older_invoice_keeps_it_as_it_stood_before(issued, tmp_path):
    """Credited before its document was kept, it is kept first, still showing what was paid
    and nothing about its cancellation."""
    _forget_documents(issued)
    credit_invoice(issued, NUMBER)
    pdf = _pdf(issued, tmp_path)
    assert _cii_amount(pdf, "TotalPrepaidAmount") == "200.00"


def test_an_older_credited_invoice_is_kept_without_asking_for_payment(issued, tmp_path):
    """Credited before revision 0012 too: rendered on first use, it asks for no transfer."""
    pay_invoice(issued, NUMBER, "500")
    credit_invoice(issued, NUMBER)
    _forget_documents(issued)
    path = tmp_path / "old.pdf"
    path.write_bytes(_pdf(issued, tmp_path))
    shown = _pdf_text(path)
    assert "Cancelled by credit note 2026-0002" in shown
    assert "Please transfer" not in shown


def _pdf_text(path: Path) -> str:
    import subprocess

    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return done.stdout.replace("\n", " ")


def test_an_upgraded_book_keeps_its_invoices_on_first_use(issued, tmp_path):
    """A book at revision 0011 (before documents were kept) with an issued invoice opens at
    the head revision; the invoice gets its documents the first time it is served."""
    with issued.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0011")
    issued.engine.dispose()
    reopened = open_book(issued.url, clock_from_text(TODAY))
    with reopened.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert _stored(reopened) == {}
    pdf = _pdf(reopened, tmp_path)
    assert _stored(reopened)["pdf"] == (pdf, _sha(pdf))
    reopened.engine.dispose()


def _empty_like(book: Book, tmp_path: Path) -> Book:
    if book.dialect == "postgresql":
        return open_book(_fresh_pg_database(), clock_from_text(TODAY))
    return open_book(f"sqlite:///{tmp_path / 'restored.db'}", clock_from_text(TODAY))


def test_export_and_import_carry_the_documents_byte_for_byte(issued, tmp_path):
    """An imported book serves the same PDF, with the same digest, as the one exported."""
    pay_invoice(issued, NUMBER, "500")
    stored = _stored(issued)
    export_book(issued, tmp_path / "out")
    restored = _empty_like(issued, tmp_path)
    import_path(restored, tmp_path / "out")
    assert _stored(restored) == stored
    assert _pdf(restored, tmp_path) == stored["pdf"][0]
    restored.engine.dispose()


def test_an_export_whose_document_was_changed_is_not_imported(issued, tmp_path):
    """Bytes changed in the export (its manifest made to match): exit 2 naming the row."""
    import json

    export_book(issued, tmp_path / "out")
    part = tmp_path / "out" / "issued_document.jsonl"
    rows = [json.loads(line) for line in part.read_text().splitlines()]
    for row in rows:
        if row["kind"] == "pdf":
            row["content"] = "JVBERi0xLjQgZm9yZ2Vk"  # "%PDF-1.4 forged"
    part.write_text("".join(json.dumps(row) + "\n" for row in rows))
    manifest_path = tmp_path / "out" / "clientkit-export.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["issued_document"]["sha256"] = _sha(part.read_bytes())
    manifest_path.write_text(json.dumps(manifest))
    restored = _empty_like(issued, tmp_path)
    with pytest.raises(BadInput) as bad:
        import_path(restored, tmp_path / "out")
    message = str(bad.value)
    assert "issued_document.jsonl line" in message
    assert "issued_document (invoice_id 1, kind pdf): content does not match its sha256" in message
    assert _stored(restored) == {}
    restored.engine.dispose()


def test_a_backup_holds_the_documents(issued, tmp_path):
    """`backup` copies the book file: the copy serves the very same PDF."""
    if issued.dialect != "sqlite":
        pytest.skip("backup copies a SQLite book; PostgreSQL is pg_dump's job")
    copy = tmp_path / "copy.db"
    backup_book(issued, copy)
    restored = open_book(f"sqlite:///{copy}", clock_from_text(TODAY))
    assert _pdf(restored, tmp_path) == _stored(issued)["pdf"][0]
    restored.engine.dispose()


def test_a_document_s_facts_read_back_exactly():
    """Dates, exact quantities, parties and the VAT by rate (int keys, in order) survive."""
    lines = [
        DocLine("Design", Decimal("25.75"), 8000, 2000, 206000, "hours"),
        DocLine("Icons", Decimal("1"), 33333, 1000, 33333),
    ]
    doc = InvoiceDoc(
        number="2026-0002",
        kind="invoice",
        status="issued",
        currency="EUR",
        digits=2,
        locale="sk_SK",
        issue_date=date(2026, 3, 2),
        due_date=date(2026, 3, 16),
        delivery_date=None,
        seller=Party(name="Jana", address="Hlavná 1\n811 01 Bratislava", country="SK"),
        buyer=Party(name="Ľubo", company="Acme & Sons", country="AT"),
        lines=lines,
        totals=totals([(line.amount_minor, line.vat_bp) for line in lines]),
        deposits_minor=20000,
        payments_minor=0,
        credits_issue_date=date(2026, 2, 1),
    )
    data = encode_facts(doc)
    assert decode_facts(data) == doc
    assert encode_facts(decode_facts(data)) == data
