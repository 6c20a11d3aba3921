"""The long lists: invoices, clients, projects and time entries, newest first.

A list streams: its rows are read from the book a chunk at a time inside one read transaction
and handed on as views as they come, so `--all` on 50,000 invoices holds one chunk, not the
book. Every figure comes from SQL through Core tables (storage/list_queries.py): no ORM object
is built, and the ORM is imported only to resolve a client or project named by the user.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, Protocol, TypedDict, TypeVar

from sqlalchemy import Connection

from clientkit.domain.billing import deposit_share
from clientkit.domain.dates import parse_date
from clientkit.domain.terms import COMMUNICATION_KINDS, TIME_KINDS
from clientkit.i18n import money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.invoice_views import (
    ADVANCE,
    Around,
    InvoiceView,
    References,
    balance_minor,
    build_view,
    carried_references,
)
from clientkit.services.vat_basis import Seller, seller_of
from clientkit.services.views import ClientView, ProjectView, client_view, project_view
from clientkit.storage import list_queries as queries
from clientkit.storage.figures import ClientMoney, ProjectUsage
from clientkit.storage.list_queries import BillingInvoice, Record

View = TypeVar("View")

DEFAULT_LIMIT = 50  # rows a list shows unless told otherwise


class Listing(Generic[View]):
    """A list's rows as they stream from an open read transaction, with how many match.

    Iterate it once, inside the `with` that opened it; `matching()` then says how many rows
    the filters match in all (counted in SQL only when the limit left some out)."""

    def __init__(self, rows: Iterator[View], limit: int | None, count: Callable[[], int]):
        self._rows = rows
        self._count = count
        self.limit = limit
        self.shown = 0

    def __iter__(self) -> Iterator[View]:
        for row in self._rows:
            self.shown += 1
            yield row

    def matching(self) -> int:
        """How many rows match the filters (after the rows were read)."""
        if self.limit is None or self.shown < self.limit:
            return self.shown
        return self._count()


def check_limit(limit: int | None) -> int | None:
    """A list's limit: a whole number of rows, at least one (None: every row)."""
    if limit is not None and limit < 1:
        raise BadInput(f"invalid limit {limit}: must be at least 1")
    return limit


def _client_id(db: Connection, reference: str) -> int:
    """The client a name or id names, by the lookup every command uses (it needs the ORM, so
    only a list filtered by client pays for importing it)."""
    from sqlmodel import Session

    from clientkit.services.lookup import find_client

    with Session(bind=db) as session:
        found = find_client(session, reference).id
    assert found is not None  # a stored client has its id
    return found


def _project_id(db: Connection, reference: str) -> int:
    """The project a title or id names (see `_client_id`)."""
    from sqlmodel import Session

    from clientkit.services.lookup import find_project

    with Session(bind=db) as session:
        found = find_project(session, reference).id
    assert found is not None
    return found


def _views(
    db: Connection,
    statement: Any,
    build: Callable[[Connection, Sequence[Record]], Iterable[View]],
) -> Iterator[View]:
    """The views `build` makes of each chunk of `statement`'s rows, as the chunks come."""
    for chunk in queries.chunks(db, statement):
        yield from build(db, chunk)


class InvoiceRow(TypedDict):
    """An invoice as a list's table shows it: the fields of its view a row has room for."""

    id: int
    number: str | None
    kind: str  # as its view says it: "advance" for an advance invoice
    status: str
    client: str
    client_id: int
    project_id: int | None
    currency: str
    issue_date: date | None
    due_date: date | None
    total: Decimal
    paid: Decimal
    balance: Decimal


