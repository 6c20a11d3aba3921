"""Correcting a project: its title and terms (`project edit`), and reopening it (`project reopen`).

What an issued invoice already bills is frozen: the price once a price line is issued, the
hourly rate once hours are, and so on by line kind (clientkit.domain.billing). Changing it
would make the book disagree with a document the client holds; the invoice is credited first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from clientkit.domain.cancellation import check_basis
from clientkit.domain.dates import check_deadline, parse_date
from clientkit.domain.durations import parse_duration, parse_hours
from clientkit.domain.einvoice import check_reference
from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import parse_minor, parse_percent
from clientkit.domain.numerals import parse_whole
from clientkit.domain.terms import MAX_PAYMENT_DAYS, MAX_REVISIONS, parse_deposit
from clientkit.domain.text import check_name
from clientkit.i18n import check_currency, currency_digits
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_project, refuse_taken_title
from clientkit.services.projects import ProjectResult, TermsInput, view_in
from clientkit.storage.invoice_queries import cancellation_invoice
from clientkit.storage.models import Client, Invoice, InvoiceLine, Payment, Project, utcnow

CLEAR = "none"  # typed for an optional term: `--deadline none` clears it

# The terms that may be cleared, by their TermsInput name.
CLEARABLE = frozenset(
    {
        "price",
        "hourly",
        "estimate_hours",
        "revisions",
        "revision_fee",
        "deposit",
        "comm_budget",
        "comm_rate",
        "rush_fee",
        "cancel_fee",
        "late_fee",
        "deadline",
        "buyer_ref",
        "order_ref",
    }
)
# Terms kept as text: cleared, they are empty rather than none.
TEXT_TERMS = frozenset({"buyer_ref", "order_ref"})

# Which kinds of issued invoice line rest on each project column, and how to name what they
# bill. The rush and cancellation fees are shares of the project's value (its price, or the
# estimate at the hourly rate), so that value is frozen with them.
VALUE_FEES = (("rush", "the rush fee"), ("cancellation", "the cancellation fee"))
FROZEN_BY: dict[str, tuple[tuple[str, str], ...]] = {
    "price_minor": (("price", "the price"), *VALUE_FEES),
    # An hourly project bills its communication at the hourly rate unless it has its own.
    "hourly_rate_minor": (
        ("hours", "hours at the hourly rate"),
        ("communication", "communication time"),
        *VALUE_FEES,
    ),
    "estimate_minutes": VALUE_FEES,
    "revisions_included": (("revision", "extra revisions"),),
    "revision_fee_minor": (("revision", "extra revisions"),),
    "comm_budget_minutes": (("communication", "communication time"),),
    "comm_rate_minor": (("communication", "communication time"),),
    "rush_fee_bp": (("rush", "the rush fee"),),
    "cancel_fee_bp": (("cancellation", "the cancellation fee"),),
    "cancel_fee_basis": (("cancellation", "the cancellation fee"),),
}
# The columns `project edit` may change, and the project view's key that shows each.
EDITABLE = {
    "title": "title",
    "currency": "currency",
    "price_minor": "price",
    "hourly_rate_minor": "hourly_rate",
    "estimate_minutes": "estimate_minutes",
    "revisions_included": "revisions_included",
    "revision_fee_minor": "revision_fee",
    "deposit_bp": "deposit_required",
    "deposit_minor": "deposit_required",
    "comm_budget_minutes": "comm_budget_minutes",
    "comm_rate_minor": "comm_rate",
    "rush_fee_bp": "rush_fee_percent",
    "cancel_fee_bp": "cancel_fee_percent",
    "cancel_fee_basis": "cancel_fee_basis",
    "late_fee_bp": "late_fee_percent",
    "payment_days": "payment_days",
    "deadline": "deadline",
    "buyer_ref": "buyer_ref",
    "order_ref": "order_ref",
}
ISSUED = ("issued", "paid")  # a credited invoice is cancelled by its credit note
REOPENABLE = ("delivered", "closed", "cancelled")


class EditedProject(ProjectResult):
    """The project after `project edit`, with the view's keys that changed."""

    changed: list[str]


@dataclass(frozen=True)
class ProjectChanges:
    """What `project edit` was asked to change: a title, terms as typed (None: unchanged),
    and the optional terms to clear (TermsInput names)."""

    title: str | None = None
    terms: TermsInput = field(default_factory=TermsInput)
    clear: frozenset[str] = frozenset()
    # A new deadline in the past or more than two years ahead is taken only when confirmed.
    confirmed: bool = False

    def given(self) -> bool:
        return bool(
            self.title is not None
            or self.clear
            or any(getattr(self.terms, f.name) is not None for f in fields(self.terms))
        )


