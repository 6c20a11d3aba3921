"""Project rules of SPEC section 5 at their edges: contract, deposit, revisions, scope,
communication, budget, deadline and effective rate."""

from datetime import date, timedelta

import pytest

from clientkit.domain.risk.findings import Money
from clientkit.domain.risk.project_rules import (
    budget_below_estimate,
    communication_over_budget,
    deadline_at_risk,
    low_effective_rate,
    no_contract,
    no_deposit,
    revisions_over_limit,
    scope_creep,
)
from clientkit.domain.risk.thresholds import Thresholds
from tests.domain.risk_facts import TODAY, project, text

T = Thresholds()


# no_contract


def test_a_started_project_without_signed_contract_is_a_warning():
    """Active work with no signature: get the contract signed."""
    finding = no_contract(project(contract_signed=False), T)
    assert finding is not None
    assert (finding.code, finding.severity, finding.project) == ("no_contract", "warning", "Logo")
    message, action = text(finding)
    assert message == "The project started on 2026-11-01 without a signed contract."
    assert "contract sign" in action


@pytest.mark.parametrize(
    ("status", "signed"), [("draft", False), ("active", True), ("delivered", True)]
)
def test_no_contract_is_silent_before_kickoff_or_once_signed(status, signed):
    """A draft has not started yet; a signed contract settles it."""
    assert no_contract(project(status=status, contract_signed=signed), T) is None


def test_a_delivered_project_without_contract_still_counts():
    assert no_contract(project(status="delivered", contract_signed=False), T) is not None


def test_the_config_can_change_a_rule_severity():
    """[risk.severity] no_contract = "critical" raises it."""
    strict = Thresholds(severity={"no_contract": "critical"})
    finding = no_contract(project(contract_signed=False), strict)
    assert finding is not None
    assert finding.severity == "critical"


# no_deposit


def test_a_started_project_short_of_its_deposit_asks_for_the_rest():
    """30% of 1500.00 is 450.00; 400.00 received leaves 50.00 missing."""
    p = project({"price_minor": 150000, "deposit_bp": 3000}, deposit_received_minor=40000)
    finding = no_deposit(p, T)
    assert finding is not None
    assert finding.severity == "warning"
    assert finding.evidence["required"] == Money(45000, "EUR")
    assert finding.evidence["missing"] == Money(5000, "EUR")
    message, action = text(finding)
    assert message == (
        "Deposit received: 400.00 EUR of 450.00 EUR required; 50.00 EUR still missing."
    )
    assert action == "Ask for the missing deposit (50.00 EUR) before continuing the work."


def test_the_full_deposit_received_clears_no_deposit():
    p = project({"price_minor": 150000, "deposit_bp": 3000}, deposit_received_minor=45000)
    assert no_deposit(p, T) is None


def test_one_cent_short_of_the_deposit_still_counts():
    p = project({"price_minor": 150000, "deposit_bp": 3000}, deposit_received_minor=44999)
    finding = no_deposit(p, T)
    assert finding is not None
    assert finding.evidence["missing"] == Money(1, "EUR")


def test_a_deposit_given_as_an_amount_is_what_is_required():
    p = project({"price_minor": 150000, "deposit_minor": 20000}, deposit_received_minor=0)
    finding = no_deposit(p, T)
    assert finding is not None
    assert finding.evidence["required"] == Money(20000, "EUR")


@pytest.mark.parametrize("status", ["draft"])
def test_no_deposit_waits_for_kickoff(status):
    """Before work starts the deposit is simply not due yet."""
    assert (
        no_deposit(project({"price_minor": 150000, "deposit_bp": 3000}, status=status), T) is None
    )


def test_a_project_without_deposit_terms_never_lacks_one():
    assert no_deposit(project({"price_minor": 150000}), T) is None


# revisions_over_limit


def test_revisions_below_the_limit_are_fine():
    assert revisions_over_limit(project({"revisions_included": 2}, revisions=1), T) is None


def test_revisions_exactly_at_the_limit_warn_that_the_next_is_billed():
    p = project({"revisions_included": 2, "revision_fee_minor": 15000}, revisions=2)
    finding = revisions_over_limit(p, T)
    assert finding is not None
    assert finding.severity == "warning"
    message, action = text(finding)
    assert message == "2 of 2 included revisions used: the next one is billed at 150.00 EUR."
    assert "150.00 EUR" in action


