"""Risk rules (SPEC section 5): pure functions from facts, `today`/`now` and thresholds to findings.

Messages and actions are templates: a `{name}` placeholder names a `Money` entry
of the evidence, which the service formats with Babel. Every other number is
written into the sentence here, so the domain never formats money itself.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from clientkit.domain.durations import format_minutes
from clientkit.domain.money import divide_half_up
from clientkit.domain.terms import (
    Terms,
    communication_use,
    deposit_required_minor,
    expected_value_minor,
    revision_count,
)

SEVERITIES = ("info", "warning", "critical")
RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
OPEN_STATUSES = ("draft", "active", "delivered")
STARTED_STATUSES = ("active", "delivered")

DEFAULT_SEVERITY = {
    "no_contract": "warning",
    "no_deposit": "warning",
    "scope_creep": "warning",
    "change_request_unapproved": "warning",
    "unresponsive_client": "critical",
    "budget_below_estimate": "warning",
    "deadline_at_risk": "warning",
    "deadline_passed": "critical",  # deadline_at_risk once the date has gone by
    "low_effective_rate": "info",
}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in minor units of a currency, formatted only at the edge."""

    minor: int
    currency: str


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The limits of SPEC section 5; the config file may change each."""

    scope_creep_change_requests: int = 3
    scope_creep_value_percent: int = 20
    scope_creep_hours_percent: int = 120
    comm_warning_percent: int = 80
    overdue_critical_days: int = 14
    unresponsive_days: int = 14
    budget_gap_percent: int = 20
    awaiting_reply_warning_hours: int = 24
    awaiting_reply_critical_hours: int = 72
    deadline_days: int = 7
    low_rate_percent: int = 70
    severity: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    # (days after the due date, reminder level), as the reminder schedule says.
    reminders: tuple[tuple[int, str], ...] = ((1, "friendly"), (7, "second"), (14, "final"))

    def severity_of(self, code: str) -> str:
        return self.severity.get(code, DEFAULT_SEVERITY.get(code, "warning"))


# The thresholds a config file may set as whole numbers (the rest are tables).
THRESHOLD_NUMBERS = tuple(
    name for name, kind in Thresholds.__annotations__.items() if kind in (int, "int")
)


def risk_defaults() -> dict[str, Any]:
    """The [risk] table of the shipped configuration: every threshold and severity."""
    limits = Thresholds()
    table: dict[str, Any] = {name: getattr(limits, name) for name in THRESHOLD_NUMBERS}
    table["severity"] = dict(DEFAULT_SEVERITY)
    return table


class Finding(NamedTuple):
    """One risk: `message` and `action` are templates over the Money entries of `evidence`.

    A named tuple, like ProjectFacts: a large book yields thousands per run."""

    code: str
    severity: str
    client_id: int
    client: str
    project_id: int | None
    project: str | None
    message: str
    evidence: dict[str, Any]
    action: str


class ProjectFacts(NamedTuple):
    """An open project with everything the project rules look at.

    A named tuple, not a frozen dataclass: a large book has thousands of open projects,
    built straight from the rows of one query, and a frozen dataclass's per-field
    `__init__` cost more than the query itself."""

    terms: Terms
    project_id: int
    title: str
    client_id: int
    client: str
    status: str
    currency: str
    deadline: date | None = None
    started_on: date | None = None
    contract_signed: bool = False
    revisions: int = 0
    work_minutes: int = 0
    comm_minutes: int = 0
    deposit_received_minor: int = 0
    received_minor: int = 0
    change_requests: int = 0
    change_value_minor: int = 0  # priced change requests
    change_minutes: int = 0  # estimated minutes of change requests without a price
    unapproved_changes: int = 0
    unapproved_value_minor: int = 0  # priced change requests not approved
    first_unapproved_id: int | None = None  # scope item id of the oldest one
    open_scope_items: int = 0
    client_budget_minor: int | None = None
    client_currency: str | None = None
    billed_revisions_minor: int = 0  # extra revisions on the project's standing invoices
    billed_comm_minor: int = 0  # communication overage on them


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """An issued invoice past its due date, with what has been paid and reminded."""

    invoice_id: int
    number: str
    client_id: int
    client: str
    project_id: int | None
    project: str | None
    currency: str
    total_minor: int
    paid_minor: int
    due_date: date
    last_reminder: str | None = None

    @property
    def balance_minor(self) -> int:
        return max(0, self.total_minor - self.paid_minor)


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """When a client with overdue money last wrote, was reminded, and had work delivered."""

    client_id: int
    client: str
    last_inbound_at: datetime | None = None
    last_reminder_at: datetime | None = None
    last_delivery: date | None = None


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """A client's inbound messages still waiting for a reply."""

    client_id: int
    client: str
    waiting: int
    oldest_id: int
    oldest_at: datetime
    oldest_subject: str = ""


