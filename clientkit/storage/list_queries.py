"""The long lists (invoices, clients, projects, time entries) in SQL through Core: every figure a
row shows is summed by the database, rows come newest first and stream from the cursor in
chunks, and a page costs what its rows cost, never what the book holds."""

from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeAlias

from sqlalchemy import Connection, Select, and_, bindparam, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from clientkit.storage.expressions import credit_amount, not_voided, signed_amount
from clientkit.storage.tables import (
    client,
    contract,
    invoice,
    invoice_line,
    payment,
    profile,
    project,
    project_minutes,
    project_payments,
    revision,
    time_entry,
)

# A row read by its columns' names: a named tuple, whose fields read ten times faster than a
# SQLAlchemy Row's (a list of 50,000 invoices reads about thirty fields of each).
Record: TypeAlias = Any

CHUNK = 1000  # rows fetched from the cursor at a time (a server-side cursor on PostgreSQL)

# The invoice lines that bill logged minutes in aggregate: work hours of an hourly project,
# and communication beyond its budget (clientkit.domain.billing.project_lines).
MINUTE_LINES = ("hours", "communication")


def chunks(db: Connection, statement: Select[Any]) -> Iterator[list[Record]]:
    """The rows of `statement` a chunk at a time as records, as the cursor yields them: none
    is read before it is needed, so the caller holds one chunk at most. Read them inside the
    transaction."""
    result = db.execution_options(yield_per=CHUNK).execute(statement)
    make = _record_type(result.keys())._make
    for part in result.partitions():
        yield list(map(make, part))


def _record_type(columns: Iterable[str]) -> Any:
    return namedtuple("Record", list(columns), rename=True)


def count(db: Connection, statement: Select[Any]) -> int:
    """How many rows `statement` matches."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int(db.execute(counted).scalar_one())


def _limited(statement: Select[Any], limit: int | None) -> Select[Any]:
    return statement if limit is None else statement.limit(limit)


def _sum(value: Any, *where: Any) -> Any:
    """A correlated scalar SUM, 0 when nothing matches."""
    return select(func.coalesce(func.sum(value), 0)).where(*where).scalar_subquery()


def seller(db: Connection) -> Record | None:
    """The profile's fields an invoice's exemption reasons depend on (None before it is
    saved)."""
    columns = (profile.c.country, profile.c.vat_id, profile.c.tax_id, profile.c.locale)
    statement = select(*columns, profile.c.vat_exemption).where(profile.c.id == 1)
    return db.execute(statement).first()


@dataclass(frozen=True)
class InvoiceFilter:
    """Which invoices a list shows; None means any."""

    client_id: int | None = None
    status: str | None = None
    overdue_on: date | None = None  # issued invoices due before this day, with money owed


def _invoice_paid() -> Any:
    """Money received against the outer query's invoice, refunds subtracted."""
    signed = signed_amount(payment.c.amount_minor, payment.c.kind)
    return _sum(signed, payment.c.invoice_id == invoice.c.id, not_voided(payment.c.voided_at))


