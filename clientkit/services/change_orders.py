"""Change orders: a one-page PDF for a change request, rendered like the contract, to be signed.

The values are the contract's (parties, project, terms, formatted for the
document's locale) plus the change itself and its effect on the timeline; the
template, the sandboxed rendering and the PDF layout are the contract's own
path (clientkit.services.contracts). `scope approve` records the signature.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypedDict

from sqlalchemy import func
from sqlmodel import Session, select

from clientkit.domain.money import parse_minor
from clientkit.domain.terms import minutes_cost_minor
from clientkit.i18n import (
    currency_digits,
    format_days,
    format_duration,
    format_long_date,
    format_money,
)
from clientkit.services.book import Book
from clientkit.services.contracts import (
    ContractValues,
    contract_values,
    document_locale,
    find_template,
    render_pdf,
    require_parties,
)
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_scope_item
from clientkit.services.outfiles import (
    output_folder,
    remove_quietly,
    slugify,
    write_named,
    write_new,
)
from clientkit.services.views import Noticed, optional_money, stored
from clientkit.storage.models import Client, Profile, Project, ScopeItem, utcnow

TEMPLATE = "change_order"
MAX_DAYS = 3650


class ChangeValues(TypedDict):
    """The change itself, formatted for the document's locale."""

    id: int
    number: int
    description: str
    price: str | None
    estimate: str | None
    estimated_value: str | None
    approved_on: str | None
    revisions: int | None


class TimelineValues(TypedDict):
    deadline: str | None
    days: str | None
    new_deadline: str | None


class ChangeOrderValues(ContractValues):
    """The contract's values, the change, and its effect on the timeline."""

    change: ChangeValues
    timeline: TimelineValues


class ChangeOrderView(Noticed):
    """A change order just written: which change, its price, the file and its hash."""

    scope_id: int
    number: int
    project: str
    project_id: int
    client: str
    description: str
    price: Decimal | None
    currency: str
    days: int | None
    new_deadline: date | None
    template: str
    lang: str
    path: str
    sha256: str


@dataclass(frozen=True)
class ChangeOrderRequest:
    """What the user asked for; None means the default."""

    days: int | None = None  # extend the deadline by this many days
    revisions: int | None = None  # rounds of revisions the change includes (default: contract's)
    price: str | None = None  # quote an unapproved change request
    lang: str | None = None
    output: str | None = None
    force: bool = False


@dataclass(frozen=True)
class _Order:
    """What is read from the book for one change order."""

    item_id: int
    number: int
    project: Project
    client: Client
    name: str  # template file
    locale: str
    values: ChangeOrderValues
    price_minor: int | None
    new_deadline: date | None
    notices: list[str]
    records: bool  # the order changes what the book keeps of the change (its quote or deadline)


def render_change_order(book: Book, scope_ref: str, request: ChangeOrderRequest) -> ChangeOrderView:
    """Render a change request's change order to PDF and write it; nothing is written when
    the template fails. A --price quote and the deadline it promises are stored with the
    change request, for `scope approve` to apply."""
    _check(request)
    with book.read() as session:
        order = _read(session, book, scope_ref, request)
    require_parties(order.values)
    pdf = render_pdf(order.name, order.values)
    target = _write(pdf, order, request)
    try:
        if order.records:
            _store_order(book, order)
    except BaseException:
        remove_quietly(target)  # the quote was not stored: no document quoting it either
        raise
    return _view(order, target, pdf, request)


def _check(request: ChangeOrderRequest) -> None:
    if request.days is not None and not 1 <= request.days <= MAX_DAYS:
        raise BadInput(f"invalid --days {request.days}: expected 1 to {MAX_DAYS}")
    if request.revisions is not None and request.revisions < 0:
        raise BadInput("revisions must not be negative")


def _read(session: Session, book: Book, ref: str, request: ChangeOrderRequest) -> _Order:
    item = find_scope_item(session, ref)
    if not item.change_request:
        raise Refused(
            f"scope item {item.id} is part of the original scope; only a change "
            "request gets a change order"
        )
    assert item.id is not None
    project = session.get(Project, item.project_id)
    assert project is not None
    client = session.get(Client, project.client_id)
    assert client is not None
    price = _price(item, project, request.price)
    profile = session.get(Profile, 1) or Profile()
    locale, explicit = document_locale(request.lang, client, profile)
    name, locale, notices = find_template(TEMPLATE, locale, explicit, noun="change order")
    number = _number(session, item)
    new_deadline = (
        project.deadline + timedelta(days=request.days)
        if project.deadline and request.days
        else None
    )
    values: ChangeOrderValues = {
        **contract_values(session, project, client, profile, locale, book.clock.today()),
        "change": _change(item, number, price, project, locale, request.revisions),
        "timeline": _timeline(project.deadline, request.days, new_deadline, locale),
    }
    if price is not None and request.price is not None:
        quoted = format_money(price, project.currency)
        notices.append(f"change request {item.id} quoted at {quoted}; the quote is recorded")
    return _Order(
        item.id,
        number,
        project,
        client,
        name,
        locale,
        values,
        price,
        new_deadline,
        notices + _notices(item),
        item.approved_on is None
        and (request.price is not None or item.order_deadline != new_deadline),
    )


