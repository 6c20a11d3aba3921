"""The facts behind the risk rules: one aggregate query per family (projects, invoices, clients,
messages), each reading per-project and per-client sums off covering indexes.

Written against the Core views of storage/tables.py, so `clientkit risks` never builds the ORM."""

from datetime import date
from typing import Any, Protocol

from sqlalchemy import (
    BigInteger,
    Boolean,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    select,
    true,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from clientkit.domain.risk.acks import Ack, AckKey
from clientkit.domain.risk.facts import (
    OPEN_STATUSES,
    ClientFacts,
    InvoiceFacts,
    MessageFacts,
    ProjectFacts,
)
from clientkit.domain.risk.money_rules import LADDER
from clientkit.storage.expressions import (
    credit_amount,
    not_voided,
    signed_amount,
    standing_invoice,
    unindexed,
)
from clientkit.storage.tables import (
    client,
    contract,
    invoice,
    invoice_line,
    message,
    payment,
    profile,
    project,
    project_minutes,
    project_payments,
    project_scope,
    reminder,
    revision,
    risk_ack,
    scope_item,
)
from clientkit.storage.terms import TERMS_FIELDS, terms_from
from clientkit.storage.types import UTCDateTime


class Reader(Protocol):
    """A Core Connection or an ORM Session: the fact queries need only `execute`."""

    def execute(self, statement: Any) -> Any: ...


def _sum(column: Any, *where: Any) -> Any:
    """A correlated scalar SUM (0 when nothing matches)."""
    return select(func.coalesce(func.sum(column), 0)).where(*where).scalar_subquery()


def _count(*where: Any) -> Any:
    return select(func.count()).where(*where).scalar_subquery()


def _client_filter(column: Any, client_id: int | None) -> list[ColumnElement[bool]]:
    return [] if client_id is None else [column == client_id]


def _signed_amount() -> Any:
    return signed_amount(payment.c.amount_minor, payment.c.kind)


def _open_project_ids(client_id: int | None) -> Any:
    return select(project.c.id).where(
        project.c.status.in_(OPEN_STATUSES), *_client_filter(project.c.client_id, client_id)
    )


def _first_unapproved() -> Any:
    """The oldest change request of the project without a signed change order, looked up only
    where the kept totals say there is one (a minimum cannot be kept by adding shares)."""
    oldest = (
        select(func.min(scope_item.c.id))
        .where(
            scope_item.c.project_id == project.c.id,
            scope_item.c.change_request == true(),
            scope_item.c.approved_on.is_(None),
        )
        .scalar_subquery()
    )
    return case((project_scope.c.unapproved_changes > 0, oldest), else_=None)


def _billed_per_project(client_id: int | None) -> Any:
    """Extra revisions and communication overage on each open project's standing invoices
    (drafts and issued; a credited one was cancelled), in one pass over their lines."""
    line_kind, amount = invoice_line.c.kind, invoice_line.c.amount_minor
    return (
        select(
            invoice.c.project_id,
            func.sum(case((line_kind == "revision", amount), else_=0)).label("revisions"),
            func.sum(case((line_kind == "communication", amount), else_=0)).label("comm"),
        )
        .join(invoice_line, invoice_line.c.invoice_id == invoice.c.id)
        .where(
            invoice.c.project_id.in_(_open_project_ids(client_id)),
            standing_invoice(invoice.c.kind, invoice.c.status),
            line_kind.in_(("revision", "communication")),
        )
        .group_by(invoice.c.project_id)
        .subquery("billed")
    )


def _invoices_per_project(client_id: int | None) -> Any:
    """How many of each open project's invoices are paid in full, and how many still bill
    something unpaid (drafts, issued ones with a balance), off the (project, kind, status)
    index."""
    status = invoice.c.status
    return (
        select(
            invoice.c.project_id,
            func.sum(case((status == "paid", 1), else_=0)).label("paid"),
            func.sum(case((status.in_(("draft", "issued")), 1), else_=0)).label("unpaid"),
        )
        .where(
            invoice.c.project_id.in_(_open_project_ids(client_id)),
            invoice.c.kind == "invoice",
        )
        .group_by(invoice.c.project_id)
        .subquery("invoices")
    )


def project_facts(db: Reader, client_id: int | None = None) -> list[ProjectFacts]:
    """Every open project of a non-archived client, with its usage from SQL (minutes, scope and
    money received from the kept totals, the rest counted per project)."""
    billed = _billed_per_project(client_id)
    invoices = _invoices_per_project(client_id)
    # ProjectFacts' fields after `terms`, in their order: a row slice builds the facts as is.
    facts: dict[str, ColumnElement[Any]] = {
        "project_id": project.c.id,
        "title": project.c.title,
        "client_id": project.c.client_id,
        "client": client.c.name,
        "status": project.c.status,
        "currency": project.c.currency,
        "deadline": project.c.deadline,
        "started_on": project.c.started_on,
        "contract_signed": type_coerce(
            exists().where(
                contract.c.project_id == project.c.id, contract.c.signed_on.is_not(None)
            ),
            Boolean,
        ),
        "revisions": _count(revision.c.project_id == project.c.id),
        # Kept up to date by triggers on time_entry: no entry is read here.
        "work_minutes": _whole(project_minutes.c.work_minutes),
        "comm_minutes": _whole(project_minutes.c.comm_minutes),
        # Kept up to date by triggers on payment: no payment is summed here.
        "deposit_received_minor": _whole(project_payments.c.deposit_minor),
        "received_minor": _whole(project_payments.c.received_minor),
        # Kept up to date by triggers on scope_item: no scope item is grouped here.
        "change_requests": _whole(project_scope.c.change_requests),
        "change_value_minor": _whole(project_scope.c.change_value_minor),
        "change_minutes": _whole(project_scope.c.change_minutes),
        "unapproved_changes": _whole(project_scope.c.unapproved_changes),
        "unapproved_value_minor": _whole(project_scope.c.unapproved_value_minor),
        "first_unapproved_id": _first_unapproved(),
        "open_scope_items": _whole(project_scope.c.open_items),
        "client_budget_minor": client.c.budget_minor,
        "client_currency": client.c.currency,
        "billed_revisions_minor": _whole(billed.c.revisions),
        "billed_comm_minor": _whole(billed.c.comm),
        "paid_invoices": _whole(invoices.c.paid),
        "unpaid_invoices": _whole(invoices.c.unpaid),
    }
    assert tuple(facts) == ProjectFacts._fields[1:], "columns out of ProjectFacts' order"
    query = (
        # The terms first, in Terms' field order: a slice of each row builds them.
        select(*(project.c[name] for name in TERMS_FIELDS), *facts.values())
        .join(client, client.c.id == project.c.client_id)
        .outerjoin(project_minutes, project_minutes.c.project_id == project.c.id)
        .outerjoin(project_scope, project_scope.c.project_id == project.c.id)
        # The project's money in its own currency; a payment in another is not counted.
        .outerjoin(
            project_payments,
            and_(
                project_payments.c.project_id == project.c.id,
                project_payments.c.currency == project.c.currency,
            ),
        )
        .outerjoin(billed, billed.c.project_id == project.c.id)
        .outerjoin(invoices, invoices.c.project_id == project.c.id)
        # Open projects are a large share of a busy book: reading the table in id order
        # beats looking each one up through the status index and sorting the wide rows.
        .where(
            unindexed(project.c.status).in_(OPEN_STATUSES),
            client.c.archived == false(),
            *_client_filter(project.c.client_id, client_id),
        )
        .order_by(project.c.id)
    )
    terms = len(TERMS_FIELDS)
    return [ProjectFacts(terms_from(row[:terms]), *row[terms:]) for row in db.execute(query)]


def _whole(value: Any) -> Any:
    """A sum as a whole number on both engines (PostgreSQL sums integers as NUMERIC, which
    would arrive as Decimal), 0 when there is nothing to sum."""
    return cast(func.coalesce(value, 0), BigInteger)


def _overdue_invoice(today: date) -> list[ColumnElement[bool]]:
    return [invoice.c.status == "issued", invoice.c.kind == "invoice", invoice.c.due_date < today]


def invoice_facts(db: Reader, today: date, client_id: int | None = None) -> list[InvoiceFacts]:
    """Issued invoices past their due date, with what was paid; archived clients' too, since
    archiving a client ends no debt."""
    paid = _sum(
        _signed_amount(), payment.c.invoice_id == invoice.c.id, not_voided(payment.c.voided_at)
    )
    # The highest level of the ladder sent so far (a later, milder one does not step it back).
    rank = case(*((reminder.c.level == level, n) for n, level in enumerate(LADDER)), else_=-1)
    highest = (
        select(reminder.c.level, reminder.c.sent_at)
        .where(reminder.c.invoice_id == invoice.c.id, reminder.c.status == "sent")
        .order_by(rank.desc(), reminder.c.sent_at.desc(), reminder.c.id.desc())
        .limit(1)
    )
    last_reminder = highest.with_only_columns(reminder.c.level).scalar_subquery()
    last_reminder_at = highest.with_only_columns(reminder.c.sent_at).scalar_subquery()
    query = (
        select(
            invoice.c.id,
            invoice.c.number,
            invoice.c.client_id,
            client.c.name,
            invoice.c.project_id,
            project.c.title,
            invoice.c.currency,
            invoice.c.total_minor,
            paid,
            invoice.c.due_date,
            last_reminder,
            type_coerce(last_reminder_at, UTCDateTime()),
            project.c.late_fee_bp,
            _unused_credit(),
        )
        .join(client, client.c.id == invoice.c.client_id)
        .outerjoin(project, project.c.id == invoice.c.project_id)
        .where(
            *_overdue_invoice(today),
            *_client_filter(invoice.c.client_id, client_id),
        )
        .order_by(invoice.c.due_date, invoice.c.id)
    )
    return [
        InvoiceFacts(
            invoice_id=row[0],
            number=row[1] or str(row[0]),
            client_id=row[2],
            client=row[3],
            project_id=row[4],
            project=row[5],
            currency=row[6],
            total_minor=int(row[7]),
            paid_minor=int(row[8]),
            due_date=row[9],
            last_reminder=row[10],
            last_reminder_on=row[11].date() if row[11] is not None else None,
            late_fee_bp=row[12],
            client_credit_minor=int(row[13]),
        )
        for row in db.execute(query)
    ]


def _unused_credit() -> Any:
    """The invoice's client's credit in its currency not yet used, by the one rule of
    `credit_amount` (credit kept beside the invoices, less refunds paid back from it)."""
    return _sum(
        credit_amount(payment.c.amount_minor, payment.c.kind, payment.c.invoice_id),
        payment.c.client_id == invoice.c.client_id,
        payment.c.currency == invoice.c.currency,
        not_voided(payment.c.voided_at),
    )


def client_facts(db: Reader, today: date, client_id: int | None = None) -> list[ClientFacts]:
    """Clients with an invoice past due: when they last wrote, were reminded, got a delivery."""
    last_inbound = (
        select(func.max(message.c.at))
        .where(message.c.client_id == client.c.id, message.c.direction == "inbound")
        .scalar_subquery()
    )
    # Reminders about money still owed: those of invoices still issued.
    last_reminder = (
        select(func.max(reminder.c.sent_at))
        .join(invoice, invoice.c.id == reminder.c.invoice_id)
        .where(
            invoice.c.client_id == client.c.id,
            invoice.c.status == "issued",
            reminder.c.status == "sent",
        )
        .scalar_subquery()
    )
    last_delivery = (
        select(func.max(project.c.delivered_on))
        .where(project.c.client_id == client.c.id)
        .scalar_subquery()
    )
    # Uncorrelated on purpose: computed once, where a correlated EXISTS made SQLite walk
    # every overdue invoice for each of thousands of clients.
    has_overdue = client.c.id.in_(select(invoice.c.client_id).where(*_overdue_invoice(today)))
    query = (
        select(client.c.id, client.c.name, last_inbound, last_reminder, last_delivery)
        .where(has_overdue, *_client_filter(client.c.id, client_id))  # archived ones too
        .order_by(client.c.id)
    )
    return [ClientFacts(*row) for row in db.execute(query)]


def message_facts(db: Reader, client_id: int | None = None) -> list[MessageFacts]:
    """Per client: inbound messages not yet answered, and the oldest of them."""
    waiting = and_(message.c.direction == "inbound", message.c.answered_at.is_(None))
    oldest = message.alias("oldest")
    first_waiting = (
        select(oldest.c.id)
        .where(
            oldest.c.client_id == message.c.client_id,
            oldest.c.direction == "inbound",
            oldest.c.answered_at.is_(None),
        )
        .order_by(oldest.c.at, oldest.c.id)
        .limit(1)
        .scalar_subquery()
    )
    grouped = (
        select(
            message.c.client_id,
            client.c.name,
            func.count(),
            func.min(message.c.at),
            first_waiting.label("oldest_id"),
        )
        .join(client, client.c.id == message.c.client_id)
        .where(
            waiting, client.c.archived == false(), *_client_filter(message.c.client_id, client_id)
        )
        .group_by(message.c.client_id, client.c.name)
        .subquery()
    )
    query = (
        select(grouped, message.c.subject)
        .join(message, message.c.id == grouped.c.oldest_id)
        .order_by(grouped.c.client_id)
    )
    return [
        MessageFacts(
            client_id=row[0],
            client=row[1],
            waiting=int(row[2]),
            oldest_id=row[4],
            oldest_at=row[3],
            oldest_subject=row[5],
        )
        for row in db.execute(query)
    ]


def ack_rows(db: Reader, client_id: int | None = None) -> dict[AckKey, Ack]:
    """The silenced findings (`risks ack`) of one client or all, by the finding they name."""
    query = select(
        risk_ack.c.code,
        risk_ack.c.client_id,
        risk_ack.c.project_id,
        risk_ack.c.fingerprint,
        risk_ack.c.reason,
        risk_ack.c.created_at,
        risk_ack.c.until,
    ).where(*_client_filter(risk_ack.c.client_id, client_id))
    acks = (Ack(*row) for row in db.execute(query))
    return {ack.key: ack for ack in acks}


def profile_locale(db: Reader) -> str | None:
    """The freelancer's locale, or None before a profile exists."""
    locale: str | None = db.execute(select(profile.c.locale).where(profile.c.id == 1)).scalar()
    return locale
