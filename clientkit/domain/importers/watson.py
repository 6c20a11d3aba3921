"""Reading Watson's `frames` file: a JSON list of [start, stop, project, id, tags, updated_at]."""

import json
from datetime import UTC, datetime
from typing import Any

from clientkit.domain.errors import InvalidValue
from clientkit.domain.importers import (
    Parsed,
    ParseError,
    Skipped,
    SourceEntry,
    clean_note,
)
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said

SOURCE = "watson"
_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"


def parse_watson(text: str, name: str = "frames") -> Parsed:
    """Every closed frame of a Watson `frames` file; `name` is used in error messages."""
    entries: list[SourceEntry] = []
    skipped: list[Skipped] = []
    for line, frame in _frames(text, name):
        where = f"{name}:{line}"
        entry = _entry(frame, name, line)
        if entry is None:
            skipped.append(Skipped(where, said("frame still running (no stop time)")))
        else:
            entries.append(entry)
    return Parsed(SOURCE, tuple(entries), tuple(skipped))


def _frames(text: str, name: str) -> list[tuple[int, Any]]:
    """Each element of the top-level list with the line it starts on.

    The list is decoded element by element so that an error can name its line:
    Watson writes one frame over several lines.
    """
    lines = _LineCounter(text)
    position = _skip(text, 0)
    if position >= len(text) or text[position] != "[":
        raise ParseError(name, lines.at(position), said("expected a JSON list of Watson frames"))
    position = _skip(text, position + 1)
    frames: list[tuple[int, Any]] = []
    if position < len(text) and text[position] == "]":
        return _after_end(text, position + 1, name, frames, lines)
    while True:
        try:
            value, end = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise ParseError(
                name, exc.lineno, said("not valid JSON (%(why)s)", why=exc.msg)
            ) from None
        frames.append((lines.at(position), value))
        position = _skip(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
            continue
        if position < len(text) and text[position] == "]":
            return _after_end(text, position + 1, name, frames, lines)
        raise ParseError(name, lines.at(position), said("not valid JSON (expected ',' or ']')"))


def _after_end(
    text: str, position: int, name: str, frames: list[tuple[int, Any]], lines: "_LineCounter"
) -> list[tuple[int, Any]]:
    rest = _skip(text, position)
    if rest < len(text):
        raise ParseError(name, lines.at(rest), said("not valid JSON (extra data after the list)"))
    return frames


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


class _LineCounter:
    """Line numbers of increasing positions, counting each newline once (large files)."""

    def __init__(self, text: str):
        self.text = text
        self.position = 0
        self.line = 1

    def at(self, position: int) -> int:
        if position < self.position:
            return self.text.count("\n", 0, position) + 1
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def _entry(frame: Any, name: str, line: int) -> SourceEntry | None:
    if not isinstance(frame, list) or not 4 <= len(frame) <= 6:
        raise ParseError(
            name, line, said("a frame must be a list [start, stop, project, id, tags, updated_at]")
        )
    start = _instant(frame[0], name, line, "start")
    if frame[1] is None:
        return None
    stop = _instant(frame[1], name, line, "stop")
    project, frame_id = frame[2], frame[3]
    if not isinstance(project, str) or not project.strip():
        raise ParseError(name, line, said("the frame's project must be a non-empty string"))
    if not isinstance(frame_id, str) or not frame_id.strip():
        raise ParseError(name, line, said("the frame's id must be a non-empty string"))
    try:  # stored as the entry's external id: held to the rule of typed text
        check_no_controls(frame_id, "the frame's id")
    except InvalidValue as exc:
        raise ParseError(name, line, str(exc)) from None
    if stop < start:
        raise ParseError(name, line, said("the frame stops before it starts"))
    tags = _tags(frame, name, line)
    return SourceEntry(
        external_id=frame_id.strip(),
        project=project.strip(),
        seconds=round((stop - start).total_seconds()),
        tags=tags,
        note=clean_note(", ".join(tags)),
        start=start,
        end=stop,
        where=f"{name}:{line}",
    )


def _tags(frame: list[Any], name: str, line: int) -> tuple[str, ...]:
    # Before Watson 1.4 a frame had no tags: its fifth value was updated_at.
    if len(frame) < 5 or not isinstance(frame[4], list):
        return ()
    tags = []
    for tag in frame[4]:
        if not isinstance(tag, str):
            raise ParseError(name, line, said("the frame's tags must be strings"))
        if tag.strip():
            tags.append(tag.strip())
    return tuple(tags)


def _instant(value: Any, name: str, line: int, what: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParseError(name, line, _instant_problem(what))
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise ParseError(name, line, _out_of_range(what, repr(value))) from None


def _instant_problem(what: str) -> str:
    if what == "start":
        return said("the frame's start must be a Unix timestamp")
    return said("the frame's stop must be a Unix timestamp")


def _out_of_range(what: str, value: str) -> str:
    if what == "start":
        return said("the frame's start %(value)s is out of range", value=value)
    return said("the frame's stop %(value)s is out of range", value=value)