def _invoice_conditions(where: InvoiceFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.client_id is not None:
        conditions.append(invoice.c.client_id == where.client_id)
    if where.status is not None:
        conditions.append(invoice.c.status == where.status)
    if where.overdue_on is not None:
        conditions += [
            invoice.c.status == "issued",
            invoice.c.kind == "invoice",
            invoice.c.due_date < where.overdue_on,
            invoice.c.total_minor > _invoice_paid(),
        ]
    return conditions


def invoice_rows(
    where: InvoiceFilter, limit: int | None = None, *, detail: bool = True
) -> Select[Any]:
    """Invoices newest first, each with its client's name, the money received against it
    (deposits apart from other payments, refunds subtracted) and, for a draft, the deposits
    its project holds unclaimed. In `detail`, every field of the invoice besides, its client's
    locale, its project's title and references, and the numbers of the invoice a credit note
    cancels and of the credit note cancelling a credited invoice."""
    own = invoice.c
    counted = not_voided(payment.c.voided_at)
    is_deposit = payment.c.kind == "deposit"
    on_invoice = payment.c.invoice_id == own.id
    signed = signed_amount(payment.c.amount_minor, payment.c.kind)
    unclaimed = _sum(
        payment.c.amount_minor,
        payment.c.project_id == own.project_id,
        is_deposit,
        payment.c.invoice_id.is_(None),
        counted,
    )
    columns = (own.id, own.number, own.kind, own.advance, own.status, own.client_id)
    money = (
        _sum(payment.c.amount_minor, on_invoice, is_deposit, counted).label("deposits"),
        _sum(signed, on_invoice, ~is_deposit, counted).label("payments"),
        case((own.status == "draft", unclaimed), else_=0).label("unclaimed"),
    )
    statement = (
        select(
            *columns,
            own.project_id,
            own.currency,
            own.total_minor,
            own.issue_date,
            own.due_date,
            client.c.name.label("client"),
            *money,
        )
        .join(client, client.c.id == own.client_id)
        .where(*_invoice_conditions(where))
        .order_by(own.id.desc())
    )
    if detail:
        statement = _in_detail(statement)
    return _limited(statement, limit)


def _in_detail(statement: Select[Any]) -> Select[Any]:
    """An invoice list's query with the rest of each invoice's view."""
    own = invoice.c
    cancelled = invoice.alias("cancelled")
    credit_note = invoice.alias("credit_note")
    credited_by = (
        select(func.coalesce(credit_note.c.number, ""))
        .where(credit_note.c.credits_invoice_id == own.id)
        .order_by(credit_note.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    shown = {column.name for column in statement.selected_columns}
    rest = [c for c in own if c.name not in shown and c.name != "created_at"]
    return (
        statement.add_columns(
            *rest,
            client.c.locale.label("client_locale"),
            project.c.title.label("project"),
            project.c.buyer_ref.label("project_buyer_ref"),
            project.c.order_ref.label("project_order_ref"),
            case(
                (own.credits_invoice_id.is_(None), None),
                else_=func.coalesce(cancelled.c.number, ""),
            ).label("credits"),
            case((own.status == "credited", credited_by), else_=None).label("credited_by"),
        )
        .outerjoin(project, project.c.id == own.project_id)
        .outerjoin(cancelled, cancelled.c.id == own.credits_invoice_id)
    )


def invoices_matching(where: InvoiceFilter) -> Select[Any]:
    """The invoices a filter keeps, for counting them."""
    return select(invoice.c.id).where(*_invoice_conditions(where))


def lines_of(db: Connection, invoice_ids: Sequence[int]) -> dict[int, list[Record]]:
    """The lines of these invoices, each invoice's in their printed order."""
    grouped: dict[int, list[Record]] = {invoice_id: [] for invoice_id in invoice_ids}
    if not invoice_ids:
        return grouped
    low, high = min(invoice_ids), max(invoice_ids)
    if high - low < 2 * len(invoice_ids):
        # Most ids between the lowest and the highest are asked for (a list of every
        # invoice, newest first): one range of the index, the few others' lines skipped.
        result = db.execute(_LINES_BETWEEN, {"low": low, "high": high})
    else:
        result = db.execute(_LINES_OF, {"ids": list(invoice_ids)})
    make = _record_type(result.keys())._make
    for row in map(make, result):
        lines = grouped.get(row.invoice_id)
        if lines is not None:
            lines.append(row)
    return grouped


_line_invoice = invoice_line.c.invoice_id
_LINES = select(
    _line_invoice,
    invoice_line.c.position,
    invoice_line.c.description,
    invoice_line.c.quantity,
    invoice_line.c.unit_price_minor,
    invoice_line.c.vat_bp,
    invoice_line.c.amount_minor,
    invoice_line.c.kind,
).order_by(_line_invoice, invoice_line.c.position)
# Built once: a list reads the lines of each chunk of invoices with one of them.
_LINES_BETWEEN = _LINES.where(_line_invoice.between(bindparam("low"), bindparam("high")))
_LINES_OF = _LINES.where(_line_invoice.in_(bindparam("ids", expanding=True)))


@dataclass(frozen=True)
class ClientFilter:
    include_archived: bool = False


def client_rows(where: ClientFilter, limit: int | None = None) -> Select[Any]:
    """Clients newest first, with the money a client's view shows, in its own currency: the
    open balance of its issued invoices, money received (refunds subtracted), credit kept
    beside the invoices, and the minutes logged on its projects."""
    own = client.c
    owed = invoice.c.total_minor - _invoice_paid()
    balance = _sum(
        case((owed > 0, owed), else_=0),
        invoice.c.client_id == own.id,
        invoice.c.currency == own.currency,
        invoice.c.kind == "invoice",
        invoice.c.status == "issued",
    )
    paid_in = (
        payment.c.client_id == own.id,
        payment.c.currency == own.currency,
        not_voided(payment.c.voided_at),
    )
    signed = signed_amount(payment.c.amount_minor, payment.c.kind)
    credit = credit_amount(payment.c.amount_minor, payment.c.kind, payment.c.invoice_id)
    logged = (
        select(
            func.coalesce(
                func.sum(project_minutes.c.work_minutes + project_minutes.c.comm_minutes), 0
            )
        )
        .join(project, project.c.id == project_minutes.c.project_id)
        .where(project.c.client_id == own.id)
        .scalar_subquery()
    )
    statement = select(
        *own,
        balance.label("balance_minor"),
        _sum(signed, *paid_in).label("received_minor"),
        _sum(credit, *paid_in).label("credit_minor"),
        logged.label("logged_minutes"),
    ).order_by(own.id.desc())
    return _limited(statement.where(*_client_conditions(where)), limit)


def _client_conditions(where: ClientFilter) -> list[ColumnElement[bool]]:
    return [] if where.include_archived else [client.c.archived.is_(False)]


def clients_matching(where: ClientFilter) -> Select[Any]:
    return select(client.c.id).where(*_client_conditions(where))


@dataclass(frozen=True)
class ProjectFilter:
    client_id: int | None = None
    status: str | None = None


def _project_conditions(where: ProjectFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.client_id is not None:
        conditions.append(project.c.client_id == where.client_id)
    if where.status is not None:
        conditions.append(project.c.status == where.status)
    return conditions


def project_rows(where: ProjectFilter, limit: int | None = None) -> Select[Any]:
    """Projects newest first, with their client's name and what they used: revisions,
    minutes of work and of communication (as the time_entry triggers keep them), deposits
    and money received in the project's currency (as the payment triggers keep them), and
    the day its contract was signed."""
    own = project.c
    revisions = select(func.count()).where(revision.c.project_id == own.id).scalar_subquery()
    signed = (
        select(func.max(contract.c.signed_on))
        .where(contract.c.project_id == own.id, contract.c.signed_on.is_not(None))
        .scalar_subquery()
    )
    money = and_(
        project_payments.c.project_id == own.id, project_payments.c.currency == own.currency
    )
    statement = (
        select(
            *(column for column in own if column.name != "created_at"),
            client.c.name.label("client"),
            revisions.label("revisions"),
            func.coalesce(project_minutes.c.work_minutes, 0).label("work_minutes"),
            func.coalesce(project_minutes.c.comm_minutes, 0).label("comm_minutes"),
            func.coalesce(project_payments.c.deposit_minor, 0).label("deposit_received_minor"),
            func.coalesce(project_payments.c.received_minor, 0).label("received_minor"),
            signed.label("signed_on"),
        )
        .join(client, client.c.id == own.client_id)
        .outerjoin(project_minutes, project_minutes.c.project_id == own.id)
        .outerjoin(project_payments, money)
        .where(*_project_conditions(where))
        .order_by(own.id.desc())
    )
    return _limited(statement, limit)


def projects_matching(where: ProjectFilter) -> Select[Any]:
    return select(project.c.id).where(*_project_conditions(where))


@dataclass(frozen=True)
class TimeFilter:
    """Which entries a list shows; None means any."""

    project_id: int | None = None
    client_id: int | None = None
    start: date | None = None
    end: date | None = None
    kind: str | None = None


def _time_conditions(where: TimeFilter) -> list[ColumnElement[bool]]:
    entry = time_entry.c
    conditions: list[ColumnElement[bool]] = []
    if where.project_id is not None:
        conditions.append(entry.project_id == where.project_id)
    if where.client_id is not None:
        projects = select(project.c.id).where(project.c.client_id == where.client_id)
        conditions.append(entry.project_id.in_(projects))
    if where.start is not None:
        conditions.append(entry.day >= where.start)
    if where.end is not None:
        conditions.append(entry.day <= where.end)
    if where.kind is not None:
        conditions.append(entry.kind == where.kind)
    return conditions


def time_rows(where: TimeFilter, limit: int | None = None) -> Select[Any]:
    """Entries newest day first (the latest logged first within a day), with their project
    and client. With a limit the day index is read backwards and the scan stops there, so a
    million entries cost what fifty do."""
    entry = time_entry.c
    statement = (
        select(
            entry.id,
            entry.day,
            entry.project_id,
            project.c.title.label("project"),
            project.c.client_id,
            client.c.name.label("client"),
            entry.kind,
            entry.minutes,
            entry.billable,
            entry.note,
            entry.created_at,
        )
        .join(project, project.c.id == entry.project_id)
        .join(client, client.c.id == project.c.client_id)
        .where(*_time_conditions(where))
        .order_by(entry.day.desc(), entry.id.desc())
    )
    return _limited(statement, limit)


def time_sums(db: Connection, where: TimeFilter) -> tuple[int, int]:
    """How many entries match, and their minutes."""
    statement = select(func.count(), func.coalesce(func.sum(time_entry.c.minutes), 0)).where(
        *_time_conditions(where)
    )
    found, minutes = db.execute(statement).one()
    return int(found), int(minutes)


@dataclass(frozen=True)
class BillingInvoice:
    """An issued invoice with a line billing a project's minutes of one family."""

    project_id: int
    number: str
    line_kind: str  # "hours" or "communication"
    drafted_at: datetime  # when its lines were computed from every entry then logged


def billing_invoices(db: Any, project_ids: Iterable[int]) -> list[BillingInvoice]:
    """The issued (or paid) invoices, not credited, with a line billing minutes of the given
    projects, oldest first. `db` is a Core connection or an ORM session."""
    ids = sorted(set(project_ids))
    if not ids:
        return []
    statement = (
        select(invoice.c.project_id, invoice.c.number, invoice_line.c.kind, invoice.c.created_at)
        .join(invoice_line, invoice_line.c.invoice_id == invoice.c.id)
        .where(
            invoice.c.project_id.in_(ids),
            invoice.c.kind == "invoice",
            invoice.c.status.in_(("issued", "paid")),
            invoice_line.c.kind.in_(MINUTE_LINES),
        )
        .distinct()
        .order_by(invoice.c.created_at, invoice.c.number)
    )
    return [BillingInvoice(*row) for row in db.execute(statement)]
