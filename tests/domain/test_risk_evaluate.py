"""Running every rule: only open projects count, findings sort most severe first, and the
message templates fill in one pass."""

from datetime import timedelta

from clientkit.domain.risk.evaluation import at_least, evaluate, sort_findings
from clientkit.domain.risk.findings import Money, fill, percent_text
from clientkit.domain.risk.thresholds import Thresholds
from tests.domain.risk_facts import NOW, TODAY, client, invoice, project, waiting

T = Thresholds()


def _run(projects=(), invoices=(), clients=(), messages=()):
    return evaluate(projects, list(invoices), clients, messages, now=NOW, today=TODAY, thresholds=T)


def test_closed_and_cancelled_projects_produce_no_findings():
    risky = {"contract_signed": False, "revisions": 9}
    terms = {"revisions_included": 1}
    found = _run(
        [
            project(terms, status=status, project_id=n, **risky)
            for n, status in enumerate(["closed", "cancelled", "active"])
        ]
    )
    assert {f.project_id for f in found} == {2}
    assert {f.code for f in found} == {"no_contract", "revisions_over_limit"}


def test_every_family_of_facts_is_evaluated():
    found = _run(
        projects=[project(contract_signed=False)],
        invoices=[invoice()],
        clients=[client()],
        messages=[waiting(oldest_at=NOW - timedelta(hours=80))],
    )
    assert sorted(f.code for f in found) == [
        "awaiting_reply",
        "no_contract",
        "unpaid_overdue",
        "unresponsive_client",
    ]


def test_clients_with_critical_findings_come_first_and_severe_findings_lead():
    calm = project(contract_signed=False, client_id=1, client="Alpha")
    found = sort_findings(
        _run(
            projects=[calm],
            invoices=[invoice(client_id=2, client="Zeta")],
            messages=[waiting(client_id=2, client="Zeta", oldest_at=NOW - timedelta(hours=30))],
        )
    )
    assert [(f.client, f.severity) for f in found] == [
        ("Zeta", "critical"),
        ("Zeta", "warning"),
        ("Alpha", "warning"),
    ]


def test_min_severity_keeps_that_level_and_worse():
    found = _run(projects=[project(contract_signed=False)], invoices=[invoice()])
    assert {f.severity for f in at_least(found, "critical")} == {"critical"}
    assert len(at_least(found, "info")) == len(found)


def test_fill_replaces_placeholders_once_and_leaves_unknown_ones():
    assert fill("{a} and {b}", {"a": "{b}", "b": "2"}) == "{b} and 2"
    assert fill("{missing}", {}) == "{missing}"


def test_percentages_round_half_up_to_one_decimal():
    assert [
        percent_text(2569, 10000),
        percent_text(2565, 10000),
        percent_text(2564, 10000),
        percent_text(7999, 10000),
        percent_text(80, 100),
        percent_text(1, 3),
        percent_text(2, 3),
        percent_text(1010, 1000),
    ] == ["25.7", "25.7", "25.6", "80", "80", "33.3", "66.7", "101"]


def test_evidence_is_json_safe_apart_from_money():
    """Every evidence value is a number, string, bool, None, list or Money (rendered later)."""
    import json

    found = _run(
        projects=[
            project(
                {
                    "price_minor": 100000,
                    "deposit_bp": 3000,
                    "revisions_included": 0,
                    "comm_budget_minutes": 60,
                },
                contract_signed=False,
                revisions=2,
                comm_minutes=90,
                deadline=TODAY,
                open_scope_items=1,
            )
        ],
        invoices=[invoice()],
        clients=[client()],
        messages=[waiting(oldest_at=NOW - timedelta(days=4))],
    )
    for finding in found:
        plain = {
            k: (
                None
                if isinstance(v, Money) or (isinstance(v, list) and v and isinstance(v[0], Money))
                else v
            )
            for k, v in finding.evidence.items()
        }
        json.dumps(plain)


def test_client_credit_goes_to_the_oldest_overdue_invoice_first():
    """1,500.00 of credit covers the older 1,200.00 invoice and 300.00 of the newer one."""
    older = invoice(client_credit_minor=150000)
    newer = invoice(
        invoice_id=4,
        number="2026-0002",
        due_date=TODAY - timedelta(days=16),
        client_credit_minor=150000,
    )
    found = {f.evidence["invoice"]: f for f in _run(invoices=[newer, older])}
    assert found["2026-0001"].severity == "info"
    assert found["2026-0002"].severity == "critical"
    assert found["2026-0002"].evidence["credit"] == Money(30000, "EUR")


def test_a_client_whose_credit_covers_every_overdue_invoice_is_not_unresponsive():
    covered = invoice(client_credit_minor=120000)
    found = _run(invoices=[covered], clients=[client()])
    assert [(f.code, f.severity) for f in found] == [("unpaid_overdue", "info")]


def test_credit_in_another_currency_covers_nothing():
    usd = invoice(currency="USD", client_credit_minor=0)
    eur_credit_only = [usd, invoice(invoice_id=4, number="2026-0002", client_credit_minor=500000)]
    found = {f.evidence["invoice"]: f.severity for f in _run(invoices=eur_credit_only)}
    assert found == {"2026-0001": "critical", "2026-0002": "info"}
