"""A sound book after a crash: integrity, and every invoice fully issued or not at all."""

from collections import defaultdict

from sqlalchemy import select

from clientkit.services.book import Book
from clientkit.storage.backup import integrity_problems
from clientkit.storage.engine import sqlite_path
from clientkit.storage.models import Invoice, InvoiceSeries


def integrity(book: Book) -> list[str]:
    """PRAGMA integrity_check on a SQLite book (PostgreSQL keeps its own: nothing to check)."""
    path = sqlite_path(book.url)
    return [] if path is None else integrity_problems(path)


def invoice_problems(book: Book) -> list[str]:
    """Half-issued invoices, or series whose numbers are not exactly 1..last_seq."""
    problems = []
    seqs: dict[str, list[int]] = defaultdict(list)
    with book.read() as session:
        rows = session.execute(
            select(Invoice.id, Invoice.number, Invoice.status, Invoice.issue_date)
        ).all()
        last = dict(session.execute(select(InvoiceSeries.series, InvoiceSeries.last_seq)).all())
    for invoice_id, number, status, issue_date in rows:
        numbered = number is not None and issue_date is not None
        if (status == "draft") == numbered or (number is None) != (issue_date is None):
            problems.append(
                f"invoice {invoice_id}: status {status}, number {number}, issued {issue_date}"
            )
        if number is not None:
            series, seq = number.split("-")
            seqs[series].append(int(seq))
    for series in set(seqs) | set(last):
        if sorted(seqs.get(series, [])) != list(range(1, last.get(series, 0) + 1)):
            problems.append(
                f"series {series}: numbers {sorted(seqs.get(series, []))} "
                f"but last_seq {last.get(series)}"
            )
    return problems