@contextmanager
def invoice_list(
    book: Book,
    *,
    overdue: bool = False,
    client_ref: str | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> Iterator[Listing[InvoiceView]]:
    """Invoices and credit notes newest first, each as `invoice show` has it; `overdue` keeps
    issued invoices past their due date with money still owed. At most `limit` (None: all)."""
    with _invoices(book, overdue, client_ref, status, limit, detail=True) as (db, where, rows):
        seller = seller_of(queries.seller(db))
        views = _views(db, rows, lambda db, chunk: _invoice_views(db, chunk, seller))
        yield Listing(views, limit, lambda: queries.count(db, queries.invoices_matching(where)))


@contextmanager
def invoice_table(
    book: Book,
    *,
    overdue: bool = False,
    client_ref: str | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> Iterator[Listing[InvoiceRow]]:
    """`invoice_list`'s invoices as rows of a table: without their lines and the rest of
    their view, so a list of every invoice reads only what it shows."""
    with _invoices(book, overdue, client_ref, status, limit, detail=False) as (db, where, rows):
        views = _views(db, rows, _invoice_rows)
        yield Listing(views, limit, lambda: queries.count(db, queries.invoices_matching(where)))


@contextmanager
def _invoices(
    book: Book,
    overdue: bool,
    client_ref: str | None,
    status: str | None,
    limit: int | None,
    *,
    detail: bool,
) -> Iterator[tuple[Connection, queries.InvoiceFilter, Any]]:
    """An open read transaction, the filter the options make, and the query of its rows."""
    check_limit(limit)
    with book.snapshot() as db:
        where = queries.InvoiceFilter(
            client_id=_client_id(db, client_ref) if client_ref else None,
            status=status,
            overdue_on=book.clock.today() if overdue else None,
        )
        yield db, where, queries.invoice_rows(where, limit, detail=detail)


def _invoice_views(
    db: Connection, chunk: Sequence[Record], seller: Seller
) -> Iterator[InvoiceView]:
    lines = queries.lines_of(db, [row.id for row in chunk])
    for row in chunk:
        yield build_view(row, lines[row.id], _around(row), seller)


def _received(row: Record) -> int:
    """The deposits an invoice row counts as received: a draft's are a preview of what
    issuing it would deduct today."""
    if row.status == "draft" and row.project_id is not None:
        return deposit_share(row.total_minor, row.unclaimed)
    return int(row.deposits)


def _around(row: Record) -> Around:
    """What an invoice row says beside its own fields, as its view shows it."""
    deposits = _received(row)
    own = References(row.buyer_ref, row.order_ref)
    project = References(row.project_buyer_ref or "", row.project_order_ref or "")
    return Around(
        client=row.client,
        locale=row.client_locale,
        project=row.project,
        deposits=deposits,
        payments=row.payments,
        balance=balance_minor(row, deposits + row.payments),
        credits=row.credits,
        credited_by=row.credited_by,
        refs=carried_references(row, own, project),
    )


def _invoice_rows(_db: Connection, chunk: Sequence[Record]) -> Iterator[InvoiceRow]:
    for row in chunk:
        c = row.currency
        paid = _received(row) + row.payments
        yield {
            "id": row.id,
            "number": row.number,
            "kind": ADVANCE if row.advance else row.kind,
            "status": row.status,
            "client": row.client,
            "client_id": row.client_id,
            "project_id": row.project_id,
            "currency": c,
            "issue_date": row.issue_date,
            "due_date": row.due_date,
            "total": money(row.total_minor, c),
            "paid": money(paid, c),
            "balance": money(balance_minor(row, paid), c),
        }


def list_invoices(
    book: Book,
    *,
    overdue: bool = False,
    client_ref: str | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> list[InvoiceView]:
    """`invoice_list` read whole: for callers that want the rows in hand."""
    with invoice_list(
        book, overdue=overdue, client_ref=client_ref, status=status, limit=limit
    ) as listing:
        return list(listing)


@contextmanager
def client_list(
    book: Book, *, include_archived: bool = False, limit: int | None = None
) -> Iterator[Listing[ClientView]]:
    """Clients newest first with their balance, money received, credit and effective rate;
    archived ones only when asked. At most `limit` (None: all)."""
    check_limit(limit)
    where = queries.ClientFilter(include_archived=include_archived)
    with book.snapshot() as db:
        rows = _views(db, queries.client_rows(where, limit), _client_views)
        yield Listing(rows, limit, lambda: queries.count(db, queries.clients_matching(where)))


def _client_views(_db: Connection, chunk: Sequence[Record]) -> Iterator[ClientView]:
    for row in chunk:
        figures = ClientMoney(
            row.balance_minor, row.received_minor, row.credit_minor, row.logged_minutes
        )
        yield client_view(row, figures)


def list_clients(book: Book, *, include_archived: bool = False) -> list[ClientView]:
    """`client_list` read whole."""
    with client_list(book, include_archived=include_archived) as listing:
        return list(listing)


@contextmanager
def project_list(
    book: Book,
    *,
    client_ref: str | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> Iterator[Listing[ProjectView]]:
    """Projects newest first with their terms and what they used. At most `limit`."""
    check_limit(limit)
    with book.snapshot() as db:
        where = queries.ProjectFilter(
            client_id=_client_id(db, client_ref) if client_ref else None, status=status
        )
        rows = _views(db, queries.project_rows(where, limit), _project_views)
        yield Listing(rows, limit, lambda: queries.count(db, queries.projects_matching(where)))


def _project_views(_db: Connection, chunk: Sequence[Record]) -> Iterator[ProjectView]:
    for row in chunk:
        usage = ProjectUsage(
            row.revisions,
            row.work_minutes,
            row.comm_minutes,
            row.deposit_received_minor,
            row.received_minor,
        )
        yield project_view(row, row.client, usage, row.signed_on)


def list_projects(
    book: Book, *, client_ref: str | None = None, status: str | None = None
) -> list[ProjectView]:
    """`project_list` read whole."""
    with project_list(book, client_ref=client_ref, status=status) as listing:
        return list(listing)


class TimeEntryRow(TypedDict):
    """One time entry, with its project and client, and the issued invoice that bills it."""

    id: int
    day: date
    project_id: int
    project: str
    client_id: int
    client: str
    kind: str
    minutes: int
    billable: bool
    note: str
    billed_by: str | None  # number of the issued invoice it is frozen by


class TimeListView(TypedDict):
    """The newest `limit` matching entries, with the count and minutes of all that match."""

    entries: list[TimeEntryRow]
    count: int
    total_minutes: int
    limit: int | None  # None: every entry
    more: int  # matching entries not in `entries`


class Logged(Protocol):
    """What decides which invoice bills an entry: its project, kind and when it was logged."""

    @property
    def project_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


class EntryFacts(Logged, Protocol):
    """An entry's fields with its project's title and client, as `time list` reads them."""

    @property
    def id(self) -> int: ...
    @property
    def day(self) -> date: ...
    @property
    def project(self) -> str: ...
    @property
    def client_id(self) -> int: ...
    @property
    def client(self) -> str: ...
    @property
    def minutes(self) -> int: ...
    @property
    def billable(self) -> bool: ...
    @property
    def note(self) -> str: ...


class TimeListing(Listing[TimeEntryRow]):
    """Time entries as they stream, with the count and minutes of all that match."""

    def __init__(
        self,
        rows: Iterator[TimeEntryRow],
        limit: int | None,
        sums: Callable[[], tuple[int, int]],
    ):
        super().__init__(rows, limit, lambda: sums()[0])
        self._sums = sums
        self._minutes = 0

    def __iter__(self) -> Iterator[TimeEntryRow]:
        for row in super().__iter__():
            self._minutes += row["minutes"]
            yield row

    def totals(self) -> tuple[int, int]:
        """How many entries match and their minutes (after the rows were read)."""
        if self.limit is None or self.shown < self.limit:
            return self.shown, self._minutes
        return self._sums()


@contextmanager
def time_list(
    book: Book,
    *,
    project: str | None = None,
    client: str | None = None,
    start: str | None = None,
    end: str | None = None,
    kind: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Iterator[TimeListing]:
    """Time entries matching every filter given, newest first, each with the issued invoice
    that bills it. At most `limit` (None: all)."""
    check_limit(limit)
    first = None if start is None else parse_date(start)
    last = None if end is None else parse_date(end)
    if first is not None and last is not None and first > last:
        raise BadInput(f"invalid period: --from {first} is after --to {last}")
    if kind is not None and kind not in TIME_KINDS:
        raise BadInput(f"invalid kind {kind!r}: expected one of {', '.join(TIME_KINDS)}")
    with book.snapshot() as db:
        where = queries.TimeFilter(
            project_id=None if project is None else _project_id(db, project),
            client_id=None if client is None else _client_id(db, client),
            start=first,
            end=last,
            kind=kind,
        )
        rows = _views(db, queries.time_rows(where, limit), _time_views)
        yield TimeListing(rows, limit, lambda: queries.time_sums(db, where))


def list_time(
    book: Book,
    *,
    project: str | None = None,
    client: str | None = None,
    start: str | None = None,
    end: str | None = None,
    kind: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> TimeListView:
    """`time_list` read whole, with its totals."""
    with time_list(
        book, project=project, client=client, start=start, end=end, kind=kind, limit=limit
    ) as listing:
        entries = list(listing)
        found, minutes = listing.totals()
    return {
        "entries": entries,
        "count": found,
        "total_minutes": minutes,
        "limit": limit,
        "more": found - len(entries),
    }


def _time_views(db: Connection, chunk: Sequence[Record]) -> Iterator[TimeEntryRow]:
    invoices = queries.billing_invoices(db, {row.project_id for row in chunk})
    for row in chunk:
        yield entry_view(row, invoices)


def entry_view(row: EntryFacts, invoices: list[BillingInvoice]) -> TimeEntryRow:
    """An entry's view: its fields (an ORM or a Core row alike, with its project's title and
    client's name as `project` and `client`) and the invoice that bills it."""
    invoice = billed_by(row, invoices)
    return {
        "id": row.id,
        "day": row.day,
        "project_id": row.project_id,
        "project": row.project,
        "client_id": row.client_id,
        "client": row.client,
        "kind": row.kind,
        "minutes": row.minutes,
        "billable": row.billable,
        "note": row.note,
        "billed_by": None if invoice is None else invoice.number,
    }


def billed_by(entry: Logged, invoices: list[BillingInvoice]) -> BillingInvoice | None:
    """The first issued invoice that summed this entry's minutes: one of its project, with a
    line for the entry's family, drafted once the entry existed (see services.time_entries)."""
    for invoice in invoices:
        if (
            invoice.project_id == entry.project_id
            and invoice.line_kind == family(entry.kind)
            and entry.created_at <= invoice.drafted_at
        ):
            return invoice
    return None


def family(kind: str) -> str:
    """The kind of invoice line that bills minutes of this kind."""
    return "communication" if kind in COMMUNICATION_KINDS else "hours"
