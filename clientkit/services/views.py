"""Plain views of rows for the CLI and TUI: exact Decimals, dates, the fields of SPEC section 4.

Each view is a TypedDict: at run time a plain dict (JSON output is unchanged), to mypy a
record whose every key the CLI and TUI read is checked. Views used by one use case live
in its module; the ones here are shared across use cases.
"""

from __future__ import annotations  # the model classes are types here, imported for mypy only

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypedDict, TypeVar

from clientkit.domain.durations import hours
from clientkit.domain.money import format_percent, quantize
from clientkit.domain.terms import deposit_required_minor, effective_rate_minor
from clientkit.i18n import money
from clientkit.storage.figures import ClientMoney, ProjectUsage
from clientkit.storage.terms import terms_of

if TYPE_CHECKING:  # views are built from ORM objects or Core rows, without importing the ORM
    from sqlalchemy.engine import Row as CoreRow

    from clientkit.storage.models import Message, Payment, Profile, ScopeItem

Row = TypeVar("Row")


class Noticed(TypedDict):
    """What a use case says beside its result (the CLI prints them with `!`)."""

    notices: list[str]


class Page(TypedDict, Generic[Row]):
    """One page of a long list: its rows, where it starts, and how many match in all."""

    total: int
    offset: int
    rows: list[Row]


