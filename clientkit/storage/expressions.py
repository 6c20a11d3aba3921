"""SQL expressions that more than one family of queries needs."""

from typing import Any

from sqlalchemy import and_, case


def signed_amount(amount: Any, kind: Any) -> Any:
    """A payment's amount as it counts toward money received: a refund subtracts.

    Takes the columns, so ORM queries (Payment.amount_minor) and Core ones
    (tables.payment.c.amount_minor) share the one rule."""
    return case((kind == "refund", -amount), else_=amount)


def standing_invoice(kind: Any, status: Any) -> Any:
    """An invoice that still bills what it lists: a draft or an issued one, not a credit
    note and not one a credit note cancelled (status "credited").

    Takes the columns, like `signed_amount`."""
    return and_(kind == "invoice", status != "credited")
