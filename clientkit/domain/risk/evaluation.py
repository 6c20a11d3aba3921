"""Every risk rule over every fact, and the order and filter findings are shown in."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from clientkit.domain.risk.facts import (
    OPEN_STATUSES,
    ClientFacts,
    InvoiceFacts,
    MessageFacts,
    ProjectFacts,
)
from clientkit.domain.risk.findings import RANK, Finding
from clientkit.domain.risk.money_rules import awaiting_reply, unpaid_overdue, unresponsive_client
from clientkit.domain.risk.project_rules import PROJECT_RULES, deadline_at_risk
from clientkit.domain.risk.thresholds import Thresholds

# Every code a rule writes; those of CLIENT_CODES are about a client, never one project.
CODES = (
    "no_contract",
    "no_deposit",
    "revisions_over_limit",
    "scope_creep",
    "change_request_unapproved",
    "communication_over_budget",
    "budget_below_estimate",
    "deadline_at_risk",
    "low_effective_rate",
    "unpaid_overdue",  # an invoice's: its project's, or the client's when it has none
    "unresponsive_client",
    "awaiting_reply",
)
CLIENT_CODES = frozenset({"unresponsive_client", "awaiting_reply"})


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
    # The client's credit, per currency, goes to the oldest overdue invoices first: an invoice
    # it covers in full is settled by applying it, and owes nothing the client must be chased for.
    credit_left: dict[tuple[int, str], int] = {}
    for invoice in sorted(invoices, key=_oldest_first):
        key = (invoice.client_id, invoice.currency)
        credit = credit_left.setdefault(key, max(invoice.client_credit_minor, 0))
        if (finding := unpaid_overdue(invoice, today, t, credit)) is not None:
            keep(finding)
        balance = invoice.balance_minor
        if credit and (today - invoice.due_date).days >= 1 and balance > 0:
            credit_left[key] = max(0, credit - balance)
            if credit >= balance:
                continue
        by_client.setdefault(invoice.client_id, []).append(invoice)
    for c in clients:
        late = by_client.get(c.client_id, [])
        if (finding := unresponsive_client(c, late, today, t)) is not None:
            keep(finding)
    for m in messages:
        if (finding := awaiting_reply(m, now, t)) is not None:
            keep(finding)
    return found


def as_behaved(projects: Iterable[ProjectFacts]) -> list[ProjectFacts]:
    """The projects as if nothing were billed or paid yet: how the client behaved on them
    (extra revisions, long calls), which the client patterns describe, stays in view once
    the bill is settled."""
    return [
        p._replace(billed_revisions_minor=0, billed_comm_minor=0, paid_invoices=0) for p in projects
    ]


def _oldest_first(invoice: InvoiceFacts) -> tuple[date, int]:
    return invoice.due_date, invoice.invoice_id


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
