"""Queries behind client credit: what each client holds per currency, what it could settle."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from clientkit.storage.expressions import credit_amount, not_voided, signed_amount
from clientkit.storage.models import Invoice, Payment

ClientCurrency = tuple[int, str]


@dataclass(frozen=True)
class OpenInvoice:
    """An issued invoice with a balance left, as credit would settle it."""

    invoice: Invoice
    balance_minor: int


def credit_by_currency(session: Session, client_ids: Iterable[int]) -> dict[ClientCurrency, int]:
    """Each client's credit per currency (only amounts not zero), by `credit_amount`'s rule."""
    ids = list(client_ids)
    if not ids:
        return {}
    amount = credit_amount(Payment.amount_minor, Payment.kind, Payment.invoice_id)
    rows = session.execute(
        select(col(Payment.client_id), col(Payment.currency), func.sum(amount))
        .where(col(Payment.client_id).in_(ids), not_voided(col(Payment.voided_at)))
        .group_by(col(Payment.client_id), col(Payment.currency))
    )
    return {(client, currency): int(total) for client, currency, total in rows if int(total)}


def _paid_subquery() -> Any:
    return (
        select(func.coalesce(func.sum(signed_amount(Payment.amount_minor, Payment.kind)), 0))
        .where(col(Payment.invoice_id) == col(Invoice.id), not_voided(col(Payment.voided_at)))
        .correlate(Invoice)
        .scalar_subquery()
    )


def open_balances(session: Session, client_ids: Iterable[int]) -> dict[ClientCurrency, int]:
    """What each client owes on its issued invoices, per currency (never summed across)."""
    ids = list(client_ids)
    if not ids:
        return {}
    open_amount = col(Invoice.total_minor) - _paid_subquery()
    rows = session.execute(
        select(col(Invoice.client_id), col(Invoice.currency), func.sum(open_amount))
        .where(
            col(Invoice.client_id).in_(ids),
            col(Invoice.status) == "issued",
            col(Invoice.kind) == "invoice",
            open_amount > 0,
        )
        .group_by(col(Invoice.client_id), col(Invoice.currency))
    )
    return {(client, currency): int(total) for client, currency, total in rows}


def open_invoices(session: Session, client_id: int, currency: str | None) -> list[OpenInvoice]:
    """The client's issued invoices with a balance left, oldest due first, locked."""
    paid = _paid_subquery()
    query = (
        select(Invoice, paid)
        .where(
            col(Invoice.client_id) == client_id,
            col(Invoice.status) == "issued",
            col(Invoice.kind) == "invoice",
            col(Invoice.total_minor) > paid,
        )
        .order_by(col(Invoice.due_date), col(Invoice.id))
        .with_for_update(of=Invoice)
    )
    if currency is not None:
        query = query.where(col(Invoice.currency) == currency)
    return [
        OpenInvoice(invoice, invoice.total_minor - int(paid))
        for invoice, paid in session.execute(query).all()
    ]


def credit_rows(session: Session, client_id: int, currency: str) -> list[Payment]:
    """The client's credit payments not yet applied, oldest first, locked for this transaction."""
    return list(
        session.scalars(
            select(Payment)
            .where(
                col(Payment.client_id) == client_id,
                col(Payment.kind) == "credit",
                col(Payment.invoice_id).is_(None),
                col(Payment.currency) == currency,
                not_voided(col(Payment.voided_at)),
            )
            .order_by(col(Payment.day), col(Payment.id))
            .with_for_update()
        )
    )