def test_one_revision_over_the_limit_is_critical_and_says_what_to_bill():
    p = project({"revisions_included": 2, "revision_fee_minor": 15000}, revisions=3)
    finding = revisions_over_limit(p, T)
    assert finding is not None
    assert finding.severity == "critical"
    assert (finding.evidence["extra"], finding.evidence["extra_fee"]) == (1, Money(15000, "EUR"))
    message, action = text(finding)
    assert message == (
        "3 revisions logged, 2 included: 1 extra revision at 150.00 EUR each, 150.00 EUR to bill."
    )
    assert action == "Bill the extra revision (150.00 EUR) on the next invoice."


def test_several_extra_revisions_are_billed_together():
    p = project({"revisions_included": 2, "revision_fee_minor": 15000}, revisions=5)
    finding = revisions_over_limit(p, T)
    assert finding is not None
    assert finding.evidence["extra_fee"] == Money(45000, "EUR")
    assert text(finding)[1] == "Bill the 3 extra revisions (450.00 EUR) on the next invoice."


def test_extra_revisions_partly_on_an_invoice_leave_the_rest_to_bill():
    """3 extra at 150.00 = 450.00; 300.00 already invoiced: 150.00 to go."""
    p = project(
        {"revisions_included": 2, "revision_fee_minor": 15000},
        revisions=5,
        billed_revisions_minor=30000,
    )
    finding = revisions_over_limit(p, T)
    assert finding is not None
    assert finding.severity == "warning"  # the rest still to bill, no longer all of it
    assert (finding.evidence["billed"], finding.evidence["to_bill"]) == (
        Money(30000, "EUR"),
        Money(15000, "EUR"),
    )
    message, action = text(finding)
    assert message.endswith("150.00 EUR of 450.00 EUR not billed yet.")
    assert action == "Bill the rest (150.00 EUR) on the next invoice."


def test_extra_revisions_all_invoiced_end_the_finding():
    p = project(
        {"revisions_included": 2, "revision_fee_minor": 15000},
        revisions=3,
        billed_revisions_minor=15000,
    )
    assert revisions_over_limit(p, T) is None


def test_extra_revisions_with_nothing_invoiced_stay_critical():
    p = project({"revisions_included": 2, "revision_fee_minor": 15000}, revisions=4)
    finding = revisions_over_limit(p, T)
    assert finding is not None
    assert (finding.severity, finding.evidence["to_bill"]) == ("critical", Money(30000, "EUR"))


def test_revisions_at_the_limit_of_a_delivered_and_paid_project_are_no_longer_a_warning():
    terms = {"revisions_included": 2, "revision_fee_minor": 15000}
    paid = project(terms, revisions=2, status="delivered", paid_invoices=1)
    assert revisions_over_limit(paid, T) is None
    unpaid = paid._replace(unpaid_invoices=1)
    assert revisions_over_limit(unpaid, T) is not None


def test_extra_revisions_without_an_agreed_fee_ask_to_agree_one():
    finding = revisions_over_limit(project({"revisions_included": 1}, revisions=2), T)
    assert finding is not None
    assert finding.severity == "critical"
    assert "no fee agreed" in text(finding)[0]
    assert text(finding)[1].startswith("Agree a fee per extra revision")


def test_no_revision_limit_means_no_revision_finding():
    assert revisions_over_limit(project(revisions=10), T) is None


def test_zero_included_and_none_used_is_not_a_finding():
    assert revisions_over_limit(project({"revisions_included": 0}, revisions=0), T) is None


# scope_creep

PRICED = {"price_minor": 100000, "estimate_minutes": 600}


def test_two_small_change_requests_are_not_scope_creep():
    assert scope_creep(project(PRICED, change_requests=2, change_value_minor=10000), T) is None


def test_three_change_requests_after_kickoff_are_scope_creep():
    finding = scope_creep(project(PRICED, change_requests=3, change_value_minor=3000), T)
    assert finding is not None
    assert finding.severity == "warning"
    assert finding.evidence["reasons"] == ["change_requests"]


def test_changes_worth_19_percent_of_the_price_are_tolerated():
    assert scope_creep(project(PRICED, change_requests=1, change_value_minor=19000), T) is None


def test_changes_worth_exactly_20_percent_of_the_price_are_scope_creep():
    finding = scope_creep(project(PRICED, change_requests=1, change_value_minor=20000), T)
    assert finding is not None
    assert finding.evidence["reasons"] == ["change_value"]
    assert finding.evidence["change_value_percent"] == "20"
    assert text(finding)[0] == (
        "1 change request after kickoff worth 200.00 EUR (20% of the price)."
    )


def test_unpriced_change_hours_count_at_the_hourly_rate():
    """Two estimated hours at 100.00 on a 1,000.00 hourly project are 20 % of its value."""
    p = project(
        {"hourly_rate_minor": 10000, "estimate_minutes": 600}, change_requests=1, change_minutes=120
    )
    finding = scope_creep(p, T)
    assert finding is not None
    assert finding.evidence["change_value"] == Money(20000, "EUR")


