"""The numbers a contract's terms imply: deposit, extra revisions and communication overage."""

from clientkit.domain.terms import (
    DepositTier,
    Terms,
    communication_use,
    deposit_required_minor,
    deposit_tier,
    expected_value_minor,
    minutes_cost_minor,
    revision_count,
)


def test_a_percent_deposit_is_that_share_of_the_fixed_price():
    """30% of a 1500.00 price is a 450.00 deposit."""
    assert deposit_required_minor(Terms(price_minor=150000, deposit_bp=3000)) == 45000


def test_a_percent_deposit_on_hourly_work_uses_the_estimate():
    """30% of 10 estimated hours at 60.00 is 180.00."""
    terms = Terms(hourly_rate_minor=6000, estimate_minutes=600, deposit_bp=3000)
    assert expected_value_minor(terms) == 60000
    assert deposit_required_minor(terms) == 18000


def test_a_fixed_deposit_amount_wins_over_a_percentage():
    """A deposit agreed as an amount is exactly that amount."""
    terms = Terms(price_minor=150000, deposit_minor=20000, deposit_bp=3000)
    assert deposit_required_minor(terms) == 20000


def test_no_deposit_is_required_without_terms_or_value():
    """No agreed deposit, or a percentage of an unknown value, asks for nothing."""
    assert deposit_required_minor(Terms(price_minor=150000)) == 0
    assert deposit_required_minor(Terms(hourly_rate_minor=6000, deposit_bp=3000)) == 0


def test_the_deposit_tier_grows_with_the_project_value():
    """Projects up to 1000 take 20%, up to 5000 30%, larger ones 50%."""
    tiers = [DepositTier(None, 5000), DepositTier(100000, 2000), DepositTier(500000, 3000)]
    assert deposit_tier(tiers, 100000) == 2000
    assert deposit_tier(tiers, 100001) == 3000
    assert deposit_tier(tiers, 10_000_000) == 5000
    assert deposit_tier(tiers, None) is None


def test_a_revision_at_the_limit_is_flagged_but_costs_nothing():
    """The 2nd of 2 included revisions is at the limit, not extra."""
    count = revision_count(Terms(revisions_included=2, revision_fee_minor=15000), 2)
    assert count.at_limit
    assert not count.is_extra
    assert count.extra == 0
    assert count.extra_fee_minor == 0


def test_revisions_over_the_limit_are_billed_at_the_fee_each():
    """The 3rd and 4th of 2 included revisions cost the fee each."""
    terms = Terms(revisions_included=2, revision_fee_minor=15000)
    third = revision_count(terms, 3)
    assert third.is_extra
    assert not third.at_limit
    assert (third.extra, third.extra_fee_minor) == (1, 15000)
    assert revision_count(terms, 4).extra_fee_minor == 30000


def test_revisions_without_an_agreed_limit_are_never_extra():
    """With no limit in the contract, revisions are neither at a limit nor extra."""
    count = revision_count(Terms(), 10)
    assert (count.extra, count.is_extra, count.at_limit, count.extra_fee_minor) == (
        0,
        False,
        False,
        0,
    )


def test_communication_beyond_the_budget_costs_the_agreed_rate():
    """75 minutes against a 60-minute budget at 60.00/h is 15 minutes over, 15.00 to bill."""
    use = communication_use(Terms(comm_budget_minutes=60, comm_rate_minor=6000), 75)
    assert use.over_minutes == 15
    assert use.over_cost_minor == 1500


def test_communication_within_budget_costs_nothing():
    """Minutes within the budget are not billed."""
    use = communication_use(Terms(comm_budget_minutes=300, comm_rate_minor=6000), 240)
    assert (use.over_minutes, use.over_cost_minor) == (0, 0)


def test_communication_without_budget_or_rate_has_no_overage_cost():
    """No budget means no overage; overage without a rate costs nothing."""
    assert communication_use(Terms(), 500).over_minutes == 0
    no_rate = communication_use(Terms(comm_budget_minutes=60), 90)
    assert (no_rate.over_minutes, no_rate.over_cost_minor) == (30, 0)


def test_minutes_cost_rounds_half_up_to_a_minor_unit():
    """One minute at 0.30/h is half a cent, billed as one cent."""
    assert minutes_cost_minor(1, 30) == 1
    assert minutes_cost_minor(90, 6000) == 9000
