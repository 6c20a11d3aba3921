"""A book per client language with every document clientkit writes in it: invoices with every
generated line kind, a credit note, a cancellation draft, an advance invoice and the final
invoice deducting it, a contract, a change order and a reminder of each level, each as the text
a reader gets (pdftotext for PDFs)."""

import subprocess
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from clientkit.services.advances import request_advance
from clientkit.services.book import Book
from clientkit.services.cancellation import cancel_project
from clientkit.services.change_orders import ChangeOrderRequest, render_change_order
from clientkit.services.clients import add_client
from clientkit.services.contracts import ContractRequest, generate_contract
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import (
    InvoiceResult,
    create_invoice,
    credit_invoice,
    issue_invoice,
)
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.reminders import plan_reminders
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from clientkit.services.stored_documents import write_invoice_pdf
from clientkit.services.tracking import add_revision, log_time
from tests.services.reminder_seed import reminded


@dataclass
class Documents:
    """What a client in one locale receives, as text, and what the commands said."""

    locale: str
    invoice: str = ""  # the fixed-price invoice: price, rush, revisions, communication, change
    hourly: str = ""  # the hourly invoice: work, communication, rush on the hours
    credit_note: str = ""
    cancellation: str = ""  # the draft billing the cancellation fee
    advance: str = ""  # the advance invoice asking for the deposit
    final: str = ""  # the final invoice deducting the paid advance
    contract: str = ""
    change_order: str = ""
    reminders: dict[str, tuple[str, str]] = field(default_factory=dict)  # level: subject, body
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, description) stored
    notices: list[str] = field(default_factory=list)

    def texts(self) -> dict[str, str]:
        """Every document by name."""
        found = {
            "invoice": self.invoice,
            "hourly invoice": self.hourly,
            "credit note": self.credit_note,
            "cancellation draft": self.cancellation,
            "advance invoice": self.advance,
            "final invoice": self.final,
            "contract": self.contract,
            "change order": self.change_order,
        }
        for level, (subject, body) in self.reminders.items():
            found[f"{level} reminder"] = f"{subject}\n{body}"
        return found


def pdf_text(path: str | Path) -> str:
    """The text a reader copies out of a PDF, lines and columns joined by single spaces."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.replace("\u00a0", " ").replace("\u202f", " ").split())


def documents_in(book: Book, locale: str, out: Path) -> Documents:
    """Every document of a business client in `locale`, billed by a VAT-registered freelancer
    in another EU country (reverse charge)."""
    today = book.clock.today()
    docs = Documents(locale)
    set_profile(
        book,
        name="Jana Nováková",
        business="Studio Nováková",
        email="jana@studio.example",
        street="Obchodná 12",
        postcode="811 06",
        city="Bratislava",
        country="SK",
        reg_id="50123456",
        vat_id="SK2020273893",
        phone="+421 900 123 456",
        iban="SK3112000000198742637541",
        bic="TATRSKBX",
        reverse_charge=True,
    )
    add_client(
        book,
        "Alpenholz",
        company="Alpenholz GmbH",
        email="buchhaltung@alpenholz.example",
        locale=locale,
        street="Ringstraße 5",
        postcode="1010",
        city="Wien",
        country="AT",
        vat_id="ATU13585627",
        reg_id="FN 123456a",
        contact="Petra Huber",
        phone="+43 1 234 5678",
    )
    soon = str(today + timedelta(days=5))
    fixed = TermsInput(
        price="2000",
        revisions=1,
        revision_fee="150",
        comm_budget="1h",
        comm_rate="60",
        rush_fee="25%",
        deposit="30%",
        late_fee="2%",
        cancel_fee="40%",
        deadline=soon,
    )
    add_project(book, "Alpenholz", "Brand", fixed)
    add_scope_item(book, "Brand", "Logo and colours")
    move_project(book, "Brand", "start")
    log_time(book, "Brand", "2h", "call")
    add_revision(book, "Brand", "first round")
    add_revision(book, "Brand", "second round")
    change = add_scope_item(book, "Brand", "Extra page", price="300")
    order = render_change_order(
        book, str(change["id"]), ChangeOrderRequest(days=5, output=str(out / "change.pdf"))
    )
    docs.change_order = pdf_text(order["path"])
    docs.notices += order["notices"]
    approve_scope_item(book, str(change["id"]))
    contract = generate_contract(book, "Brand", ContractRequest(output=str(out / "contract.pdf")))
    docs.contract = pdf_text(contract["path"])
    docs.notices += contract["notices"]
    record_deposit(book, "Brand", "600")
    brand = _issued(book, docs, "Brand", days_overdue=16)
    docs.invoice = _pdf(book, brand, out)

    add_project(book, "Alpenholz", "Site", TermsInput(hourly="80", rush_fee="25%", deadline=soon))
    move_project(book, "Site", "start")
    log_time(book, "Site", "10h", "work")
    log_time(book, "Site", "1h30m", "meeting")
    site = _issued(book, docs, "Site", days_overdue=11)
    docs.hourly = _pdf(book, site, out)

    add_project(book, "Alpenholz", "Logo", TermsInput(price="400"))
    logo = _issued(book, docs, "Logo", days_overdue=2)
    pay_invoice(book, str(logo["number"]), "100")

    add_project(book, "Alpenholz", "Flyer", TermsInput(price="300"))
    flyer = _issued(book, docs, "Flyer", days_overdue=0)
    credit = credit_invoice(book, str(flyer["number"]))
    docs.notices += credit["notices"]
    docs.credit_note = _pdf(book, credit, out)

    add_project(book, "Alpenholz", "Audit", TermsInput(price="1000", cancel_fee="40%"))
    move_project(book, "Audit", "start")
    cancelled = cancel_project(book, "Audit", invoice=True)
    draft = cancelled["invoice"]
    docs.notices += cancelled["notices"]
    docs.lines += [(line["kind"], line["description"]) for line in draft["lines"]]
    docs.cancellation = _pdf(book, draft, out)

    add_project(book, "Alpenholz", "Print", TermsInput(price="1000", deposit="0"))
    advance = request_advance(book, "Print", amount="300")
    docs.notices += advance["notices"]
    docs.lines += [(line["kind"], line["description"]) for line in advance["lines"]]
    docs.advance = _pdf(book, advance, out)
    record_deposit(book, "Print", str(advance["total"]))
    final = _issued(book, docs, "Print", days_overdue=0)
    docs.final = _pdf(book, final, out)

    reminded(book, brand["id"], "friendly", "second")
    reminded(book, site["id"], "friendly")
    plan = plan_reminders(book)
    docs.notices += plan.notices
    docs.reminders = {draft.level: (draft.subject, draft.body) for draft in plan.due}
    return docs


def _issued(book: Book, docs: Documents, project: str, *, days_overdue: int) -> InvoiceResult:
    """The project's invoice, issued so that it is `days_overdue` days past its due date."""
    draft = create_invoice(book, project)
    docs.notices += draft["notices"]
    docs.lines += [(line["kind"], line["description"]) for line in draft["lines"]]
    on = book.clock.today() - timedelta(days=days_overdue + 14)
    issued = issue_invoice(book, str(draft["id"]), on=on)
    docs.notices += issued["notices"]
    return issued


def _pdf(book: Book, invoice: InvoiceResult, out: Path) -> str:
    target = out / f"invoice-{invoice['id']}.pdf"
    written = write_invoice_pdf(book, str(invoice["id"]), output=str(target))
    return pdf_text(written["path"])
