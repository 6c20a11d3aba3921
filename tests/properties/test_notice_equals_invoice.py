"""One rounding, one number: what a notice says time costs is what the invoice line bills."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from clientkit.domain.billing import BillableWork, Line, communication_line, project_lines
from clientkit.domain.terms import Terms, communication_use, minutes_cost_minor
from clientkit.i18n import format_money

DIGITS = {"EUR": 2, "JPY": 0, "KWD": 3}
MINUTES = st.integers(min_value=0, max_value=100_000)


# An hourly rate in the currency's minor units: cents, whole yen or fils, from one minor unit
# to a trillion (ten billion euros an hour); Hypothesis favours the small and boundary values.
RATES = st.tuples(st.sampled_from(sorted(DIGITS)), st.integers(min_value=1, max_value=10**12))


def _kind(lines: list[Line], kind: str) -> Line:
    (line,) = [line for line in lines if line.kind == kind]
    return line


def _check(used: int, budget: int, work: int, rate: tuple[str, int]) -> None:
    currency, rate_minor = rate
    fixed = Terms(price_minor=100_000, comm_budget_minutes=budget, comm_rate_minor=rate_minor)
    facts = BillableWork("Logo", work, used, 0, [], 0)
    lines = project_lines(fixed, facts)
    use = communication_use(fixed, used)
    announced = use.over_cost_minor  # `log`, `import` and the risk's evidence
    if use.over_minutes == 0:
        assert announced == 0
        assert "communication" not in [line.kind for line in lines]
    else:
        billed = _kind(lines, "communication")
        next_line = communication_line(fixed, "Logo", used)  # what `log` and `import` state
        assert next_line is not None
        assert announced == billed.amount_minor == next_line.amount_minor
        exact = billed.quantity * billed.unit_minor  # the line stays quantity × price
        assert billed.amount_minor == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert format_money(announced, currency) == format_money(billed.amount_minor, currency)
    hourly = project_lines(Terms(hourly_rate_minor=rate_minor), facts)
    if work:
        assert minutes_cost_minor(work, rate_minor) == _kind(hourly, "hours").amount_minor
    if used:  # an hourly project bills all its communication, by the same rule
        assert minutes_cost_minor(used, rate_minor) == _kind(hourly, "communication").amount_minor


CASES = st.tuples(MINUTES, MINUTES, MINUTES, RATES)


# 1,000 examples of 10 cases each: the same 10,000 cases, without paying Hypothesis's
# per-example cost 10,000 times (about 9 s of CPU alone on this machine).
@settings(max_examples=1_000, deadline=None)
@given(cases=st.lists(CASES, min_size=10, max_size=10))
def test_the_amount_a_notice_announces_is_the_amount_the_invoice_line_bills(
    cases: list[tuple[int, int, int, tuple[str, int]]],
) -> None:
    """Over 10,000 durations (0 to 100,000 minutes) and rates (EUR, JPY, KWD; up to ten
    billion euros an hour): the communication overage a notice announces equals the draft's
    line to the minor unit, and time priced by the one rule equals the hourly project's lines."""
    for used, budget, work, rate in cases:
        _check(used, budget, work, rate)


def test_forty_minutes_at_fifty_are_billed_and_announced_as_33_50() -> None:
    """The case of the issue: 40 minutes are 0.67 h, so €33.50 (not €33.33) both ways."""
    _check(used=100, budget=60, work=40, rate=("EUR", 50_00))
    assert minutes_cost_minor(40, 50_00) == 33_50
