"""Invoice aggregates in SQL: money received per invoice by kind, unclaimed deposits, periods."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from clientkit.storage.expressions import not_voided, signed_amount, standing_invoice
from clientkit.storage.models import Invoice, InvoiceLine, Payment


def received_by_invoice(session: Session, invoice_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(deposits, other payments net of refunds) received against each invoice."""
    ids = list(invoice_ids)
    if not ids:
        return {}
    amount = col(Payment.amount_minor)
    is_deposit = col(Payment.kind) == "deposit"
    signed = signed_amount(amount, col(Payment.kind))
    rows = session.execute(
        select(
            col(Payment.invoice_id),
            func.coalesce(func.sum(case((is_deposit, amount), else_=0)), 0),
            func.coalesce(func.sum(case((is_deposit, 0), else_=signed)), 0),
        )
        .where(col(Payment.invoice_id).in_(ids), not_voided(col(Payment.voided_at)))
        .group_by(col(Payment.invoice_id))
    )
    return {invoice_id: (int(deposits), int(other)) for invoice_id, deposits, other in rows}


def lines_by_invoice(session: Session, invoice_ids: list[int]) -> dict[int, list[InvoiceLine]]:
    """Each invoice's lines in their printed order."""
    grouped: dict[int, list[InvoiceLine]] = {}
    if not invoice_ids:
        return grouped
    for line in session.scalars(
        select(InvoiceLine)
        .where(col(InvoiceLine.invoice_id).in_(invoice_ids))
        .order_by(col(InvoiceLine.invoice_id), col(InvoiceLine.position))
    ):
        grouped.setdefault(line.invoice_id, []).append(line)
    return grouped


def unclaimed_deposits(
    session: Session,
    project_ids: Iterable[int],
    currency: str | None = None,
) -> dict[int, int]:
    """Deposits received on each project that no issued invoice has absorbed yet."""
    ids = list(project_ids)
    if not ids:
        return {}
    query = (
        select(col(Payment.project_id), func.coalesce(func.sum(col(Payment.amount_minor)), 0))
        .where(
            col(Payment.project_id).in_(ids),
            col(Payment.kind) == "deposit",
            col(Payment.invoice_id).is_(None),
            not_voided(col(Payment.voided_at)),
        )
        .group_by(col(Payment.project_id))
    )
    if currency:
        query = query.where(col(Payment.currency) == currency)
    return {project_id: int(total) for project_id, total in session.execute(query)}


def deposit_rows_to_claim(session: Session, project_id: int, currency: str) -> list[Payment]:
    """The project's unclaimed deposit payments, oldest first, locked for this transaction."""
    return list(
        session.scalars(
            select(Payment)
            .where(
                col(Payment.project_id) == project_id,
                col(Payment.kind) == "deposit",
                col(Payment.invoice_id).is_(None),
                col(Payment.currency) == currency,
                not_voided(col(Payment.voided_at)),
            )
            .order_by(col(Payment.day), col(Payment.id))
            .with_for_update()
        )
    )


def issued_in_period(session: Session, start: date | None, end: date | None) -> list[int]:
    """Ids of issued documents (invoices and credit notes) dated within [start, end]."""
    query = select(col(Invoice.id)).where(col(Invoice.number).is_not(None))
    if start:
        query = query.where(col(Invoice.issue_date) >= start)
    if end:
        query = query.where(col(Invoice.issue_date) <= end)
    query = query.order_by(col(Invoice.issue_date), col(Invoice.number))
    return [int(invoice_id) for invoice_id in session.scalars(query) if invoice_id is not None]


@dataclass(frozen=True)
class Related:
    """Credit-note links of some invoices, by invoice id."""

    credits: dict[int, tuple[str, date | None]]  # note id -> (number, date) of what it cancels
    credited_by: dict[int, str]  # invoice id -> number of the credit note cancelling it


def related_documents(session: Session, invoices: Iterable[Invoice]) -> Related:
    """For credit notes, the invoice each cancels; for credited invoices, the note cancelling it."""
    rows = list(invoices)
    targets = {i.credits_invoice_id: i.id for i in rows if i.credits_invoice_id and i.id}
    credited = [i.id for i in rows if i.status == "credited"]
    result = Related({}, {})
    if targets:
        for target, number, issued in session.execute(
            select(col(Invoice.id), col(Invoice.number), col(Invoice.issue_date)).where(
                col(Invoice.id).in_(targets)
            )
        ):
            result.credits[targets[target]] = (number or "", issued)
    if credited:
        for target, number in session.execute(
            select(col(Invoice.credits_invoice_id), col(Invoice.number)).where(
                col(Invoice.credits_invoice_id).in_(credited)
            )
        ):
            result.credited_by[target] = number or ""
    return result


