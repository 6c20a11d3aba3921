"""project minutes kept by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:20:00

`clientkit risks` needs each open project's minutes of work and of communication. On a
book of a million time entries, summing them on every run was about a fifth of the risk
evaluation. These totals are kept in `project_minutes` by triggers on `time_entry`, so every
write path (the CLI, the TUI, import, a bulk load, an SQL shell) keeps them right, inside
the same transaction as the entry itself.

The kinds below are frozen here as a migration must be; a test logs every kind of
clientkit.domain.terms.COMMUNICATION_KINDS and checks where its minutes land.

A later migration that alters `time_entry` in batch mode on SQLite copies the table, which
drops its triggers: such a migration must create them again (see `create_triggers`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORK = "'work'"
COMMUNICATION = "('call', 'meeting', 'email', 'chat')"


def _minutes(row: str, kinds: str, sign: str) -> str:
    test = f"{row}.kind = {kinds}" if kinds == WORK else f"{row}.kind IN {kinds}"
    return f"CASE WHEN {test} THEN {sign}{row}.minutes ELSE 0 END"


def _add(row: str, sign: str = "") -> str:
    """Add (or with sign '-', take away) one entry's minutes to its project's totals."""
    return (
        "INSERT INTO project_minutes (project_id, work_minutes, comm_minutes) "
        f"VALUES ({row}.project_id, {_minutes(row, WORK, sign)}, "
        f"{_minutes(row, COMMUNICATION, sign)}) "
        "ON CONFLICT (project_id) DO UPDATE SET "
        "work_minutes = project_minutes.work_minutes + excluded.work_minutes, "
        "comm_minutes = project_minutes.comm_minutes + excluded.comm_minutes"
    )


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION project_minutes_track() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {_add("OLD", "-")}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("NEW")}; END IF;
                RETURN NULL;
            END $$""")
        op.execute(
            "CREATE TRIGGER time_entry_minutes AFTER INSERT OR UPDATE OR DELETE "
            "ON time_entry FOR EACH ROW EXECUTE FUNCTION project_minutes_track()"
        )
        return
    op.execute(
        f"CREATE TRIGGER time_entry_minutes_insert AFTER INSERT ON time_entry "
        f"BEGIN {_add('NEW')}; END"
    )
    op.execute(
        f"CREATE TRIGGER time_entry_minutes_delete AFTER DELETE ON time_entry "
        f"BEGIN {_add('OLD', '-')}; END"
    )
    op.execute(
        f"CREATE TRIGGER time_entry_minutes_update AFTER UPDATE ON time_entry "
        f"BEGIN {_add('OLD', '-')}; {_add('NEW')}; END"
    )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS time_entry_minutes ON time_entry")
        op.execute("DROP FUNCTION IF EXISTS project_minutes_track()")
        return
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS time_entry_minutes_{event}")


def upgrade() -> None:
    op.create_table(
        "project_minutes",
        sa.Column("project_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("work_minutes", sa.BigInteger(), nullable=False),
        sa.Column("comm_minutes", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id"),
    )
    # Triggers first: on PostgreSQL creating them locks out writers to time_entry until this
    # transaction commits, so no entry can slip in between the sums and the triggers.
    create_triggers()
    op.execute(
        "INSERT INTO project_minutes (project_id, work_minutes, comm_minutes) "
        f"SELECT project_id, SUM({_minutes('time_entry', WORK, '')}), "
        f"SUM({_minutes('time_entry', COMMUNICATION, '')}) "
        "FROM time_entry GROUP BY project_id"
    )


def downgrade() -> None:
    drop_triggers()
    op.drop_table("project_minutes")
