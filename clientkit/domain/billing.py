"""Invoice arithmetic: the lines a project bills and the totals, by one rounding rule.

Rule: each line's amount is quantity × unit price rounded half-up to the
currency's minor unit. The subtotal is the sum of line amounts. VAT is computed
per rate on the sum of that rate's line amounts and rounded half-up once
(as EN 16931 does). The total is subtotal + VAT.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from clientkit.domain.money import line_amount
from clientkit.domain.terms import Terms, communication_use, revision_count


@dataclass(frozen=True)
class Line:
    """One invoice line; unit price in minor units, VAT in basis points."""

    description: str
    quantity: Decimal
    unit_minor: int
    vat_bp: int = 0
    kind: str = "manual"

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
class ProjectFacts:
    """What happened on a project, as billing needs it."""

    title: str
    work_minutes: int
    comm_minutes: int
    revisions: int
    change_requests: list[tuple[str, int]]  # (description, price_minor) of priced ones
    deposits_minor: int


def project_lines(terms: Terms, facts: ProjectFacts, vat_bp: int = 0) -> list[Line]:
    """The draft lines of SPEC section 6 for a project."""
    lines: list[Line] = []
    if terms.price_minor is not None:
        lines.append(Line(facts.title, Decimal(1), terms.price_minor, vat_bp, "price"))
    elif terms.hourly_rate_minor is not None and facts.work_minutes:
        hours = (Decimal(facts.work_minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)
        lines.append(Line(f"{facts.title}: work", hours, terms.hourly_rate_minor, vat_bp, "hours"))
    extra = revision_count(terms, facts.revisions)
    if extra.extra and terms.revision_fee_minor:
        lines.append(Line("Extra revisions beyond those included", Decimal(extra.extra),
                          terms.revision_fee_minor, vat_bp, "revision"))
    comm = communication_use(terms, facts.comm_minutes)
    if comm.over_minutes and terms.comm_rate_minor:
        over_hours = (Decimal(comm.over_minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)
        lines.append(Line("Communication beyond the agreed budget", over_hours,
                          terms.comm_rate_minor, vat_bp, "communication"))
    for description, price in facts.change_requests:
        lines.append(Line(f"Change request: {description}", Decimal(1), price, vat_bp, "change"))
    if facts.deposits_minor:
        lines.append(Line("Deposit received", Decimal(1), -facts.deposits_minor, vat_bp, "deposit"))
    return lines
