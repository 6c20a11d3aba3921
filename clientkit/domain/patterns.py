"""Client patterns of SPEC section 1, read from the risk findings a client currently has."""

from collections.abc import Iterable

from clientkit.domain.risk.findings import RANK, Finding

PATTERNS = ("indecisive", "budget squeezer", "persistent", "social", "vanishing", "waiting")

# SPEC section 5's "pattern" column; rules marked "all" point at no single pattern.
PATTERNS_BY_CODE: dict[str, tuple[str, ...]] = {
    "no_deposit": ("vanishing", "persistent"),
    "revisions_over_limit": ("indecisive",),
    "scope_creep": ("indecisive", "persistent"),
    "communication_over_budget": ("social",),
    "unpaid_overdue": ("vanishing",),
    "unresponsive_client": ("vanishing",),
    "budget_below_estimate": ("budget squeezer",),
    "awaiting_reply": ("waiting",),
    "low_effective_rate": ("budget squeezer", "social"),
}

# An invoice a few days late is ordinary; it marks a vanishing client once it is critical.
MIN_SEVERITY = {"unpaid_overdue": "critical"}


def _counts(f: Finding) -> bool:
    return RANK[f.severity] >= RANK[MIN_SEVERITY.get(f.code, "info")]


def patterns_of(findings: Iterable[Finding]) -> list[str]:
    """The patterns a client's findings point at, in SPEC order."""
    seen = {pattern for f in findings if _counts(f) for pattern in PATTERNS_BY_CODE.get(f.code, ())}
    return [pattern for pattern in PATTERNS if pattern in seen]
