"""Client credit: what a client holds per currency, applied to its open invoices, or paid back.

Credit is money received beyond an invoice's balance (or released by a credit note), kept
as payments of kind "credit" beside the invoices. Applying it moves those payments (split
where only part is needed) onto the open invoices, oldest due first, as deposits are moved
onto the invoice that absorbs them: the money was received once, on the day it came in, and
every sum (client, project, invoice) still counts it once. Currencies are never mixed.
"""

from decimal import Decimal
from typing import TypedDict

from sqlmodel import Session

from clientkit.config import Config
from clientkit.domain.money import parse_positive_minor
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said, said_in
from clientkit.i18n import check_currency, currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.lookup import find_client, find_invoice
from clientkit.services.money_days import money_day
from clientkit.services.money_moves import move_onto
from clientkit.services.views import Noticed, PaymentView, payment_view
from clientkit.storage.credit_queries import (
    OpenInvoice,
    credit_by_currency,
    credit_rows,
    open_balances,
    open_invoices,
)
from clientkit.storage.models import Client, Invoice, Payment, utcnow

SECTION = "credit"


class CreditBalance(TypedDict):
    """A client's credit in one currency, beside what it owes in that currency."""

    currency: str
    credit: Decimal
    open_balance: Decimal


class CreditView(TypedDict):
    """What `credit show` prints: the client's credit per currency."""

    client: str
    client_id: int
    balances: list[CreditBalance]


class SettledInvoice(TypedDict):
    """One invoice credit settled: how much was applied and what is left to pay."""

    invoice: str
    invoice_id: int
    currency: str
    applied: Decimal
    balance: Decimal
    status: str


class ApplyResult(CreditView, Noticed):
    """What `credit apply` settled, and the credit left afterwards."""

    settled: list[SettledInvoice]


class RefundResult(PaymentView, Noticed):
    """A refund recorded, and the credit left in its currency."""

    client: str
    credit_left: Decimal


def auto_apply(config: Config) -> bool:
    """`[credit].auto_apply` of the config: settle open invoices from credit automatically."""
    value = config.get(SECTION, {}).get("auto_apply", False)
    if not isinstance(value, bool):
        raise BadInput(
            said(
                "%(key)s in config.toml must be true or false, not %(value)s",
                key=f"[{SECTION}].auto_apply",
                value=repr(value),
            )
        )
    return value


def show_credit(book: Book, client_ref: str) -> CreditView:
    """The client's credit per currency, with its open balance in each."""
    with book.read() as session:
        return _credit_view(session, find_client(session, client_ref))


def _credit_view(session: Session, client: Client) -> CreditView:
    assert client.id is not None
    credit = credit_by_currency(session, [client.id])
    owed = open_balances(session, [client.id])
    currencies = sorted({cur for _, cur in credit} | {client.currency})
    return {
        "client": client.name,
        "client_id": client.id,
        "balances": [
            {
                "currency": cur,
                "credit": money(credit.get((client.id, cur), 0), cur),
                "open_balance": money(owed.get((client.id, cur), 0), cur),
            }
            for cur in currencies
        ],
    }


def apply_credit(book: Book, client_ref: str, invoice_ref: str | None = None) -> ApplyResult:
    """Settle the client's open issued invoices (oldest due first, or the one named) from its
    credit in the same currency; each settled amount becomes a payment on the invoice."""
    with book.write() as session:
        client = find_client(session, client_ref)
        assert client.id is not None
        held = credit_by_currency(session, [client.id])
        if invoice_ref is not None:
            targets = [_named_target(session, client, invoice_ref, held)]
        else:
            targets = _all_targets(session, client, held)
        settled = [
            item
            for currency in dict.fromkeys(t.invoice.currency for t in targets)
            for item in settle(
                session, client.id, [t for t in targets if t.invoice.currency == currency]
            )
        ]
        return {
            **_credit_view(session, client),
            "settled": settled,
            "notices": [],  # `settled` says it all; notices are for automatic applies
        }


def _named_target(
    session: Session, client: Client, invoice_ref: str, held: dict[tuple[int, str], int]
) -> OpenInvoice:
    invoice = find_invoice(session, invoice_ref)
    label = invoice.number or f"draft {invoice.id}"
    if invoice.client_id != client.id:
        raise BadInput(
            said("invoice %(invoice)s is not %(client)s's", invoice=label, client=client.name)
        )
    found = [
        t
        for t in open_invoices(session, invoice.client_id, invoice.currency)
        if t.invoice.id == invoice.id
    ]
    if not found:
        raise BadInput(
            said(
                "invoice %(invoice)s is %(status)s with nothing left to pay; only issued invoices"
                " with a balance can be settled from credit",
                invoice=label,
                status=said_in("invoice status", invoice.status),  # the words of `invoice list`
            )
        )
    if held.get((client.id or 0, invoice.currency), 0) <= 0:
        raise BadInput(_no_credit(client, invoice.currency, held))
    return found[0]


