"""Paged lists, name search and project history for screens that must stay fast on a large book."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from clientkit.i18n import money
from clientkit.services import name_lookup
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.views import Page, Row
from clientkit.storage import browse
from clientkit.storage.browse import RevisionRow, TimeRow

if TYPE_CHECKING:
    from sqlmodel import Session

PAGE_SIZE = 50

NameHit = browse.NameHit  # the storage row is the view as it is; adapters name it from here


class ClientRow(TypedDict):
    """A client in a list: contact, currency, project count and open balance."""

    id: int
    name: str
    company: str
    email: str
    currency: str
    archived: bool
    projects: int
    balance: Decimal


class ProjectRow(TypedDict):
    """A project in a list, with its client and price or hourly rate."""

    id: int
    title: str
    status: str
    currency: str
    deadline: date | None
    client_id: int
    client: str
    price: Decimal | None
    hourly_rate: Decimal | None


class InvoiceRow(TypedDict):
    """An invoice in a list: total, paid, open balance and days overdue."""

    id: int
    number: str | None
    kind: str
    status: str
    currency: str
    issue_date: date | None
    due_date: date | None
    client_id: int
    project_id: int | None
    client: str
    total: Decimal
    paid: Decimal
    balance: Decimal
    days_overdue: int


class HistoryPayment(TypedDict):
    id: int
    day: date
    kind: str
    currency: str
    method: str
    invoice_id: int | None
    amount: Decimal


class ProjectHistory(TypedDict):
    """A project's latest revisions, time entries and payments, newest first."""

    revisions: list[RevisionRow]
    time: list[TimeRow]
    payments: list[HistoryPayment]


def _page(total: int, offset: int, rows: list[Row]) -> Page[Row]:
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
) -> Page[ClientRow]:
    """One page of clients with their open balance; `total` says how many match."""
    _check_sort(sort, browse.CLIENT_SORTS)
    with book.read() as session:
        total, rows = browse.client_page(
            session, search=search, sort=sort, offset=offset, limit=limit
        )
    return _page(total, offset, [_client_row(row) for row in rows])


def _client_row(row: browse.ClientRow) -> ClientRow:
    return {
        "id": row["id"],
        "name": row["name"],
        "company": row["company"],
        "email": row["email"],
        "currency": row["currency"],
        "archived": row["archived"],
        "projects": row["projects"],
        "balance": money(row["balance_minor"], row["currency"]),
    }


def project_page(
    book: Book,
    *,
    search: str = "",
    status: str | None = None,
    client_id: int | None = None,
    sort: str = "newest",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page[ProjectRow]:
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
    return _page(total, offset, [_project_row(row) for row in rows])


def _project_row(row: browse.ProjectRow) -> ProjectRow:
    currency = row["currency"]
    price, hourly = row["price_minor"], row["hourly_rate_minor"]
    return {
        "id": row["id"],
        "title": row["title"],
        "status": row["status"],
        "currency": currency,
        "deadline": row["deadline"],
        "client_id": row["client_id"],
        "client": row["client"],
        "price": None if price is None else money(price, currency),
        "hourly_rate": None if hourly is None else money(hourly, currency),
    }


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
) -> Page[InvoiceRow]:
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
    return _page(total, offset, [_invoice_row(row, today) for row in rows])


def invoices_in(
    session: "Session",
    today: date,
    *,
    client_id: int | None = None,
    project_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page[InvoiceRow]:
    """The first page of a client's or project's invoices, newest first, in an open session."""
    total, rows = browse.invoice_page(
        session, today=today, client_id=client_id, project_id=project_id, limit=limit
    )
    return _page(total, 0, [_invoice_row(row, today) for row in rows])


def _invoice_row(row: browse.InvoiceRow, today: date) -> InvoiceRow:
    currency = row["currency"]
    due = row["due_date"]
    late = due is not None and row["status"] == "issued" and row["balance_minor"] > 0
    return {
        "id": row["id"],
        "number": row["number"],
        "kind": row["kind"],
        "status": row["status"],
        "currency": currency,
        "issue_date": row["issue_date"],
        "due_date": due,
        "client_id": row["client_id"],
        "project_id": row["project_id"],
        "client": row["client"],
        "total": money(row["total_minor"], currency),
        "paid": money(row["paid_minor"], currency),
        "balance": money(row["balance_minor"], currency),
        "days_overdue": max(0, (today - due).days) if late and due is not None else 0,
    }


def find_by_name(book: Book, text: str, limit: int = 8) -> list[NameHit]:
    """Clients, projects and invoices whose name, title or number contains `text`, then the
    clients and projects it names as a command argument would (any case or diacritics,
    company, e-mail, the start of a word): "stastny" finds "Šťastný"."""
    with book.read() as session:
        hits = browse.name_hits(session, text, limit)
        seen = {(hit["kind"], hit["id"]) for hit in hits}
        folded = [
            *(
                browse.name_hit("client", i, name, "")
                for i, name in name_lookup.clients_matching(session, text, limit)
            ),
            *(
                browse.name_hit("project", i, title, client)
                for i, title, client in name_lookup.projects_matching(session, text, limit)
            ),
        ]
    return hits + [hit for hit in folded if (hit["kind"], hit["id"]) not in seen]


def history_in(session: "Session", project_id: int, limit: int = PAGE_SIZE) -> ProjectHistory:
    """A project's latest revisions, time and communication entries, and payments."""
    history = browse.project_history(session, project_id, limit)
    return {
        "revisions": history["revisions"],
        "time": history["time"],
        "payments": [
            {
                "id": p["id"],
                "day": p["day"],
                "kind": p["kind"],
                "currency": p["currency"],
                "method": p["method"],
                "invoice_id": p["invoice_id"],
                "amount": money(p["amount_minor"], p["currency"]),
            }
            for p in history["payments"]
        ],
    }
