"""service period or delivery date, VAT exemption and exchange rate of invoices

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-06 10:00:00

An invoice states when its supply happened (EN 16931 BT-72, or BG-14 BT-73/BT-74), why its
0 % lines carry no VAT (BT-120/BT-121) and, in a foreign currency with VAT, the exchange rate
to the accounting currency (BT-6/BT-111). The profile may claim the small-business
exemption. Plain added columns (no batch copy of the tables, whose triggers stay in place).

Issued invoices printed the project's delivery date, else their issue date, as the delivery
date: that date is now stored on them, so they keep printing what they printed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATES = ("period_start", "period_end", "delivered_on")
TEXTS = ("exchange_rate", "tax_currency")


def upgrade() -> None:
    op.add_column(
        "profile",
        sa.Column(
            "vat_exemption",
            sqlmodel.sql.sqltypes.AutoString(),
            nullable=False,
            server_default="none",
        ),
    )
    for name in DATES:
        op.add_column("invoice", sa.Column(name, sa.Date(), nullable=True))
    op.add_column(
        "invoice",
        sa.Column(
            "vat_exemption", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    for name in TEXTS:
        op.add_column("invoice", sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.execute(
        "UPDATE invoice SET delivered_on = COALESCE("
        "(SELECT project.delivered_on FROM project WHERE project.id = invoice.project_id), "
        "issue_date) WHERE number IS NOT NULL"
    )


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of `invoice` would drop
    # a table that invoice lines, payments and reminders refer to.
    for name in (*TEXTS, "vat_exemption", *DATES):
        op.drop_column("invoice", name)
    op.drop_column("profile", "vat_exemption")
