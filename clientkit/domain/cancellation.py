"""The cancellation fee a contract sets, and the lines that bill a cancelled project.

The fee is the contract's percentage of a base. The base is the project's value
(its fixed price, or estimated hours × hourly rate), or, when the contract says
so, the unbilled remainder of it: the value minus what was already invoiced
towards it, never below zero. An hourly project without an estimate has no
value to take a share of, so no fee. Amounts are rounded half-up to the minor
unit once, like every invoice line (see clientkit.domain.billing).
"""

from dataclasses import dataclass
from decimal import Decimal

from clientkit.domain.billing import NOTHING_BILLED, BillableWork, Billed, Line, project_lines
from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import percent_of
from clientkit.domain.terms import Terms, expected_value_minor
from clientkit.domain.wording import ENGLISH, N_, Wording

BASES = ("price", "remainder")
# The fee's line by (basis, the value is an estimate); %(project)s is the project's title.
FEE_LINES = {
    ("price", False): N_("Cancellation fee per contract: %(percent)s of the price (%(project)s)"),
    ("price", True): N_(
        "Cancellation fee per contract: %(percent)s of the estimated value (%(project)s)"
    ),
    ("remainder", False): N_(
        "Cancellation fee per contract: %(percent)s of the unbilled remainder of the price "
        "(%(project)s)"
    ),
    ("remainder", True): N_(
        "Cancellation fee per contract: %(percent)s of the unbilled remainder of the "
        "estimated value (%(project)s)"
    ),
}


def check_basis(text: str) -> str:
    """A cancellation fee basis as the user typed it: `price` or `remainder`."""
    basis = text.strip().lower()
    if basis not in BASES:
        raise InvalidValue(f"invalid cancellation fee basis {text!r}: expected price or remainder")
    return basis


@dataclass(frozen=True)
class CancellationFee:
    """What the contract's cancellation term comes to for one project."""

    basis: str  # price, remainder
    percent_bp: int | None  # the contract's percentage; None when no fee is agreed
    value_minor: int | None  # the project's value; None for hourly work without an estimate
    invoiced_minor: int  # already invoiced towards the value
    base_minor: int  # what the percentage is taken of
    fee_minor: int
    estimated: bool = False  # the value is hours × rate, not a fixed price

    @property
    def applies(self) -> bool:
        return self.fee_minor > 0

    def of_what(self) -> str:
        """What the percentage is taken of, in words for a line or a notice."""
        value = "the estimated value" if self.estimated else "the price"
        return f"the unbilled remainder of {value}" if self.basis == "remainder" else value


def cancellation_fee(terms: Terms, basis: str, invoiced_minor: int) -> CancellationFee:
    """The fee of the terms' cancellation percentage on the price or the unbilled remainder."""
    check_basis(basis)
    value = expected_value_minor(terms)
    estimated = terms.price_minor is None
    bp = terms.cancel_fee_bp or None
    if value is None or bp is None:
        return CancellationFee(basis, bp, value, invoiced_minor, 0, 0, estimated)
    base = value if basis == "price" else max(0, value - invoiced_minor)
    return CancellationFee(basis, bp, value, invoiced_minor, base, percent_of(base, bp), estimated)


def cancellation_lines(
    terms: Terms,
    fee: CancellationFee,
    title: str,
    work_minutes: int,
    vat_bp: int = 0,
    billed: Billed = NOTHING_BILLED,
    words: Wording = ENGLISH,
) -> list[Line]:
    """The draft of a cancelled project: the fee, plus the logged work of an hourly project
    not yet on an earlier invoice (`billed`), described in `words`.

    A fixed price is not split into work done: the fee is what the contract sets for
    stopping early, and anything else is a line the freelancer adds by hand.
    """
    lines: list[Line] = []
    if fee.applies and fee.percent_bp is not None:
        description = words.say(
            FEE_LINES[(fee.basis, fee.estimated)],
            percent=words.percent(fee.percent_bp),
            project=title,
        )
        lines.append(Line(description, Decimal(1), fee.fee_minor, vat_bp, "cancellation"))
    if terms.price_minor is None and terms.hourly_rate_minor is not None and work_minutes:
        # The hours line exactly as an ordinary invoice bills it (same rounding of hours).
        work_only = Terms(hourly_rate_minor=terms.hourly_rate_minor)
        facts = BillableWork(title, work_minutes, 0, 0, [], 0)
        lines.extend(project_lines(work_only, facts, vat_bp, billed=billed, words=words))
    return lines
