"""Invoice arithmetic: the lines a project bills, totals by one rounding rule, VAT and credits.

Rounding rule (the one rule, as EN 16931 computes it): each line's amount is
quantity × unit price rounded half-up (away from zero) to the currency's minor
unit. The subtotal is the sum of line amounts. VAT is computed per rate on the
sum of that rate's line amounts and rounded half-up once. The total is
subtotal + VAT. Zero-decimal currencies (JPY) simply have a minor unit of 1.
Rounding half-up away from zero is symmetric, so a credit note with negated
lines cancels its invoice to the cent.

Time is billed in hours to the hundredth, rounded half-up (40 min is 0.67 h),
so its line shows a quantity and price that multiply to its amount (0.67 ×
50.00 = 33.50). clientkit.domain.terms.minutes_cost_minor prices time by that
same rule, and the notices about communication to bill state the amount of the
very line `communication_line` gives the next draft: one rounding, one number.

Deposits are not a negative line. A deposit is money received before the
invoice, not a discount: the invoice bills the whole supply with its whole VAT,
and the deposits (with any later payments) are the paid amount (EN 16931
BT-113), so amount due (BT-115) = total (BT-112) − paid. A negative line would
shrink the VAT base and under-declare the VAT of the supply. The PDF, the JSON
and the Factur-X/UBL XML all show total, deposits, payments and amount due this
way, so the XML's totals equal the PDF's.

Advance invoices are different: an advance (prepayment) invoice bills part of the price with
its own VAT before the work, so its VAT is declared when it is paid. The final invoice then
bills the whole supply and deducts each paid advance invoice with a negative line per VAT rate
(its net amount at that rate): the final invoice's VAT breakdown is the VAT still owed, and the
advance's VAT is not declared twice (advance_deductions).

Reverse charge: when the profile enables it and the client's VAT id belongs to
another EU member state than the freelancer's, every line is at 0 % VAT and the
invoice carries REVERSE_CHARGE_NOTE (Council Directive 2006/112/EC, art. 196).

The lines a draft gets are written through a Wording (clientkit.domain.wording): English by
default, the client's language when the services layer hands in its catalog's.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from clientkit.domain.addresses import place_line
from clientkit.domain.money import line_amount, percent_of
from clientkit.domain.payment_qr import DEFAULT_SLOVAK_QR
from clientkit.domain.terms import (
    Terms,
    billed_hours,
    communication_rate_minor,
    communication_use,
    expected_value_minor,
    is_hourly,
    revision_count,
)
from clientkit.domain.wording import ENGLISH, N_, Wording

# The descriptions of the lines a draft gets (message ids of the catalogs, see wording.py).
# TRANSLATORS: an invoice line billing the hours worked on a project
WORK_LINE = N_("%(project)s: work")
# TRANSLATORS: an invoice line billing the communication time of an hourly project
COMMUNICATION_LINE = N_("%(project)s: communication")
COMMUNICATION_OVER_BUDGET = N_("Communication beyond the agreed budget")
EXTRA_REVISIONS = N_("Extra revisions beyond those included")
# TRANSLATORS: an invoice line; %(change)s is the change request as the user described it
CHANGE_REQUEST = N_("Change request: %(change)s")
# The rush fee by what its percentage is taken of: the price, the estimate, or the hours.
RUSH_FEE = {
    "price": N_("Rush fee (%(percent)s of the price)"),
    "estimate": N_("Rush fee (%(percent)s of the estimated value)"),
    "hours": N_("Rush fee (%(percent)s of the hours billed)"),
}


@dataclass(frozen=True)
class Line:
    """One invoice line; unit price in minor units, VAT in basis points."""

    description: str
    quantity: Decimal
    unit_minor: int
    vat_bp: int = 0
    kind: str = "manual"
    advance_id: int | None = None  # the advance invoice a line of kind "advance" deducts

    @property
    def amount_minor(self) -> int:
        return line_amount(self.quantity, self.unit_minor)


@dataclass(frozen=True)
class Totals:
    subtotal_minor: int
    vat_by_rate: dict[int, int]
    vat_minor: int
    total_minor: int


def vat_of(net_minor: int, vat_bp: int) -> int:
    """VAT on a net amount at a rate in basis points, rounded half-up to a minor unit."""
    exact = Decimal(net_minor) * Decimal(vat_bp) / Decimal(10000)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def totals(amounts_and_rates: list[tuple[int, int]]) -> Totals:
    """Totals of lines given as (amount_minor, vat_bp) pairs."""
    net_by_rate: dict[int, int] = defaultdict(int)
    for amount, rate in amounts_and_rates:
        net_by_rate[rate] += amount
    vat_by_rate = {rate: vat_of(net, rate) for rate, net in sorted(net_by_rate.items())}
    subtotal = sum(amount for amount, _ in amounts_and_rates)
    vat = sum(vat_by_rate.values())
    return Totals(subtotal, vat_by_rate, vat, subtotal + vat)


@dataclass(frozen=True)
class BillableWork:
    """What happened on a project, as billing needs it."""

    title: str
    work_minutes: int
    comm_minutes: int
    revisions: int
    change_requests: list[tuple[str, int]]  # (description, price_minor) of approved priced ones
    deposits_minor: int
    # Priced change requests the client has not approved (no signed change order): a draft
    # leaves them off unless told to bill them anyway.
    unapproved_changes: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Billed:
    """What a project's earlier invoices (drafts and issued, not credited) already bill, by
    kind of line: the next invoice bills only what is new since."""

    price: bool = False
    rush: bool = False
    hours: Decimal = Decimal(0)
    revisions: Decimal = Decimal(0)
    communication_hours: Decimal = Decimal(0)
    changes: tuple[str, ...] = ()  # descriptions of change-request lines


NOTHING_BILLED = Billed()


def billed_from(lines: Iterable[tuple[str, str, Decimal]]) -> Billed:
    """Billed, from the (kind, description, quantity) of earlier invoices' lines."""
    quantity: dict[str, Decimal] = defaultdict(Decimal)
    changes = []
    for kind, description, amount in lines:
        quantity[kind] += amount
        if kind == "change":
            changes.append(description)
    return Billed(
        price=quantity["price"] > 0,
        rush=quantity["rush"] > 0,
        hours=quantity["hours"],
        revisions=quantity["revision"],
        communication_hours=quantity["communication"],
        changes=tuple(changes),
    )


