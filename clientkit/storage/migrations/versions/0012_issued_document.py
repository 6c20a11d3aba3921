"""issued documents, frozen at issue: an invoice's PDF and the facts it shows, with SHA-256

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06 10:00:00

A row per (invoice, kind): kind "pdf" holds the PDF as issued (Factur-X XML embedded), kind
"facts" the document's contents as JSON (the UBL export is rendered from them). Nothing is
rendered here: a migration never imports clientkit's document code. Invoices issued before
this revision get their rows the first time their document is asked for (`invoice pdf`,
`invoice export`, a reminder's attachment), which then stays what is served.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import clientkit.storage.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_document",
        sa.Column("invoice_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", clientkit.storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoice.id"]),
        sa.PrimaryKeyConstraint("invoice_id", "kind"),
    )


def downgrade() -> None:
    op.drop_table("issued_document")