def slot(name: str) -> str:
    """A placeholder for the Money evidence entry `name` in a message or action."""
    return "{" + name + "}"


_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace `{name}` placeholders in one pass; replaced text is never rescanned."""
    return _SLOT.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def percent_text(part: int, whole: int) -> str:
    """`part` as a percentage of `whole` (both >= 0), one decimal, rounded down: a share of
    79.99 % shows 79.9, never 80."""
    tenths = part * 1000 // whole
    whole_percent, tenth = divmod(tenths, 10)
    return f"{whole_percent}.{tenth}" if tenth else str(whole_percent)


def _hours_text(minutes: int) -> str:
    hundredths = divide_half_up(minutes * 100, 60)
    hours, rest = divmod(hundredths, 100)
    return f"{hours}.{rest:02d}".rstrip("0").rstrip(".") if rest else str(hours)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _project_finding(
    p: ProjectFacts,
    code: str,
    severity: str,
    message: str,
    evidence: dict[str, Any],
    action: str,
) -> Finding:
    return Finding(
        code, severity, p.client_id, p.client, p.project_id, p.title, message, evidence, action
    )


def no_contract(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """A started project without a signed contract."""
    if p.status not in STARTED_STATUSES or p.contract_signed:
        return None
    started = p.started_on.isoformat() if p.started_on else None
    since = f" on {started}" if started else ""
    return _project_finding(
        p,
        "no_contract",
        t.severity_of("no_contract"),
        f"The project started{since} without a signed contract.",
        {"status": p.status, "started_on": started},
        "Get the contract signed before doing more work (clientkit contract pdf, then "
        "clientkit contract sign).",
    )


def no_deposit(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """A started project that received less deposit than its terms require."""
    if p.status not in STARTED_STATUSES:
        return None
    required = deposit_required_minor(p.terms)
    received = p.deposit_received_minor
    if required <= 0 or received >= required:
        return None
    c = p.currency
    evidence = {
        "required": Money(required, c),
        "received": Money(received, c),
        "missing": Money(required - received, c),
    }
    return _project_finding(
        p,
        "no_deposit",
        t.severity_of("no_deposit"),
        f"Deposit received: {slot('received')} of {slot('required')} required; "
        f"{slot('missing')} still missing.",
        evidence,
        f"Ask for the missing deposit ({slot('missing')}) before continuing the work.",
    )


def revisions_over_limit(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Revisions at the included number (warning) or beyond it (critical)."""
    included = p.terms.revisions_included
    if included is None or p.revisions == 0 or p.revisions < included:
        return None
    count = revision_count(p.terms, p.revisions)
    c = p.currency
    fee = p.terms.revision_fee_minor
    evidence: dict[str, Any] = {
        "included": count.included,
        "used": p.revisions,
        "extra": count.extra,
        "fee": None if fee is None else Money(fee, c),
        "extra_fee": Money(count.extra_fee_minor, c),
    }
    if not count.is_extra:
        price = f"billed at {slot('fee')}" if fee else "beyond the contract"
        message = (
            f"{p.revisions} of {count.included} included revisions used: the next one is {price}."
        )
        action = (
            "Tell the client the included revisions are used up and that the next one "
            f"costs {slot('fee')}."
            if fee
            else "Agree a fee per extra revision in writing before doing the next one."
        )
        return _project_finding(p, "revisions_over_limit", "warning", message, evidence, action)
    extra = _plural(count.extra, "extra revision")
    if fee:
        message, action = _extra_revisions_to_bill(
            f"{p.revisions} revisions logged, {count.included} included: {extra} at "
            f"{slot('fee')} each",
            evidence,
            count.extra,
            count.extra_fee_minor,
            p.billed_revisions_minor,
            c,
        )
    else:
        message = (
            f"{p.revisions} revisions logged, {count.included} included: {extra} "
            "and no fee agreed for them."
        )
        action = "Agree a fee per extra revision in writing and bill the extra ones."
    return _project_finding(p, "revisions_over_limit", "critical", message, evidence, action)


