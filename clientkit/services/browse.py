"""Paged lists, name search and project history for screens that must stay fast on a large book."""

from datetime import date
from typing import TYPE_CHECKING, Any

from clientkit.i18n import money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.storage import browse

if TYPE_CHECKING:
    from sqlmodel import Session

PAGE_SIZE = 50


def _page(total: int, offset: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "offset": offset, "rows": rows}


def _check_sort(sort: str, allowed: tuple[str, ...]) -> str:
    if sort not in allowed:
        raise BadInput(f"invalid sort {sort!r}: expected one of {', '.join(allowed)}")
    return sort


def client_page(
    book: Book,
    *,
    search: str = "",
    sort: str = "name",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of clients with their open balance; `total` says how many match."""
    _check_sort(sort, browse.CLIENT_SORTS)
    with book.read() as session:
        total, rows = browse.client_page(
            session, search=search, sort=sort, offset=offset, limit=limit
        )
    for row in rows:
        row["balance"] = money(row.pop("balance_minor"), row["currency"])
    return _page(total, offset, rows)


def project_page(
    book: Book,
    *,
    search: str = "",
    status: str | None = None,
    client_id: int | None = None,
    sort: str = "newest",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of projects with their client; `total` says how many match."""
    _check_sort(sort, browse.PROJECT_SORTS)
    with book.read() as session:
        total, rows = browse.project_page(
            session,
            search=search,
            status=status,
            client_id=client_id,
            sort=sort,
            offset=offset,
            limit=limit,
        )
    for row in rows:
        currency = row["currency"]
        price, hourly = row.pop("price_minor"), row.pop("hourly_rate_minor")
        row["price"] = None if price is None else money(price, currency)
        row["hourly_rate"] = None if hourly is None else money(hourly, currency)
    return _page(total, offset, rows)


def invoice_page(
    book: Book,
    *,
    status: str | None = None,
    overdue: bool = False,
    search: str = "",
    client_id: int | None = None,
    project_id: int | None = None,
    sort: str = "newest",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of invoices with paid, balance and days overdue; `total` says how many match."""
    _check_sort(sort, browse.INVOICE_SORTS)
    today = book.clock.today()
    with book.read() as session:
        total, rows = browse.invoice_page(
            session,
            today=today,
            status=status,
            overdue=overdue,
            search=search,
            client_id=client_id,
            project_id=project_id,
            sort=sort,
            offset=offset,
            limit=limit,
        )
    return _page(total, offset, invoice_rows(rows, today))


def invoices_in(
    session: "Session",
    today: date,
    *,
    client_id: int | None = None,
    project_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> dict[str, Any]:
    """The first page of a client's or project's invoices, newest first, in an open session."""
    total, rows = browse.invoice_page(
        session, today=today, client_id=client_id, project_id=project_id, limit=limit
    )
    return _page(total, 0, invoice_rows(rows, today))


def invoice_rows(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Stored invoice rows with their amounts as money and how many days each is overdue."""
    for row in rows:
        currency = row["currency"]
        row["total"] = money(row.pop("total_minor"), currency)
        row["paid"] = money(row.pop("paid_minor"), currency)
        row["balance"] = money(row.pop("balance_minor"), currency)
        due = row["due_date"]
        late = due is not None and row["status"] == "issued" and row["balance"] > 0
        row["days_overdue"] = max(0, (today - due).days) if late else 0
    return rows


def find_by_name(book: Book, text: str, limit: int = 8) -> list[dict[str, Any]]:
    """Clients, projects and invoices whose name, title or number contains `text`."""
    with book.read() as session:
        return browse.name_hits(session, text, limit)


def history_in(session: "Session", project_id: int, limit: int = PAGE_SIZE) -> dict[str, Any]:
    """A project's latest revisions, time and communication entries, and payments."""
    history = browse.project_history(session, project_id, limit)
    for payment in history["payments"]:
        payment["amount"] = money(payment.pop("amount_minor"), payment["currency"])
    return history