def parse_count(text: str, what: str) -> int:
    """A whole number typed for a term (revisions, payment days)."""
    try:
        return parse_whole(text, what, minimum=-(2**63), maximum=2**63 - 1)
    except InvalidValue as exc:
        raise BadInput(str(exc)) from None


def edit_project(book: Book, ref: str, changes: ProjectChanges) -> EditedProject:
    """Change a project's title and terms; what an issued invoice bills is refused (exit 1)."""
    if not changes.given():
        raise BadInput("nothing to change: give at least one option (see --help)")
    unknown = changes.clear - CLEARABLE
    if unknown:
        raise BadInput(f"{sorted(unknown)[0].replace('_', '-')} cannot be cleared")
    if changes.title is not None:
        check_name(changes.title, "project title")
    if changes.terms.deadline is not None and changes.terms.deadline.strip().lower() != CLEAR:
        day = parse_date(changes.terms.deadline)
        check_deadline(day, book.clock.today(), confirmed=changes.confirmed)
    with book.write() as session:
        project = find_project(session, ref)
        before = {name: getattr(project, name) for name in EDITABLE}
        if changes.title is not None:
            client = session.get(Client, project.client_id)
            assert client is not None
            refuse_taken_title(session, client, changes.title, keep_id=project.id)
            project.title = changes.title
        _apply(project, changes)
        changed = [name for name in EDITABLE if getattr(project, name) != before[name]]
        _refuse_frozen(session, project, changed, before)
        if changed:
            project.updated_at = utcnow()
            session.add(project)
            session.flush()
        return {
            **view_in(session, project),
            "changed": list(dict.fromkeys(EDITABLE[name] for name in changed)),
            "notices": _draft_notices(session, project, changed),
        }


def _apply(project: Project, changes: ProjectChanges) -> None:
    terms, clear = changes.terms, changes.clear
    if terms.currency is not None:
        old = currency_digits(project.currency)
        project.currency = check_currency(terms.currency)
        _rescale(project, old, currency_digits(project.currency), changes)
    digits = currency_digits(project.currency)
    if (terms.price is not None or "price" in clear) and (
        terms.hourly is not None or "hourly" in clear
    ):
        raise BadInput("give either --price or --hourly, not both")
    for name, (columns, parse) in _parsers(digits).items():
        value = getattr(terms, name)
        if name in clear:
            for column in columns:
                setattr(project, column, "" if column in TEXT_TERMS else None)
        elif value is not None:
            for column, parsed in zip(columns, parse(value), strict=True):
                setattr(project, column, parsed)
    # A project is billed either at a price or by the hour: setting one drops the other.
    if terms.price is not None:
        project.hourly_rate_minor = None
    if terms.hourly is not None:
        project.price_minor = None


# The amounts a project keeps in minor units of its currency, and the term that sets each.
MONEY_COLUMNS = {
    "price_minor": "price",
    "hourly_rate_minor": "hourly",
    "revision_fee_minor": "revision_fee",
    "deposit_minor": "deposit",
    "comm_rate_minor": "comm_rate",
}


def _rescale(project: Project, old: int, new: int, changes: ProjectChanges) -> None:
    """Amounts keep their value in a currency with other minor units (EUR 1500.00 is JPY
    1500); one that has no exact amount in the new currency must be typed again."""
    for column, term in MONEY_COLUMNS.items():
        minor = getattr(project, column)
        retyped = getattr(changes.terms, term) is not None or term in changes.clear
        if minor is None or old == new or retyped:
            continue
        scaled = Decimal(minor).scaleb(new - old)
        if scaled != scaled.to_integral_value():
            raise BadInput(
                f"{column.removesuffix('_minor').replace('_', ' ')} "
                f"{Decimal(minor).scaleb(-old)} has no exact amount in {project.currency}; "
                f"give it again (--{term.replace('_', '-')})"
            )
        setattr(project, column, int(scaled))


Parser = Callable[[Any], tuple[Any, ...]]


def _parsers(digits: int) -> dict[str, tuple[tuple[str, ...], Parser]]:
    """For each TermsInput term: the project columns it sets and how its text is read."""

    def amount(text: str) -> tuple[Any, ...]:
        return (parse_minor(text, digits),)

    def deposit(text: str) -> tuple[Any, ...]:
        parsed = parse_deposit(text, digits)
        return parsed.basis_points, parsed.minor

    return {
        "price": (("price_minor",), amount),
        "hourly": (("hourly_rate_minor",), amount),
        "estimate_hours": (("estimate_minutes",), lambda t: (parse_hours(t),)),
        "revisions": (("revisions_included",), lambda n: (_count(n, "revisions", MAX_REVISIONS),)),
        "revision_fee": (("revision_fee_minor",), amount),
        "deposit": (("deposit_bp", "deposit_minor"), deposit),
        "comm_budget": (("comm_budget_minutes",), lambda t: (parse_duration(t),)),
        "comm_rate": (("comm_rate_minor",), amount),
        "rush_fee": (("rush_fee_bp",), lambda t: (parse_percent(t),)),
        "cancel_fee": (("cancel_fee_bp",), lambda t: (parse_percent(t),)),
        "cancel_fee_basis": (("cancel_fee_basis",), lambda t: (check_basis(t),)),
        "late_fee": (("late_fee_bp",), lambda t: (parse_percent(t),)),
        "payment_days": (
            ("payment_days",),
            lambda n: (_count(n, "payment days", MAX_PAYMENT_DAYS),),
        ),
        "deadline": (("deadline",), lambda t: (parse_date(t),)),
        "buyer_ref": (("buyer_ref",), lambda t: (check_reference(t, "buyer reference"),)),
        "order_ref": (("order_ref",), lambda t: (check_reference(t, "order reference"),)),
    }


