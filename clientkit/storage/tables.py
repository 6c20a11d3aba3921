"""Core views of the book's tables for the read-only fact queries (risks, report, lists).

`clientkit risks` runs as a fresh process; building the SQLModel classes and importing
the ORM and SQLModel costs it about 0.2 s before the first query. These lightweight
tables name just the columns those queries read, with the types that convert their
results (dates, UTC timestamps, booleans), and import nothing but SQLAlchemy Core.
models.py stays the one schema: tests/storage/test_tables.py checks every column here
against it.
"""

from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Integer, LargeBinary, String, column, table
from sqlalchemy.sql.expression import ColumnClause

from clientkit.domain.parties import PARTY_FIELDS
from clientkit.storage.types import UTCDateTime

# Tables the database derives from others: never exported, imported or counted as data.
DERIVED_TABLES = frozenset({"project_minutes", "project_scope", "project_payments"})


def _money(name: str) -> Any:
    return column(name, BigInteger)


def _texts(*names: str) -> list[ColumnClause[str]]:
    return [column(name, String) for name in names]


client = table(
    "client",
    column("id", Integer),
    column("name", String),
    column("currency", String),
    _money("budget_minor"),
    column("archived", Boolean),
    # What a client's view shows beside: `client list --json` reads them without the ORM.
    *_texts("email", "company", "locale", "address", *PARTY_FIELDS),
)

project = table(
    "project",
    column("id", Integer),
    column("client_id", Integer),
    column("title", String),
    column("status", String),
    column("currency", String),
    column("deadline", Date),
    column("started_on", Date),
    column("delivered_on", Date),
    _money("price_minor"),
    _money("hourly_rate_minor"),
    column("estimate_minutes", Integer),
    column("revisions_included", Integer),
    _money("revision_fee_minor"),
    column("deposit_bp", Integer),
    _money("deposit_minor"),
    column("comm_budget_minutes", Integer),
    _money("comm_rate_minor"),
    column("rush_fee_bp", Integer),
    column("cancel_fee_bp", Integer),
    column("late_fee_bp", Integer),
    column("payment_days", Integer),
    column("rush", Boolean),
    *_texts("cancel_fee_basis", "buyer_ref", "order_ref"),
)

scope_item = table(
    "scope_item",
    column("id", Integer),
    column("project_id", Integer),
    column("description", String),
    column("done", Boolean),
    column("change_request", Boolean),
    _money("price_minor"),
    column("estimate_minutes", Integer),
    column("approved_on", Date),
)

revision = table("revision", column("project_id", Integer))

time_entry = table(
    "time_entry",
    column("project_id", Integer),
    column("kind", String),
    column("minutes", Integer),
    column("day", Date),
    column("id", Integer),
    column("billable", Boolean),
    column("note", String),
    column("created_at", UTCDateTime),
)

# Kept by triggers on time_entry (migration 0002): a project's minutes by kind, summed.
project_minutes = table(
    "project_minutes",
    column("project_id", Integer),
    column("work_minutes", BigInteger),
    column("comm_minutes", BigInteger),
)

# Kept by triggers on scope_item (migration 0004): a project's scope items, counted and summed.
project_scope = table(
    "project_scope",
    column("project_id", Integer),
    column("change_requests", BigInteger),
    column("change_value_minor", BigInteger),
    column("change_minutes", BigInteger),
    column("unapproved_changes", BigInteger),
    column("unapproved_value_minor", BigInteger),
    column("open_items", BigInteger),
)

# Kept by triggers on payment (migrations 0005, 0009): a project's money per currency, summed.
project_payments = table(
    "project_payments",
    column("project_id", Integer),
    column("currency", String),
    column("deposit_minor", BigInteger),
    column("received_minor", BigInteger),
)

message = table(
    "message",
    column("id", Integer),
    column("client_id", Integer),
    column("direction", String),
    column("at", UTCDateTime),
    column("answered_at", UTCDateTime),
    column("subject", String),
    column("channel", String),
)

contract = table(
    "contract", column("id", Integer), column("project_id", Integer), column("signed_on", Date)
)

invoice = table(
    "invoice",
    column("id", Integer),
    column("number", String),
    column("kind", String),
    column("status", String),
    column("client_id", Integer),
    column("project_id", Integer),
    column("currency", String),
    _money("total_minor"),
    column("issue_date", Date),
    column("due_date", Date),
    # The rest of an invoice's view, for `invoice list --json`.
    column("advance", Boolean),
    column("credits_invoice_id", Integer),
    column("reverse_charge", Boolean),
    _money("subtotal_minor"),
    _money("vat_minor"),
    column("period_start", Date),
    column("period_end", Date),
    column("delivered_on", Date),
    column("created_at", UTCDateTime),  # when its lines were computed (time entries it bills)
    *_texts("note", "vat_exemption", "exchange_rate", "tax_currency", "buyer_ref", "order_ref"),
)

invoice_line = table(
    "invoice_line",
    column("invoice_id", Integer),
    column("kind", String),
    _money("amount_minor"),
    column("position", Integer),
    _money("unit_price_minor"),
    column("vat_bp", Integer),
    *_texts("description", "quantity"),
)

# An issued invoice's stored PDF and facts (services.stored_documents serves them).
issued_document = table(
    "issued_document",
    column("invoice_id", Integer),
    column("kind", String),
    column("content", LargeBinary),
    column("sha256", String),
)

payment = table(
    "payment",
    column("client_id", Integer),
    column("project_id", Integer),
    column("invoice_id", Integer),
    column("kind", String),
    _money("amount_minor"),
    column("currency", String),
    column("day", Date),
    column("voided_at", UTCDateTime),
)

reminder = table(
    "reminder",
    column("id", Integer),
    column("invoice_id", Integer),
    column("level", String),
    column("status", String),
    column("sent_at", UTCDateTime),
)

profile = table(
    "profile",
    column("id", Integer),
    column("locale", String),
    column("timezone", String),
    column("name", String),
    column("business", String),
    column("email", String),
    column("iban", String),
    column("bic", String),
    # What an invoice's exemption reasons depend on (services/vat_basis.py).
    column("vat_exemption", String),
    *_texts("address", *PARTY_FIELDS),
)

risk_ack = table(
    "risk_ack",
    column("id", Integer),
    column("code", String),
    column("client_id", Integer),
    column("project_id", Integer),
    column("fingerprint", String),
    column("until", Date),
    column("reason", String),
    column("created_at", UTCDateTime),
)
