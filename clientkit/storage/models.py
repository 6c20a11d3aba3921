"""The book's tables (SQLModel): money in integer minor units, percentages in basis points.

Money columns are BIGINT: on PostgreSQL an INTEGER ends at 2**31 minor units, which is
only 21 million euros and a mere 2,147 million yen (a JPY invoice of 25 million is real).
"""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import BigInteger, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from clientkit.domain.payment_qr import DEFAULT_SLOVAK_QR
from clientkit.storage.tables import DERIVED_TABLES  # noqa: F401  (re-exported: the schema's own list)
from clientkit.storage.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


def instant(*, nullable: bool = False, default_now: bool = False) -> Any:
    """A UTC timestamp column."""
    if default_now:
        return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=nullable)
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable)


def party_text() -> Any:
    """A party's structured address or contact field, or an e-invoice reference (migrations
    0011, 0014): empty unless set, also in rows an older clientkit writes."""
    return Field(default="", sa_column_kwargs={"server_default": ""})


class Timestamped(SQLModel):
    """Every row carries when it was created and last updated (UTC)."""

    created_at: datetime = instant(default_now=True)
    updated_at: datetime = instant(default_now=True)


class Profile(Timestamped, table=True):
    """The freelancer: one row (id 1)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = ""
    business: str = ""
    email: str = ""
    address: str = ""  # free text, as typed before the structured fields existed
    street: str = party_text()
    postcode: str = party_text()
    city: str = party_text()
    country: str = party_text()  # ISO 3166-1 alpha-2, "" when not set
    reg_id: str = party_text()  # company registration id (IČO, Handelsregister): BT-30
    tax_id: str = ""
    vat_id: str = ""
    contact: str = party_text()  # contact person
    phone: str = party_text()
    endpoint: str = party_text()  # electronic address SCHEME:ID (BT-34), migration 0014
    iban: str = ""
    bic: str = ""
    currency: str = "EUR"
    locale: str = "en_US"
    timezone: str = "UTC"
    reverse_charge: bool = False
    lead_time_days: int = 14
    # "small-business": no VAT is charged, invoices print the statutory sentence
    # (clientkit.domain.exemptions); "none" otherwise.
    vat_exemption: str = Field(default="none", sa_column_kwargs={"server_default": "none"})
    # The payment QR of a EUR invoice to a client in Slovakia (clientkit.domain.payment_qr):
    # pay-by-square, epc or both; migration 0015.
    slovak_qr: str = Field(
        default=DEFAULT_SLOVAK_QR, sa_column_kwargs={"server_default": DEFAULT_SLOVAK_QR}
    )


class Client(Timestamped, table=True):
    __table_args__ = (Index("ix_client_name", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    email: str = ""
    company: str = ""
    address: str = ""  # free text, as typed before the structured fields existed
    street: str = party_text()
    postcode: str = party_text()
    city: str = party_text()
    country: str = party_text()  # ISO 3166-1 alpha-2, "" when not set
    reg_id: str = party_text()  # company registration id: BT-47
    tax_id: str = party_text()
    vat_id: str = ""
    contact: str = party_text()  # contact person
    phone: str = party_text()
    endpoint: str = party_text()  # electronic address SCHEME:ID (BT-49), migration 0014
    currency: str = "EUR"
    locale: str = "en_US"
    budget_minor: int | None = Field(default=None, sa_type=BigInteger)
    archived: bool = False


class Project(Timestamped, table=True):
    __table_args__ = (
        Index("ix_project_client", "client_id", "status"),
        Index("ix_project_status", "status", "deadline"),
        Index("ix_project_title", "title"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    title: str
    status: str = "draft"  # draft, active, delivered, closed, cancelled
    currency: str = "EUR"
    price_minor: int | None = Field(default=None, sa_type=BigInteger)
    hourly_rate_minor: int | None = Field(default=None, sa_type=BigInteger)
    estimate_minutes: int | None = None
    revisions_included: int | None = None
    revision_fee_minor: int | None = Field(default=None, sa_type=BigInteger)
    deposit_bp: int | None = None
    deposit_minor: int | None = Field(default=None, sa_type=BigInteger)
    comm_budget_minutes: int | None = None
    comm_rate_minor: int | None = Field(default=None, sa_type=BigInteger)
    rush_fee_bp: int | None = None
    cancel_fee_bp: int | None = None
    # What the cancellation fee is a share of: "price" (the whole value) or "remainder"
    # (the value not yet invoiced), as the contract says.
    cancel_fee_basis: str = Field(default="price", sa_column_kwargs={"server_default": "price"})
    late_fee_bp: int | None = None
    payment_days: int = 14
    deadline: date | None = None
    # The deadline was shorter than the freelancer's lead time when the project was added:
    # the rush fee applies (and is billed as its own line).
    rush: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    started_on: date | None = None
    delivered_on: date | None = None
    closed_on: date | None = None
    cancelled_on: date | None = None
    # The buyer's reference (BT-10) and purchase order (BT-13) its invoices carry (0014).
    buyer_ref: str = party_text()
    order_ref: str = party_text()


class ScopeItem(Timestamped, table=True):
    """A deliverable; `change_request` when it was added after kickoff."""

    __tablename__ = "scope_item"
    __table_args__ = (Index("ix_scope_project", "project_id", "change_request"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    description: str
    price_minor: int | None = Field(default=None, sa_type=BigInteger)
    estimate_minutes: int | None = None
    change_request: bool = False
    approved_on: date | None = None
    done: bool = False
    # The deadline the latest change order of this change request moves the project to
    # (`scope order --days`); approving the change applies it.
    order_deadline: date | None = None


class Revision(Timestamped, table=True):
    __table_args__ = (Index("ix_revision_project", "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    number: int
    description: str
    requested_on: date


class TimeEntry(Timestamped, table=True):
    """Minutes of work or communication (call, meeting, email, chat) on a project."""

    __tablename__ = "time_entry"
    __table_args__ = (
        # Covering index: per-project sums by kind read the index alone.
        Index("ix_time_project_kind", "project_id", "kind", "minutes"),
        # Covering too: a report over a period sums minutes per project and kind by day range.
        Index("ix_time_day", "day", "project_id", "kind", "minutes"),
        UniqueConstraint("source", "external_id", name="uq_time_external"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    kind: str  # work, call, meeting, email, chat
    minutes: int
    day: date
    billable: bool = True
    note: str = ""
    source: str | None = None  # where an imported entry came from (watson, klog, ...)
    external_id: str | None = None


class ProjectMinutes(SQLModel, table=True):
    """Minutes of work and of communication logged on a project, kept by database triggers.

    Derived from time_entry (migration 0002 installs the triggers on every engine), so it is
    never written by clientkit, exported or imported: the risk facts read these two numbers
    per open project instead of summing hundreds of thousands of entries on every run.
    """

    __tablename__ = "project_minutes"

    project_id: int = Field(
        sa_column_kwargs={"autoincrement": False},
        primary_key=True,
        foreign_key="project.id",
        ondelete="CASCADE",
    )
    work_minutes: int = Field(default=0, sa_type=BigInteger)
    comm_minutes: int = Field(default=0, sa_type=BigInteger)


class ProjectScope(SQLModel, table=True):
    """A project's scope items counted and summed, kept by database triggers (migration 0004).

    Derived from scope_item like ProjectMinutes from time_entry: the risk facts read one row
    per open project instead of grouping the scope items of thousands of projects."""

    __tablename__ = "project_scope"

    project_id: int = Field(
        sa_column_kwargs={"autoincrement": False},
        primary_key=True,
        foreign_key="project.id",
        ondelete="CASCADE",
    )
    change_requests: int = Field(default=0, sa_type=BigInteger)
    change_value_minor: int = Field(default=0, sa_type=BigInteger)  # priced change requests
    change_minutes: int = Field(default=0, sa_type=BigInteger)  # estimates of unpriced ones
    unapproved_changes: int = Field(default=0, sa_type=BigInteger)
    unapproved_value_minor: int = Field(default=0, sa_type=BigInteger)
    open_items: int = Field(default=0, sa_type=BigInteger)


class RunningTimer(Timestamped, table=True):
    """The one running timer, stored so it survives closing the app."""

    __tablename__ = "running_timer"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    kind: str
    started_at: datetime = instant()
    note: str = ""


class Message(Timestamped, table=True):
    __table_args__ = (
        Index("ix_message_client", "client_id", "direction", "at"),
        Index("ix_message_open", "direction", "answered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    project_id: int | None = Field(default=None, foreign_key="project.id")
    direction: str  # inbound, outbound
    channel: str = "email"
    subject: str = ""
    body: str = Field(default="", sa_column_kwargs={"server_default": ""})
    at: datetime = instant()
    answered_at: datetime | None = instant(nullable=True)
    message_id: str | None = None


class Contract(Timestamped, table=True):
    __table_args__ = (Index("ix_contract_project", "project_id", "signed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    template: str = "contract"
    lang: str = "en_US"
    values_json: str = "{}"
    sha256: str = ""
    path: str = ""
    signed_on: date | None = None


class Invoice(Timestamped, table=True):
    __table_args__ = (
        Index("ix_invoice_client", "client_id", "status"),
        Index("ix_invoice_status_due", "status", "due_date"),
        Index("ix_invoice_project", "project_id", "kind", "status"),
        # Finding an invoice's credit note, and the foreign-key check when invoices are
        # deleted: without it, wiping 50,000 invoices scans the table once per row.
        Index("ix_invoice_credits", "credits_invoice_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    project_id: int | None = Field(default=None, foreign_key="project.id")
    number: str | None = Field(default=None, unique=True)
    kind: str = "invoice"  # invoice, credit_note
    credits_invoice_id: int | None = Field(default=None, foreign_key="invoice.id")
    status: str = "draft"  # draft, issued, paid, credited
    currency: str = "EUR"
    issue_date: date | None = None
    due_date: date | None = None
    reverse_charge: bool = False
    note: str = ""
    subtotal_minor: int = Field(default=0, sa_type=BigInteger)
    vat_minor: int = Field(default=0, sa_type=BigInteger)
    total_minor: int = Field(default=0, sa_type=BigInteger)
    # When the billed supply happened (EN 16931): a service period, or one delivery date.
    period_start: date | None = None
    period_end: date | None = None
    delivered_on: date | None = None
    # Why its 0 % lines carry no VAT (clientkit.domain.exemptions), fixed when it is issued;
    # "" on invoices issued before clientkit kept it.
    vat_exemption: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # In a currency other than the accounting one, with VAT: the rate given when issued (exact
    # decimal text) and the accounting currency its VAT is also stated in (BT-6, BT-111).
    exchange_rate: str | None = None
    tax_currency: str | None = None
    # The buyer's reference (BT-10) and purchase order (BT-13), when they are this invoice's
    # own; else the project's apply. Issuing keeps the ones that applied (migration 0014).
    buyer_ref: str = party_text()
    order_ref: str = party_text()
    # An advance (prepayment) invoice, EN 16931 type 386: it asks for a deposit before the
    # work, with its VAT; the project's final invoice deducts it by VAT rate (migration 0015).
    advance: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})


class InvoiceLine(Timestamped, table=True):
    __tablename__ = "invoice_line"
    __table_args__ = (Index("ix_line_invoice", "invoice_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id")
    position: int
    description: str
    quantity: str = "1"  # exact decimal text: SQLite has no DECIMAL
    unit_price_minor: int = Field(sa_type=BigInteger)
    vat_bp: int = 0
    amount_minor: int = Field(sa_type=BigInteger)
    # price, hours, rush, revision, communication, change, cancellation, deposit, advance,
    # manual
    kind: str = "manual"
    # The advance invoice this line deducts (kind "advance" on a final invoice), migration 0015.
    advance_invoice_id: int | None = Field(default=None, foreign_key="invoice.id")


class IssuedDocument(SQLModel, table=True):
    """An issued invoice's or credit note's document as it was written at issue, never changed.

    kind "pdf": the PDF sent to the client (its Factur-X XML embedded); kind "facts": what the
    document shows (parties, lines, totals, what was paid at issue) as JSON, from which the
    UBL export is rendered. `sha256` is the hex digest of `content`, checked whenever it is
    served: a mismatch means the book was altered outside clientkit."""

    __tablename__ = "issued_document"

    invoice_id: int = Field(
        sa_column_kwargs={"autoincrement": False}, primary_key=True, foreign_key="invoice.id"
    )
    kind: str = Field(primary_key=True)
    content: bytes = Field(sa_type=LargeBinary)
    sha256: str
    created_at: datetime = instant(default_now=True)


class InvoiceSeries(Timestamped, table=True):
    """The last number issued in a yearly series; updated inside the issuing transaction."""

    __tablename__ = "invoice_series"

    series: str = Field(primary_key=True)
    last_seq: int = 0


class Payment(Timestamped, table=True):
    """Money received (or refunded): a deposit, part or all of an invoice, or client credit."""

    __table_args__ = (
        # Covering: sums per invoice and per project (kind tells refunds and deposits apart,
        # currency keeps a project's money in its own currency, voided_at leaves voided payments
        # out) read the index alone.
        Index("ix_payment_invoice", "invoice_id", "kind", "amount_minor", "voided_at"),
        Index("ix_payment_client", "client_id", "day"),
        Index("ix_payment_project", "project_id", "kind", "currency", "amount_minor"),
        UniqueConstraint("external_ref", name="uq_payment_external"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    project_id: int | None = Field(default=None, foreign_key="project.id")
    invoice_id: int | None = Field(default=None, foreign_key="invoice.id")
    kind: str  # deposit, partial, final, credit, refund
    amount_minor: int = Field(sa_type=BigInteger)
    currency: str
    day: date
    method: str = ""
    external_ref: str | None = None
    # A payment recorded by mistake is voided, never erased: every sum leaves it out.
    voided_at: datetime | None = instant(nullable=True)
    void_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ProjectPayments(SQLModel, table=True):
    """Money a project received in each currency, kept by database triggers (migrations 0005,
    0009: a voided payment counts nowhere).

    Derived from payment like ProjectMinutes from time_entry. The risk facts and every project
    view read the row of the project's own currency: money in another currency is not the
    project's, and no payment is summed per request."""

    __tablename__ = "project_payments"

    project_id: int = Field(
        sa_column_kwargs={"autoincrement": False},
        primary_key=True,
        foreign_key="project.id",
        ondelete="CASCADE",
    )
    currency: str = Field(primary_key=True)
    deposit_minor: int = Field(default=0, sa_type=BigInteger)
    received_minor: int = Field(default=0, sa_type=BigInteger)  # refunds taken away


class RiskAck(Timestamped, table=True):
    """A risk finding the freelancer silenced (`risks ack`), with why and until when.

    One per finding: its code, client and project (none for a client's own findings). The
    fingerprint is the finding as it stood when silenced; once the finding differs, or the
    day after `until`, it shows again. created_at is when it was silenced."""

    __tablename__ = "risk_ack"
    __table_args__ = (Index("ix_risk_ack_finding", "client_id", "code", "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str
    client_id: int = Field(foreign_key="client.id")
    project_id: int | None = Field(default=None, foreign_key="project.id")
    fingerprint: str
    until: date | None = None
    reason: str


class Reminder(Timestamped, table=True):
    """A payment reminder: the intent is written before sending, the outcome after."""

    __table_args__ = (UniqueConstraint("invoice_id", "level", name="uq_reminder_level"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id")
    level: str
    status: str = "intent"  # intent, sent, failed
    channel: str = "email"
    message_id: str = ""
    intent_at: datetime | None = instant(nullable=True)
    sent_at: datetime | None = instant(nullable=True)
    error: str = ""
    # "host pid" of the run holding the intent: tells a live sender from a crashed one.
    owner: str = ""