def _record_billing(evidence: dict[str, Any], cost: int, billed: int, currency: str) -> int:
    """Put what standing invoices bill of `cost`, and what is left to bill, in the evidence;
    returns the amount left."""
    to_bill = max(0, cost - billed)
    evidence["billed"] = Money(min(billed, cost), currency)
    evidence["to_bill"] = Money(to_bill, currency)
    return to_bill


def _extra_revisions_to_bill(
    message: str,
    evidence: dict[str, Any],
    extra: int,
    cost: int,
    billed: int,
    currency: str,
) -> tuple[str, str]:
    """The extra revisions' sentence and next step, after what invoices already bill."""
    to_bill = _record_billing(evidence, cost, billed, currency)
    if not billed:
        which = "the extra revision" if extra == 1 else f"the {_plural(extra, 'extra revision')}"
        return (
            f"{message}, {slot('extra_fee')} to bill.",
            f"Bill {which} ({slot('extra_fee')}) on the next invoice.",
        )
    if to_bill:
        return (
            f"{message}, {slot('to_bill')} of {slot('extra_fee')} not billed yet.",
            f"Bill the rest ({slot('to_bill')}) on the next invoice.",
        )
    return (
        f"{message}, all billed ({slot('extra_fee')}).",
        f"Before the next revision, remind the client that each one costs {slot('fee')}.",
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
    evidence: dict[str, Any] = {
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
    parts = [f"{_plural(p.change_requests, 'change request')} after kickoff"]
    if change_value and value:
        parts[0] += (
            f" worth {slot('change_value')} ({evidence['change_value_percent']}% of the price)"
        )
    if "work_hours" in reasons and estimate:
        parts.append(
            f"work at {evidence['work_percent']}% of the estimate "
            f"({format_minutes(p.work_minutes)} of {format_minutes(estimate)})"
        )
    if p.unapproved_changes:
        parts.append(f"{p.unapproved_changes} not approved by the client")
    if p.unapproved_changes:
        orders = (
            "the unapproved change order"
            if p.unapproved_changes == 1
            else f"the {p.unapproved_changes} unapproved change orders"
        )
        action = f"Get {orders} signed and priced before doing the work (clientkit scope approve)."
    else:
        action = (
            "Re-quote the remaining work and price every further change request before starting it."
        )
    message = "; ".join(parts) + "."
    return _project_finding(
        p,
        "scope_creep",
        t.severity_of("scope_creep"),
        message[0].upper() + message[1:],
        evidence,
        action,
    )


def change_request_unapproved(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Change requests without a signed change order: work nobody agreed to pay for yet."""
    count = p.unapproved_changes
    if not count:
        return None
    first = p.first_unapproved_id
    evidence: dict[str, Any] = {
        "unapproved_change_requests": count,
        "unapproved_value": (
            Money(p.unapproved_value_minor, p.currency) if p.unapproved_value_minor else None
        ),
        "first_scope_id": first,
    }
    worth = f" worth {slot('unapproved_value')}" if p.unapproved_value_minor else ""
    subject = "A change request" if count == 1 else f"{count} change requests"
    verb = "has" if count == 1 else "have"
    if count == 1:
        how = f"clientkit scope order {first}, then clientkit scope approve {first}"
    else:
        how = f"clientkit scope order and scope approve for each; the oldest is scope item {first}"
    return _project_finding(
        p,
        "change_request_unapproved",
        t.severity_of("change_request_unapproved"),
        f"{subject}{worth} {verb} no signed change order.",
        evidence,
        f"Get the change order signed before starting the work ({how}).",
    )


def communication_over_budget(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """Communication at the warning share of its budget, or beyond the budget."""
    budget = p.terms.comm_budget_minutes
    if not budget or p.comm_minutes * 100 < budget * t.comm_warning_percent:
        return None
    use = communication_use(p.terms, p.comm_minutes)
    c = p.currency
    over = use.over_minutes > 0
    evidence: dict[str, Any] = {
        "used_minutes": p.comm_minutes,
        "budget_minutes": budget,
        "used_percent": percent_text(p.comm_minutes, budget),
        "over_minutes": use.over_minutes,
        "rate": None if not use.rate_minor else Money(use.rate_minor, c),
        "over_cost": Money(use.over_cost_minor, c),
    }
    message = (
        f"Communication {format_minutes(p.comm_minutes)} of the "
        f"{format_minutes(budget)} budget ({evidence['used_percent']}%)"
    )
    if not over:
        state = "used up" if p.comm_minutes >= budget else "nearly used"
        action = (
            f"Tell the client the communication budget is {state}; time beyond it is "
            f"billed at {slot('rate')} an hour."
            if use.rate_minor
            else f"Tell the client the communication budget is {state} and agree an hourly "
            "rate for time beyond it."
        )
        return _project_finding(
            p, "communication_over_budget", "warning", message + ".", evidence, action
        )
    if use.rate_minor:
        message, action = _overage_to_bill(
            message + f": {format_minutes(use.over_minutes)} over",
            evidence,
            use.over_cost_minor,
            p.billed_comm_minor,
            c,
        )
    else:
        message += f": {format_minutes(use.over_minutes)} over and no rate agreed."
        action = "Agree an hourly rate for communication beyond the budget and bill the overage."
    return _project_finding(p, "communication_over_budget", "critical", message, evidence, action)


def _overage_to_bill(
    message: str,
    evidence: dict[str, Any],
    cost: int,
    billed: int,
    currency: str,
) -> tuple[str, str]:
    """The communication overage's sentence and next step, after what invoices already bill."""
    to_bill = _record_billing(evidence, cost, billed, currency)
    if not billed:
        return (
            f"{message}, {slot('over_cost')} to bill.",
            f"Bill the communication beyond the budget ({slot('over_cost')}) and keep "
            "calls and e-mails short.",
        )
    if to_bill:
        return (
            f"{message} ({slot('over_cost')}), {slot('to_bill')} of it not billed yet.",
            f"Bill the rest of the communication beyond the budget ({slot('to_bill')}) "
            "and keep calls and e-mails short.",
        )
    return (
        f"{message}, {slot('over_cost')} billed.",
        f"Keep calls and e-mails short: every hour beyond the budget is billed at {slot('rate')}.",
    )


def budget_below_estimate(p: ProjectFacts, t: Thresholds) -> Finding | None:
    """The client's stated budget more than the allowed share below the project's value."""
    value = _project_value(p)
    budget = p.client_budget_minor
    if not value or budget is None or p.client_currency != p.currency:
        return None
    if (value - budget) * 100 <= value * t.budget_gap_percent:
        return None
    c = p.currency
    gap = percent_text(value - budget, value)
    evidence = {"budget": Money(budget, c), "estimate": Money(value, c), "gap_percent": gap}
    if p.status == "draft":
        action = (
            "Discuss the budget before starting: trim the scope to fit it or agree "
            "the estimate in writing."
        )
    else:
        action = (
            "Discuss the budget now: trim the remaining scope or agree the price in "
            "writing before continuing."
        )
    return _project_finding(
        p,
        "budget_below_estimate",
        t.severity_of("budget_below_estimate"),
        f"The client's budget of {slot('budget')} is {gap}% below the estimate of "
        f"{slot('estimate')}.",
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
    items = _plural(p.open_scope_items, "scope item")
    if days < 0:
        message = f"The deadline {p.deadline.isoformat()} passed {_plural(-days, 'day')} ago"
        message += f" with {items} open." if p.open_scope_items else "."
        return _project_finding(
            p,
            "deadline_at_risk",
            t.severity_of("deadline_passed"),
            message,
            evidence,
            "Agree a new date with the client in writing and say what is still missing.",
        )
    if days > t.deadline_days or not p.open_scope_items:
        return None
    when = "today" if days == 0 else f"in {_plural(days, 'day')}"
    rush = " Squeezed work takes the contract's rush fee." if p.terms.rush_fee_bp else ""
    return _project_finding(
        p,
        "deadline_at_risk",
        t.severity_of("deadline_at_risk"),
        f"The deadline {p.deadline.isoformat()} is {when} with {items} open.",
        evidence,
        "Tell the client now what will be ready by the deadline and agree a date for the "
        f"rest.{rush}",
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
        "hours_logged": _hours_text(minutes),
        "effective_rate": Money(divide_half_up(received * 60, minutes), c),
        "project_rate": Money(divide_half_up(rate_num, rate_den), c),
        "rate_percent": percent_text(received * 60 * rate_den, minutes * rate_num),
    }
    return _project_finding(
        p,
        "low_effective_rate",
        t.severity_of("low_effective_rate"),
        f"Effective rate {slot('effective_rate')} an hour ({slot('received')} received for "
        f"{evidence['hours_logged']} h) is {evidence['rate_percent']}% of the project's rate "
        f"of {slot('project_rate')}.",
        evidence,
        "Bill the open hours and extras now, and price the next project with this client higher "
        "or with a tighter scope.",
    )


def _reminder_phrase(level: str) -> str:
    return {
        "friendly": "a friendly reminder",
        "second": "the second reminder",
        "final": "the final notice with the contractual late fee",
    }.get(level, f"the {level} reminder")


def _overdue_action(invoice: InvoiceFacts, days: int, t: Thresholds) -> str:
    """The reminder the schedule calls for by now; once it went out, the next step."""
    schedule = sorted(t.reminders)
    levels = [level for _, level in schedule]
    due = [level for after, level in schedule if after <= days]
    if not due:
        return "Send a friendly reminder (clientkit remind --send)."
    sent = invoice.last_reminder
    if sent not in levels or levels.index(sent) < levels.index(due[-1]):
        return f"Send {_reminder_phrase(due[-1])} (clientkit remind --send)."
    later = schedule[levels.index(sent) + 1 :]
    if not later:
        return f"Call the client: {_reminder_phrase(sent)} went out and the balance is still open."
    after, level = later[0]
    on = (invoice.due_date + timedelta(days=after)).isoformat()
    return (
        f"{_reminder_phrase(sent).capitalize()} went out; send {_reminder_phrase(level)} "
        f"on {on} if nothing arrives (clientkit remind --send)."
    )


def unpaid_overdue(invoice: InvoiceFacts, today: date, t: Thresholds) -> Finding | None:
    """An issued invoice with a balance past its due date: warning at first, then critical."""
    days = (today - invoice.due_date).days
    if days < 1 or invoice.balance_minor <= 0:
        return None
    c = invoice.currency
    severity = "critical" if days > t.overdue_critical_days else "warning"
    evidence = {
        "invoice": invoice.number,
        "invoice_id": invoice.invoice_id,
        "due_date": invoice.due_date.isoformat(),
        "days_overdue": days,
        "total": Money(invoice.total_minor, c),
        "paid": Money(invoice.paid_minor, c),
        "balance": Money(invoice.balance_minor, c),
        "last_reminder": invoice.last_reminder,
    }
    return Finding(
        "unpaid_overdue",
        severity,
        invoice.client_id,
        invoice.client,
        invoice.project_id,
        invoice.project,
        f"Invoice {invoice.number} is {_plural(days, 'day')} overdue with {slot('balance')} "
        "unpaid.",
        evidence,
        _overdue_action(invoice, days, t),
    )


def _silence_anchor(client: ClientFacts, overdue: Sequence[InvoiceFacts]) -> tuple[date, str]:
    anchors: list[tuple[date, str]] = []
    if client.last_reminder_at is not None:
        anchors.append((client.last_reminder_at.date(), "reminder"))
    if client.last_delivery is not None:
        anchors.append((client.last_delivery, "delivery"))
    if anchors:
        return max(anchors)
    # Neither reminded nor delivered: the silence counts from when the money fell due.
    return min(invoice.due_date for invoice in overdue), "due date"


def unresponsive_client(
    client: ClientFacts, overdue: Sequence[InvoiceFacts], today: date, t: Thresholds
) -> Finding | None:
    """Money overdue and no word from the client for the allowed days since reminder/delivery."""
    late = [
        i
        for i in overdue
        if i.client_id == client.client_id
        and i.balance_minor > 0
        and (today - i.due_date).days >= 1
    ]
    if not late:
        return None
    anchor, event = _silence_anchor(client, late)
    silent_days = (today - anchor).days
    if client.last_inbound_at is not None and client.last_inbound_at.date() >= anchor:
        return None
    if silent_days < t.unresponsive_days:
        return None
    totals: dict[str, int] = {}
    for invoice in late:
        totals[invoice.currency] = totals.get(invoice.currency, 0) + invoice.balance_minor
    evidence = {
        "days_silent": silent_days,
        "since": anchor.isoformat(),
        "since_event": event,
        "last_inbound": client.last_inbound_at.isoformat() if client.last_inbound_at else None,
        "overdue_invoices": len(late),
        "overdue": [Money(minor, currency) for currency, minor in sorted(totals.items())],
    }
    return Finding(
        "unresponsive_client",
        t.severity_of("unresponsive_client"),
        client.client_id,
        client.client,
        None,
        None,
        f"No word from the client for {_plural(silent_days, 'day')} since the {event} on "
        f"{anchor.isoformat()}, with {slot('overdue')} overdue on "
        f"{_plural(len(late), 'invoice')}.",
        evidence,
        "Send the final notice with the late fee, call the client, and stop further work until "
        "the balance is paid.",
    )


def awaiting_reply(m: MessageFacts, now: datetime, t: Thresholds) -> Finding | None:
    """Inbound messages unanswered for a day (warning) or three (critical)."""
    hours = int((now - m.oldest_at).total_seconds() // 3600)
    if hours < t.awaiting_reply_warning_hours:
        return None
    severity = "critical" if hours >= t.awaiting_reply_critical_hours else "warning"
    evidence = {
        "waiting": m.waiting,
        "oldest_message_id": m.oldest_id,
        "oldest_at": m.oldest_at.isoformat(),
        "hours_waiting": hours,
        "subject": m.oldest_subject,
    }
    if m.waiting == 1:
        message = f"A message has waited {hours} h for a reply."
    else:
        message = f"{m.waiting} messages await a reply; the oldest has waited {hours} h."
    return Finding(
        "awaiting_reply",
        severity,
        m.client_id,
        m.client,
        None,
        None,
        message,
        evidence,
        "Reply today and give a date for the answer (record it with clientkit message add "
        "CLIENT --outbound).",
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


def evaluate(
    projects: Iterable[ProjectFacts],
    invoices: Sequence[InvoiceFacts],
    clients: Iterable[ClientFacts],
    messages: Iterable[MessageFacts],
    *,
    now: datetime,
    today: date,
    thresholds: Thresholds,
) -> list[Finding]:
    """Every rule over every fact; findings in no particular order."""
    t = thresholds
    found: list[Finding] = []
    keep = found.append
    # Plain loops, not generators: a large book runs these rules tens of thousands of times.
    for p in projects:
        if p.status not in OPEN_STATUSES:
            continue
        for rule in PROJECT_RULES:
            if (finding := rule(p, t)) is not None:
                keep(finding)
        if (finding := deadline_at_risk(p, today, t)) is not None:
            keep(finding)
    by_client: dict[int, list[InvoiceFacts]] = {}
    for invoice in invoices:
        if (finding := unpaid_overdue(invoice, today, t)) is not None:
            keep(finding)
        by_client.setdefault(invoice.client_id, []).append(invoice)
    for c in clients:
        late = by_client.get(c.client_id, [])
        if (finding := unresponsive_client(c, late, today, t)) is not None:
            keep(finding)
    for m in messages:
        if (finding := awaiting_reply(m, now, t)) is not None:
            keep(finding)
    return found


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Clients with the most severe findings first; within a client, most severe first."""
    by_client: dict[int, list[Finding]] = {}
    for f in findings:
        by_client.setdefault(f.client_id, []).append(f)
    # Sorted client by client: each name is case-folded once, not once per finding.
    clients = sorted(
        by_client.items(),
        key=lambda item: (
            -max(RANK[f.severity] for f in item[1]),
            item[1][0].client.casefold(),
            item[0],
        ),
    )
    ordered: list[Finding] = []
    for _, found in clients:
        ordered.extend(
            sorted(found, key=lambda f: (-RANK[f.severity], f.code, (f.project or "").casefold()))
        )
    return ordered


def at_least(findings: Iterable[Finding], min_severity: str) -> list[Finding]:
    """Findings of `min_severity` or worse."""
    floor = RANK[min_severity]
    return [f for f in findings if RANK[f.severity] >= floor]
