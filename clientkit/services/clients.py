"""Clients: adding, listing, showing, editing and archiving."""

from typing import TypedDict, Unpack

from sqlmodel import Session, col, select

from clientkit.domain.money import parse_minor
from clientkit.domain.text import check_email, check_name, check_no_controls
from clientkit.i18n import check_currency, check_locale, currency_digits, format_money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_client
from clientkit.services.party_fields import PartyFields
from clientkit.services.profile import CONTACT_CHECKS, get_profile
from clientkit.services.risks import client_patterns
from clientkit.services.views import (
    ClientView,
    MessageView,
    PaymentView,
    client_view,
    message_view,
    payment_view,
    stored,
)
from clientkit.storage.models import Client, Invoice, Message, Payment, Project, utcnow
from clientkit.storage.queries import client_money


class ClientProject(TypedDict):
    """One of a client's projects, as the client's detail lists them."""

    id: int
    title: str
    status: str
    currency: str


class ShownClient(ClientView):
    """A client with the patterns its findings point at, its projects, payments and messages."""

    patterns: list[str]
    projects: list[ClientProject]
    payments: list[PaymentView]
    messages: list[MessageView]


def add_client(
    book: Book,
    name: str,
    *,
    email: str = "",
    company: str = "",
    address: str = "",
    currency: str | None = None,
    locale: str | None = None,
    budget: str | None = None,
    **party: Unpack[PartyFields],
) -> ClientView:
    """Add a client; currency and locale default to the profile's. `party` holds the
    structured address, identifier and contact fields."""
    check_name(name, "client name")
    check_email(email)
    check_no_controls(company, "company")
    check_no_controls(address, "address", multiline=True)
    fields: dict[str, str] = {key: CONTACT_CHECKS[key](str(value)) for key, value in party.items()}
    with book.write() as session:
        profile = get_profile(session, book)
        code = check_currency(currency) if currency else profile.currency
        client = Client(
            name=name,
            email=email,
            company=company,
            address=address,
            currency=code,
            locale=check_locale(locale) if locale else profile.locale,
            budget_minor=_budget(budget, code),
        )
        for key, value in fields.items():
            setattr(client, key, value)
        _refuse_duplicate(session, name)
        session.add(client)
        session.flush()
        return client_view(client)


def _budget(text: str | None, currency: str) -> int | None:
    return None if text is None else parse_minor(text, currency_digits(currency))


def _refuse_duplicate(session: Session, name: str, keep_id: int | None = None) -> None:
    clash = session.exec(select(Client).where(Client.name == name)).first()
    if clash is not None and clash.id != keep_id:
        raise Refused(f"a client named {name!r} already exists (id {clash.id})")


def show_client(book: Book, ref: str) -> ShownClient:
    """A client with balance, effective rate, patterns, projects, payments and messages."""
    with book.read() as session:
        return shown_in(book, session, find_client(session, ref))


def shown_in(book: Book, session: Session, client: Client) -> ShownClient:
    """`show_client`'s view inside an open session, for use cases that read more with it."""
    client_id = stored(client.id)
    projects = session.exec(
        select(Project).where(Project.client_id == client_id).order_by(col(Project.id))
    ).all()
    payments = session.exec(
        select(Payment)
        .where(Payment.client_id == client_id, col(Payment.voided_at).is_(None))
        .order_by(col(Payment.day))
    ).all()
    messages = session.exec(
        select(Message).where(Message.client_id == client_id).order_by(col(Message.at))
    ).all()
    return {
        **client_view(client, client_money(session, client_id)),
        "patterns": client_patterns(book, session, client_id),
        "projects": [
            {"id": stored(p.id), "title": p.title, "status": p.status, "currency": p.currency}
            for p in projects
        ],
        "payments": [payment_view(payment) for payment in payments],
        "messages": [message_view(message) for message in messages],
    }


CLEAR = "none"  # typed for the budget: `--budget none` clears it


def edit_client(
    book: Book, ref: str, *, unarchive: bool = False, **changes: str | None
) -> ClientView:
    """Change the given fields (None means unchanged); `unarchive` brings an archived client
    back. The currency stays while invoices or payments in it count toward the client."""
    given = {key: value for key, value in changes.items() if value is not None}
    if not given and not unarchive:
        raise BadInput("nothing to change: give at least one option (see --help)")
    with book.write() as session:
        client = find_client(session, ref)
        if "currency" in given:
            _change_currency(session, client, given.pop("currency"), "budget_minor" in given)
        for key, value in given.items():
            setattr(client, key, _clean_field(session, client, key, value))
        if unarchive:
            client.archived = False
        client.updated_at = utcnow()
        session.add(client)
        session.flush()
        assert client.id is not None
        return client_view(client, client_money(session, client.id))


def _change_currency(session: Session, client: Client, text: str, budget_given: bool) -> None:
    """A client's figures count only money in its currency: while an invoice or payment in the
    old one exists, changing it would hide that money (new projects can take --currency)."""
    code = check_currency(text)
    if code == client.currency:
        return
    held = _money_in(session, client, client.currency)
    if held:
        raise Refused(
            f"client {client.name!r} has {held} in {client.currency}; the currency stays "
            "(give a new project its own with project add --currency)"
        )
    if client.budget_minor is not None and not budget_given:
        digits = currency_digits(client.currency), currency_digits(code)
        if digits[0] != digits[1]:
            raise BadInput(
                f"the budget is in {client.currency}: give it again in {code} (--budget)"
            )
    client.currency = code


def _money_in(session: Session, client: Client, currency: str) -> str | None:
    """The first invoice or payment of the client in `currency`, named, or None."""
    invoice = session.exec(
        select(Invoice)
        .where(Invoice.client_id == client.id, Invoice.currency == currency)
        .order_by(col(Invoice.id))
    ).first()
    if invoice is not None:
        return f"invoice {invoice.number}" if invoice.number else f"draft invoice {invoice.id}"
    payment = session.exec(
        select(Payment.id).where(Payment.client_id == client.id, Payment.currency == currency)
    ).first()
    return None if payment is None else "payments"


def _clean_field(session: Session, client: Client, key: str, value: str) -> str | int | None:
    if key == "name":
        check_name(value, "client name")
        _refuse_duplicate(session, value, client.id)
        return value
    if key in CONTACT_CHECKS:
        return CONTACT_CHECKS[key](value)
    if key == "budget_minor":
        return None if value.strip().lower() == CLEAR else _budget(value, client.currency)
    return check_no_controls(value, key.replace("_", " "))


def archive_client(book: Book, ref: str, *, force: bool = False) -> ClientView:
    """Hide a client from the lists. One who still owes money is refused unless `force`: even
    then its invoices stay in `risks`, `remind` and `report`, since archiving ends no debt."""
    with book.write() as session:
        client = find_client(session, ref)
        owed = client_money(session, stored(client.id)).balance_minor
        if owed > 0 and not force:
            raise Refused(
                f"client {client.name!r} still owes {format_money(owed, client.currency)}: get"
                " paid (or credit the invoices) first, or archive with --force (its invoices"
                " stay in risks, remind and report)"
            )
        client.archived = True
        client.updated_at = utcnow()
        session.add(client)
        session.flush()
        assert client.id is not None
        return client_view(client, client_money(session, client.id))
