"""Contracts: values from a project's terms, the rendered PDF and its hash, and the signature."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict

from sqlmodel import Session, select

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
from clientkit.services.lookup import find_project
from clientkit.services.outfiles import (
    output_folder,
    remove_quietly,
    slugify,
    write_named,
    write_new,
)
from clientkit.services.views import Noticed, stored
from clientkit.storage.models import Client, Contract, Profile, Project, ScopeItem, utcnow
from clientkit.storage.terms import terms_of

DEFAULT_TEMPLATE = "contract"
TEMPLATE_SUFFIX = ".txt"
FALLBACK_LOCALE = "en_US"


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
    with book.read() as session:
        project = find_project(session, project_ref)
        client = session.get(Client, project.client_id)
        assert client is not None
        profile = session.get(Profile, 1) or Profile()
        locale, explicit = document_locale(request.lang, client, profile)
        name, locale, notices = find_template(request.template, locale, explicit)
        values = contract_values(session, project, client, profile, locale, book.clock.today())
        signed_before = _latest(session, project, signed=True)
    require_parties(values)
    pdf = render_pdf(name, values)
    target = _write(pdf, values, request)
    try:
        with book.write() as session:
            contract = Contract(
                project_id=project.id,  # type: ignore[arg-type]
                template=name,
                lang=locale,
                values_json=json.dumps(values, ensure_ascii=False, sort_keys=True),
                sha256=hashlib.sha256(pdf).hexdigest(),
                path=str(target),
            )
            session.add(contract)
            session.flush()
            view = contract_view(contract, project, client)
    except BaseException:
        remove_quietly(target)  # no record, no orphan document
        raise
    if signed_before is not None:
        notices.append(
            f"a contract was already signed on {signed_before.signed_on}; this new version "
            "is unsigned until you run `clientkit contract sign`"
        )
    return {**view, "notices": notices}


def document_locale(given: str | None, client: Client, profile: Profile) -> tuple[str, bool]:
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
    session: Session,
    project: Project,
    client: Client,
    profile: Profile,
    locale: str,
    today: date,
) -> ContractValues:
    """The template's values: plain strings and numbers, formatted for `locale`."""
    items = session.exec(
        select(ScopeItem)
        .where(ScopeItem.project_id == project.id, ScopeItem.change_request == False)  # noqa: E712
        .order_by(ScopeItem.id)  # type: ignore[arg-type]
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


def _freelancer(profile: Profile, locale: str) -> dict[str, str]:
    fields = ("name", "business", "email", "iban", "bic")
    values = {name: str(getattr(profile, name) or "") for name in fields}
    for name, value in _party_values(profile, locale).items():
        values[name] = str(value)
    return values


def _party_values(row: Profile | Client, locale: str) -> PartyValues:
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


def _scope_item(item: ScopeItem, currency: str, locale: str) -> ScopeValues:
    return {
        "description": item.description,
        "price": _money(item.price_minor, currency, locale),
        "estimate": _duration(item.estimate_minutes, locale),
    }


def _terms(project: Project, locale: str) -> TermValues:
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
    with book.write() as session:
        project = find_project(session, project_ref)
        contract = _latest(session, project)
        if contract is None:
            raise Refused(
                said(
                    "project %(project)s has no contract yet; run `clientkit contract pdf %(id)s`"
                    " first",
                    project=repr(project.title),
                    id=project.id,
                )
            )
        if contract.signed_on is not None:
            raise Refused(
                said(
                    "the contract of %(project)s was already signed on %(on)s",
                    project=repr(project.title),
                    on=contract.signed_on,
                )
            )
        contract.signed_on = day
        contract.updated_at = utcnow()
        session.add(contract)
        client = session.get(Client, project.client_id)
        assert client is not None
        return contract_view(contract, project, client)


def show_contract(book: Book, project_ref: str) -> ContractShown:
    """What was signed (or, before signing, the latest version): values, hash, file check."""
    with book.read() as session:
        project = find_project(session, project_ref)
        contract = _latest(session, project, signed=True) or _latest(session, project)
        if contract is None:
            raise NotFound(
                said("project %(project)s has no contract yet", project=repr(project.title))
            )
        client = session.get(Client, project.client_id)
        assert client is not None
        view = contract_view(contract, project, client)
    return {
        **view,
        "values": json.loads(contract.values_json),
        "file_matches": _file_matches(Path(contract.path), contract.sha256),
    }


def _latest(session: Session, project: Project, *, signed: bool = False) -> Contract | None:
    query = select(Contract).where(Contract.project_id == project.id)
    if signed:
        query = query.where(Contract.signed_on.is_not(None))  # type: ignore[union-attr]
    return session.exec(query.order_by(Contract.id.desc())).first()  # type: ignore[union-attr]


def _file_matches(path: Path, sha256: str) -> bool | None:
    """Whether the file on disk still has the recorded hash (None when it is gone)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return None


def contract_view(contract: Contract, project: Project, client: Client) -> ContractView:
    return {
        "id": stored(contract.id),
        "project": project.title,
        "project_id": contract.project_id,
        "client": client.name,
        "template": contract.template,
        "lang": contract.lang,
        "path": contract.path,
        "sha256": contract.sha256,
        "created_at": contract.created_at,
        "signed_on": contract.signed_on,
    }
