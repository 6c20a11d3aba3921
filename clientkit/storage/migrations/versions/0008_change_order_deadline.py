"""the deadline a change order promises, kept with its change request

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:00:00

`scope order --days N` renders a change order saying "the deadline moves from A to B"; the
book kept nothing of it, so `scope approve` could not move the deadline the client signed.
The latest order of an unapproved change request now records B, and approving applies it.
A plain added column (no batch copy of the table), so the triggers of 0004 on `scope_item`
stay in place.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("scope_item", sa.Column("order_deadline", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scope_item") as batch:
        batch.drop_column("order_deadline")
