"""Reading klog's plain-text records: a date, an optional summary, then indented entries.

Follows the klog file format specification (jotaen/klog, Specification.md): durations
(`1h30m`, `-15m`), ranges (`9:00 - 12:30`, `8:00am-9:15am`, `<23:00 - 1:00>`) and open
ranges (`9:00 - ?`), each optionally followed by a summary holding #tags. Negative
durations (breaks) deduct from the same record's time, as klog's own totals do.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from clientkit.domain.importers import (
    Parsed,
    ParseError,
    Skipped,
    SourceEntry,
    clean_note,
    first_project_tag,
    stable_id,
)
from clientkit.domain.wording import said, said_n

SOURCE = "klog"
DAY_MINUTES = 24 * 60

_DATE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    r"(?:[ ]+\((?P<should>[+-]?(?:\d+h)?(?:\d+m)?)!\))?[ \t]*"
)
_TIME = r"<?\d{1,2}:\d{2}(?:am|pm)?>?"
_RANGE = re.compile(
    rf"(?P<start>{_TIME})[ ]*-[ ]*(?:(?P<end>{_TIME})|(?P<open>\?+))(?:[ \t]+(?P<summary>.*))?"
)
_DURATION = re.compile(
    r"(?P<sign>[+-])?(?=\d)(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?![\w:])(?:[ \t]+(?P<summary>.*))?"
)
_TIME_PARTS = re.compile(r"(?P<prev><)?(?P<h>\d{1,2}):(?P<m>\d{2})(?P<half>am|pm)?(?P<next>>)?")
_TAG = re.compile(r"#(\w+)(?:=(?:\"[^\"]*\"|'[^']*'|[^\s\"']*))?")


@dataclass
class _Entry:
    """An entry while its record is being read: signed minutes, its own summary."""

    where: str
    token: str
    minutes: int
    summary: str


@dataclass
class _Record:
    day: date
    where: str
    summary: list[str] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    indent: str = ""


def parse_klog(text: str, name: str = "times.klg") -> Parsed:
    """Every closed entry of a klog file; `name` is used in error messages."""
    entries: list[SourceEntry] = []
    skipped: list[Skipped] = []
    seen: dict[tuple[str, str, str], int] = {}
    for record in _records(text.removeprefix("\ufeff").splitlines(), name):
        skipped.extend(record.skipped)
        made, left = _source_entries(record, seen)
        entries.extend(made)
        skipped.extend(left)
    return Parsed(SOURCE, tuple(entries), tuple(skipped))


def _records(lines: list[str], name: str) -> list[_Record]:
    records: list[_Record] = []
    current: _Record | None = None
    for number, line in enumerate(lines, start=1):
        if _blank(line):
            current = None
        elif current is None:
            current = _start_record(line, name, number)
            records.append(current)
        else:
            _record_line(current, line, name, number)
    return records


def _blank(line: str) -> bool:
    return all(char == "\t" or unicodedata.category(char) == "Zs" for char in line)


def _start_record(line: str, name: str, number: int) -> _Record:
    match = _DATE.fullmatch(line)
    if match is None:
        raise ParseError(
            name,
            number,
            said(
                "expected a date (YYYY-MM-DD) to start a record, found %(found)s",
                found=repr(_shorten(line)),
            ),
        )
    if match["should"] is not None and not re.search(r"\d", match["should"]):
        raise ParseError(name, number, said("the should-total needs a duration, e.g. (8h!)"))
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise ParseError(
            name, number, said("%(date)s is not a date in the calendar", date=line.split()[0])
        ) from None
    return _Record(day=day, where=f"{name}:{number}")


def _record_line(record: _Record, line: str, name: str, number: int) -> None:
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if not indent:
        if record.entries:
            raise ParseError(
                name,
                number,
                said("expected an indented entry, or a blank line before the next record"),
            )
        record.summary.append(line.strip())
        return
    if not record.indent:
        if indent != "\t" and indent not in ("  ", "   ", "    "):
            raise ParseError(
                name, number, said("entries must be indented by 2 to 4 spaces or a tab")
            )
        record.indent = indent
    if indent == record.indent:
        record.entries.append(_entry(record, line[len(indent) :], name, number))
    elif indent.startswith(record.indent) and record.entries:
        last = record.entries[-1]  # a summary continued on the next line, indented deeper
        last.summary = f"{last.summary} {line.strip()}".strip()
    else:
        raise ParseError(
            name, number, said("the indentation differs from the record's other entries")
        )


def _entry(record: _Record, text: str, name: str, number: int) -> _Entry:
    where = f"{name}:{number}"
    ranged = _RANGE.fullmatch(text)
    if ranged is not None:
        start = _minute(ranged["start"], name, number)
        if ranged["open"]:
            record.skipped.append(
                Skipped(
                    where,
                    said(
                        "open range %(start)s - ? (still running) is not imported",
                        start=ranged["start"],
                    ),
                )
            )
            return _Entry(where, "", 0, ranged["summary"] or "")
        end = _minute(ranged["end"], name, number)
        if end < start:
            raise ParseError(
                name,
                number,
                said(
                    "the range %(start)s - %(end)s ends before it starts (a time on the next day"
                    " ends with '>', e.g. 1:00>)",
                    start=ranged["start"],
                    end=ranged["end"],
                ),
            )
        token = f"{ranged['start']}-{ranged['end']}"
        return _Entry(where, token, end - start, ranged["summary"] or "")
    duration = _DURATION.fullmatch(text)
    if duration is not None and (duration["h"] or duration["m"]):
        minutes = int(duration["h"] or 0) * 60 + int(duration["m"] or 0)
        sign = -1 if duration["sign"] == "-" else 1
        token = f"{'-' if sign < 0 else ''}{minutes}m"
        return _Entry(where, token, sign * minutes, duration["summary"] or "")
    raise ParseError(
        name,
        number,
        said(
            "not a klog entry (a duration like 1h30m or a range like 9:00 - 12:30): %(found)s",
            found=repr(_shorten(text)),
        ),
    )


def _minute(text: str, name: str, number: int) -> int:
    """Minutes from the record day's midnight; `<` and `>` shift by a day."""
    parts = _TIME_PARTS.fullmatch(text)
    assert parts is not None  # the range pattern only lets times through
    hour, minute = int(parts["h"]), int(parts["m"])
    if minute > 59:
        raise ParseError(
            name, number, said("invalid time %(time)s: minutes go up to 59", time=repr(text))
        )
    if parts["half"]:
        if not 1 <= hour <= 12:
            raise ParseError(
                name,
                number,
                said("invalid time %(time)s: am/pm hours are 1 to 12", time=repr(text)),
            )
        hour = hour % 12 + (12 if parts["half"] == "pm" else 0)
    elif hour > 24 or (hour == 24 and minute):
        raise ParseError(
            name, number, said("invalid time %(time)s: hours go up to 24:00", time=repr(text))
        )
    shift = -DAY_MINUTES if parts["prev"] else DAY_MINUTES if parts["next"] else 0
    if hour == 24 and parts["next"]:
        raise ParseError(
            name,
            number,
            said("invalid time %(time)s: 24:00 cannot be shifted forward", time=repr(text)),
        )
    return shift + hour * 60 + minute


