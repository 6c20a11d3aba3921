"""Projects and their terms: adding, listing, showing and moving through their life."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from clientkit.config import Config
from clientkit.domain.billing import rush_line
from clientkit.domain.cancellation import check_basis
from clientkit.domain.dates import check_deadline, parse_date
from clientkit.domain.durations import parse_duration, parse_hours
from clientkit.domain.einvoice import check_reference
from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import format_percent, parse_minor, parse_percent, percent_of
from clientkit.domain.terms import (
    MAX_PAYMENT_DAYS,
    MAX_REVISIONS,
    DepositTier,
    deposit_tier,
    expected_value_minor,
    parse_deposit,
    rush_days,
)
from clientkit.domain.text import check_name
from clientkit.domain.wording import said, said_in, said_n
from clientkit.i18n import check_currency, currency_digits, format_money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused, config_problem, message_of
from clientkit.services.lookup import find_client, find_project, refuse_taken_title
from clientkit.services.project_show import signed_dates
from clientkit.services.views import (
    Noticed,
    ProjectView,
    project_view,
    stored,
)
from clientkit.storage.models import Client, Profile, Project, utcnow
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import project_usage


class ProjectResult(ProjectView, Noticed):
    """A project a use case added or moved, with what it says about it."""


@dataclass(frozen=True)
class TermsInput:
    """Terms as the user typed them; None means not given."""

    price: str | None = None
    hourly: str | None = None
    estimate_hours: str | None = None
    revisions: int | None = None
    revision_fee: str | None = None
    deposit: str | None = None
    comm_budget: str | None = None
    comm_rate: str | None = None
    rush_fee: str | None = None
    cancel_fee: str | None = None
    cancel_fee_basis: str | None = None  # price, remainder
    late_fee: str | None = None
    payment_days: int | None = None
    deadline: str | None = None
    currency: str | None = None
    buyer_ref: str | None = None  # the buyer's reference its invoices carry (BT-10)
    order_ref: str | None = None  # the buyer's purchase order (BT-13)


def add_project(
    book: Book, client_ref: str, title: str, terms: TermsInput, *, confirmed: bool = False
) -> ProjectResult:
    """Add a project in draft with its terms; the deposit defaults to the config's tier. A
    deadline in the past or more than two years ahead is taken only `confirmed`."""
    check_name(title, "project title")
    if terms.deadline:
        check_deadline(parse_date(terms.deadline), book.clock.today(), confirmed=confirmed)
    with book.write() as session:
        client = find_client(session, client_ref)
        if client.archived:
            raise Refused(
                f"client {client.name!r} is archived; edit it back before adding work "
                f"(client edit {client.id} --unarchive)"
            )
        refuse_taken_title(session, client, title)
        currency = check_currency(terms.currency) if terms.currency else client.currency
        project = Project(client_id=client.id, title=title, currency=currency)  # type: ignore[arg-type]
        notices = _apply_terms(project, terms, book.config)
        notices += _apply_rush(project, book.config, _lead_time_days(session), book.clock.today())
        session.add(project)
        session.flush()
        return {**_view(session, project, client), "notices": notices}


def _apply_terms(project: Project, given: TermsInput, config: Config) -> list[str]:
    digits = currency_digits(project.currency)

    def amount(text: str | None) -> int | None:
        return None if text is None else parse_minor(text, digits)

    if given.price is not None and given.hourly is not None:
        raise BadInput("give either --price or --hourly, not both")
    project.price_minor = amount(given.price)
    project.hourly_rate_minor = amount(given.hourly)
    estimate = given.estimate_hours
    project.estimate_minutes = None if estimate is None else parse_hours(estimate)
    defaults = config.get("defaults", {})
    project.revisions_included = _count(
        given.revisions if given.revisions is not None else _configured(defaults, "revisions"),
        "revisions",
        MAX_REVISIONS,
    )
    project.revision_fee_minor = amount(given.revision_fee)
    project.comm_budget_minutes = (
        parse_duration(given.comm_budget) if given.comm_budget is not None else None
    )
    project.comm_rate_minor = amount(given.comm_rate)
    project.rush_fee_bp = _percent(given.rush_fee)
    project.cancel_fee_bp = _percent(given.cancel_fee)
    project.cancel_fee_basis = check_basis(given.cancel_fee_basis or "price")
    project.late_fee_bp = _percent(given.late_fee)
    project.payment_days = (
        _count(
            given.payment_days
            if given.payment_days is not None
            else _configured(defaults, "payment_days", 14),
            "payment days",
            MAX_PAYMENT_DAYS,
        )
        or 0
    )
    project.deadline = parse_date(given.deadline) if given.deadline else None
    project.buyer_ref = check_reference(given.buyer_ref or "", "buyer reference")
    project.order_ref = check_reference(given.order_ref or "", "order reference")
    return _apply_deposit(project, given.deposit, config, digits)


def _apply_deposit(project: Project, text: str | None, config: Config, digits: int) -> list[str]:
    if text is not None:
        deposit = parse_deposit(text, digits)
        project.deposit_bp, project.deposit_minor = deposit.basis_points, deposit.minor
        return []
    value = expected_value_minor(terms_of(project))
    tier = deposit_tier(deposit_tiers(config, digits), value)
    if tier is None or value is None:
        return []
    project.deposit_bp = tier
    due = format_money(percent_of(value, tier), project.currency)
    return [
        said(
            "deposit policy: %(share)s of the project (%(due)s) due before work starts",
            share=format_percent(tier),
            due=due,
        )
    ]


def _lead_time_days(session: Session) -> int:
    profile = session.get(Profile, 1)
    return profile.lead_time_days if profile is not None else Profile().lead_time_days


def _apply_rush(project: Project, config: Config, lead_days: int, today: date) -> list[str]:
    """A deadline shorter than the lead time makes a rush job: the rush fee term applies."""
    days = rush_days(project.deadline, today, lead_days)
    if days is None:
        return []
    if project.rush_fee_bp is None:
        project.rush_fee_bp = _default_rush_fee(config)
    short = _too_short(days, lead_days)
    if not project.rush_fee_bp:
        return [
            said(
                "%(short)s, but no rush fee is set (--rush-fee, or rush_fee in config"
                " [defaults]), so none applies",
                short=short,
            )
        ]
    project.rush = True
    line = rush_line(terms_of(project), [])
    percent = format_percent(project.rush_fee_bp)
    if line is None:
        return [
            said(
                "%(short)s: rush fee %(percent)s of the hours billed applies",
                short=short,
                percent=percent,
            )
        ]
    amount = format_money(line.unit_minor, project.currency)
    return [
        said(
            "%(short)s: rush fee %(percent)s (%(amount)s) applies",
            short=short,
            percent=percent,
            amount=amount,
        )
    ]


def _too_short(days: int, lead_days: int) -> str:
    """Why a deadline makes a rush job: it is sooner than the lead time."""
    if days == 0:
        return said("deadline today is shorter than your %(lead)s-day lead time", lead=lead_days)
    return said_n(
        "deadline in %(count)s day is shorter than your %(lead)s-day lead time",
        "deadline in %(count)s days is shorter than your %(lead)s-day lead time",
        days,
        lead=lead_days,
    )


def _default_rush_fee(config: Config) -> int | None:
    text = config.get("defaults", {}).get("rush_fee")
    if not text:
        return None
    try:
        return parse_percent(str(text))
    except InvalidValue as exc:
        raise BadInput(config_problem("[defaults] rush_fee", message_of(exc))) from None


def deposit_tiers(config: Config, digits: int) -> list[DepositTier]:
    """The deposit tiers of config.toml, as domain values."""
    tiers = []
    for entry in config.get("deposit", {}).get("tiers", []):  # a list of tables: checked at load
        if "percent" not in entry:
            raise BadInput(
                said(
                    'config [deposit] tiers: %(entry)s has no percent, e.g. percent = "30%%"',
                    entry=repr(entry),
                )
            )
        up_to = entry.get("up_to")
        try:
            limit = None if up_to is None else parse_minor(str(up_to), digits)
            tiers.append(DepositTier(limit, parse_percent(str(entry["percent"]))))
        except InvalidValue as exc:
            raise BadInput(config_problem("[deposit] tiers", message_of(exc))) from None
    return tiers


def _percent(text: str | None) -> int | None:
    return None if text is None else parse_percent(text)


def _configured(defaults: Config, key: str, unset: int | None = None) -> int | None:
    """A count of config [defaults], checked when the config was read: a whole number in range,
    perhaps quoted ("14")."""
    value = defaults.get(key, unset)
    return None if value is None else int(value)


def _count(value: int | None, what: str, most: int) -> int | None:
    if value is not None and value < 0:
        raise BadInput(f"{what} must not be negative")
    if value is not None and value > most:
        raise BadInput(f"{what} must be at most {most}, not {value}")
    return value


def view_in(session: Session, project: Project) -> ProjectView:
    """A project's view inside an open session, for services that change a project."""
    client = session.get(Client, project.client_id)
    assert client is not None
    return _view(session, project, client)


