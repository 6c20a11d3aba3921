"""Advance invoices: `deposit request` asks for a deposit with a numbered invoice of its own.

An advance (prepayment) invoice, EN 16931 type code 386, bills a net amount (given, or a
percentage of the project's value) with VAT at the rate an `invoice create` would use, and
reverse charge or an exemption as for any invoice. It takes the next number of the yearly
series and is frozen when it is made, in one write transaction (services.invoicing).

Money received on the project pays it (services.payments, record_deposit and pay_invoice);
the project's final invoice deducts each paid advance invoice by VAT rate
(services.invoicing). What may be asked for is what is left of the project's value: its price
or estimate, less what issued invoices bill of it and the advance invoices not yet deducted.
"""

from sqlmodel import Session

from clientkit.domain.billing import advance_line
from clientkit.domain.fx import parse_rate
from clientkit.domain.money import (
    format_percent,
    from_minor,
    parse_percent,
    parse_positive_minor,
    percent_of,
)
from clientkit.domain.terms import expected_value_minor
from clientkit.i18n import currency_digits, format_money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.invoicing import (
    InvoiceResult,
    client_of,
    draft_invoice,
    invoice_view,
    issue_draft,
)
from clientkit.services.lookup import find_project
from clientkit.services.views import stored
from clientkit.storage.invoice_queries import (
    deducted_by,
    invoiced_toward_value,
    project_advances,
)
from clientkit.storage.models import Invoice, Project
from clientkit.storage.terms import terms_of
from clientkit.translations import wording


def request_advance(
    book: Book,
    project_ref: str,
    *,
    amount: str | None = None,
    percent: str | None = None,
    vat: str | None = None,
    rate: str | None = None,
) -> InvoiceResult:
    """Issue an advance invoice for `amount` (net) or `percent` of the project's value, at
    the `vat` rate (else the default one); in a foreign currency with VAT, at the exchange
    `rate`. Bad input (both or neither amount and percent, a percentage outside 0-100, more
    than is left of the value, a cancelled project) changes nothing."""
    if amount is not None and percent is not None:
        raise BadInput("give either --amount or --percent, not both")
    share: str | int | None = _basis_points(percent) if percent is not None else amount
    exchange = parse_rate(rate) if rate is not None else None
    with book.write() as session:
        project = find_project(session, project_ref)
        if project.status == "cancelled":
            raise BadInput(
                f"project {project.title!r} is cancelled: it takes no advance invoice; "
                "bill the cancellation instead (project cancel --invoice)"
            )
        if share is None:
            raise BadInput(_what_to_ask(project))
        net = _net(session, project, share)
        words = wording(client_of(session, project).locale)
        line = advance_line(project.title, net, 0, words)
        view, notices = draft_invoice(book, session, project, [line], vat=vat, advance=True)
        invoice = session.get(Invoice, view["id"])
        assert invoice is not None
        notices += issue_draft(book, session, invoice, book.clock.today(), exchange)
        return {**invoice_view(session, invoice), "notices": notices}


def _basis_points(percent: str) -> int:
    """`--percent` (30 or 30%) in basis points: more than 0, at most 100 %."""
    text = percent.strip()
    basis_points = parse_percent(text if text.endswith("%") else f"{text}%")
    if basis_points == 0:
        raise BadInput(f"--percent {percent}: must be more than 0 and at most 100")
    return basis_points


def _what_to_ask(project: Project) -> str:
    """Neither an amount nor a percentage: say how to give one, the agreed deposit first."""
    terms = terms_of(project)
    agreed = ""
    if terms.deposit_minor is not None:
        shown = from_minor(terms.deposit_minor, currency_digits(project.currency))
        agreed = f" (the agreed deposit: --amount {shown})"
    elif terms.deposit_bp:
        agreed = f" (the agreed deposit: --percent {format_percent(terms.deposit_bp)[:-1]})"
    return (
        "give either --amount (the net amount, e.g. 450) or --percent (of the project's "
        f"price){agreed}"
    )


def _net(session: Session, project: Project, share: str | int) -> int:
    """The advance's net amount in minor units, checked against what is left of the value."""
    value = expected_value_minor(terms_of(project))
    currency = project.currency
    if isinstance(share, int):
        if value is None:
            raise BadInput(
                f"project {project.title!r} has no price or estimate to take a percentage "
                "of: give --amount"
            )
        net = percent_of(value, share)
        if net <= 0:
            raise BadInput(f"{share / 100:g}% of the project's value is nothing to ask for")
    else:
        net = parse_positive_minor(share, currency_digits(currency))
    if value is not None:
        left = value - _claimed(session, project)
        if net > left:
            raise BadInput(
                f"{format_money(net, currency)} is more than is left of the project's "
                f"{format_money(value, currency)} ({format_money(max(left, 0), currency)}, "
                "after its invoices and advance invoices)"
            )
    return net


def _claimed(session: Session, project: Project) -> int:
    """What of the project's value is invoiced or asked for already: the value lines of its
    issued invoices, and the net of its advance invoices no issued invoice deducts yet."""
    assert project.id is not None
    invoiced = invoiced_toward_value(session, project.id, project.currency)
    advances = project_advances(session, project.id, project.currency)
    deducted = deducted_by(session, [stored(one.id) for one in advances])
    pending = [
        one for one in advances if not any(number for _, number in deducted.get(stored(one.id), []))
    ]
    return invoiced + sum(one.subtotal_minor for one in pending)
