"""Client patterns read from findings, as SPEC section 5's pattern column says."""

import pytest

from clientkit.domain.patterns import patterns_of
from clientkit.domain.risk.findings import Finding

BASE = Finding("no_contract", "warning", 7, "Acme", 1, "Logo", "", {}, "")


def _finding(code: str, severity: str = "warning", client_id: int = 7) -> Finding:
    return BASE._replace(code=code, severity=severity, client_id=client_id)


@pytest.mark.parametrize(
    ("code", "patterns"),
    [
        ("revisions_over_limit", ["indecisive"]),
        ("scope_creep", ["indecisive", "persistent"]),
        ("budget_below_estimate", ["budget squeezer"]),
        ("communication_over_budget", ["social"]),
        ("unresponsive_client", ["vanishing"]),
        ("no_deposit", ["persistent", "vanishing"]),
        ("awaiting_reply", ["waiting"]),
        ("low_effective_rate", ["budget squeezer", "social"]),
        ("no_contract", []),
        ("deadline_at_risk", []),
    ],
)
def test_each_rule_points_at_its_patterns(code, patterns):
    assert patterns_of([_finding(code)]) == patterns


def test_an_invoice_a_few_days_late_does_not_make_a_vanishing_client():
    assert patterns_of([_finding("unpaid_overdue", "warning")]) == []
    assert patterns_of([_finding("unpaid_overdue", "critical")]) == ["vanishing"]


def test_patterns_are_listed_once_in_spec_order():
    found = [_finding("awaiting_reply"), _finding("scope_creep"), _finding("revisions_over_limit")]
    assert patterns_of(found) == ["indecisive", "persistent", "waiting"]
