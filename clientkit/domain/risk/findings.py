"""What a risk rule writes: findings, their severities, and the templates their sentences use.

Messages and actions are templates: a `{name}` placeholder names a `Money` entry
of the evidence, which the service formats with Babel. Every other number is
written into the sentence by the rule, so the domain never formats money itself.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from clientkit.domain.money import divide_half_up

SEVERITIES = ("info", "warning", "critical")
RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in minor units of a currency, formatted only at the edge."""

    minor: int
    currency: str


# What a rule found, by name: counts, percentages (as text), dates, reasons, Money amounts
# (or lists of them). Each rule writes its own keys and the service renders every value by
# its runtime type, so one value type per key would not be narrower than `object`.
Evidence = dict[str, object]


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
    evidence: Evidence
    action: str


def slot(name: str) -> str:
    """A placeholder for the Money evidence entry `name` in a message or action."""
    return "{" + name + "}"


_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace `{name}` placeholders in one pass; replaced text is never rescanned."""
    return _SLOT.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def percent_text(part: int, whole: int) -> str:
    """`part` as a percentage of `whole` (both >= 0), one decimal, rounded half-up like every
    percentage clientkit shows: 25.69 % shows 25.7, 25.65 % shows 25.7."""
    tenths = divide_half_up(part * 1000, whole)
    whole_percent, tenth = divmod(tenths, 10)
    return f"{whole_percent}.{tenth}" if tenth else str(whole_percent)


def hours_text(minutes: int) -> str:
    """Minutes as hours to the hundredth, trailing zeros dropped (90 -> 1.5)."""
    hundredths = divide_half_up(minutes * 100, 60)
    hours, rest = divmod(hundredths, 100)
    return f"{hours}.{rest:02d}".rstrip("0").rstrip(".") if rest else str(hours)
