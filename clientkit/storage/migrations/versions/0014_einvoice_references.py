"""e-invoice references and addresses: buyer and order references, electronic addresses

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-06 10:00:00

XRechnung requires the buyer's reference (BT-10, a German public buyer's Leitweg-ID) and
Peppol a buyer or purchase order reference (BT-13): a project gets buyer_ref and order_ref for
its invoices, and an invoice its own (empty: the project's apply). Peppol routes an invoice
by the parties' electronic addresses (BT-34, BT-49): the profile and every client get an
endpoint, SCHEME:ID, set when the one their VAT id gives is not the right one. All empty in an
existing book: plain added columns (no batch copy of the tables).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "profile": ("endpoint",),
    "client": ("endpoint",),
    "project": ("buyer_ref", "order_ref"),
    "invoice": ("buyer_ref", "order_ref"),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for name in columns:
            op.add_column(
                table,
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                ),
            )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both engines (SQLite since 3.35), as 0011 does: a batch
    # copy of a table that other tables' foreign keys name would be refused.
    for table, columns in COLUMNS.items():
        for name in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