def _price(item: ScopeItem, project: Project, quote: str | None) -> int | None:
    """The change's price: a new quote (only before approval) or the one recorded."""
    if quote is not None:
        if item.approved_on is not None:
            raise Refused(
                f"change request {item.id} was approved on {item.approved_on}; "
                "its price is part of the signed change order"
            )
        return parse_minor(quote, currency_digits(project.currency))
    if item.price_minor is None and project.hourly_rate_minor is None:
        raise Refused(
            f"change request {item.id} has no price and the project no hourly rate; "
            "quote it with --price AMOUNT"
        )
    return item.price_minor


def _number(session: Session, item: ScopeItem) -> int:
    """The change request's position among the project's change requests (1, 2, ...)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(ScopeItem)
            .where(
                ScopeItem.project_id == item.project_id,
                ScopeItem.change_request == True,  # noqa: E712
                ScopeItem.id <= item.id,  # type: ignore[operator]
            )
        ).one()
    )


def _change(
    item: ScopeItem,
    number: int,
    price: int | None,
    project: Project,
    locale: str,
    revisions: int | None,
) -> ChangeValues:
    c = project.currency
    minutes = item.estimate_minutes
    rate = project.hourly_rate_minor
    estimated = (
        minutes_cost_minor(minutes, rate)
        if price is None and rate is not None and minutes
        else None
    )
    return {
        "id": stored(item.id),
        "number": number,
        "description": item.description,
        "price": None if price is None else format_money(price, c, locale),
        "estimate": format_duration(minutes, locale) if minutes else None,
        "estimated_value": None if estimated is None else format_money(estimated, c, locale),
        "approved_on": None
        if item.approved_on is None
        else format_long_date(item.approved_on, locale),
        "revisions": revisions if revisions is not None else project.revisions_included,
    }


def _timeline(
    deadline: date | None, days: int | None, new: date | None, locale: str
) -> TimelineValues:
    return {
        "deadline": None if deadline is None else format_long_date(deadline, locale),
        "days": None if days is None else format_days(days, locale),
        "new_deadline": None if new is None else format_long_date(new, locale),
    }


def _notices(item: ScopeItem) -> list[str]:
    if item.approved_on is not None:
        return [
            f"change request {item.id} was already approved on {item.approved_on}; "
            "this is a copy for the records"
        ]
    return [
        f"have the client sign it, then record the signature: clientkit scope approve {item.id}"
    ]


def _write(pdf: bytes, order: _Order, request: ChangeOrderRequest) -> Path:
    if request.output:
        return write_named(Path(request.output), pdf, force=request.force)
    slug = slugify(
        order.client.name, order.project.title, f"change {order.number}", fallback="change-order"
    )
    return write_new(output_folder("change-orders"), slug, ".pdf", pdf)


def _store_order(book: Book, order: _Order) -> None:
    with book.write() as session:
        item = session.get(ScopeItem, order.item_id)
        assert item is not None
        if item.approved_on is not None:  # approved meanwhile, by another process
            raise Refused(
                f"change request {item.id} was approved on {item.approved_on}; "
                "its price is part of the signed change order"
            )
        item.price_minor = order.price_minor
        item.order_deadline = order.new_deadline
        item.updated_at = utcnow()
        session.add(item)


def _view(order: _Order, target: Path, pdf: bytes, request: ChangeOrderRequest) -> ChangeOrderView:
    c = order.project.currency
    return {
        "scope_id": order.item_id,
        "number": order.number,
        "project": order.project.title,
        "project_id": stored(order.project.id),
        "client": order.client.name,
        "description": order.values["change"]["description"],
        "price": optional_money(order.price_minor, c),
        "currency": c,
        "days": request.days,
        "new_deadline": order.new_deadline,
        "template": order.name,
        "lang": order.locale,
        "path": str(target),
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "notices": order.notices,
    }
