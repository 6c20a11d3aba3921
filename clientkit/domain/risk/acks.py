"""Silenced findings (`risks ack`): what identifies a finding, its fingerprint, and whether an
acknowledgement still holds today."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from clientkit.domain.risk.findings import Finding, Money

# Evidence that moves with the clock alone: a finding is not "changed" because a day passed.
_CLOCK_KEYS = frozenset({"days_overdue", "days_silent", "hours_waiting", "days_left"})

# Which finding an acknowledgement names: its code, client and project (None for a client's).
AckKey = tuple[str, int, int | None]


@dataclass(frozen=True, slots=True)
class Ack:
    """A finding silenced on `at` for `reason`, while it keeps `fingerprint`, through `until`."""

    code: str
    client_id: int
    project_id: int | None
    fingerprint: str
    reason: str
    at: datetime
    until: date | None = None

    @property
    def key(self) -> AckKey:
        return self.code, self.client_id, self.project_id

    def holds(self, fingerprint: str, today: date) -> bool:
        """Still silencing: the finding is as it was, and its last day has not passed."""
        return fingerprint == self.fingerprint and (self.until is None or today <= self.until)


def key_of(finding: Finding) -> AckKey:
    return finding.code, finding.client_id, finding.project_id


def _plain(value: object) -> object:
    """Evidence as JSON can hold it: an amount as its minor units and currency."""
    if type(value) is Money:
        return [value.minor, value.currency]
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def fingerprint(findings: Iterable[Finding]) -> str:
    """A hash of what the findings under one key say: severity and evidence, without the
    counts that grow by themselves each day. The findings' order does not matter (a project
    with two overdue invoices has two findings under one key)."""
    parts = sorted(
        json.dumps(
            [
                f.severity,
                {k: _plain(v) for k, v in f.evidence.items() if k not in _CLOCK_KEYS},
            ],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        for f in findings
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def acknowledged(
    findings: Iterable[Finding], acks: Mapping[AckKey, Ack], today: date
) -> dict[AckKey, Ack]:
    """The acknowledgements that still hold over `findings`, by the key they silence."""
    if not acks:
        return {}
    grouped: dict[AckKey, list[Finding]] = {}
    for f in findings:
        key = key_of(f)
        if key in acks:
            grouped.setdefault(key, []).append(f)
    return {
        key: acks[key]
        for key, found in grouped.items()
        if acks[key].holds(fingerprint(found), today)
    }