def _source_entries(
    record: _Record, seen: dict[tuple[str, str, str], int]
) -> tuple[list[SourceEntry], list[Skipped]]:
    record_tags = _tags(" ".join(record.summary))
    headline = " ".join(_TAG.sub(" ", record.summary[0]).split()) if record.summary else ""

    def project_of(entry: _Entry) -> str:
        return first_project_tag(_tags(entry.summary) + record_tags) or headline

    timed = [entry for entry in record.entries if entry.token]
    minutes, skipped = _deduct_breaks(timed, project_of)
    made: list[SourceEntry] = []
    for entry in timed:
        if entry.minutes < 0:
            continue
        project = project_of(entry)
        key = (record.day.isoformat(), entry.token, project.casefold())
        seen[key] = occurrence = seen.get(key, 0) + 1
        made.append(
            SourceEntry(
                external_id=stable_id(SOURCE, *key, occurrence),
                project=project,
                seconds=minutes[id(entry)] * 60,
                tags=_tags(entry.summary) + record_tags,
                note=clean_note(entry.summary or " ".join(record.summary)),
                day=record.day,
                where=entry.where,
            )
        )
    return made, skipped


def _deduct_breaks(
    entries: list[_Entry], project_of: Callable[[_Entry], str]
) -> tuple[dict[int, int], list[Skipped]]:
    """Minutes left per entry once the record's negative durations are deducted.

    A break tagged with a project deducts from that project's entries; an untagged one
    from any entry of the record, the nearest preceding ones first.
    """
    left = {id(entry): max(entry.minutes, 0) for entry in entries}
    skipped: list[Skipped] = []
    for position, entry in enumerate(entries):
        if entry.minutes >= 0:
            continue
        owed = -entry.minutes
        own = first_project_tag(_tags(entry.summary)).casefold()
        for other in _nearest_first(entries, position):
            if own and project_of(other).casefold() != own:
                continue
            taken = min(left[id(other)], owed)
            left[id(other)] -= taken
            owed -= taken
        if owed:
            skipped.append(
                Skipped(
                    entry.where,
                    said_n(
                        "%(count)s minute of the break %(token)s could not be deducted: too little"
                        " time to deduct from in its record",
                        "%(count)s minutes of the break %(token)s could not be deducted: too"
                        " little time to deduct from in its record",
                        owed,
                        token=entry.token,
                    ),
                )
            )
    return left, skipped


def _nearest_first(entries: list[_Entry], position: int) -> list[_Entry]:
    before = [entry for entry in reversed(entries[:position]) if entry.minutes > 0]
    after = [entry for entry in entries[position + 1 :] if entry.minutes > 0]
    return before + after


def _tags(text: str) -> tuple[str, ...]:
    return tuple(match.group(1) for match in _TAG.finditer(text))


def _shorten(text: str) -> str:
    stripped = text.strip()
    return stripped if len(stripped) <= 40 else stripped[:39] + "…"