def test_work_at_119_percent_of_the_estimate_is_tolerated():
    assert scope_creep(project(PRICED, work_minutes=714), T) is None


def test_work_at_120_percent_of_the_estimate_is_scope_creep():
    finding = scope_creep(project(PRICED, work_minutes=720), T)
    assert finding is not None
    assert finding.evidence["reasons"] == ["work_hours"]
    assert finding.evidence["work_percent"] == "120"
    assert "work at 120% of the estimate (12h of 10h)" in text(finding)[0]


def test_unapproved_change_requests_are_in_the_evidence_and_the_action():
    p = project(PRICED, change_requests=3, unapproved_changes=2, change_value_minor=0)
    finding = scope_creep(p, T)
    assert finding is not None
    assert finding.evidence["unapproved_change_requests"] == 2
    message, action = text(finding)
    assert "2 not approved by the client" in message
    assert action.startswith("Get the 2 unapproved change orders signed")


# communication_over_budget

BUDGET = {"comm_budget_minutes": 600, "comm_rate_minor": 6000}


@pytest.mark.parametrize(
    ("used", "severity"),
    [
        (474, None),  # 79 %
        (479, None),  # 79.8 %: rounding never makes it 80
        (480, "warning"),  # 80 %
        (600, "warning"),  # 100 %: at the budget, not beyond it
        (606, "critical"),  # 101 %
    ],
)
def test_communication_budget_edges(used, severity):
    finding = communication_over_budget(project(BUDGET, comm_minutes=used), T)
    assert (finding.severity if finding else None) == severity


def test_communication_beyond_the_budget_says_what_to_bill():
    """10h budget, 11h used at 60.00/h: 1h over costs 60.00."""
    finding = communication_over_budget(project(BUDGET, comm_minutes=660), T)
    assert finding is not None
    assert finding.evidence["over_cost"] == Money(6000, "EUR")
    assert finding.evidence["used_percent"] == "110"
    message, action = text(finding)
    assert message == "Communication 11h of the 10h budget (110%): 1h over, 60.00 EUR to bill."
    assert "60.00 EUR" in action


def test_communication_overage_all_invoiced_ends_the_finding():
    """1h over costs 60.00, and 60.00 is on an invoice: nothing is left to say."""
    done = communication_over_budget(project(BUDGET, comm_minutes=660, billed_comm_minor=6000), T)
    assert done is None


def test_communication_overage_partly_invoiced_is_a_warning_naming_the_rest():
    """1h over costs 60.00; 20.00 is on an invoice, so 40.00 is left to bill."""
    part = communication_over_budget(project(BUDGET, comm_minutes=660, billed_comm_minor=2000), T)
    assert part is not None
    assert part.severity == "warning"
    assert part.evidence["to_bill"] == Money(4000, "EUR")
    message, action = text(part)
    assert message.endswith("(60.00 EUR), 40.00 EUR of it not billed yet.")
    assert "(40.00 EUR)" in action


def test_communication_near_the_budget_of_a_delivered_and_paid_project_is_quiet():
    p = project(BUDGET, comm_minutes=500, status="delivered", paid_invoices=2)
    assert communication_over_budget(p, T) is None


def test_communication_near_the_budget_mentions_the_rate_beyond_it():
    finding = communication_over_budget(project(BUDGET, comm_minutes=500), T)
    assert finding is not None
    assert text(finding)[1].endswith("billed at 60.00 EUR an hour.")


def test_no_communication_budget_means_no_communication_finding():
    assert communication_over_budget(project(comm_minutes=10_000), T) is None


# budget_below_estimate


def test_a_budget_19_percent_below_the_price_is_tolerated():
    p = project({"price_minor": 100000}, client_budget_minor=81000, client_currency="EUR")
    assert budget_below_estimate(p, T) is None


def test_a_budget_exactly_20_percent_below_is_still_tolerated():
    """More than 20 % below fires; exactly 20 % does not."""
    p = project({"price_minor": 100000}, client_budget_minor=80000, client_currency="EUR")
    assert budget_below_estimate(p, T) is None


def test_a_budget_a_cent_more_than_20_percent_below_is_a_budget_squeeze():
    p = project({"price_minor": 100000}, client_budget_minor=79999, client_currency="EUR")
    finding = budget_below_estimate(p, T)
    assert finding is not None
    assert finding.severity == "warning"