def project_lines(
    terms: Terms,
    facts: BillableWork,
    vat_bp: int = 0,
    billed: Billed = NOTHING_BILLED,
    *,
    include_unapproved: bool = False,
    words: Wording = ENGLISH,
) -> list[Line]:
    """The draft lines of SPEC section 6 for a project, and the rush fee of a rush project,
    less what earlier invoices of the project already `billed`, described in `words`.

    An hourly project bills all its time, communication included (see communication_line);
    a fixed price includes the communication budget. Change requests the client has not
    approved are left off unless `include_unapproved`."""
    lines: list[Line] = []
    if terms.price_minor is not None:
        if not billed.price:
            lines.append(Line(facts.title, Decimal(1), terms.price_minor, vat_bp, "price"))
    elif terms.hourly_rate_minor is not None and facts.work_minutes:
        hours = line_hours(facts.work_minutes) - billed.hours
        if hours > 0:
            description = words.say(WORK_LINE, project=facts.title)
            lines.append(Line(description, hours, terms.hourly_rate_minor, vat_bp, "hours"))
    comm = communication_line(terms, facts.title, facts.comm_minutes, billed, vat_bp, words)
    if comm is not None and is_hourly(terms):
        lines.append(comm)  # working time: its share of a rush fee on the hours, like work
    # A rush fee on the price or the estimate is billed once; on hours (no estimate), each
    # invoice's new hours carry their share.
    if not billed.rush or expected_value_minor(terms) is None:
        rush = rush_line(terms, lines, vat_bp, words)
        if rush is not None:
            lines.append(rush)
    extra = Decimal(revision_count(terms, facts.revisions).extra) - billed.revisions
    if extra > 0 and terms.revision_fee_minor:
        lines.append(
            Line(
                words.say(EXTRA_REVISIONS),
                extra,
                terms.revision_fee_minor,
                vat_bp,
                "revision",
            )
        )
    if comm is not None and not is_hourly(terms):
        lines.append(comm)
    already = Counter(billed.changes)
    lines.extend(_new_changes(facts.change_requests, already, vat_bp, words))
    unapproved = _new_changes(facts.unapproved_changes, already, vat_bp, words)
    if include_unapproved:
        lines.extend(unapproved)
    # Deposits are deducted as the paid amount, not as a line: see the module docstring.
    return lines


