"""covering indexes for the risk facts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:40:00

`clientkit risks` looks for each open project's signed contract and sums the extras on its
standing invoices. These two indexes were keyed by project alone, so SQLite read every
matching row from the table as well; widened by the columns those queries test, the index
answers on its own. Each keeps its name and its leading project column, so every query
that used it before still can.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns before, columns after)
WIDENED = (
    ("ix_contract_project", "contract", ["project_id"], ["project_id", "signed_on"]),
    ("ix_invoice_project", "invoice", ["project_id"], ["project_id", "kind", "status"]),
)


def _replace(name: str, table: str, columns: list[str]) -> None:
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns, unique=False)


def upgrade() -> None:
    for name, table, _, after in WIDENED:
        _replace(name, table, after)


def downgrade() -> None:
    for name, table, before, _ in WIDENED:
        _replace(name, table, before)
