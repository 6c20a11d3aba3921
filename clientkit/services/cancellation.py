"""Cancelling a project: the contract's cancellation fee, and optionally its draft invoice.

Cancelling and drafting the invoice happen in one write transaction: either the
project is cancelled and billed, or nothing changed. A project cancelled
earlier can still be billed later (`project cancel P --invoice` again), once.
"""

from datetime import date
from decimal import Decimal
from typing import TypedDict

from sqlmodel import Session

from clientkit.domain.billing import billed_from
from clientkit.domain.cancellation import CancellationFee, cancellation_fee, cancellation_lines
from clientkit.domain.money import format_percent, to_minor
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.errors import Refused
from clientkit.services.invoicing import InvoiceView, draft_invoice
from clientkit.services.lookup import find_project
from clientkit.services.projects import ProjectResult, view_in
from clientkit.services.views import Noticed, stored
from clientkit.storage.invoice_queries import (
    cancellation_invoice,
    invoiced_toward_value,
    unclaimed_deposits,
)
from clientkit.storage.models import Client, Project, utcnow
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import billed_lines, project_usage, unbilled_minutes
from clientkit.translations import wording

CANCELLABLE = ("draft", "active", "delivered")


class FeeView(TypedDict):
    """The cancellation fee and how it was reached, amounts as exact decimals."""

    percent: str | None
    basis: str
    value: Decimal | None
    invoiced: Decimal
    base: Decimal
    fee: Decimal
    currency: str


class CancelResult(ProjectResult):
    """The cancelled project, its fee, and the draft invoice billing it (when asked for)."""

    cancellation: FeeView
    invoice: InvoiceView | None
    invoice_id: int | None


class CancellationQuote(Noticed):
    """What cancelling would cost now, and the invoice already billing it, if any."""

    id: int
    title: str
    status: str
    cancellation: FeeView
    billed_invoice_id: int | None


def cancel_project(
    book: Book,
    ref: str,
    *,
    invoice: bool = False,
    on: date | None = None,
    vat: str | None = None,
) -> CancelResult:
    """Cancel a project and state its cancellation fee; with `invoice`, draft the bill too."""
    with book.write() as session:
        project = find_project(session, ref)
        _cancel(project, invoice, on or book.clock.today())
        project_id = stored(project.id)
        invoiced = invoiced_toward_value(session, project_id, project.currency)
        fee = cancellation_fee(terms_of(project), project.cancel_fee_basis, invoiced)
        session.add(project)
        session.flush()
        view = view_in(session, project)
        draft, notices = _bill(book, session, project, fee, vat) if invoice else (None, [])
        return {
            **view,
            "cancellation": fee_view(fee, project.currency),
            "notices": fee_notices(fee, project.currency) + notices,
            "invoice": draft,
            "invoice_id": None if draft is None else draft["id"],
        }


def quote_cancellation(book: Book, ref: str) -> CancellationQuote:
    """The fee `cancel_project` would state now, changing nothing (the TUI asks first)."""
    with book.read() as session:
        project = find_project(session, ref)
        if project.status not in (*CANCELLABLE, "cancelled"):
            raise Refused(f"project {project.title!r} is {project.status}; cannot cancel it")
        project_id = stored(project.id)
        invoiced = invoiced_toward_value(session, project_id, project.currency)
        fee = cancellation_fee(terms_of(project), project.cancel_fee_basis, invoiced)
        billed = cancellation_invoice(session, project_id)
        return {
            "id": project_id,
            "title": project.title,
            "status": project.status,
            "cancellation": fee_view(fee, project.currency),
            "notices": fee_notices(fee, project.currency),
            "billed_invoice_id": None if billed is None else billed.id,
        }


def _cancel(project: Project, billing_only: bool, day: date) -> None:
    """Move the project to cancelled; one already cancelled may only be billed."""
    if project.status == "cancelled" and billing_only:
        return
    if project.status not in CANCELLABLE:
        raise Refused(f"project {project.title!r} is {project.status}; cannot cancel it")
    project.status = "cancelled"
    project.cancelled_on = day
    project.updated_at = utcnow()