def _all_targets(
    session: Session, client: Client, held: dict[tuple[int, str], int]
) -> list[OpenInvoice]:
    assert client.id is not None
    positive = {cur for (_, cur), amount in held.items() if amount > 0}
    if not positive:
        raise BadInput(f"{client.name} holds no credit")
    owing = open_invoices(session, client.id, None)
    targets = [t for t in owing if t.invoice.currency in positive]
    if not targets:
        others = sorted({t.invoice.currency for t in owing})
        where = f" (its open invoices are in {', '.join(others)})" if others else ""
        raise BadInput(
            f"{client.name} has no open invoice in {', '.join(sorted(positive))} "
            f"to settle from its credit{where}; clientkit never converts currencies"
        )
    return targets


def _no_credit(client: Client, currency: str, held: dict[tuple[int, str], int]) -> str:
    others = sorted(cur for (_, cur), amount in held.items() if amount > 0)
    where = f" (its credit is in {', '.join(others)}; clientkit never converts currencies)"
    return f"{client.name} holds no credit in {currency}{where if others else ''}"


def settle(session: Session, client_id: int, targets: list[OpenInvoice]) -> list[SettledInvoice]:
    """Apply the client's credit to `targets` (one currency, in order) as far as it goes."""
    if not targets:
        return []
    currency = targets[0].invoice.currency
    available = credit_by_currency(session, [client_id]).get((client_id, currency), 0)
    rows = credit_rows(session, client_id, currency)
    settled: list[SettledInvoice] = []
    for target in targets:
        share = min(available, target.balance_minor)
        if share <= 0:
            break
        move_onto(session, rows, target.invoice, share)
        available -= share
        left = target.balance_minor - share
        if left == 0:
            target.invoice.status = "paid"
            target.invoice.updated_at = utcnow()
            session.add(target.invoice)
        settled.append(
            {
                "invoice": target.invoice.number or "",
                "invoice_id": target.invoice.id or 0,
                "currency": currency,
                "applied": money(share, currency),
                "balance": money(left, currency),
                "status": target.invoice.status,
            }
        )
    session.flush()
    return settled


def _settled_line(item: SettledInvoice) -> str:
    currency = item["currency"]
    applied = format_money(int(item["applied"].scaleb(currency_digits(currency))), currency)
    return said(
        "%(amount)s of credit applied to invoice %(number)s (%(status)s)",
        amount=applied,
        number=item["invoice"],
        status=said_in("invoice status", item["status"]),
    )


def settle_issued(session: Session, config: Config, invoice: Invoice) -> list[str]:
    """On issue, with `[credit].auto_apply`: settle the new invoice from the client's credit."""
    if not auto_apply(config) or invoice.status != "issued":
        return []
    targets = [
        t
        for t in open_invoices(session, invoice.client_id, invoice.currency)
        if t.invoice.id == invoice.id
    ]
    return [_settled_line(item) for item in settle(session, invoice.client_id, targets)]


def settle_client(session: Session, config: Config, client_id: int, currency: str) -> list[str]:
    """When a payment made credit, with `[credit].auto_apply`: settle the other open invoices."""
    if not auto_apply(config):
        return []
    targets = open_invoices(session, client_id, currency)
    return [_settled_line(item) for item in settle(session, client_id, targets)]


def refund_credit(
    book: Book,
    client_ref: str,
    amount: str,
    *,
    on: str | None = None,
    method: str = "",
    currency: str | None = None,
    confirmed: bool = False,
) -> RefundResult:
    """Record money paid back to the client from its credit; more than the credit is refused."""
    check_no_controls(method, "method")
    day = money_day(book, on, said("refund date"), confirmed)
    with book.write() as session:
        client = find_client(session, client_ref)
        assert client.id is not None
        cur = check_currency(currency) if currency else client.currency
        minor = parse_positive_minor(amount, currency_digits(cur))
        held = credit_by_currency(session, [client.id])
        credit = held.get((client.id, cur), 0)
        if credit <= 0:
            raise BadInput(_no_credit(client, cur, held))
        if minor > credit:
            raise BadInput(
                f"a refund of {format_money(minor, cur)} is more than {client.name}'s credit "
                f"of {format_money(credit, cur)}"
            )
        refund = Payment(
            client_id=client.id,
            kind="refund",
            amount_minor=minor,
            currency=cur,
            day=day,
            method=method,
        )
        session.add(refund)
        session.flush()
        return {
            **payment_view(refund),
            "client": client.name,
            "credit_left": money(credit - minor, cur),
            "notices": [],
        }
