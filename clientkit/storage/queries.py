"""Aggregate queries: the numbers behind projects and clients, computed in SQL, not in Python."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from clientkit.storage.expressions import credit_amount, not_voided, signed_amount
from clientkit.storage.figures import ClientMoney
from clientkit.storage.models import (
    Client,
    Invoice,
    Payment,
    Project,
    ProjectMinutes,
)


def client_money(session: Session, client_id: int) -> ClientMoney:
    """Open balance of issued invoices, money received, unused credit and minutes logged."""
    return clients_money(session, [client_id])[client_id]


def clients_money(session: Session, client_ids: Iterable[int]) -> dict[int, ClientMoney]:
    """`client_money` for many clients at once: one aggregate query per family, not per client.

    Money counts only in each client's own currency: amounts in different currencies are
    never summed.
    """
    ids = list(client_ids)
    if not ids:
        return {}
    balances = _client_balances(session, ids)
    received = _client_received(session, ids)
    minutes = _client_minutes(session, ids)
    figures: dict[int, ClientMoney] = {}
    for client_id in ids:
        money_in, credit = received.get(client_id, (0, 0))
        figures[client_id] = ClientMoney(
            balances.get(client_id, 0), money_in, credit, minutes.get(client_id, 0)
        )
    return figures


def _signed_amount() -> Any:
    return signed_amount(Payment.amount_minor, Payment.kind)


def _client_balances(session: Session, ids: list[int]) -> dict[int, int]:
    # Same rule as an invoice's own balance: total minus payments (refunds subtracted), >= 0.
    paid = (
        select(func.coalesce(func.sum(_signed_amount()), 0))
        .where(col(Payment.invoice_id) == col(Invoice.id), not_voided(col(Payment.voided_at)))
        .correlate(Invoice)
        .scalar_subquery()
    )
    open_amount = Invoice.total_minor - paid
    rows = session.execute(
        select(
            col(Invoice.client_id),
            func.coalesce(func.sum(case((open_amount > 0, open_amount), else_=0)), 0),
        )
        .join(Client, col(Client.id) == col(Invoice.client_id))
        .where(
            col(Invoice.client_id).in_(ids),
            col(Invoice.status) == "issued",
            col(Invoice.kind) == "invoice",
            col(Invoice.currency) == col(Client.currency),
        )
        .group_by(col(Invoice.client_id))
    )
    return {client_id: int(balance) for client_id, balance in rows}


def _client_received(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(
            col(Payment.client_id),
            func.coalesce(func.sum(_signed_amount()), 0),
            func.coalesce(
                func.sum(credit_amount(Payment.amount_minor, Payment.kind, Payment.invoice_id)),
                0,
            ),
        )
        .join(Client, col(Client.id) == col(Payment.client_id))
        .where(
            col(Payment.client_id).in_(ids),
            col(Payment.currency) == col(Client.currency),
            not_voided(col(Payment.voided_at)),
        )
        .group_by(col(Payment.client_id))
    )
    return {client_id: (int(total), int(credit)) for client_id, total, credit in rows}


def _client_minutes(session: Session, ids: list[int]) -> dict[int, int]:
    minutes = ProjectMinutes.work_minutes + ProjectMinutes.comm_minutes
    rows = session.execute(
        select(col(Project.client_id), func.coalesce(func.sum(minutes), 0))
        .join(Project, col(Project.id) == col(ProjectMinutes.project_id))
        .where(col(Project.client_id).in_(ids))
        .group_by(col(Project.client_id))
    )
    return {client_id: int(total) for client_id, total in rows}
