"""An invoice's view (SPEC section 4): lines, VAT summary, totals, paid and balance.

One builder for every invoice a use case returns and every row `invoice list` streams: it reads
the stored fields off any row that has them, an ORM Invoice or a Core row, so the list never
builds ORM objects and never imports the ORM.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, Protocol, TypedDict

from clientkit.domain.billing import REVERSE_CHARGE_NOTE, amount_due, vat_of
from clientkit.i18n import currency_digits, money
from clientkit.services.vat_basis import ExemptionView, Seller, accounting_vat_minor
from clientkit.services.views import stored
from clientkit.translations import say

ADVANCE = "advance"  # an invoice's kind in its view when it is an advance invoice


class InvoiceFacts(Protocol):
    """An invoice's stored fields, as an ORM row or a Core row of the invoice table has them."""

    @property
    def id(self) -> int | None: ...
    @property
    def number(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def advance(self) -> bool: ...
    @property
    def status(self) -> str: ...
    @property
    def client_id(self) -> int: ...
    @property
    def project_id(self) -> int | None: ...
    @property
    def currency(self) -> str: ...
    @property
    def issue_date(self) -> date | None: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def reverse_charge(self) -> bool: ...
    @property
    def note(self) -> str: ...
    @property
    def subtotal_minor(self) -> int: ...
    @property
    def vat_minor(self) -> int: ...
    @property
    def total_minor(self) -> int: ...
    @property
    def period_start(self) -> date | None: ...
    @property
    def period_end(self) -> date | None: ...
    @property
    def delivered_on(self) -> date | None: ...
    @property
    def vat_exemption(self) -> str: ...
    @property
    def exchange_rate(self) -> str | None: ...
    @property
    def tax_currency(self) -> str | None: ...


class LineFacts(Protocol):
    """An invoice line's stored fields."""

    @property
    def position(self) -> int: ...
    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> str: ...
    @property
    def unit_price_minor(self) -> int: ...
    @property
    def vat_bp(self) -> int: ...
    @property
    def amount_minor(self) -> int: ...
    @property
    def kind(self) -> str: ...


class InvoiceLineView(TypedDict):
    position: int
    description: str
    quantity: str  # exact decimal text, as stored
    unit_price: Decimal
    vat_rate: str
    amount: Decimal
    kind: str
    exemption: ExemptionView | None  # why a 0 % line carries no VAT (EN 16931 BT-120/121)


class VatRow(TypedDict):
    """One VAT rate of the invoice: the net amount taxed at it and the VAT."""

    vat_rate: str
    base: Decimal
    vat: Decimal


class InvoiceView(TypedDict):
    """An invoice or credit note with its lines, VAT summary, totals, paid and balance."""

    id: int
    number: str | None
    kind: str
    status: str
    client: str | None
    client_id: int
    project: str | None
    project_id: int | None
    currency: str
    issue_date: date | None
    due_date: date | None
    lines: list[InvoiceLineView]
    vat_summary: list[VatRow]
    reverse_charge: bool
    reverse_charge_note: str | None
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    deposits: Decimal
    payments: Decimal
    paid: Decimal
    balance: Decimal
    note: str
    credits: str | None
    credited_by: str | None
    # When the supply happened: a service period (BG-14) or a delivery date (BT-72).
    period_start: date | None
    period_end: date | None
    delivered: date | None
    # A foreign-currency invoice with VAT: the rate given when issued, and its VAT in the
    # accounting currency (BT-6, BT-111).
    exchange_rate: str | None
    accounting_currency: str | None
    accounting_vat: Decimal | None
    buyer_ref: str  # the buyer's reference it carries (BT-10): its own, else its project's
    order_ref: str  # the purchase order reference (BT-13), likewise


class References(NamedTuple):
    """The buyer's reference (BT-10) and purchase order reference (BT-13) of an invoice."""

    buyer_ref: str = ""
    order_ref: str = ""


def _applying(own: References, project: References) -> References:
    """The references an invoice carries: its own, else its project's."""
    return References(own.buyer_ref or project.buyer_ref, own.order_ref or project.order_ref)


def carried_references(invoice: InvoiceFacts, own: References, project: References) -> References:
    """An issued invoice keeps those it was issued with (as its documents do); a draft's own
    apply, else its project's."""
    return own if invoice.number else _applying(own, project)


def balance_minor(invoice: InvoiceFacts, paid_minor: int) -> int:
    """What is left to pay: nothing on a credit note or a credited invoice."""
    if invoice.kind != "invoice" or invoice.status == "credited":
        return 0
    return amount_due(invoice.total_minor, paid_minor)


class Around(NamedTuple):
    """What an invoice's view shows beside its own fields and lines (a named tuple: a list
    makes one per invoice)."""

    client: str | None  # the client's name
    locale: str  # the client's: its notes and exemption reasons are in that language
    project: str | None  # the project's title
    deposits: int  # deposits it absorbed (a draft: would absorb if issued today)
    payments: int  # other payments against it, refunds subtracted
    balance: int
    credits: str | None  # the number of the invoice a credit note cancels
    credited_by: str | None  # the number of the credit note cancelling it
    refs: References


def build_view(
    invoice: InvoiceFacts, lines: Sequence[LineFacts], around: Around, seller: Seller
) -> InvoiceView:
    """The invoice's view from its fields, its lines in order, what is `around` it and the
    freelancer's profile as `seller`. Amounts are `i18n.money`'s exact Decimals, made here
    by the same scaling inline: a list of 50,000 invoices makes over half a million."""
    c = invoice.currency
    scale = -currency_digits(c)
    basis = seller.basis_of(invoice)
    reverse_charge = invoice.reverse_charge
    nets: dict[int, int] = {}
    line_views: list[InvoiceLineView] = []
    for line in lines:
        rate, amount = line.vat_bp, line.amount_minor
        nets[rate] = nets.get(rate, 0) + amount
        line_views.append(
            {
                "position": line.position,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": Decimal(line.unit_price_minor).scaleb(scale),
                "vat_rate": vat_rate(rate),
                "amount": Decimal(amount).scaleb(scale),
                "kind": line.kind,
                "exemption": seller.exemption(rate, reverse_charge, basis, around.locale),
            }
        )
    vat = accounting_vat_minor(invoice)
    accounting = invoice.tax_currency
    return {
        "id": stored(invoice.id),
        "number": invoice.number,
        "kind": ADVANCE if invoice.advance else invoice.kind,
        "status": invoice.status,
        "client": around.client,
        "client_id": invoice.client_id,
        "project": around.project,
        "project_id": invoice.project_id,
        "currency": c,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "lines": line_views,
        "vat_summary": [
            {
                "vat_rate": vat_rate(rate),
                "base": Decimal(net).scaleb(scale),
                "vat": Decimal(vat_of(net, rate)).scaleb(scale),
            }
            for rate, net in sorted(nets.items())
        ],
        "reverse_charge": reverse_charge,
        "reverse_charge_note": _reverse_charge_note(around.locale) if reverse_charge else None,
        "subtotal": Decimal(invoice.subtotal_minor).scaleb(scale),
        "vat": Decimal(invoice.vat_minor).scaleb(scale),
        "total": Decimal(invoice.total_minor).scaleb(scale),
        "deposits": Decimal(around.deposits).scaleb(scale),
        "payments": Decimal(around.payments).scaleb(scale),
        "paid": Decimal(around.deposits + around.payments).scaleb(scale),
        "balance": Decimal(around.balance).scaleb(scale),
        "note": invoice.note,
        "credits": around.credits,
        "credited_by": around.credited_by,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "delivered": invoice.delivered_on,
        "exchange_rate": invoice.exchange_rate,
        "accounting_currency": accounting,
        "accounting_vat": money(vat, accounting) if vat is not None and accounting else None,
        "buyer_ref": around.refs.buyer_ref,
        "order_ref": around.refs.order_ref,
    }


@lru_cache(maxsize=64)
def vat_rate(vat_bp: int) -> str:
    """A VAT rate as the view writes it: `20`, `8.1`, `0`."""
    return f"{(Decimal(vat_bp) / 100).normalize():f}"


@lru_cache(maxsize=64)
def _reverse_charge_note(locale: str) -> str:
    return say(REVERSE_CHARGE_NOTE, locale)
