"""A project's contractual terms and the numbers they imply: deposit, extra revisions, overage."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from clientkit.domain.money import divide_half_up, parse_minor, parse_percent, percent_of


class Terms(NamedTuple):
    """What the contract says; amounts in minor units, percentages in basis points.

    A named tuple: `clientkit risks` builds one per open project, thousands on a large book."""

    price_minor: int | None = None
    hourly_rate_minor: int | None = None
    estimate_minutes: int | None = None
    revisions_included: int | None = None
    revision_fee_minor: int | None = None
    deposit_bp: int | None = None
    deposit_minor: int | None = None
    comm_budget_minutes: int | None = None
    comm_rate_minor: int | None = None
    rush_fee_bp: int | None = None
    cancel_fee_bp: int | None = None
    late_fee_bp: int | None = None
    payment_days: int = 14
    rush: bool = False  # the rush fee applies: the deadline was shorter than the lead time


# The most a count term may be: more is a typo, and a due date that many days after the issue
# date would leave the calendar (an OverflowError where a one-line refusal belongs).
MAX_PAYMENT_DAYS = 3650  # ten years, as the lead time and the reminders' grace days
MAX_REVISIONS = 1000


@dataclass(frozen=True)
class DepositTier:
    """Projects worth up to `up_to_minor` (None: no upper bound) take `basis_points` deposit."""

    up_to_minor: int | None
    basis_points: int


class Deposit(NamedTuple):
    """The deposit a project asks for: a share of its value, or a fixed amount."""

    basis_points: int | None = None
    minor: int | None = None


def parse_deposit(text: str, digits: int) -> Deposit:
    """Parse a deposit typed as a percentage (`30%`) or an amount (`450`)."""
    if text.strip().endswith("%"):
        return Deposit(basis_points=parse_percent(text))
    return Deposit(minor=parse_minor(text, digits))


def expected_value_minor(terms: Terms) -> int | None:
    """The project's value: its fixed price, or estimated hours × hourly rate."""
    if terms.price_minor is not None:
        return terms.price_minor
    if terms.hourly_rate_minor is not None and terms.estimate_minutes:
        return minutes_cost_minor(terms.estimate_minutes, terms.hourly_rate_minor)
    return None


def deposit_required_minor(terms: Terms) -> int:
    """The deposit the terms ask for before work starts (0 when none is agreed)."""
    if terms.deposit_minor is not None:
        return terms.deposit_minor
    value = expected_value_minor(terms)
    if terms.deposit_bp and value:
        return percent_of(value, terms.deposit_bp)
    return 0


def deposit_tier(tiers: list[DepositTier], value_minor: int | None) -> int | None:
    """Basis points of deposit the policy asks for a project worth `value_minor`."""
    if value_minor is None:
        return None
    for tier in sorted(tiers, key=lambda t: (t.up_to_minor is None, t.up_to_minor or 0)):
        if tier.up_to_minor is None or value_minor <= tier.up_to_minor:
            return tier.basis_points
    return None


def rush_days(deadline: date | None, today: date, lead_time_days: int) -> int | None:
    """Days left until a deadline shorter than the usual lead time (a rush job), else None.

    A deadline `lead_time_days` away is not a rush; one day less is. A deadline already
    passed is no rush either: it is a project entered after the fact.
    """
    if deadline is None:
        return None
    days = (deadline - today).days
    return days if 0 <= days < lead_time_days else None


def billed_hours(minutes: int) -> Decimal:
    """Minutes as the quantity of an invoice line: hours to the hundredth, rounded half-up."""
    return Decimal(divide_half_up(minutes * 100, 60)).scaleb(-2)


def minutes_cost_minor(minutes: int, hourly_rate_minor: int) -> int:
    """What `minutes` of time at an hourly rate are billed: the one rule for time as money.

    The minutes become hours to the hundredth, rounded half-up (40 min -> 0.67 h), and the
    amount is those hours × the rate, rounded half-up once to a whole minor unit
    (0.67 h × 50.00 = 33.50). It is exactly the line an invoice bills for that time, whose
    amount must equal quantity × unit price (EN 16931 BR-CO-10 / Peppol PEPPOL-EN16931-R120),
    so every notice, risk and estimate that puts a price on time announces what the invoice
    will bill, to the cent. Integer arithmetic (the risk rules call it on every project) gives
    the same result as Decimal's ROUND_HALF_UP, halves away from zero.
    """
    hundredths = divide_half_up(minutes * 100, 60)
    return divide_half_up(hundredths * hourly_rate_minor, 100)


def effective_rate_minor(amount_minor: int, minutes: int) -> int | None:
    """Money per hour of `minutes` (the effective rate), rounded half-up; None without time."""
    if minutes <= 0:
        return None
    return divide_half_up(amount_minor * 60, minutes)


@dataclass(frozen=True)
class RevisionCount:
    """Where a revision number stands against the included ones."""

    number: int
    included: int | None
    fee_minor: int | None

    @property
    def extra(self) -> int:
        """Revisions beyond those included (0 when no limit was agreed)."""
        if self.included is None:
            return 0
        return max(0, self.number - self.included)

    @property
    def is_extra(self) -> bool:
        return self.included is not None and self.number > self.included

    @property
    def at_limit(self) -> bool:
        return self.included is not None and self.number == self.included

    @property
    def extra_fee_minor(self) -> int:
        """What the extra revisions so far will be billed."""
        return self.extra * (self.fee_minor or 0)


def revision_count(terms: Terms, revisions_logged: int) -> RevisionCount:
    """Count of revisions against the contract after `revisions_logged` revisions."""
    return RevisionCount(revisions_logged, terms.revisions_included, terms.revision_fee_minor)


@dataclass(frozen=True)
class CommunicationUse:
    """Communication minutes against the budget the price includes (None: no such budget)."""

    used_minutes: int
    budget_minutes: int | None
    rate_minor: int | None

    @property
    def over_minutes(self) -> int:
        if self.budget_minutes is None:
            return 0
        return max(0, self.used_minutes - self.budget_minutes)

    @property
    def over_cost_minor(self) -> int:
        """What the minutes beyond the budget are billed at the agreed rate (the invoice's
        communication line for them, to the cent: see minutes_cost_minor)."""
        if not self.rate_minor:
            return 0
        return minutes_cost_minor(self.over_minutes, self.rate_minor)


def is_hourly(terms: Terms) -> bool:
    """The project bills the time spent (an hourly rate and no fixed price)."""
    return terms.price_minor is None and terms.hourly_rate_minor is not None


def communication_rate_minor(terms: Terms) -> int | None:
    """The hourly rate communication is billed at: on an hourly project every minute of it, at
    the communication rate when one is agreed, else the hourly rate; on a fixed price only the
    minutes beyond the budget, at the communication rate."""
    if is_hourly(terms):
        return terms.comm_rate_minor or terms.hourly_rate_minor
    return terms.comm_rate_minor


def communication_use(terms: Terms, used_minutes: int) -> CommunicationUse:
    """Communication used so far against the budget the price includes.

    Only a fixed price includes communication. An hourly project bills all of it as working
    time, so it has no budget here and nothing is ever "over" it to bill on top."""
    budget = None if is_hourly(terms) else terms.comm_budget_minutes
    return CommunicationUse(used_minutes, budget, communication_rate_minor(terms))


COMMUNICATION_KINDS = ("call", "meeting", "email", "chat")
TIME_KINDS = ("work", *COMMUNICATION_KINDS)
