"""Small builders of risk facts for the rule tests: defaults describe a healthy project."""

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from clientkit.domain.risk.facts import ClientFacts, InvoiceFacts, MessageFacts, ProjectFacts
from clientkit.domain.risk.findings import Finding, Money, fill
from clientkit.domain.terms import Terms

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def project(terms: dict[str, Any] | None = None, **facts: Any) -> ProjectFacts:
    """An active, signed EUR project with nothing used yet; override terms and facts."""
    base = ProjectFacts(
        project_id=1,
        title="Logo",
        client_id=7,
        client="Acme",
        status="active",
        currency="EUR",
        terms=Terms(**(terms or {})),
        started_on=date(2026, 11, 1),
        contract_signed=True,
    )
    return base._replace(**facts)


def invoice(**facts: Any) -> InvoiceFacts:
    """Invoice 2026-0001 of 1,200.00 EUR, unpaid, due 20 days before TODAY."""
    base = InvoiceFacts(
        invoice_id=3,
        number="2026-0001",
        client_id=7,
        client="Acme",
        project_id=1,
        project="Logo",
        currency="EUR",
        total_minor=120000,
        paid_minor=0,
        due_date=date(2026, 11, 3),
    )
    return replace(base, **facts)


def client(**facts: Any) -> ClientFacts:
    return replace(ClientFacts(client_id=7, client="Acme"), **facts)


def waiting(**facts: Any) -> MessageFacts:
    base = MessageFacts(
        client_id=7,
        client="Acme",
        waiting=1,
        oldest_id=11,
        oldest_at=NOW,
        oldest_subject="Colours?",
    )
    return replace(base, **facts)


def plain_money(value: Money | list[Money]) -> str:
    """Amounts the way the tests read them: `1500.00 EUR` (the service uses Babel instead)."""
    if isinstance(value, list):
        return " and ".join(plain_money(item) for item in value)
    return f"{value.minor // 100}.{value.minor % 100:02d} {value.currency}"


def text(finding: Finding) -> tuple[str, str]:
    """The finding's message and action with money filled in plainly."""
    values = {
        key: plain_money(value)
        for key, value in finding.evidence.items()
        if isinstance(value, Money)
        or (isinstance(value, list) and value and isinstance(value[0], Money))
    }
    return fill(finding.message, values), fill(finding.action, values)
