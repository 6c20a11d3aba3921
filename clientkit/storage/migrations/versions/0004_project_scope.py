"""project scope totals kept by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 19:10:00

`clientkit risks` needs, per open project, how many change requests came in, what they are
worth, how many wait for approval and how many scope items are still open. Grouping the
scope items of thousands of open projects was the largest part of the project query on a
large book. The counts and sums are kept in `project_scope` by triggers on `scope_item`,
the way 0002 keeps minutes: each insert, update or delete adds or takes away its own row's
share, inside the same transaction, on every engine and from every write path.

Booleans are tested as conditions (`NEW.done`, not `NEW.done = 1`), which SQLite (0 and 1)
and PostgreSQL (boolean) read alike.

A later migration that alters `scope_item` in batch mode on SQLite copies the table, which
drops its triggers: such a migration must create them again (see `create_triggers`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _shares(row: str, sign: str) -> dict[str, str]:
    """What one scope item adds (sign '') or takes away (sign '-') from each total."""
    change = f"{row}.change_request"
    unapproved = f"{change} AND {row}.approved_on IS NULL"
    return {
        "change_requests": f"CASE WHEN {change} THEN {sign}1 ELSE 0 END",
        "change_value_minor": f"CASE WHEN {change} THEN {sign}COALESCE({row}.price_minor, 0) ELSE 0 END",
        "change_minutes": f"CASE WHEN {change} AND {row}.price_minor IS NULL "
        f"THEN {sign}COALESCE({row}.estimate_minutes, 0) ELSE 0 END",
        "unapproved_changes": f"CASE WHEN {unapproved} THEN {sign}1 ELSE 0 END",
        "unapproved_value_minor": f"CASE WHEN {unapproved} THEN {sign}COALESCE({row}.price_minor, 0) ELSE 0 END",
        "open_items": f"CASE WHEN {row}.done THEN 0 ELSE {sign}1 END",
    }


TOTALS = tuple(_shares("scope_item", ""))


def _add(row: str, sign: str = "") -> str:
    """Add (or with sign '-', take away) one scope item's shares to its project's totals."""
    shares = _shares(row, sign)
    return (
        f"INSERT INTO project_scope (project_id, {', '.join(TOTALS)}) "
        f"VALUES ({row}.project_id, {', '.join(shares.values())}) "
        "ON CONFLICT (project_id) DO UPDATE SET "
        + ", ".join(f"{name} = project_scope.{name} + excluded.{name}" for name in TOTALS)
    )


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION project_scope_track() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {_add("OLD", "-")}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("NEW")}; END IF;
                RETURN NULL;
            END $$""")
        op.execute(
            "CREATE TRIGGER scope_item_totals AFTER INSERT OR UPDATE OR DELETE "
            "ON scope_item FOR EACH ROW EXECUTE FUNCTION project_scope_track()"
        )
        return
    op.execute(
        f"CREATE TRIGGER scope_item_totals_insert AFTER INSERT ON scope_item "
        f"BEGIN {_add('NEW')}; END"
    )
    op.execute(
        f"CREATE TRIGGER scope_item_totals_delete AFTER DELETE ON scope_item "
        f"BEGIN {_add('OLD', '-')}; END"
    )
    op.execute(
        f"CREATE TRIGGER scope_item_totals_update AFTER UPDATE ON scope_item "
        f"BEGIN {_add('OLD', '-')}; {_add('NEW')}; END"
    )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS scope_item_totals ON scope_item")
        op.execute("DROP FUNCTION IF EXISTS project_scope_track()")
        return
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS scope_item_totals_{event}")


def upgrade() -> None:
    op.create_table(
        "project_scope",
        sa.Column("project_id", sa.Integer(), autoincrement=False, nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in TOTALS),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id"),
    )
    # Triggers first: on PostgreSQL creating them locks out writers to scope_item until this
    # transaction commits, so no item can slip in between the sums and the triggers.
    create_triggers()
    sums = ", ".join(f"SUM({share})" for share in _shares("scope_item", "").values())
    op.execute(
        f"INSERT INTO project_scope (project_id, {', '.join(TOTALS)}) "
        f"SELECT project_id, {sums} FROM scope_item GROUP BY project_id"
    )


def downgrade() -> None:
    drop_triggers()
    op.drop_table("project_scope")