def fee_view(fee: CancellationFee, currency: str) -> FeeView:
    """The fee and how it was reached, amounts as exact decimals."""
    return {
        "percent": None if fee.percent_bp is None else format_percent(fee.percent_bp),
        "basis": fee.basis,
        "value": None if fee.value_minor is None else money(fee.value_minor, currency),
        "invoiced": money(fee.invoiced_minor, currency),
        "base": money(fee.base_minor, currency),
        "fee": money(fee.fee_minor, currency),
        "currency": currency,
    }


def fee_notices(fee: CancellationFee, currency: str) -> list[str]:
    """What the contract's cancellation term comes to, in one sentence."""
    if fee.percent_bp is None:
        return []
    percent = format_percent(fee.percent_bp)
    if fee.value_minor is None:
        return [
            f"no cancellation fee: the contract's {percent} is a share of the estimated "
            "value, and this hourly project has no estimate"
        ]
    base = ""
    if fee.basis == "remainder":
        base = f" ({format_money(fee.base_minor, currency)})"
    return [
        f"cancellation fee per contract: {percent} of {fee.of_what()}{base}"
        f" = {format_money(fee.fee_minor, currency)}"
    ]


def _bill(
    book: Book, session: Session, project: Project, fee: CancellationFee, vat: str | None
) -> tuple[InvoiceView, list[str]]:
    """The draft invoice of the cancellation (the fee, and hourly work already logged) and what
    is to be said about it."""
    assert project.id is not None
    existing = cancellation_invoice(session, project.id)
    if existing is not None:
        label = f"invoice {existing.number}" if existing.number else f"draft {existing.id}"
        raise Refused(f"the cancellation of {project.title!r} is already billed on {label}")
    terms = terms_of(project)
    usage = project_usage(session, [project.id])[project.id]
    work_minutes = usage.work_minutes - unbilled_minutes(session, project.id)[0]
    billed = billed_from(billed_lines(session, project.id))
    client = session.get(Client, project.client_id)
    assert client is not None
    words = wording(client.locale)
    lines = cancellation_lines(terms, fee, project.title, work_minutes, billed=billed, words=words)
    draft, notices = draft_invoice(book, session, project, lines, vat=vat)
    return draft, notices + _bill_notices(session, project, fee, draft, work_minutes)


def _bill_notices(
    session: Session,
    project: Project,
    fee: CancellationFee,
    draft: InvoiceView,
    work_minutes: int,
) -> list[str]:
    c = project.currency
    notices = []
    if project.price_minor is not None:
        notices.append(
            "fixed price: work done is not billed beyond the cancellation fee; "
            f"add other lines with `clientkit invoice add-line {draft['id']} ...`"
        )
    elif not work_minutes:
        notices.append("no work logged: the draft bills no hours")
    if project.price_minor is None and fee.invoiced_minor:
        notices.append(
            f"{format_money(fee.invoiced_minor, c)} of hours was invoiced before; "
            "the work line bills only the hours logged since"
        )
    if not draft["lines"]:
        notices.append("the draft has no lines yet; add them with `clientkit invoice add-line`")
    return notices + _deposit_notices(session, project, draft)


def _deposit_notices(session: Session, project: Project, draft: InvoiceView) -> list[str]:
    """Deposits are the draft's paid amount once issued (as for every invoice), never a line."""
    assert project.id is not None
    c = project.currency
    held = unclaimed_deposits(session, [project.id], c).get(project.id, 0)
    if not held:
        return []
    deducted = to_minor(draft["deposits"], currency_digits(c))
    notices = [
        f"deposits of {format_money(held, c)} received: {format_money(deducted, c)} "
        "will be deducted when the draft is issued"
    ]
    if held > deducted:
        notices.append(
            f"{format_money(held - deducted, c)} of deposits exceeds the draft: "
            "refund it or keep it as the client's credit"
        )
    return notices
