"""What the readers of other time trackers' files return: plain entries, skips and parse errors."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from clientkit.domain.errors import InvalidValue
from clientkit.domain.terms import COMMUNICATION_KINDS
from clientkit.domain.text import is_control
from clientkit.domain.wording import said

MAX_NOTE = 500


class ParseError(InvalidValue):
    """The file breaks its format; the message names the file and the line."""

    def __init__(self, name: str, line: int, problem: str):
        super().__init__(
            said("%(file)s:%(line)s: %(problem)s", file=name, line=line, problem=problem)
        )
        self.name = name
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class SourceEntry:
    """One closed span of time as the other tracker recorded it.

    `start`/`end` are aware instants when the source has them (Watson, timewarrior);
    `day` is set when the source files time under a calendar date (klog).
    """

    external_id: str
    project: str  # the source's own project name; "" when it has none
    seconds: int
    tags: tuple[str, ...] = ()
    note: str = ""
    start: datetime | None = None
    end: datetime | None = None
    day: date | None = None
    where: str = ""  # file:line, for reports


@dataclass(frozen=True)
class Skipped:
    """Something in the file that is not imported, and why."""

    where: str
    reason: str


@dataclass(frozen=True)
class Parsed:
    """Everything one file (or data directory) holds that can be imported."""

    source: str
    entries: tuple[SourceEntry, ...]
    skipped: tuple[Skipped, ...] = ()


def kind_for(tags: tuple[str, ...]) -> str:
    """The first tag naming a communication kind (call, meeting, email, chat), else work."""
    for tag in tags:
        if tag.casefold() in COMMUNICATION_KINDS:
            return tag.casefold()
    return "work"


def is_kind_word(tag: str) -> bool:
    return tag.casefold() in COMMUNICATION_KINDS


def first_project_tag(tags: tuple[str, ...]) -> str:
    """The first tag that is not a communication kind: a tag `call` says how, not for whom."""
    return next((tag for tag in tags if not is_kind_word(tag)), "")


def rounded_minutes(seconds: int) -> int:
    """Whole minutes, half a minute rounding up (the rule the timer uses)."""
    return (seconds + 30) // 60


def stable_id(*parts: object) -> str:
    """A short, stable identifier for an entry whose source gives it none."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def clean_note(text: str) -> str:
    """A note as stored: the control characters a typed note may not hold (escapes, line
    breaks: see check_no_controls) become spaces, at most MAX_NOTE characters."""
    if text.isprintable() and "  " not in text and text == text.strip() and len(text) <= MAX_NOTE:
        return text  # the common case, without a pass per character
    cleaned = "".join(" " if is_control(char) else char for char in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= MAX_NOTE else cleaned[: MAX_NOTE - 1] + "…"
