"""Contracts: values from a project's terms, the rendered PDF and its hash, and the signature.

`contract pdf` runs as a fresh process whose rendering needs ReportLab and Jinja: what it
reads and records goes through Core (storage/tables.py, storage/write_tables.py), so it
imports neither the ORM, SQLModel nor pydantic. Change orders (services.change_orders) fill
their templates with the same values from ORM objects: a profile, client or project here is
either, read by attribute.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from clientkit.domain.addresses import place_line
from clientkit.domain.billing import rush_line
from clientkit.domain.dates import parse_date
from clientkit.domain.terms import deposit_required_minor, expected_value_minor
from clientkit.domain.wording import said
from clientkit.i18n import (
    check_locale,
    country_name,
    format_days,
    format_duration,
    format_long_date,
    format_money,
    format_percent_bp,
)
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, NotFound, Refused, message_of
from clientkit.services.name_lookup import project_id_named
from clientkit.services.outfiles import (
    output_folder,
    remove_quietly,
    slugify,
    write_named,
    write_new,
)
from clientkit.services.views import Noticed, stored
from clientkit.storage import usage_queries
from clientkit.storage.core_writes import insert_row, update_rows
from clientkit.storage.tables import client, profile, scope_item
from clientkit.storage.terms import terms_of
from clientkit.storage.write_tables import contract

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    Reader = Connection | Session

# A profile, client or project as an ORM object or a Core row of storage/tables.py: the
# values read from it are the columns both have.
Row = Any

DEFAULT_TEMPLATE = "contract"
TEMPLATE_SUFFIX = ".txt"
FALLBACK_LOCALE = "en_US"
# What a book without a profile row prints for the freelancer (the model's defaults).
NO_PROFILE = SimpleNamespace(**{**dict.fromkeys(profile.c.keys(), ""), "locale": FALLBACK_LOCALE})


class TemplateView(TypedDict):
    """A template file, user or shipped, and whether it is the one in use."""

    name: str
    origin: str
    active: bool
    path: str


class ContractView(TypedDict):
    """A contract version of a project: its template, file, hash and signature date."""

    id: int
    project: str
    project_id: int
    client: str
    template: str
    lang: str
    path: str
    sha256: str
    created_at: datetime
    signed_on: date | None


class ContractResult(ContractView, Noticed):
    """A contract just written."""


class ContractShown(ContractView):
    """What was signed: the values the template was filled with, and whether the file on
    disk still has the recorded hash (None when it is gone)."""

    # As recorded when the contract was made: a contract of an older version holds the
    # keys of its day, so they are read as plain JSON, not as today's ContractValues.
    values: dict[str, object]
    file_matches: bool | None


class DocumentValues(TypedDict):
    date: str
    lang: str


class PartyValues(TypedDict):
    """A party's address, ids and contact as a contract prints them: `address` is the postal
    address in lines (the structured one when set, else the free text of an older book) and
    `country` the country's name in the contract's language."""

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


class ClientValues(PartyValues):
    name: str
    company: str
    email: str


class ProjectValues(TypedDict):
    title: str
    deadline: str | None
    currency: str


class ScopeValues(TypedDict):
    description: str
    price: str | None
    estimate: str | None


class TermValues(TypedDict):
    """Every term, formatted; None marks a term that is not set (its clause is left out)."""

    price: str | None
    hourly_rate: str | None
    estimate: str | None
    estimated_value: str | None
    payment_days: int
    payment_period: str | None
    deposit: str | None
    deposit_percent: str | None
    revisions_included: int | None
    revision_fee: str | None
    comm_budget: str | None
    comm_rate: str | None
    rush_fee: str | None
    rush: bool
    rush_amount: str | None
    cancel_fee: str | None
    cancel_fee_basis: str
    late_fee: str | None


class ContractValues(TypedDict):
    """The values a contract template is filled with: plain text, formatted for its locale."""

    document: DocumentValues
    freelancer: dict[str, str]  # the profile's fields by name, blank when not set
    client: ClientValues
    project: ProjectValues
    scope: list[ScopeValues]
    terms: TermValues


@dataclass(frozen=True)
class ContractRequest:
    """What the user asked for; None means the default."""

    template: str | None = None
    lang: str | None = None
    output: str | None = None
    force: bool = False


def list_contract_templates() -> list[TemplateView]:
    """Every template file, user and shipped, with its origin and whether it is in use."""
    from clientkit.documents.templating import list_templates

    return [
        {"name": info.name, "origin": info.origin, "active": info.active, "path": str(info.path)}
        for info in list_templates()
    ]


def generate_contract(book: Book, project_ref: str, request: ContractRequest) -> ContractResult:
    """Render the project's contract to PDF, write it, and record its values and hash.

    Nothing is written when the template fails (e.g. names an undefined value).
    """
    with book.snapshot() as db:
        project_row = _project(db, project_ref)
        client_row = _client(db, project_row.client_id)
        profile_row = _profile(db)
        locale, explicit = document_locale(request.lang, client_row, profile_row)
        name, locale, notices = find_template(request.template, locale, explicit)
        today = book.clock.today()
        values = contract_values(db, project_row, client_row, profile_row, locale, today)
        signed_before = _latest(db, project_row.id, signed=True)
    require_parties(values)
    pdf = render_pdf(name, values)
    target = _write(pdf, values, request)
    now = datetime.now(UTC)
    try:
        with book.write_core() as db:
            contract_id = insert_row(
                db,
                contract,
                project_id=project_row.id,
                template=name,
                lang=locale,
                values_json=json.dumps(values, ensure_ascii=False, sort_keys=True),
                sha256=hashlib.sha256(pdf).hexdigest(),
                path=str(target),
                created_at=now,
                updated_at=now,
            )
            view = contract_view(_contract(db, contract_id), project_row, client_row)
    except BaseException:
        remove_quietly(target)  # no record, no orphan document
        raise
    if signed_before is not None:
        notices.append(
            f"a contract was already signed on {signed_before.signed_on}; this new version "
            "is unsigned until you run `clientkit contract sign`"
        )
    return {**view, "notices": notices}


def _project(db: Connection, ref: str) -> Row:
    """The project `ref` names (by id or title, as services.name_lookup finds it)."""
    row: Row = usage_queries.project_row(db, project_id_named(db, ref))
    return row


def _client(db: Connection, client_id: int) -> Row:
    return db.execute(select(client).where(client.c.id == client_id)).one()


def _profile(db: Connection) -> Row:
    return db.execute(select(profile).where(profile.c.id == 1)).first() or NO_PROFILE


def _contract(db: Connection, contract_id: int) -> Row:
    return db.execute(select(contract).where(contract.c.id == contract_id)).one()


def document_locale(given: str | None, client: Row, profile: Row) -> tuple[str, bool]:
    """The document's locale: --lang, else the client's, else the freelancer's."""
    if given:
        return check_locale(given), True
    return check_locale(client.locale or profile.locale or FALLBACK_LOCALE), False


