"""advance invoices: an invoice flagged as an advance, and the line deducting one

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 10:00:00

`deposit request` issues an advance (prepayment) invoice, EN 16931 type code 386: an invoice
row with `advance` true. The project's final invoice deducts each paid advance invoice with a
negative line per VAT rate, which names the advance it deducts (`advance_invoice_id`), so an
advance is deducted once. Every existing invoice is an ordinary one and no line deducts
anything: plain added columns (no batch copy of the tables, whose triggers stay in place).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PostgreSQL names the constraint; SQLite keeps the REFERENCES clause in the column itself.
LINE_ADVANCE_FK = "invoice_line_advance_invoice_id_fkey"


def upgrade() -> None:
    op.add_column(
        "invoice",
        sa.Column("advance", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its REFERENCES clause; no constraint can be added after.
        op.execute(
            "ALTER TABLE invoice_line ADD COLUMN advance_invoice_id INTEGER REFERENCES invoice (id)"
        )
        return
    op.add_column("invoice_line", sa.Column("advance_invoice_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        LINE_ADVANCE_FK, "invoice_line", "invoice", ["advance_invoice_id"], ["id"]
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both engines (SQLite since 3.35, which drops a column
    # holding its own REFERENCES clause), as 0011 and 0014 do: a batch copy of a table that
    # other tables' foreign keys name would be refused.
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(LINE_ADVANCE_FK, "invoice_line", type_="foreignkey")
    op.execute("ALTER TABLE invoice_line DROP COLUMN advance_invoice_id")
    op.execute("ALTER TABLE invoice DROP COLUMN advance")
