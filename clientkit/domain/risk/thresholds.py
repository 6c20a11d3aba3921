"""The limits of SPEC section 5 and the severity of each finding; the config file may set each."""

from collections.abc import Mapping
from dataclasses import dataclass, field

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


def risk_defaults() -> dict[str, int | dict[str, str]]:
    """The [risk] table of the shipped configuration: every threshold and severity."""
    limits = Thresholds()
    table: dict[str, int | dict[str, str]] = {
        name: getattr(limits, name) for name in THRESHOLD_NUMBERS
    }
    table["severity"] = dict(DEFAULT_SEVERITY)
    return table
