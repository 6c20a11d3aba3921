"""Whole Core tables of the rows the everyday commands write: every column, with its key.

storage/tables.py names only the columns the fact queries read; a write recorded in the
history needs the whole row (undo puts it back as it was), so the tables that `log`,
`revision add`, the timer, `message add` and the contract commands write are spelled out
here in full, importing SQLAlchemy Core alone. models.py stays the one schema:
tests/storage/test_write_tables.py checks that each table here has exactly its model's
columns, types, key and nullability.
"""

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Boolean, Column, Date, Integer, MetaData, String, Table

from clientkit.storage.types import UTCDateTime

# Not the models' metadata: these tables are never created or migrated from here.
METADATA = MetaData()


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _stamps() -> list[Column[datetime]]:
    """created_at and updated_at, set to now on insert as the models' Timestamped does."""
    return [
        Column("created_at", UTCDateTime, nullable=False, default=_utcnow),
        Column("updated_at", UTCDateTime, nullable=False, default=_utcnow),
    ]


time_entry = Table(
    "time_entry",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("day", Date, nullable=False),
    Column("billable", Boolean, nullable=False, default=True),
    Column("note", String, nullable=False, default=""),
    Column("source", String, nullable=True),
    Column("external_id", String, nullable=True),
)

revision = Table(
    "revision",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("description", String, nullable=False),
    Column("requested_on", Date, nullable=False),
)

running_timer = Table(
    "running_timer",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("note", String, nullable=False, default=""),
)

message = Table(
    "message",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, nullable=False),
    Column("project_id", Integer, nullable=True),
    Column("direction", String, nullable=False),
    Column("channel", String, nullable=False, default="email"),
    Column("subject", String, nullable=False, default=""),
    Column("body", String, nullable=False, default=""),
    Column("at", UTCDateTime, nullable=False),
    Column("answered_at", UTCDateTime, nullable=True),
    Column("message_id", String, nullable=True),
)

contract = Table(
    "contract",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, nullable=False),
    Column("template", String, nullable=False, default="contract"),
    Column("lang", String, nullable=False, default="en_US"),
    Column("values_json", String, nullable=False, default="{}"),
    Column("sha256", String, nullable=False, default=""),
    Column("path", String, nullable=False, default=""),
    Column("signed_on", Date, nullable=True),
)

payment = Table(
    "payment",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, nullable=False),
    Column("project_id", Integer, nullable=True),
    Column("invoice_id", Integer, nullable=True),
    Column("kind", String, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String, nullable=False),
    Column("day", Date, nullable=False),
    Column("method", String, nullable=False, default=""),
    Column("external_ref", String, nullable=True),
    Column("voided_at", UTCDateTime, nullable=True),
    Column("void_reason", String, nullable=False, default=""),
)

invoice = Table(
    "invoice",
    METADATA,
    *_stamps(),
    Column("id", Integer, primary_key=True),
    Column("client_id", Integer, nullable=False),
    Column("project_id", Integer, nullable=True),
    Column("number", String, nullable=True),
    Column("kind", String, nullable=False),
    Column("credits_invoice_id", Integer, nullable=True),
    Column("status", String, nullable=False),
    Column("currency", String, nullable=False),
    Column("issue_date", Date, nullable=True),
    Column("due_date", Date, nullable=True),
    Column("reverse_charge", Boolean, nullable=False),
    Column("note", String, nullable=False),
    Column("subtotal_minor", BigInteger, nullable=False),
    Column("vat_minor", BigInteger, nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("period_start", Date, nullable=True),
    Column("period_end", Date, nullable=True),
    Column("delivered_on", Date, nullable=True),
    Column("vat_exemption", String, nullable=False),
    Column("exchange_rate", String, nullable=True),
    Column("tax_currency", String, nullable=True),
    Column("buyer_ref", String, nullable=False),
    Column("order_ref", String, nullable=False),
    Column("advance", Boolean, nullable=False),
)
