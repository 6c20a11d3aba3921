"""voided payments count nowhere

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 23:00:00

`payment void` stamps a payment recorded by mistake (0007 added `voided_at`) instead of
erasing it, and from then on it counts nowhere. The triggers of 0005 keep `project_payments`
from every payment row; these recreate them so that a voided row has no share: an UPDATE
that voids a payment takes its share away (the old row's share goes, the new row has none),
and an undo that clears `voided_at` adds it back. The totals are summed again from the
payments, leaving voided ones out.

The sums per invoice read `ix_payment_invoice` alone (0005's covering index); it is widened
by `voided_at`, which those sums now test, so the index still answers on its own.

The shares are written out here, not imported from 0005: a migration is frozen as written.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOTALS = ("deposit_minor", "received_minor")
INDEX_BEFORE = ["invoice_id", "kind", "amount_minor"]
INDEX_AFTER = [*INDEX_BEFORE, "voided_at"]


def _shares(row: str, sign: str) -> tuple[str, str]:
    """What one payment adds (sign '') or takes away (sign '-'): deposit, then received."""
    flip = "-" if sign == "" else ""
    return (
        f"CASE WHEN {row}.kind = 'deposit' THEN {sign}{row}.amount_minor ELSE 0 END",
        f"CASE WHEN {row}.kind = 'refund' THEN {flip}{row}.amount_minor "
        f"ELSE {sign}{row}.amount_minor END",
    )


def _counted(row: str, skip_voided: bool) -> str:
    """Which rows have a share: those of a project and, from this revision on, not voided."""
    voided = f" AND {row}.voided_at IS NULL" if skip_voided else ""
    return f"{row}.project_id IS NOT NULL{voided}"


def _add(row: str, skip_voided: bool, sign: str = "") -> str:
    """Add (or with sign '-', take away) one payment's shares to its project's totals."""
    deposit, received = _shares(row, sign)
    return (
        "INSERT INTO project_payments (project_id, currency, deposit_minor, received_minor) "
        f"SELECT {row}.project_id, {row}.currency, {deposit}, {received} "
        f"WHERE {_counted(row, skip_voided)} "
        "ON CONFLICT (project_id, currency) DO UPDATE SET "
        + ", ".join(f"{name} = project_payments.{name} + excluded.{name}" for name in TOTALS)
    )


def _replace_triggers(skip_voided: bool) -> None:
    """The triggers of 0005, with or without voided rows left out."""
    if op.get_bind().dialect.name == "postgresql":
        # The trigger calls the function by name: replacing the function is enough.
        op.execute(f"""
            CREATE OR REPLACE FUNCTION project_payments_track() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN {_add("OLD", skip_voided, "-")}; END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("NEW", skip_voided)}; END IF;
                RETURN NULL;
            END $$""")
        return
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS payment_totals_{event}")
    op.execute(
        "CREATE TRIGGER payment_totals_insert AFTER INSERT ON payment "
        f"BEGIN {_add('NEW', skip_voided)}; END"
    )
    op.execute(
        "CREATE TRIGGER payment_totals_delete AFTER DELETE ON payment "
        f"BEGIN {_add('OLD', skip_voided, '-')}; END"
    )
    op.execute(
        "CREATE TRIGGER payment_totals_update AFTER UPDATE ON payment "
        f"BEGIN {_add('OLD', skip_voided, '-')}; {_add('NEW', skip_voided)}; END"
    )


def _resum(skip_voided: bool) -> None:
    """The totals summed again from the payments (after the triggers: see 0005)."""
    deposit, received = _shares("payment", "")
    op.execute("DELETE FROM project_payments")
    op.execute(
        "INSERT INTO project_payments (project_id, currency, deposit_minor, received_minor) "
        f"SELECT project_id, currency, SUM({deposit}), SUM({received}) FROM payment "
        f"WHERE {_counted('payment', skip_voided)} GROUP BY project_id, currency"
    )


def _index(columns: list[str]) -> None:
    op.drop_index("ix_payment_invoice", table_name="payment")
    op.create_index("ix_payment_invoice", "payment", columns, unique=False)


def upgrade() -> None:
    _replace_triggers(skip_voided=True)
    _resum(skip_voided=True)
    _index(INDEX_AFTER)


def downgrade() -> None:
    _index(INDEX_BEFORE)
    _replace_triggers(skip_voided=False)
    _resum(skip_voided=False)
