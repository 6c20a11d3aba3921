"""project payment totals kept by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:20:00

`clientkit risks` needs, per open project, the deposit received and all money received in
the project's currency. Two sums over the payments of each of thousands of open projects
were a sixth of the project query on a large book. They are kept in `project_payments`,
per project and currency, by triggers on `payment`, the way 0002 keeps minutes: each
insert, update or delete adds or takes away its own row's share in the same transaction.
A payment with no project (client credit) counts nowhere. A refund takes money away.

The kinds below are frozen here as a migration must be: a test records each kind of payment
and checks where its amount lands.

A later migration that alters `payment` in batch mode on SQLite copies the table, which
drops its triggers: such a migration must create them again (see `create_triggers`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOTALS = ("deposit_minor", "received_minor")


def _shares(row: str, sign: str) -> tuple[str, str]:
    """What one payment adds (sign '') or takes away (sign '-'): deposit, then received."""
    flip = "-" if sign == "" else ""
    return (
        f"CASE WHEN {row}.kind = 'deposit' THEN {sign}{row}.amount_minor ELSE 0 END",
        f"CASE WHEN {row}.kind = 'refund' THEN {flip}{row}.amount_minor "
        f"ELSE {sign}{row}.amount_minor END",
    )


def _add(row: str, sign: str = "") -> str:
    """Add (or with sign '-', take away) one payment's shares to its project's totals."""
    deposit, received = _shares(row, sign)
    return (
        "INSERT INTO project_payments (project_id, currency, deposit_minor, received_minor) "
        f"SELECT {row}.project_id, {row}.currency, {deposit}, {received} "
        f"WHERE {row}.project_id IS NOT NULL "
        "ON CONFLICT (project_id, currency) DO UPDATE SET "
        + ", ".join(f"{name} = project_payments.{name} + excluded.{name}" for name in TOTALS)
    )


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION project_payments_track() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {_add("OLD", "-")}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("NEW")}; END IF;
                RETURN NULL;
            END $$""")
        op.execute(
            "CREATE TRIGGER payment_totals AFTER INSERT OR UPDATE OR DELETE "
            "ON payment FOR EACH ROW EXECUTE FUNCTION project_payments_track()"
        )
        return
    op.execute(
        f"CREATE TRIGGER payment_totals_insert AFTER INSERT ON payment BEGIN {_add('NEW')}; END"
    )
    op.execute(
        f"CREATE TRIGGER payment_totals_delete AFTER DELETE ON payment "
        f"BEGIN {_add('OLD', '-')}; END"
    )
    op.execute(
        f"CREATE TRIGGER payment_totals_update AFTER UPDATE ON payment "
        f"BEGIN {_add('OLD', '-')}; {_add('NEW')}; END"
    )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS payment_totals ON payment")
        op.execute("DROP FUNCTION IF EXISTS project_payments_track()")
        return
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS payment_totals_{event}")


def upgrade() -> None:
    op.create_table(
        "project_payments",
        sa.Column("project_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in TOTALS),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "currency"),
    )
    # Triggers first: on PostgreSQL creating them locks out writers to payment until this
    # transaction commits, so no payment can slip in between the sums and the triggers.
    create_triggers()
    deposit, received = _shares("payment", "")
    op.execute(
        "INSERT INTO project_payments (project_id, currency, deposit_minor, "
        f"received_minor) SELECT project_id, currency, SUM({deposit}), SUM({received}) "
        "FROM payment WHERE project_id IS NOT NULL GROUP BY project_id, currency"
    )


def downgrade() -> None:
    drop_triggers()
    op.drop_table("project_payments")
