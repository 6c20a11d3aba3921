"""the payment QR of EUR invoices to clients in Slovakia: PAY by square, EPC or both

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 10:00:00

The profile chooses which payment QR a EUR invoice to a client in Slovakia carries
(`profile set --slovak-qr pay-by-square|epc|both`). An existing book gets "both": its next
invoices keep the EPC code they had and add PAY by square. A plain added column; issued
invoices keep the PDF they were issued with.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "profile",
        sa.Column(
            "slovak_qr", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="both"
        ),
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both engines (SQLite since 3.35), as 0014 does.
    op.execute("ALTER TABLE profile DROP COLUMN slovak_qr")