def find_template(
    given: str | None, locale: str, explicit: bool, *, noun: str = "contract"
) -> tuple[str, str, list[str]]:
    """The template file for `given` (a base name or a file name) in `locale`."""
    from clientkit.documents.templating import find_localized, template_exists

    base = given or DEFAULT_TEMPLATE
    if given and template_exists(given):
        return given, locale if explicit else _locale_of_name(given, locale), []
    found = find_localized(base, locale, TEMPLATE_SUFFIX)
    if found is not None:
        return found, locale, []
    if explicit:
        raise BadInput(
            said(
                "no %(name)s template in %(locale)s; see `clientkit contract templates`, or add"
                " %(file)s to your templates folder",
                name=repr(base),
                locale=locale,
                file=f"{base}.{locale.split('_')[0]}{TEMPLATE_SUFFIX}",
            )
        )
    fallback = find_localized(base, FALLBACK_LOCALE, TEMPLATE_SUFFIX)
    if fallback is None:
        raise BadInput(
            said("no template named %(name)s; see `clientkit contract templates`", name=repr(base))
        )
    return fallback, FALLBACK_LOCALE, [_in_english(base, locale, noun)]


def _in_english(base: str, locale: str, noun: str) -> str:
    """The notice that a document falls back to the English template."""
    if noun == "change order":
        return said(
            "no %(name)s template in %(locale)s; the change order is in English",
            name=repr(base),
            locale=locale,
        )
    return said(
        "no %(name)s template in %(locale)s; the contract is in English",
        name=repr(base),
        locale=locale,
    )


def _locale_of_name(name: str, default: str) -> str:
    """The locale a file name like `contract.de.txt` is written in, else `default`."""
    parts = name.rsplit(".", 2)
    if len(parts) == 3:
        try:
            return check_locale(parts[1])
        except ValueError:
            pass
    return default


