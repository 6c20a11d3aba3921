"""SQL expressions that more than one family of queries needs."""

from typing import Any

from sqlalchemy import case


def signed_amount(amount: Any, kind: Any) -> Any:
    """A payment's amount as it counts toward money received: a refund subtracts.

    Takes the columns, so ORM queries (Payment.amount_minor) and Core ones
    (tables.payment.c.amount_minor) share the one rule."""
    return case((kind == "refund", -amount), else_=amount)