def test_a_draft_with_a_low_budget_says_discuss_it_before_starting():
    p = project(
        {"price_minor": 100000}, status="draft", client_budget_minor=50000, client_currency="EUR"
    )
    finding = budget_below_estimate(p, T)
    assert finding is not None
    message, action = text(finding)
    assert message == "The client's budget of 500.00 EUR is 50% below the estimate of 1000.00 EUR."
    assert action.startswith("Discuss the budget before starting")


def test_an_hourly_estimate_is_hours_times_rate():
    """40 h at 50.00 = 2,000.00 against a 1,000.00 budget."""
    p = project(
        {"hourly_rate_minor": 5000, "estimate_minutes": 2400},
        client_budget_minor=100000,
        client_currency="EUR",
    )
    finding = budget_below_estimate(p, T)
    assert finding is not None
    assert finding.evidence["estimate"] == Money(200000, "EUR")


def test_a_budget_in_another_currency_is_never_compared():
    p = project({"price_minor": 100000}, client_budget_minor=100, client_currency="USD")
    assert budget_below_estimate(p, T) is None


# deadline_at_risk


def _deadline(days: int, open_items: int = 2, status: str = "active"):
    return deadline_at_risk(
        project(deadline=TODAY + timedelta(days=days), open_scope_items=open_items, status=status),
        TODAY,
        T,
    )


def test_a_deadline_8_days_away_is_not_yet_at_risk():
    assert _deadline(8) is None


def test_a_deadline_7_days_away_with_open_items_is_at_risk():
    finding = _deadline(7)
    assert finding is not None
    assert finding.severity == "warning"
    assert text(finding)[0] == "The deadline 2026-11-30 is in 7 days with 2 scope items open."


def test_a_deadline_today_with_open_items_is_at_risk():
    finding = _deadline(0, open_items=1)
    assert finding is not None
    assert text(finding)[0] == "The deadline 2026-11-23 is today with 1 scope item open."


def test_a_close_deadline_with_nothing_open_is_fine():
    assert _deadline(3, open_items=0) is None


def test_a_deadline_passed_yesterday_is_critical_even_with_nothing_open():
    finding = _deadline(-1, open_items=0)
    assert finding is not None
    assert finding.severity == "critical"
    assert finding.evidence["days_left"] == -1
    assert text(finding)[0] == "The deadline 2026-11-22 passed 1 day ago."


def test_delivered_work_has_no_deadline_risk():
    assert _deadline(-5, status="delivered") is None


def test_a_project_without_deadline_has_no_deadline_risk():
    assert deadline_at_risk(project(deadline=None, open_scope_items=3), TODAY, T) is None


# low_effective_rate

HOURLY = {"hourly_rate_minor": 10000}


def test_money_received_at_70_percent_of_the_rate_is_acceptable():
    """700.00 for 10 h = 70.00/h against 100.00/h."""
    assert low_effective_rate(project(HOURLY, received_minor=70000, work_minutes=600), T) is None


def test_money_received_just_below_70_percent_is_a_low_rate():
    finding = low_effective_rate(project(HOURLY, received_minor=69999, work_minutes=600), T)
    assert finding is not None
    assert finding.severity == "info"
    # The rule compares exact values; what it shows is rounded half-up, like every amount.
    assert finding.evidence["rate_percent"] == "70"
    assert finding.evidence["effective_rate"] == Money(7000, "EUR")  # 69.9999 rounds half-up


def test_communication_hours_count_toward_the_effective_rate():
    """700.00 for 8 h of work and 2 h of calls is 70.00/h; one more call minute is too many."""
    ok = project(HOURLY, received_minor=70000, work_minutes=480, comm_minutes=120)
    assert low_effective_rate(ok, T) is None
    low = project(HOURLY, received_minor=70000, work_minutes=480, comm_minutes=121)
    assert low_effective_rate(low, T) is not None


def test_a_fixed_price_rate_is_price_over_estimated_hours():
    """1,000.00 for an estimated 10 h is 100.00/h; 500.00 received for 10 h logged is 50 %."""
    p = project(
        {"price_minor": 100000, "estimate_minutes": 600}, received_minor=50000, work_minutes=600
    )
    finding = low_effective_rate(p, T)
    assert finding is not None
    assert finding.evidence["project_rate"] == Money(10000, "EUR")
    assert text(finding)[0] == (
        "Effective rate 50.00 EUR an hour (500.00 EUR received for "
        "10h) is 50% of the project's rate of 100.00 EUR."
    )


def test_a_fixed_price_without_estimate_has_no_rate_to_compare():
    p = project({"price_minor": 100000}, received_minor=100, work_minutes=6000)
    assert low_effective_rate(p, T) is None


