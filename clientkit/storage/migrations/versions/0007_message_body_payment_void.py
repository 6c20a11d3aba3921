"""message bodies, and voided payments kept with their reason

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 22:30:00

A message had only a subject: `message add --body` (or stdin) now keeps what was said, so the
conversation's whole history is in the book and can be searched.

A payment recorded by mistake is never erased: `payment void` stamps it with when and why,
and every sum leaves it out from then on. Plain added columns (no batch copy of the table),
so the triggers of 0005 on `payment` stay in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from clientkit.storage.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "message",
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
    )
    op.add_column("payment", sa.Column("voided_at", UTCDateTime(), nullable=True))
    op.add_column(
        "payment",
        sa.Column(
            "void_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("payment") as batch:
        batch.drop_column("void_reason")
        batch.drop_column("voided_at")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("body")
