"""Reading timewarrior's monthly data files: `inc START - END # tags # annotation` lines.

Times are UTC (`20261120T090000Z`); a tag with a space is quoted (`"tag with space"`,
inner quotes escaped as `\\"`). timewarrior keeps tags as a sorted set, so the project
is the first tag that is not a communication kind. An open interval (no end) is still
running and is skipped.
"""

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from clientkit.domain.importers import (
    Parsed,
    ParseError,
    Skipped,
    SourceEntry,
    clean_note,
    first_project_tag,
    is_kind_word,
    stable_id,
)
from clientkit.domain.wording import said

SOURCE = "timewarrior"
DATA_FILE = re.compile(r"\d{4}-\d{2}\.data")
_INTERVAL = re.compile(r"inc[ ]+(?P<start>\S+)(?:[ ]+-[ ]+(?P<end>\S+))?(?P<rest>.*)")
_STAMP = "%Y%m%dT%H%M%SZ"


def parse_timewarrior(files: Iterable[tuple[str, str]]) -> Parsed:
    """Every closed interval of the given (file name, text) pairs, in the order given."""
    entries: list[SourceEntry] = []
    skipped: list[Skipped] = []
    for name, text in files:
        for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
            if not line.strip():
                continue
            entry = _interval(line.strip(), name, number)
            if entry is None:
                skipped.append(
                    Skipped(
                        f"{name}:{number}", said("open interval (still running) is not imported")
                    )
                )
            else:
                entries.append(entry)
    return Parsed(SOURCE, tuple(entries), tuple(skipped))


def _interval(line: str, name: str, number: int) -> SourceEntry | None:
    match = _INTERVAL.fullmatch(line)
    if match is None:
        raise ParseError(
            name,
            number,
            said("expected an interval like 'inc 20261120T090000Z - 20261120T103000Z # tag'"),
        )
    start = _instant(match["start"], name, number)
    tags, annotation = _tags_and_annotation(match["rest"], name, number)
    if match["end"] is None:
        return None
    end = _instant(match["end"], name, number)
    if end < start:
        raise ParseError(name, number, said("the interval ends before it starts"))
    project = first_project_tag(tags)
    others = [tag for tag in tags if tag != project and not is_kind_word(tag)]
    return SourceEntry(
        # timewarrior refuses overlapping intervals, so start and end identify one; a
        # retagged interval is the same time and must not be imported a second time.
        external_id=stable_id(SOURCE, start.isoformat(), end.isoformat()),
        project=project,
        seconds=int((end - start).total_seconds()),
        tags=tags,
        note=clean_note(annotation or ", ".join(others)),
        start=start,
        end=end,
        where=f"{name}:{number}",
    )


def _instant(text: str, name: str, number: int) -> datetime:
    try:
        return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise ParseError(
            name,
            number,
            said("invalid time %(time)s: expected e.g. 20261120T090000Z", time=repr(text)),
        ) from None


def _tags_and_annotation(rest: str, name: str, number: int) -> tuple[tuple[str, ...], str]:
    """Tags after the first `#`, and the annotation after a second one."""
    text = rest.strip()
    if not text:
        return (), ""
    if not text.startswith("#"):
        raise ParseError(
            name,
            number,
            said("expected '#' before the tags, found %(found)s", found=repr(text[:20])),
        )
    tags: list[str] = []
    position = 1
    while True:
        while position < len(text) and text[position] == " ":
            position += 1
        if position >= len(text):
            return tuple(tags), ""
        if text[position] == "#" and (position + 1 == len(text) or text[position + 1] == " "):
            return tuple(tags), _annotation(text[position + 1 :].strip(), name, number)
        tag, position = _token(text, position, name, number)
        if tag:
            tags.append(tag)


def _token(text: str, position: int, name: str, number: int) -> tuple[str, int]:
    if text[position] != '"':
        end = text.find(" ", position)
        end = len(text) if end < 0 else end
        return text[position:end], end
    value, end = _quoted(text, position, name, number)
    return value, end


def _quoted(text: str, position: int, name: str, number: int) -> tuple[str, int]:
    """The string starting with the quote at `position`, unescaped, and where it ends."""
    chars: list[str] = []
    index = position + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            chars.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    raise ParseError(name, number, said("a quoted tag or annotation is not closed"))


def _annotation(text: str, name: str, number: int) -> str:
    # Newer timewarrior quotes the annotation; older versions wrote it bare.
    if text.startswith('"'):
        value, end = _quoted(text, 0, name, number)
        if text[end:].strip():
            raise ParseError(name, number, said("unexpected text after the quoted annotation"))
        return value
    return text
