"""risk findings the freelancer silenced, for `clientkit risks ack`

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 02:00:00

A row per silenced finding: its code, client and project (none for a client's own findings,
such as an unresponsive client), a fingerprint of the finding as it stood, an optional last
day and the reason given. `risks` hides the finding while its fingerprint matches and the
day has not passed; `risks --all` shows it, marked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import clientkit.storage.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "risk_ack",
        sa.Column("created_at", clientkit.storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", clientkit.storage.types.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_risk_ack_finding", "risk_ack", ["client_id", "code", "project_id"])


def downgrade() -> None:
    op.drop_index("ix_risk_ack_finding", table_name="risk_ack")
    op.drop_table("risk_ack")