class ClientFacts(Protocol):
    """A client's stored fields, as an ORM row or a Core row of the client table has them."""

    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def street(self) -> str: ...
    @property
    def postcode(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def reg_id(self) -> str: ...
    @property
    def tax_id(self) -> str: ...
    @property
    def vat_id(self) -> str: ...
    @property
    def contact(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def endpoint(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def budget_minor(self) -> int | None: ...
    @property
    def archived(self) -> bool: ...


class ProjectFacts(Protocol):
    """A project's stored fields (its terms among them), as an ORM or a Core row has them."""

    @property
    def id(self) -> int | None: ...
    @property
    def client_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def price_minor(self) -> int | None: ...
    @property
    def hourly_rate_minor(self) -> int | None: ...
    @property
    def estimate_minutes(self) -> int | None: ...
    @property
    def revisions_included(self) -> int | None: ...
    @property
    def revision_fee_minor(self) -> int | None: ...
    @property
    def comm_budget_minutes(self) -> int | None: ...
    @property
    def comm_rate_minor(self) -> int | None: ...
    @property
    def rush_fee_bp(self) -> int | None: ...
    @property
    def rush(self) -> bool: ...
    @property
    def cancel_fee_bp(self) -> int | None: ...
    @property
    def cancel_fee_basis(self) -> str: ...
    @property
    def late_fee_bp(self) -> int | None: ...
    @property
    def payment_days(self) -> int: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def started_on(self) -> date | None: ...
    @property
    def delivered_on(self) -> date | None: ...
    @property
    def buyer_ref(self) -> str: ...
    @property
    def order_ref(self) -> str: ...


class ProfileView(TypedDict):
    name: str
    business: str
    email: str
    address: str
    street: str
    postcode: str
    city: str
    country: str
    reg_id: str
    tax_id: str
    vat_id: str
    contact: str
    phone: str
    endpoint: str
    iban: str
    bic: str
    currency: str
    locale: str
    timezone: str
    reverse_charge: bool
    lead_time_days: int
    vat_exemption: str  # none, small-business
    slovak_qr: str  # pay-by-square, epc, both: a EUR invoice's QR for a client in Slovakia


class ClientView(TypedDict):
    id: int
    name: str
    email: str
    company: str
    address: str
    street: str
    postcode: str
    city: str
    country: str
    reg_id: str
    tax_id: str
    vat_id: str
    contact: str
    phone: str
    endpoint: str
    currency: str
    locale: str
    budget: Decimal | None
    archived: bool
    balance: Decimal
    received: Decimal
    credit: Decimal
    hours_logged: Decimal
    effective_rate: Decimal | None


class ProjectView(TypedDict):
    id: int
    title: str
    client: str
    client_id: int
    status: str
    currency: str
    price: Decimal | None
    hourly_rate: Decimal | None
    estimate_minutes: int | None
    revisions_included: int | None
    revisions_used: int
    revision_fee: Decimal | None
    deposit_required: Decimal
    deposit_received: Decimal
    comm_budget_minutes: int | None
    comm_minutes: int
    comm_rate: Decimal | None
    work_minutes: int
    rush_fee_percent: str | None
    rush: bool
    cancel_fee_percent: str | None
    cancel_fee_basis: str
    late_fee_percent: str | None
    payment_days: int
    deadline: date | None
    started_on: date | None
    delivered_on: date | None
    contract_signed: date | None
    buyer_ref: str
    order_ref: str


class ScopeView(TypedDict):
    id: int
    project_id: int
    description: str
    price: Decimal | None
    estimate_minutes: int | None
    change_request: bool
    approved_on: date | None
    done: bool


class MessageView(TypedDict):
    id: int
    client_id: int
    project_id: int | None
    direction: str
    channel: str
    subject: str
    at: datetime
    answered_at: datetime | None
    message_id: str | None


class PaymentView(TypedDict):
    id: int
    client_id: int
    project_id: int | None
    invoice_id: int | None
    kind: str
    amount: Decimal
    currency: str
    date: date
    method: str


def stored(row_id: int | None) -> int:
    """The id of a row read from the book or flushed into it (None only before its insert)."""
    assert row_id is not None, "a view is made of stored rows"
    return row_id


def optional_money(minor: int | None, currency: str) -> Decimal | None:
    return None if minor is None else money(minor, currency)


def profile_view(profile: Profile) -> ProfileView:
    return {
        "name": profile.name,
        "business": profile.business,
        "email": profile.email,
        "address": profile.address,
        "street": profile.street,
        "postcode": profile.postcode,
        "city": profile.city,
        "country": profile.country,
        "reg_id": profile.reg_id,
        "tax_id": profile.tax_id,
        "vat_id": profile.vat_id,
        "contact": profile.contact,
        "phone": profile.phone,
        "endpoint": profile.endpoint,
        "iban": profile.iban,
        "bic": profile.bic,
        "currency": profile.currency,
        "locale": profile.locale,
        "timezone": profile.timezone,
        "reverse_charge": profile.reverse_charge,
        "lead_time_days": profile.lead_time_days,
        "vat_exemption": profile.vat_exemption,
        "slovak_qr": profile.slovak_qr,
    }


def client_view(client: ClientFacts, figures: ClientMoney | None = None) -> ClientView:
    figures = figures or ClientMoney()
    currency = client.currency
    rate = effective_rate_minor(figures.received_minor, figures.logged_minutes)
    return {
        "id": stored(client.id),
        "name": client.name,
        "email": client.email,
        "company": client.company,
        "address": client.address,
        "street": client.street,
        "postcode": client.postcode,
        "city": client.city,
        "country": client.country,
        "reg_id": client.reg_id,
        "tax_id": client.tax_id,
        "vat_id": client.vat_id,
        "contact": client.contact,
        "phone": client.phone,
        "endpoint": client.endpoint,
        "currency": currency,
        "locale": client.locale,
        "budget": optional_money(client.budget_minor, currency),
        "archived": client.archived,
        "balance": money(figures.balance_minor, currency),
        "received": money(figures.received_minor, currency),
        "credit": money(figures.credit_minor, currency),
        "hours_logged": quantize(hours(figures.logged_minutes), 2),
        "effective_rate": optional_money(rate, currency),
    }


def project_view(
    project: ProjectFacts, client: str, usage: ProjectUsage, signed: date | None = None
) -> ProjectView:
    """A project of the client named `client` with its terms and what it used; `signed` is
    the day its contract was."""
    c = project.currency
    terms = terms_of(project)
    return {
        "id": stored(project.id),
        "title": project.title,
        "client": client,
        "client_id": project.client_id,
        "status": project.status,
        "currency": c,
        "price": optional_money(project.price_minor, c),
        "hourly_rate": optional_money(project.hourly_rate_minor, c),
        "estimate_minutes": project.estimate_minutes,
        "revisions_included": project.revisions_included,
        "revisions_used": usage.revisions,
        "revision_fee": optional_money(project.revision_fee_minor, c),
        "deposit_required": money(deposit_required_minor(terms), c),
        "deposit_received": money(usage.deposit_received_minor, c),
        "comm_budget_minutes": project.comm_budget_minutes,
        "comm_minutes": usage.comm_minutes,
        "comm_rate": optional_money(project.comm_rate_minor, c),
        "work_minutes": usage.work_minutes,
        "rush_fee_percent": _percent(project.rush_fee_bp),
        "rush": project.rush,
        "cancel_fee_percent": _percent(project.cancel_fee_bp),
        "cancel_fee_basis": project.cancel_fee_basis,
        "late_fee_percent": _percent(project.late_fee_bp),
        "payment_days": project.payment_days,
        "deadline": project.deadline,
        "started_on": project.started_on,
        "delivered_on": project.delivered_on,
        "contract_signed": signed,
        "buyer_ref": project.buyer_ref,
        "order_ref": project.order_ref,
    }


def _percent(basis_points: int | None) -> str | None:
    return None if basis_points is None else format_percent(basis_points)


def scope_view(item: ScopeItem | CoreRow[Any], currency: str) -> ScopeView:
    return {
        "id": stored(item.id),
        "project_id": item.project_id,
        "description": item.description,
        "price": optional_money(item.price_minor, currency),
        "estimate_minutes": item.estimate_minutes,
        "change_request": item.change_request,
        "approved_on": item.approved_on,
        "done": item.done,
    }


def message_view(message: Message) -> MessageView:
    return {
        "id": stored(message.id),
        "client_id": message.client_id,
        "project_id": message.project_id,
        "direction": message.direction,
        "channel": message.channel,
        "subject": message.subject,
        "at": message.at,
        "answered_at": message.answered_at,
        "message_id": message.message_id,
    }


def payment_view(payment: Payment | CoreRow[Any]) -> PaymentView:
    return {
        "id": stored(payment.id),
        "client_id": payment.client_id,
        "project_id": payment.project_id,
        "invoice_id": payment.invoice_id,
        "kind": payment.kind,
        "amount": money(payment.amount_minor, payment.currency),
        "currency": payment.currency,
        "date": payment.day,
        "method": payment.method,
    }