def communication_line(
    terms: Terms,
    title: str,
    comm_minutes: int,
    billed: Billed = NOTHING_BILLED,
    vat_bp: int = 0,
    words: Wording = ENGLISH,
) -> Line | None:
    """The communication line the project's next draft bills, or None: the line every notice
    about communication to bill states the amount of.

    Fixed price: the minutes beyond the budget the price includes, at the communication rate.
    Hourly: every minute, as working time, at the communication rate when one is agreed, else
    the hourly rate. Less the hours earlier invoices `billed` as communication."""
    rate = communication_rate_minor(terms)
    if not rate:
        return None
    if is_hourly(terms):
        minutes, description = comm_minutes, words.say(COMMUNICATION_LINE, project=title)
    else:
        minutes = communication_use(terms, comm_minutes).over_minutes
        description = words.say(COMMUNICATION_OVER_BUDGET)
    hours = line_hours(minutes) - billed.communication_hours
    if hours <= 0:
        return None
    return Line(description, hours, rate, vat_bp, "communication")


def line_hours(minutes: int) -> Decimal:
    """Minutes as hours to the hundredth, the way every invoice line states them."""
    return billed_hours(minutes)


def unapproved_left_off(
    facts: BillableWork, billed: Billed = NOTHING_BILLED, words: Wording = ENGLISH
) -> list[tuple[str, int]]:
    """The unapproved change requests (description, price) no earlier invoice bills (its
    lines described in `words`): what a draft leaves off unless told to include them."""
    already = Counter(billed.changes)
    _unbilled(facts.change_requests, already, words)
    return _unbilled(facts.unapproved_changes, already, words)


def _new_changes(
    changes: list[tuple[str, int]], already: Counter[str], vat_bp: int, words: Wording = ENGLISH
) -> list[Line]:
    """A line per priced change request not on an earlier invoice."""
    return [
        Line(words.say(CHANGE_REQUEST, change=description), Decimal(1), price, vat_bp, "change")
        for description, price in _unbilled(changes, already, words)
    ]


def _unbilled(
    changes: list[tuple[str, int]], already: Counter[str], words: Wording
) -> list[tuple[str, int]]:
    """The change requests no earlier line bills, matched by the line's description (in
    `words`, or in English as books before the catalogs wrote it) as many times as it was
    billed: each match is taken off `already`."""
    return [
        (description, price)
        for description, price in changes
        if not _take(
            already,
            words.say(CHANGE_REQUEST, change=description),
            ENGLISH.say(CHANGE_REQUEST, change=description),
        )
    ]


def _take(already: Counter[str], *texts: str) -> bool:
    """Take one earlier line described by any of `texts` off `already`; False when none."""
    for text in dict.fromkeys(texts):
        if already[text] > 0:
            already[text] -= 1
            return True
    return False


def rush_line(
    terms: Terms, billed: list[Line], vat_bp: int = 0, words: Wording = ENGLISH
) -> Line | None:
    """The rush fee of a rush project as its own line: its share of the price (hourly: of the
    estimated value, or of the hours `billed` when there is no estimate), rounded half-up."""
    if not (terms.rush and terms.rush_fee_bp):
        return None
    base = expected_value_minor(terms)
    of = "price" if terms.price_minor is not None else "estimate"
    if base is None:
        base, of = sum(line.amount_minor for line in billed), "hours"
    if base <= 0:
        return None
    return Line(
        words.say(RUSH_FEE[of], percent=words.percent(terms.rush_fee_bp)),
        Decimal(1),
        percent_of(base, terms.rush_fee_bp),
        vat_bp,
        "rush",
    )


