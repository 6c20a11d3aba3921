"""Money received, moved onto an invoice: the deposits an invoice absorbs and the credit
applied to it, split where only part is needed; and the day money came in or went out."""

from sqlmodel import Session

from clientkit.storage.models import Invoice, Payment, utcnow


def move_onto(session: Session, rows: list[Payment], invoice: Invoice, amount: int) -> int:
    """Move up to `amount` of the payments `rows` (in order) onto the invoice and return how
    much moved. A row moved whole leaves `rows`; the last one is split, its rest staying where
    it was for the next invoice. A moved part keeps its kind and the day the money came in,
    so every sum (client, project, invoice) still counts it once."""
    moved = 0
    while rows and moved < amount:
        row = rows[0]
        part = min(row.amount_minor, amount - moved)
        if part == row.amount_minor:
            row.invoice_id, row.project_id = invoice.id, invoice.project_id
            rows.pop(0)
        else:
            row.amount_minor -= part
            session.add(
                Payment(
                    client_id=row.client_id,
                    project_id=invoice.project_id,
                    invoice_id=invoice.id,
                    kind=row.kind,
                    amount_minor=part,
                    currency=row.currency,
                    day=row.day,
                    method=row.method,
                )
            )
        row.updated_at = utcnow()
        session.add(row)
        moved += part
    return moved
