"""the book's history of changes, for `clientkit history` and `clientkit undo`

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:00:00

Every write transaction made through clientkit leaves one row here: when (UTC), what (the
command or TUI action), and each row it inserted, updated or deleted with its column values
before and after, as JSON (money in integer minor units, dates ISO). `undo` reverts an entry
by adding another entry that names it (`undoes`): the history is append-only, and triggers
refuse UPDATE and DELETE on it so that nothing, not even an SQL shell by mistake, rewrites it.

`bulk` says why an entry's rows were not recorded one by one (a demo, an import of an
export, raw SQL); such an entry cannot be undone.

Rows of the tables the database derives (project_minutes, project_scope, project_payments)
are never recorded: undo reverts the base rows and the triggers of 0002, 0004 and 0005
recompute them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientkit.storage.types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "the history is append-only"


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{REFUSAL}';
            END $$""")
        op.execute(
            "CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE "
            "ON history FOR EACH ROW EXECUTE FUNCTION history_append_only()"
        )
        return
    for event in ("update", "delete"):
        op.execute(
            f"CREATE TRIGGER history_append_only_{event} BEFORE {event.upper()} ON history "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS history_append_only ON history")
        op.execute("DROP FUNCTION IF EXISTS history_append_only()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS history_append_only_{event}")


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("bulk", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["undoes"], ["history.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_history_undoes", "history", ["undoes"], unique=True)
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_index("ix_history_undoes", table_name="history")
    op.drop_table("history")