# Lines that bill the project's own value; extras (revisions, communication, change
# requests, rush and cancellation fees) come on top of it and do not reduce what is unbilled.
VALUE_LINE_KINDS = ("price", "hours", "manual")


def invoiced_toward_value(session: Session, project_id: int, currency: str) -> int:
    """Net amount of the project's issued invoices billing its price or hours (credited ones
    are cancelled by their credit note and left out)."""
    total = session.execute(
        select(func.coalesce(func.sum(col(InvoiceLine.amount_minor)), 0))
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(
            col(Invoice.project_id) == project_id,
            col(Invoice.kind) == "invoice",
            col(Invoice.status).in_(("issued", "paid")),
            col(Invoice.currency) == currency,
            col(InvoiceLine.kind).in_(VALUE_LINE_KINDS),
        )
    ).scalar_one()
    return int(total)


def cancellation_invoice(session: Session, project_id: int) -> Invoice | None:
    """The project's invoice (draft or issued, not credited) that bills its cancellation fee."""
    return session.scalars(
        select(Invoice)
        .where(
            col(Invoice.project_id) == project_id,
            standing_invoice(col(Invoice.kind), col(Invoice.status)),
            col(Invoice.id).in_(
                select(col(InvoiceLine.invoice_id)).where(col(InvoiceLine.kind) == "cancellation")
            ),
        )
        .order_by(col(Invoice.id))
        .limit(1)
    ).first()


def _deducting_lines() -> Any:
    """Lines of standing invoices (drafts and issued ones, not credited) that deduct an
    advance invoice: an advance is deducted once, by the invoice holding such a line."""
    return (
        select(col(InvoiceLine.advance_invoice_id), col(Invoice.id), col(Invoice.number))
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.invoice_id))
        .where(
            col(InvoiceLine.advance_invoice_id).is_not(None),
            standing_invoice(col(Invoice.kind), col(Invoice.status)),
        )
    )


def deducted_by(
    session: Session, advance_ids: Iterable[int]
) -> dict[int, list[tuple[int, str | None]]]:
    """For each advance invoice some standing invoices deduct: (id, number) of each of them."""
    ids = list(advance_ids)
    found: dict[int, list[tuple[int, str | None]]] = {}
    if not ids:
        return found
    rows = session.execute(
        _deducting_lines().where(col(InvoiceLine.advance_invoice_id).in_(ids))
    ).all()
    for advance, invoice_id, number in rows:
        found.setdefault(int(advance), []).append((int(invoice_id), number))
    return found


def project_advances(session: Session, project_id: int, currency: str) -> list[Invoice]:
    """The project's issued advance invoices (paid or not, not credited), oldest first."""
    return list(
        session.scalars(
            select(Invoice)
            .where(
                col(Invoice.project_id) == project_id,
                col(Invoice.advance).is_(True),
                col(Invoice.kind) == "invoice",
                col(Invoice.status).in_(("issued", "paid")),
                col(Invoice.currency) == currency,
            )
            .order_by(col(Invoice.issue_date), col(Invoice.id))
        )
    )


def net_by_rate(session: Session, invoice_ids: list[int]) -> dict[int, dict[int, int]]:
    """Each invoice's net amount per VAT rate (basis points)."""
    found: dict[int, dict[int, int]] = {invoice_id: {} for invoice_id in invoice_ids}
    if not invoice_ids:
        return found
    for invoice_id, rate, net in session.execute(
        select(
            col(InvoiceLine.invoice_id),
            col(InvoiceLine.vat_bp),
            func.sum(col(InvoiceLine.amount_minor)),
        )
        .where(col(InvoiceLine.invoice_id).in_(invoice_ids))
        .group_by(col(InvoiceLine.invoice_id), col(InvoiceLine.vat_bp))
    ):
        found[int(invoice_id)][int(rate)] = int(net)
    return found


def advances_deducted_on(session: Session, invoice_ids: list[int]) -> dict[int, list[Invoice]]:
    """The advance invoices each invoice's lines deduct, in the order of those lines."""
    found: dict[int, list[Invoice]] = {}
    if not invoice_ids:
        return found
    rows = session.execute(
        select(col(InvoiceLine.invoice_id), Invoice)
        .join(Invoice, col(Invoice.id) == col(InvoiceLine.advance_invoice_id))
        .where(col(InvoiceLine.invoice_id).in_(invoice_ids))
        .order_by(col(InvoiceLine.invoice_id), col(InvoiceLine.position))
    ).all()
    for invoice_id, advance in rows:
        deducted = found.setdefault(int(invoice_id), [])
        if advance not in deducted:
            deducted.append(advance)
    return found