def render_pdf(name: str, values: ContractValues) -> bytes:
    """The template `name` filled with `values` and laid out as a PDF (contracts and change
    orders); a template error becomes the one-line error the CLI reports."""
    from clientkit.documents.contract_pdf import render_contract_pdf
    from clientkit.documents.markup import mark_value
    from clientkit.documents.templating import TemplateError, TemplateForbidden, render

    try:
        text = render(name, values, finalize=mark_value)
    except TemplateForbidden as exc:
        raise Refused(message_of(exc)) from None
    except TemplateError as exc:
        raise BadInput(message_of(exc)) from None
    return render_contract_pdf(
        text, author=values["freelancer"]["name"], subject=values["project"]["title"]
    )


def require_parties(values: ContractValues) -> None:
    """Refuse a document whose freelancer party would be blank."""
    if not values["freelancer"]["name"].strip():
        raise Refused(
            said(
                "your profile has no name, so the contract would have a blank party; run"
                " `clientkit profile set --name ...` first"
            )
        )


def _write(pdf: bytes, values: ContractValues, request: ContractRequest) -> Path:
    if request.output:
        return write_named(Path(request.output), pdf, force=request.force)
    slug = slugify(values["client"]["name"], values["project"]["title"], fallback="contract")
    return write_new(output_folder("contracts"), slug, ".pdf", pdf)


def contract_values(
    db: "Reader",
    project: Row,
    client: Row,
    profile: Row,
    locale: str,
    today: date,
) -> ContractValues:
    """The template's values: plain strings and numbers, formatted for `locale`."""
    original = scope_item.c.change_request == False  # noqa: E712 (SQL: the original scope)
    items = db.execute(
        select(scope_item.c.description, scope_item.c.price_minor, scope_item.c.estimate_minutes)
        .where(scope_item.c.project_id == project.id, original)
        .order_by(scope_item.c.id)
    ).all()
    return {
        "document": {"date": format_long_date(today, locale), "lang": locale},
        "freelancer": _freelancer(profile, locale),
        "client": {
            "name": client.name,
            "company": client.company,
            "email": client.email,
            **_party_values(client, locale),
        },
        "project": {
            "title": project.title,
            "deadline": _day(project.deadline, locale),
            "currency": project.currency,
        },
        "scope": [_scope_item(item, project.currency, locale) for item in items],
        "terms": _terms(project, locale),
    }


def _freelancer(profile: Row, locale: str) -> dict[str, str]:
    fields = ("name", "business", "email", "iban", "bic")
    values = {name: str(getattr(profile, name) or "") for name in fields}
    for name, value in _party_values(profile, locale).items():
        values[name] = str(value)
    return values


def _party_values(row: Row, locale: str) -> PartyValues:
    """The party's values; templates that print `address` keep working for a party that has
    only the structured fields."""
    country = country_name(row.country, locale) if row.country else ""
    address = row.address
    if row.street or row.postcode or row.city:
        place = place_line(row.postcode, row.city, row.country)
        address = "\n".join(line for line in (row.street, place, country) if line)
    return {
        "address": address,
        "street": row.street,
        "postcode": row.postcode,
        "city": row.city,
        "country": country,
        "reg_id": row.reg_id,
        "tax_id": row.tax_id,
        "vat_id": row.vat_id,
        "contact": row.contact,
        "phone": row.phone,
    }


def _scope_item(item: Row, currency: str, locale: str) -> ScopeValues:
    return {
        "description": item.description,
        "price": _money(item.price_minor, currency, locale),
        "estimate": _duration(item.estimate_minutes, locale),
    }


