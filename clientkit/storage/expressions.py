"""SQL expressions that more than one family of queries needs."""

from typing import Any

from sqlalchemy import and_, case
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


def signed_amount(amount: Any, kind: Any) -> Any:
    """A payment's amount as it counts toward money received: a refund subtracts.

    Takes the columns, so ORM queries (Payment.amount_minor) and Core ones
    (tables.payment.c.amount_minor) share the one rule."""
    return case((kind == "refund", -amount), else_=amount)


def credit_amount(amount: Any, kind: Any, invoice_id: Any) -> Any:
    """A payment's amount as it counts toward a client's credit: money kept beside the
    invoices (kind "credit", no invoice) adds, a refund paid back from it subtracts; credit
    applied to an invoice is that invoice's payment and no longer credit. The one rule of
    what a client holds, for every query that sums it. Takes the columns, like
    `signed_amount`."""
    beside = invoice_id.is_(None)
    return case(
        (and_(beside, kind == "credit"), amount),
        (and_(beside, kind == "refund"), -amount),
        else_=0,
    )


def not_voided(voided_at: Any) -> Any:
    """A payment that counts: one voided (recorded by mistake, kept with its reason) counts
    toward no sum, balance or status. Takes the column, like `signed_amount`."""
    return voided_at.is_(None)


def standing_invoice(kind: Any, status: Any) -> Any:
    """An invoice that still bills what it lists: a draft or an issued one, not a credit
    note and not one a credit note cancelled (status "credited").

    Takes the columns, like `signed_amount`."""
    return and_(kind == "invoice", status != "credited")


class _Unindexed(ColumnElement[Any]):
    """A column the SQLite planner may not look up through an index (see `unindexed`)."""

    inherit_cache = True
    # SQLAlchemy declares _traverse_internals on its base class (not as a ClassVar).
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _plain_column(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(_Unindexed, "sqlite")
def _unary_plus_column(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    # SQLite's documented way to keep a term off an index: a unary plus.
    return "+" + str(compiler.process(element.column, **kw))


def unindexed(column: Any) -> Any:
    """`column`, for a filter SQLite should test row by row while scanning the table in id
    order, instead of looking rows up through an index and sorting them afterwards.

    Worth it where the filter keeps a large share of the rows: without statistics SQLite
    takes any equality on an indexed column to be selective. PostgreSQL plans from its own
    statistics and gets the column unchanged."""
    return _Unindexed(column)
