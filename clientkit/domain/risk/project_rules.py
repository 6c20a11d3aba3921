"""Project rules of SPEC section 5: contract, deposit, revisions, scope, change orders,
communication, budget, deadline and effective rate, each a pure function of the facts."""

from collections.abc import Callable
from datetime import date
from typing import Literal

from clientkit.domain.durations import format_minutes
from clientkit.domain.money import divide_half_up
from clientkit.domain.risk.facts import STARTED_STATUSES, ProjectFacts
from clientkit.domain.risk.findings import (
    Evidence,
    Finding,
    Money,
    hours_text,
    percent_text,
    slot,
)
from clientkit.domain.risk.thresholds import Thresholds
from clientkit.domain.terms import (
    Terms,
    communication_use,
    deposit_required_minor,
    expected_value_minor,
    revision_count,
)
from clientkit.domain.wording import said, said_n

Billed = Literal["none", "part", "all"]  # how much of an amount owed standing invoices bill


def _project_finding(
    p: ProjectFacts,
    code: str,
    severity: str,
    message: str,
    evidence: Evidence,
    action: str,
) -> Finding:
    return Finding(
        code, severity, p.client_id, p.client, p.project_id, p.title, message, evidence, action
    )


def no_contract(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """A started project without a signed contract; signing it late ends the finding, and so
    does a delivered project paid in full (nothing is left at stake)."""
    if p.status not in STARTED_STATUSES or p.contract_signed or p.settled:
        return None
    started = p.started_on.isoformat() if p.started_on else None
    if p.status == "delivered":
        action = said(
            "Get the contract signed before you invoice the work (clientkit contract pdf, then"
            " clientkit contract sign)."
        )
    else:
        action = said(
            "Get the contract signed before doing more work (clientkit contract pdf, then"
            " clientkit contract sign)."
        )
    if started:
        message = said("The project started on %(date)s without a signed contract.", date=started)
    else:
        message = said("The project started without a signed contract.")
    return _project_finding(
        p,
        "no_contract",
        t.severity_of("no_contract"),
        message,
        {"status": p.status, "started_on": started},
        action,
    )


def no_deposit(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """A started project that received less deposit than its terms require, until the deposit
    is in or the delivered project is paid in full."""
    if p.status not in STARTED_STATUSES or p.settled:
        return None
    required = deposit_required_minor(p.terms)
    received = p.deposit_received_minor
    if required <= 0 or received >= required:
        return None
    c = p.currency
    evidence: Evidence = {
        "required": Money(required, c),
        "received": Money(received, c),
        "missing": Money(required - received, c),
    }
    if p.status == "delivered":
        action = said("The work is delivered: bill it in full instead (clientkit invoice create).")
    else:
        action = said(
            "Ask for the missing deposit (%(missing)s) before continuing the work.",
            missing=slot("missing"),
        )
    return _project_finding(
        p,
        "no_deposit",
        t.severity_of("no_deposit"),
        said(
            "Deposit received: %(received)s of %(required)s required; %(missing)s still missing.",
            received=slot("received"),
            required=slot("required"),
            missing=slot("missing"),
        ),
        evidence,
        action,
    )


def revisions_over_limit(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Revisions at the included number (warning) or beyond it: critical while none of the
    extra is billed, a warning naming the rest while part is, gone once standing invoices bill
    it all."""
    included = p.terms.revisions_included
    if included is None or p.revisions == 0 or p.revisions < included:
        return None
    count = revision_count(p.terms, p.revisions)
    c = p.currency
    fee = p.terms.revision_fee_minor
    evidence: Evidence = {
        "included": count.included,
        "used": p.revisions,
        "extra": count.extra,
        "fee": None if fee is None else Money(fee, c),
        "extra_fee": Money(count.extra_fee_minor, c),
    }
    if not count.is_extra:
        if p.settled:
            return None  # delivered and paid: no next revision to warn about
        if fee:
            message = said_n(
                "%(used)s of %(count)s included revisions used: the next one is billed at %(fee)s.",
                "%(used)s of %(count)s included revisions used: the next one is billed at %(fee)s.",
                included,
                used=p.revisions,
                fee=slot("fee"),
            )
            action = said(
                "Tell the client the included revisions are used up and that the next one"
                " costs %(fee)s.",
                fee=slot("fee"),
            )
        else:
            message = said_n(
                "%(used)s of %(count)s included revisions used: the next one is beyond the"
                " contract.",
                "%(used)s of %(count)s included revisions used: the next one is beyond the"
                " contract.",
                included,
                used=p.revisions,
            )
            action = said("Agree a fee per extra revision in writing before doing the next one.")
        return _project_finding(p, "revisions_over_limit", "warning", message, evidence, action)
    if fee:
        billed = _record_billing(evidence, count.extra_fee_minor, p.billed_revisions_minor, c)
        if billed == "all":
            return None
        logged = said_n(
            "%(used)s revisions logged, %(included)s included: %(count)s extra revision at"
            " %(fee)s each",
            "%(used)s revisions logged, %(included)s included: %(count)s extra revisions at"
            " %(fee)s each",
            count.extra,
            used=p.revisions,
            included=count.included,
            fee=slot("fee"),
        )
        message, action = _extra_revisions_to_bill(logged, count.extra, billed)
        severity = "warning" if billed == "part" else "critical"
        return _project_finding(p, "revisions_over_limit", severity, message, evidence, action)
    message = said_n(
        "%(used)s revisions logged, %(included)s included: %(count)s extra revision and no fee"
        " agreed for them.",
        "%(used)s revisions logged, %(included)s included: %(count)s extra revisions and no fee"
        " agreed for them.",
        count.extra,
        used=p.revisions,
        included=count.included,
    )
    action = said("Agree a fee per extra revision in writing and bill the extra ones.")
    return _project_finding(p, "revisions_over_limit", "critical", message, evidence, action)


def _record_billing(evidence: Evidence, cost: int, billed: int, currency: str) -> Billed:
    """Put what standing invoices bill of `cost`, and what is left to bill, in the evidence;
    returns how much of it is billed."""
    to_bill = max(0, cost - billed)
    evidence["billed"] = Money(min(billed, cost), currency)
    evidence["to_bill"] = Money(to_bill, currency)
    if not billed:
        return "none"
    return "part" if to_bill else "all"


def _extra_revisions_to_bill(message: str, extra: int, billed: Billed) -> tuple[str, str]:
    """The extra revisions' sentence and next step, after what invoices already bill (never
    all of it: then there is no finding)."""
    if billed == "part":
        return (
            said(
                "%(revisions)s, %(to_bill)s of %(extra_fee)s not billed yet.",
                revisions=message,
                to_bill=slot("to_bill"),
                extra_fee=slot("extra_fee"),
            ),
            said("Bill the rest (%(to_bill)s) on the next invoice.", to_bill=slot("to_bill")),
        )
    if extra == 1:
        bill = said("Bill the extra revision (%(fee)s) on the next invoice.", fee=slot("extra_fee"))
    else:
        bill = said_n(
            "Bill the %(count)s extra revision (%(fee)s) on the next invoice.",
            "Bill the %(count)s extra revisions (%(fee)s) on the next invoice.",
            extra,
            fee=slot("extra_fee"),
        )
    return (
        said(
            "%(revisions)s, %(extra_fee)s to bill.", revisions=message, extra_fee=slot("extra_fee")
        ),
        bill,
    )


def _project_value(p: ProjectFacts) -> int | None:
    return expected_value_minor(p.terms)


def scope_creep(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Many change requests, changes worth a large share of the price, or work over estimate."""
    value = _project_value(p)
    rate = p.terms.hourly_rate_minor
    change_value = p.change_value_minor + (
        divide_half_up(p.change_minutes * rate, 60) if rate and p.change_minutes > 0 else 0
    )
    estimate = p.terms.estimate_minutes
    if p.settled:
        return None  # delivered and paid: no work is left to re-quote
    reasons = []
    if p.change_requests and p.change_requests >= t.scope_creep_change_requests:
        reasons.append("change_requests")
    if value and change_value and change_value * 100 >= value * t.scope_creep_value_percent:
        reasons.append("change_value")
    if estimate and p.work_minutes * 100 >= estimate * t.scope_creep_hours_percent:
        reasons.append("work_hours")
    if not reasons:
        return None
    c = p.currency
    evidence: Evidence = {
        "reasons": reasons,
        "change_requests": p.change_requests,
        "unapproved_change_requests": p.unapproved_changes,
        "change_value": Money(change_value, c),
        "price": None if value is None else Money(value, c),
        "change_value_percent": percent_text(change_value, value) if value else None,
        "work_minutes": p.work_minutes,
        "estimate_minutes": estimate,
        "work_percent": percent_text(p.work_minutes, estimate) if estimate else None,
    }
    if change_value and value:
        message = said_n(
            "%(count)s change request after kickoff worth %(value)s (%(percent)s%% of the price)",
            "%(count)s change requests after kickoff worth %(value)s (%(percent)s%% of the price)",
            p.change_requests,
            value=slot("change_value"),
            percent=evidence["change_value_percent"],
        )
    else:
        message = said_n(
            "%(count)s change request after kickoff",
            "%(count)s change requests after kickoff",
            p.change_requests,
        )
    if "work_hours" in reasons and estimate:
        work = said(
            "work at %(percent)s%% of the estimate (%(work)s of %(estimate)s)",
            percent=evidence["work_percent"],
            work=format_minutes(p.work_minutes),
            estimate=format_minutes(estimate),
        )
        message = said("%(before)s; %(after)s", before=message, after=work)
    if p.unapproved_changes:
        unapproved = said_n(
            "%(count)s not approved by the client",
            "%(count)s not approved by the client",
            p.unapproved_changes,
        )
        message = said("%(before)s; %(after)s", before=message, after=unapproved)
    return _project_finding(
        p,
        "scope_creep",
        t.severity_of("scope_creep"),
        said("%(sentence)s.", sentence=message),  # it begins with a number: no capital to add
        evidence,
        _scope_creep_action(p.unapproved_changes),
    )


def _scope_creep_action(unapproved: int) -> str:
    if unapproved == 1:
        return said(
            "Get the unapproved change order signed and priced before doing the work"
            " (clientkit scope approve)."
        )
    if unapproved:
        return said_n(
            "Get the %(count)s unapproved change order signed and priced before doing the work"
            " (clientkit scope approve).",
            "Get the %(count)s unapproved change orders signed and priced before doing the work"
            " (clientkit scope approve).",
            unapproved,
        )
    return said(
        "Re-quote the remaining work and price every further change request before starting it."
    )


def change_request_unapproved(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Change requests without a signed change order: work nobody agreed to pay for yet."""
    count = p.unapproved_changes
    if not count:
        return None
    first = p.first_unapproved_id
    evidence: Evidence = {
        "unapproved_change_requests": count,
        "unapproved_value": (
            Money(p.unapproved_value_minor, p.currency) if p.unapproved_value_minor else None
        ),
        "first_scope_id": first,
    }
    value = slot("unapproved_value")
    if count == 1 and p.unapproved_value_minor:
        message = said("A change request worth %(value)s has no signed change order.", value=value)
    elif count == 1:
        message = said("A change request has no signed change order.")
    elif p.unapproved_value_minor:
        message = said_n(
            "%(count)s change request worth %(value)s has no signed change order.",
            "%(count)s change requests worth %(value)s have no signed change order.",
            count,
            value=value,
        )
    else:
        message = said_n(
            "%(count)s change request has no signed change order.",
            "%(count)s change requests have no signed change order.",
            count,
        )
    if count == 1:
        how = said("clientkit scope order %(id)s, then clientkit scope approve %(id)s", id=first)
    else:
        how = said(
            "clientkit scope order and scope approve for each; the oldest is scope item %(id)s",
            id=first,
        )
    return _project_finding(
        p,
        "change_request_unapproved",
        t.severity_of("change_request_unapproved"),
        message,
        evidence,
        said("Get the change order signed before starting the work (%(how)s).", how=how),
    )


def communication_over_budget(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Communication at the warning share of its budget, or beyond it: critical while none of
    the overage is billed, a warning naming the rest while part is, gone once it all is."""
    use = communication_use(p.terms, p.comm_minutes)
    budget = use.budget_minutes  # None on an hourly project: all of it is billed as time
    if not budget or p.comm_minutes * 100 < budget * t.comm_warning_percent:
        return None
    c = p.currency
    over = use.over_minutes > 0
    evidence: Evidence = {
        "used_minutes": p.comm_minutes,
        "budget_minutes": budget,
        "used_percent": percent_text(p.comm_minutes, budget),
        "over_minutes": use.over_minutes,
        "rate": None if not use.rate_minor else Money(use.rate_minor, c),
        "over_cost": Money(use.over_cost_minor, c),
    }
    used = {
        "used": format_minutes(p.comm_minutes),
        "budget": format_minutes(budget),
        "percent": str(evidence["used_percent"]),
    }
    if not over:
        if p.settled:
            return None  # delivered and paid: no more calls to keep short
        message = said("Communication %(used)s of the %(budget)s budget (%(percent)s%%).", **used)
        action = _budget_notice(p.comm_minutes >= budget, bool(use.rate_minor))
        return _project_finding(
            p, "communication_over_budget", "warning", message, evidence, action
        )
    over_by = format_minutes(use.over_minutes)
    if use.rate_minor:
        billed = _record_billing(evidence, use.over_cost_minor, p.billed_comm_minor, c)
        if billed == "all":
            return None
        message, action = _overage_to_bill(used, over_by, billed)
        severity = "warning" if billed == "part" else "critical"
        return _project_finding(p, "communication_over_budget", severity, message, evidence, action)
    message = said(
        "Communication %(used)s of the %(budget)s budget (%(percent)s%%): %(over)s over and no"
        " rate agreed.",
        over=over_by,
        **used,
    )
    action = said("Agree an hourly rate for communication beyond the budget and bill the overage.")
    return _project_finding(p, "communication_over_budget", "critical", message, evidence, action)


def _budget_notice(used_up: bool, rate: bool) -> str:
    """The next step while communication is within its budget: tell the client it is used up
    or nearly, and what time beyond it costs (or agree that)."""
    if used_up and rate:
        return said(
            "Tell the client the communication budget is used up; time beyond it is billed at"
            " %(rate)s an hour.",
            rate=slot("rate"),
        )
    if rate:
        return said(
            "Tell the client the communication budget is nearly used; time beyond it is billed"
            " at %(rate)s an hour.",
            rate=slot("rate"),
        )
    if used_up:
        return said(
            "Tell the client the communication budget is used up and agree an hourly rate for"
            " time beyond it."
        )
    return said(
        "Tell the client the communication budget is nearly used and agree an hourly rate for"
        " time beyond it."
    )


def _overage_to_bill(used: dict[str, str], over: str, billed: Billed) -> tuple[str, str]:
    """The communication overage's sentence and next step, after what invoices already bill
    (never all of it: then there is no finding)."""
    if billed == "part":
        return (
            said(
                "Communication %(used)s of the %(budget)s budget (%(percent)s%%): %(over)s over"
                " (%(cost)s), %(to_bill)s of it not billed yet.",
                over=over,
                cost=slot("over_cost"),
                to_bill=slot("to_bill"),
                **used,
            ),
            said(
                "Bill the rest of the communication beyond the budget (%(to_bill)s) and keep"
                " calls and e-mails short.",
                to_bill=slot("to_bill"),
            ),
        )
    return (
        said(
            "Communication %(used)s of the %(budget)s budget (%(percent)s%%): %(over)s over,"
            " %(cost)s to bill.",
            over=over,
            cost=slot("over_cost"),
            **used,
        ),
        said(
            "Bill the communication beyond the budget (%(cost)s) and keep calls and e-mails short.",
            cost=slot("over_cost"),
        ),
    )


def budget_below_estimate(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """The client's stated budget more than the allowed share below the project's value."""
    value = _project_value(p)
    budget = p.client_budget_minor
    if p.settled or not value or budget is None or p.client_currency != p.currency:
        return None
    if (value - budget) * 100 <= value * t.budget_gap_percent:
        return None
    c = p.currency
    gap = percent_text(value - budget, value)
    evidence = {"budget": Money(budget, c), "estimate": Money(value, c), "gap_percent": gap}
    if p.status == "draft":
        action = said(
            "Discuss the budget before starting: trim the scope to fit it or agree"
            " the estimate in writing."
        )
    else:
        action = said(
            "Discuss the budget now: trim the remaining scope or agree the price in"
            " writing before continuing."
        )
    return _project_finding(
        p,
        "budget_below_estimate",
        t.severity_of("budget_below_estimate"),
        said(
            "The client's budget of %(budget)s is %(gap)s%% below the estimate of %(estimate)s.",
            budget=slot("budget"),
            gap=gap,
            estimate=slot("estimate"),
        ),
        evidence,
        action,
    )


def deadline_at_risk(p: ProjectFacts, today: date, t: Thresholds) -> Finding | None:
    """A deadline close with scope items open, or already passed, on work not yet delivered."""
    if p.deadline is None or p.status not in ("draft", "active"):
        return None
    days = (p.deadline - today).days
    evidence = {
        "deadline": p.deadline.isoformat(),
        "days_left": days,
        "open_scope_items": p.open_scope_items,
    }
    deadline = p.deadline.isoformat()
    items = said_n("%(count)s scope item", "%(count)s scope items", p.open_scope_items)
    if days < 0:
        if p.open_scope_items:
            message = said_n(
                "The deadline %(deadline)s passed %(count)s day ago with %(items)s open.",
                "The deadline %(deadline)s passed %(count)s days ago with %(items)s open.",
                -days,
                deadline=deadline,
                items=items,
            )
        else:
            message = said_n(
                "The deadline %(deadline)s passed %(count)s day ago.",
                "The deadline %(deadline)s passed %(count)s days ago.",
                -days,
                deadline=deadline,
            )
        return _project_finding(
            p,
            "deadline_at_risk",
            t.severity_of("deadline_passed"),
            message,
            evidence,
            said("Agree a new date with the client in writing and say what is still missing."),
        )
    if days > t.deadline_days or not p.open_scope_items:
        return None
    if days == 0:
        message = said(
            "The deadline %(deadline)s is today with %(items)s open.",
            deadline=deadline,
            items=items,
        )
    else:
        message = said_n(
            "The deadline %(deadline)s is in %(count)s day with %(items)s open.",
            "The deadline %(deadline)s is in %(count)s days with %(items)s open.",
            days,
            deadline=deadline,
            items=items,
        )
    if p.terms.rush_fee_bp:
        action = said(
            "Tell the client now what will be ready by the deadline and agree a date for the"
            " rest. Squeezed work takes the contract's rush fee."
        )
    else:
        action = said(
            "Tell the client now what will be ready by the deadline and agree a date for the rest."
        )
    return _project_finding(
        p,
        "deadline_at_risk",
        t.severity_of("deadline_at_risk"),
        message,
        evidence,
        action,
    )


def project_rate(terms: Terms) -> tuple[int, int] | None:
    """The hourly rate a project was sold at, as an exact fraction (numerator, denominator) of
    minor units: its hourly rate, or price ÷ estimated hours."""
    if terms.hourly_rate_minor is not None:
        return terms.hourly_rate_minor, 1
    if terms.price_minor is not None and terms.estimate_minutes:
        return terms.price_minor * 60, terms.estimate_minutes
    return None


def low_effective_rate(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Money received ÷ hours logged below the allowed share of the project's rate.

    Judged once money beyond the deposit has come in or the work is delivered:
    before that, an unbilled project (or one paid only its deposit, which buys
    the start, not the hours) would always look underpaid.
    """
    rate = project_rate(p.terms)
    minutes = p.work_minutes + p.comm_minutes
    if rate is None or rate[0] <= 0 or minutes <= 0:
        return None
    if p.received_minor <= p.deposit_received_minor and p.status != "delivered":
        return None
    received = max(p.received_minor, 0)
    rate_num, rate_den = rate
    # effective = received * 60 / minutes; compare effective * 100 with rate * percent exactly.
    if received * 60 * 100 * rate_den >= rate_num * t.low_rate_percent * minutes:
        return None
    c = p.currency
    evidence = {
        "received": Money(p.received_minor, c),
        "minutes_logged": minutes,
        "hours_logged": hours_text(minutes),
        "effective_rate": Money(divide_half_up(received * 60, minutes), c),
        "project_rate": Money(divide_half_up(rate_num, rate_den), c),
        "rate_percent": percent_text(received * 60 * rate_den, minutes * rate_num),
    }
    return _project_finding(
        p,
        "low_effective_rate",
        t.severity_of("low_effective_rate"),
        said(
            "Effective rate %(effective)s an hour (%(received)s received for %(time)s) is"
            " %(percent)s%% of the project's rate of %(rate)s.",
            effective=slot("effective_rate"),
            received=slot("received"),
            time=format_minutes(minutes),
            percent=evidence["rate_percent"],
            rate=slot("project_rate"),
        ),
        evidence,
        # Delivered and paid in full: nothing is left to bill, only a lesson for next time.
        said("Price the next project with this client higher or with a tighter scope.")
        if p.settled
        else said(
            "Bill the open hours and extras now, and price the next project with this client"
            " higher or with a tighter scope."
        ),
    )


ProjectRule = Callable[[ProjectFacts, Thresholds], Finding | None]
PROJECT_RULES: tuple[ProjectRule, ...] = (
    no_contract,
    no_deposit,
    revisions_over_limit,
    scope_creep,
    change_request_unapproved,
    communication_over_budget,
    budget_below_estimate,
    low_effective_rate,
)