def _terms(project: Row, locale: str) -> TermValues:
    """Every term, formatted; None marks a term that is not set (its clause is left out)."""
    terms = terms_of(project)
    c = project.currency
    deposit = deposit_required_minor(terms)
    estimated = expected_value_minor(terms) if terms.price_minor is None else None
    rush = rush_line(terms, [])
    return {
        "price": _money(terms.price_minor, c, locale),
        "hourly_rate": _money(terms.hourly_rate_minor, c, locale),
        "estimate": _duration(terms.estimate_minutes, locale),
        "estimated_value": _money(estimated, c, locale),
        "payment_days": terms.payment_days,
        "payment_period": _days(terms.payment_days, locale),
        "deposit": _money(deposit or None, c, locale),
        # The share is quoted only when the deposit is one (not a fixed amount).
        "deposit_percent": _percent(terms.deposit_bp, locale)
        if deposit and terms.deposit_minor is None
        else None,
        "revisions_included": terms.revisions_included,
        "revision_fee": _money(terms.revision_fee_minor, c, locale),
        "comm_budget": _duration(terms.comm_budget_minutes, locale),
        "comm_rate": _money(terms.comm_rate_minor, c, locale),
        "rush_fee": _percent(terms.rush_fee_bp, locale),
        # A rush project (deadline shorter than the lead time): the fee applies, as its amount.
        "rush": bool(terms.rush and terms.rush_fee_bp),
        "rush_amount": _money(rush.unit_minor if rush else None, c, locale),
        "cancel_fee": _percent(terms.cancel_fee_bp, locale),
        "cancel_fee_basis": project.cancel_fee_basis,  # price, or remainder (not yet invoiced)
        "late_fee": _percent(terms.late_fee_bp, locale),
    }


def _money(minor: int | None, currency: str, locale: str) -> str | None:
    return None if minor is None else format_money(minor, currency, locale)


def _percent(basis_points: int | None, locale: str) -> str | None:
    return None if not basis_points else format_percent_bp(basis_points, locale)


def _duration(minutes: int | None, locale: str) -> str | None:
    return None if not minutes else format_duration(minutes, locale)


def _day(day: date | None, locale: str) -> str | None:
    return None if day is None else format_long_date(day, locale)


def _days(days: int, locale: str) -> str | None:
    return None if not days else format_days(days, locale)


def sign_contract(book: Book, project_ref: str, on: str | None = None) -> ContractView:
    """Record the signature date of the project's latest contract (clears `no_contract`)."""
    day = parse_date(on) if on is not None else book.clock.today()
    if day > book.clock.today():
        raise BadInput(said("signature date %(day)s is in the future", day=day))
    with book.write_core() as db:
        project_row = _project(db, project_ref)
        latest = _latest(db, project_row.id)
        if latest is None:
            raise Refused(
                said(
                    "project %(project)s has no contract yet; run `clientkit contract pdf %(id)s`"
                    " first",
                    project=repr(project_row.title),
                    id=project_row.id,
                )
            )
        if latest.signed_on is not None:
            raise Refused(
                said(
                    "the contract of %(project)s was already signed on %(on)s",
                    project=repr(project_row.title),
                    on=latest.signed_on,
                )
            )
        where = contract.c.id == latest.id
        update_rows(db, contract, where, signed_on=day, updated_at=datetime.now(UTC))
        client_row = _client(db, project_row.client_id)
        return contract_view(_contract(db, latest.id), project_row, client_row)


def show_contract(book: Book, project_ref: str) -> ContractShown:
    """What was signed (or, before signing, the latest version): values, hash, file check."""
    with book.snapshot() as db:
        project_row = _project(db, project_ref)
        latest = _latest(db, project_row.id, signed=True) or _latest(db, project_row.id)
        if latest is None:
            raise NotFound(
                said("project %(project)s has no contract yet", project=repr(project_row.title))
            )
        view = contract_view(latest, project_row, _client(db, project_row.client_id))
    return {
        **view,
        "values": json.loads(latest.values_json),
        "file_matches": _file_matches(Path(latest.path), latest.sha256),
    }


def _latest(db: Connection, project_id: int, *, signed: bool = False) -> Row | None:
    query = select(contract).where(contract.c.project_id == project_id)
    if signed:
        query = query.where(contract.c.signed_on.is_not(None))
    return db.execute(query.order_by(contract.c.id.desc()).limit(1)).first()


def _file_matches(path: Path, sha256: str) -> bool | None:
    """Whether the file on disk still has the recorded hash (None when it is gone)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return None


def contract_view(contract_row: Row, project_row: Row, client_row: Row) -> ContractView:
    return {
        "id": stored(contract_row.id),
        "project": project_row.title,
        "project_id": contract_row.project_id,
        "client": client_row.name,
        "template": contract_row.template,
        "lang": contract_row.lang,
        "path": contract_row.path,
        "sha256": contract_row.sha256,
        "created_at": contract_row.created_at,
        "signed_on": contract_row.signed_on,
    }