ADVANCE_LINE = N_("Advance payment: %(title)s")
ADVANCE_DEDUCTED = N_("Advance invoice %(number)s deducted")


def advance_line(title: str, net_minor: int, vat_bp: int, words: Wording = ENGLISH) -> Line:
    """The one line of an advance invoice: the net amount asked for before the work."""
    return Line(words.say(ADVANCE_LINE, title=title), Decimal(1), net_minor, vat_bp, "advance")


@dataclass(frozen=True)
class PaidAdvance:
    """A paid advance invoice of a project, as its final invoice deducts it."""

    invoice_id: int
    number: str
    net_by_rate: dict[int, int]  # its net amount per VAT rate (basis points)

    @property
    def net_minor(self) -> int:
        return sum(self.net_by_rate.values())


def advance_deductions(advance: PaidAdvance, words: Wording = ENGLISH) -> list[Line]:
    """The lines deducting a paid advance invoice: one per VAT rate, its net amount negated."""
    return [
        Line(
            words.say(ADVANCE_DEDUCTED, number=advance.number),
            Decimal(1),
            -net,
            rate,
            "advance",
            advance.invoice_id,
        )
        for rate, net in sorted(advance.net_by_rate.items())
        if net
    ]


def deductible(advances: list[PaidAdvance], net_minor: int) -> list[PaidAdvance]:
    """The advances a draft billing `net_minor` deducts, in order: each one that still fits,
    so the draft never totals less than zero (the rest wait for the project's next invoice)."""
    taken = []
    for advance in advances:
        if advance.net_minor <= net_minor:
            taken.append(advance)
            net_minor -= advance.net_minor
    return taken


def negated(lines: list[Line]) -> list[Line]:
    """The lines of a credit note: same quantities and rates, unit prices negated."""
    return [
        Line(line.description, line.quantity, -line.unit_minor, line.vat_bp, line.kind)
        for line in lines
    ]


def amount_due(total_minor: int, paid_minor: int) -> int:
    """What is still to be paid: never negative (an excess is client credit)."""
    return max(0, total_minor - paid_minor)


def deposit_share(total_minor: int, deposits_minor: int) -> int:
    """The part of unclaimed deposits an invoice of `total_minor` absorbs."""
    return max(0, min(total_minor, deposits_minor))


# VAT id prefixes of the EU member states (Greece uses EL, not its ISO code GR).
EU_VAT_PREFIXES = frozenset(
    (
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    )
)
REVERSE_CHARGE_NOTE = N_(
    "Reverse charge: VAT to be accounted for by the recipient "
    "(Article 196, Council Directive 2006/112/EC)."
)


def vat_prefix(vat_id: str) -> str | None:
    """The two-letter prefix of a VAT id (`SK2020123456` -> `SK`), or None."""
    cleaned = vat_id.strip().replace(" ", "").upper()
    if len(cleaned) > 2 and cleaned[:2].isalpha():
        return cleaned[:2]
    return None


def _digit_after(vat_id: str) -> bool:
    """The id has digits after its two letters (`US12-3456789`), so they name a country; a
    `VAT 123` typed as an id does not name the Vatican."""
    cleaned = vat_id.strip().replace(" ", "")
    return len(cleaned) > 2 and cleaned[2].isdigit()


def reverse_charge_applies(enabled: bool, seller_vat_id: str, buyer_vat_id: str) -> bool:
    """Intra-EU B2B service: both VAT ids in the EU, in different member states."""
    seller, buyer = vat_prefix(seller_vat_id), vat_prefix(buyer_vat_id)
    return enabled and seller in EU_VAT_PREFIXES and buyer in EU_VAT_PREFIXES and seller != buyer