def _count(value: int, what: str, most: int) -> int:
    if value < 0:
        raise BadInput(f"{what} must not be negative")
    if value > most:
        raise BadInput(f"{what} must be at most {most}, not {value}")
    return value


def _refuse_frozen(
    session: Session, project: Project, changed: list[str], before: dict[str, Any]
) -> None:
    if "currency" in changed:
        _refuse_currency(session, project, before["currency"])
    for name in changed:
        if name == "estimate_minutes" and before["price_minor"] is not None:
            continue  # a fixed price is the value: the estimate is only a plan
        for kind, what in FROZEN_BY.get(name, ()):
            number = _issued_with(session, project, kind)
            if number is not None:
                raise Refused(f"invoice {number} already bills {what}; credit it first")


def _issued_with(session: Session, project: Project, kind: str) -> str | None:
    """The number of the project's first issued, uncredited invoice with a line of `kind`."""
    return session.exec(
        select(Invoice.number)
        .where(
            Invoice.project_id == project.id,
            Invoice.kind == "invoice",
            col(Invoice.status).in_(ISSUED),
            col(Invoice.id).in_(
                select(col(InvoiceLine.invoice_id)).where(col(InvoiceLine.kind) == kind)
            ),
        )
        .order_by(col(Invoice.id))
    ).first()


def _refuse_currency(session: Session, project: Project, old: str) -> None:
    """The currency is frozen once anything of the project was invoiced (even a draft) or paid."""
    invoice = session.exec(
        select(Invoice).where(Invoice.project_id == project.id).order_by(col(Invoice.id))
    ).first()
    if invoice is not None:
        label = f"invoice {invoice.number}" if invoice.number else f"draft {invoice.id}"
        raise Refused(
            f"{label} already bills the project in {old}; the currency cannot change"
            + ("" if invoice.number else " (delete the draft first)")
        )
    paid = session.exec(select(Payment.id).where(Payment.project_id == project.id)).first()
    if paid is not None:
        raise Refused(f"the project has received money in {old}; the currency cannot change")


def _draft_notices(session: Session, project: Project, changed: list[str]) -> list[str]:
    """A draft made before a billed term changed still bills the old one."""
    if not any(name in FROZEN_BY for name in changed):
        return []
    drafts = session.exec(
        select(Invoice.id).where(
            Invoice.project_id == project.id,
            Invoice.kind == "invoice",
            Invoice.status == "draft",
        )
    ).all()
    return [
        f"draft {draft} was made with the old terms: delete it and create it again "
        f"(invoice delete {draft}, invoice create)"
        for draft in drafts
    ]


def reopen_project(book: Book, ref: str) -> ProjectResult:
    """A delivered, closed or cancelled project goes back to active (to draft if it was never
    started); refused while an invoice bills its cancellation."""
    with book.write() as session:
        project = find_project(session, ref)
        if project.status not in REOPENABLE:
            raise BadInput(
                f"project {project.title!r} is {project.status}; only a delivered, closed "
                "or cancelled project can be reopened"
            )
        if project.status == "cancelled":
            _refuse_billed_cancellation(session, project)
        was = project.status
        project.status = "active" if project.started_on is not None else "draft"
        project.delivered_on = project.closed_on = project.cancelled_on = None
        project.updated_at = utcnow()
        session.add(project)
        session.flush()
        return {**view_in(session, project), "notices": [f"reopened (it was {was})"]}


def _refuse_billed_cancellation(session: Session, project: Project) -> None:
    assert project.id is not None
    invoice = cancellation_invoice(session, project.id)
    if invoice is None:
        return
    if invoice.number:
        raise Refused(
            f"invoice {invoice.number} bills the cancellation of {project.title!r}; credit it first"
        )
    raise Refused(
        f"draft {invoice.id} bills the cancellation of {project.title!r}; delete it first "
        f"(invoice delete {invoice.id})"
    )