def test_unbilled_work_in_progress_is_not_judged_yet():
    """Nothing received on active work: judged once paid or delivered."""
    assert low_effective_rate(project(HOURLY, received_minor=0, work_minutes=600), T) is None


def test_a_deposit_alone_does_not_judge_work_in_progress():
    """300.00 deposit for 10 h of an active 100.00/h project is the start being paid, not
    the hours; the first payment beyond it (one cent is enough) makes the rate count."""
    deposit_only = project(
        HOURLY, received_minor=30000, deposit_received_minor=30000, work_minutes=600
    )
    assert low_effective_rate(deposit_only, T) is None
    paid_on = project(HOURLY, received_minor=30001, deposit_received_minor=30000, work_minutes=600)
    finding = low_effective_rate(paid_on, T)
    assert finding is not None
    assert finding.evidence["received"] == Money(30001, "EUR")


def test_delivered_work_paid_only_its_deposit_is_judged():
    p = project(
        HOURLY,
        status="delivered",
        received_minor=30000,
        deposit_received_minor=30000,
        work_minutes=600,
    )
    finding = low_effective_rate(p, T)
    assert finding is not None
    assert finding.evidence["rate_percent"] == "30"


def test_delivered_work_with_nothing_received_is_a_low_rate():
    p = project(HOURLY, status="delivered", received_minor=0, work_minutes=600)
    finding = low_effective_rate(p, T)
    assert finding is not None
    assert finding.evidence["rate_percent"] == "0"


def test_started_on_is_optional_in_messages():
    finding = no_contract(project(contract_signed=False, started_on=None), T)
    assert finding is not None
    assert text(finding)[0] == "The project started without a signed contract."


def test_deadline_findings_know_their_date():
    finding = _deadline(2)
    assert finding is not None
    assert finding.evidence["deadline"] == date(2026, 11, 25).isoformat()


# delivered and paid in full

SETTLED = {"status": "delivered", "paid_invoices": 1, "unpaid_invoices": 0}


def test_a_delivered_project_paid_in_full_no_longer_lacks_a_contract_or_deposit():
    terms = {"price_minor": 150000, "deposit_bp": 3000}
    p = project(terms, contract_signed=False, **SETTLED)
    assert (no_contract(p, T), no_deposit(p, T)) == (None, None)


def test_a_delivered_project_with_an_invoice_still_open_keeps_its_findings():
    terms = {"price_minor": 150000, "deposit_bp": 3000}
    p = project(terms, contract_signed=False, **{**SETTLED, "unpaid_invoices": 1})
    contract, deposit = no_contract(p, T), no_deposit(p, T)
    assert contract is not None
    assert deposit is not None
    assert text(contract)[1].startswith("Get the contract signed before you invoice the work")
    assert text(deposit)[1] == (
        "The work is delivered: bill it in full instead (clientkit invoice create)."
    )


def test_a_delivered_project_never_invoiced_is_not_settled():
    p = project({"price_minor": 150000}, contract_signed=False, status="delivered")
    assert not p.settled
    assert no_contract(p, T) is not None


def test_a_contract_signed_late_ends_no_contract():
    assert no_contract(project(contract_signed=False), T) is not None
    assert no_contract(project(contract_signed=True), T) is None


def test_scope_creep_and_a_low_budget_end_with_a_delivered_paid_project():
    terms = {"price_minor": 100000, "estimate_minutes": 600}
    creeping = project(terms, change_requests=5, client_budget_minor=10000, client_currency="EUR")
    assert scope_creep(creeping, T) is not None
    assert budget_below_estimate(creeping, T) is not None
    settled = creeping._replace(**SETTLED)
    assert (scope_creep(settled, T), budget_below_estimate(settled, T)) == (None, None)


def test_unbilled_extras_of_a_paid_project_are_still_asked_for():
    """Paid in full, yet an extra revision is on no invoice: the money is still to bill."""
    terms = {"revisions_included": 1, "revision_fee_minor": 5000}
    finding = revisions_over_limit(project(terms, revisions=2, **SETTLED), T)
    assert finding is not None
    assert finding.severity == "critical"


def test_a_low_rate_on_a_delivered_paid_project_asks_for_nothing_more_to_bill():
    """1,000.00 for 20 hours at a 100.00 rate: 50 %, a lesson for the next quote."""
    terms = {"hourly_rate_minor": 10000}
    p = project(terms, work_minutes=1200, received_minor=100000, **SETTLED)
    finding = low_effective_rate(p, T)
    assert finding is not None
    assert text(finding)[1] == (
        "Price the next project with this client higher or with a tighter scope."
    )