def country_code(vat_id: str, locale: str, given: str = "") -> str:
    """ISO 3166 country of a party: the one given (set for the party), else its VAT id's,
    else its locale's territory; "" when none of them names one (never a made-up code)."""
    if given:
        return given
    prefix = vat_prefix(vat_id)
    if prefix == "EL":
        return "GR"
    if prefix in EU_VAT_PREFIXES or prefix in ("GB", "CH", "NO") or _digit_after(vat_id):
        return prefix or ""
    parts = locale.replace("-", "_").split("_")
    territory = parts[-1] if len(parts) > 1 else ""
    return territory.upper() if len(territory) == 2 and territory.isalpha() else ""


@dataclass(frozen=True)
class Party:
    """Seller or buyer as an invoice prints it (plain text, never markup). `address` is the
    free text of books from before the structured fields; `country` is "" when unknown."""

    name: str
    company: str = ""
    address: str = ""
    email: str = ""
    vat_id: str = ""
    tax_id: str = ""
    country: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    reg_id: str = ""
    contact: str = ""
    phone: str = ""
    endpoint: str = ""  # electronic address set for the party, SCHEME:ID (domain.eas)

    @property
    def structured(self) -> bool:
        """The party has a street, post code or city: documents print those, not `address`."""
        return bool(self.street or self.postcode or self.city)

    @property
    def place(self) -> str:
        """The post code and city line (`811 06 Bratislava`, `London EC2A 4QX`)."""
        return place_line(self.postcode, self.city, self.country)


@dataclass(frozen=True)
class DocLine:
    description: str
    quantity: Decimal
    unit_minor: int
    vat_bp: int
    amount_minor: int
    kind: str = "manual"


@dataclass(frozen=True)
class Preceding:
    """An invoice a document refers to (EN 16931 BG-3): its number and issue date."""

    number: str
    issue_date: date | None = None


@dataclass(frozen=True)
class InvoiceDoc:
    """Everything an invoice document shows, as plain values: the PDF and XML read only this."""

    number: str | None
    kind: str  # invoice, credit_note
    status: str
    currency: str
    digits: int
    locale: str
    issue_date: date | None
    due_date: date | None
    delivery_date: date | None
    seller: Party
    buyer: Party
    lines: list[DocLine]
    totals: Totals
    deposits_minor: int  # deposits absorbed by this invoice
    payments_minor: int  # other payments received against it
    reverse_charge: bool = False
    iban: str = ""
    bic: str = ""
    payment_days: int = 14
    note: str = ""
    credits_number: str | None = None  # the invoice a credit note cancels
    credits_issue_date: date | None = None
    credited_by: str | None = None  # the credit note that cancels this invoice
    project: str = ""
    # A service period (BT-73/BT-74); else delivery_date (BT-72) says when it was delivered.
    period_start: date | None = None
    period_end: date | None = None
    # Why 0 % lines carry no VAT, unless reverse charge (clientkit.domain.exemptions).
    zero_rate_basis: str = "exempt"
    # Foreign currency with VAT: the rate, the accounting currency and the VAT in it (BT-111).
    exchange_rate: Decimal | None = None
    tax_currency: str | None = None
    tax_vat_minor: int | None = None
    tax_digits: int = 2
    buyer_ref: str = ""  # the buyer's reference (BT-10), e.g. a German public buyer's Leitweg-ID
    order_ref: str = ""  # the buyer's purchase order (BT-13)
    # Which payment QR a EUR invoice to a client in Slovakia carries (domain.payment_qr).
    slovak_qr: str = DEFAULT_SLOVAK_QR
    advance: bool = False  # an advance (prepayment) invoice, type code 386
    deducted: list[Preceding] = field(default_factory=list)  # the advance invoices it deducts

    @property
    def paid_minor(self) -> int:
        return self.deposits_minor + self.payments_minor

    @property
    def due_minor(self) -> int:
        """Amount due on the document as issued (a later credit note is a document of its own)."""
        if self.kind != "invoice":
            return 0
        return amount_due(self.totals.total_minor, self.paid_minor)

    @property
    def net_by_rate(self) -> dict[int, int]:
        """Taxable amount per VAT rate (basis points), in rate order."""
        nets: dict[int, int] = defaultdict(int)
        for line in self.lines:
            nets[line.vat_bp] += line.amount_minor
        return dict(sorted(nets.items()))