def _view(session: Session, project: Project, client: Client) -> ProjectView:
    project_id = stored(project.id)
    usage = project_usage(session, [project_id])[project_id]
    return project_view(
        project, client.name, usage, signed_dates(session, [project_id]).get(project_id)
    )


# Which statuses each move starts from, where it goes, and which date it stamps.
_MOVES = {
    "start": ({"draft"}, "active", "started_on"),
    "deliver": ({"active"}, "delivered", "delivered_on"),
    "close": ({"active", "delivered"}, "closed", "closed_on"),
}  # cancelling comes with the contract's fee: clientkit.services.cancellation owns it


def move_project(book: Book, ref: str, move: str, on: date | None = None) -> ProjectResult:
    """Start, deliver or close a project; refused from the wrong status."""
    allowed, target, stamp = _MOVES[move]
    with book.write() as session:
        project = find_project(session, ref)
        if project.status not in allowed:
            raise Refused(_cannot_move(project, move))
        project.status = target
        setattr(project, stamp, on or book.clock.today())
        project.updated_at = utcnow()
        session.add(project)
        session.flush()
        client = session.get(Client, project.client_id)
        assert client is not None
        view = _view(session, project, client)
        return {**view, "notices": _move_notices(project, move, view)}


def _cannot_move(project: Project, move: str) -> str:
    values = {"title": repr(project.title), "status": said_in("project status", project.status)}
    if move == "start":
        return said("project %(title)s is %(status)s; cannot start it", **values)
    if move == "deliver":
        return said("project %(title)s is %(status)s; cannot deliver it", **values)
    return said("project %(title)s is %(status)s; cannot close it", **values)


def _move_notices(project: Project, move: str, view: ProjectView) -> list[str]:
    notices = []
    if move == "start" and view["contract_signed"] is None:
        notices.append(said("no signed contract yet: get it signed before doing the work"))
    if move == "start" and view["deposit_received"] < view["deposit_required"]:
        due = view["deposit_required"] - view["deposit_received"]
        minor = int(due.scaleb(currency_digits(project.currency)))
        missing = format_money(minor, project.currency)
        notices.append(
            said("deposit missing: %(missing)s still due before work starts", missing=missing)
        )
    return notices
