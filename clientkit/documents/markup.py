"""The line markup of document templates: title, headings, paragraphs, bullets, table rows.

A rendered template is text in which the template's own lines carry the
structure and every printed value stays literal:

    # Title                   the document title
    ## Heading                a numbered section heading (numbers are added when rendering)
    ### Heading               an unnumbered heading
    - item                    a bullet item
    | cell | cell |           a table row; consecutive rows form one table
    text ending with \\        a line break inside the paragraph
    other lines               paragraph text; consecutive lines join, a blank line ends it

Values are wrapped by `mark_value` (Jinja's finalize hook) in private-use
sentinels, so a client named `# Acme | Sons` never becomes a heading or a
table cell, and a newline inside a value is a line break, never a new block.
"""

from dataclasses import dataclass
from typing import Any

VALUE_OPEN = "\ue000"
VALUE_CLOSE = "\ue001"
VALUE_NEWLINE = "\ue002"
_SENTINELS = {ord(VALUE_OPEN): None, ord(VALUE_CLOSE): None, ord(VALUE_NEWLINE): None}
_PREFIXES = (("### ", "subheading"), ("## ", "heading"), ("# ", "title"), ("- ", "bullet"))


@dataclass(frozen=True)
class Block:
    """One block of a document: its kind and its plain text ("\\n" is a line break)."""

    kind: str  # title, heading, subheading, paragraph, bullet, row
    text: str = ""
    cells: tuple[str, ...] = ()


def mark_value(value: Any) -> str:
    """Jinja finalize: wrap a printed value so the parser keeps it literal."""
    text = str(value).translate(_SENTINELS)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", VALUE_NEWLINE)
    return f"{VALUE_OPEN}{text}{VALUE_CLOSE}"


Segment = tuple[bool, str]  # (is_value, text)


def _segments(line: str) -> list[Segment]:
    """Split a line into template text and value runs."""
    segments: list[Segment] = []
    rest = line
    while rest:
        start = rest.find(VALUE_OPEN)
        if start == -1:
            segments.append((False, rest))
            break
        if start:
            segments.append((False, rest[:start]))
        end = rest.find(VALUE_CLOSE, start)
        end = len(rest) if end == -1 else end
        segments.append((True, rest[start + 1 : end].replace(VALUE_NEWLINE, "\n")))
        rest = rest[end + 1 :]
    return _single_periods(segments)


def _single_periods(segments: list[Segment]) -> list[Segment]:
    """A value ending in a period ("22 січ. 2027 р.") stands for the period of the template's
    sentence right after it: never "р.."."""
    joined: list[Segment] = []
    for is_value, text in segments:
        after_period = bool(joined) and joined[-1][0] and joined[-1][1].endswith(".")
        if not is_value and after_period and text.startswith(".") and not text.startswith(".."):
            text = text[1:]
        joined.append((is_value, text))
    return joined


def _text(segments: list[Segment]) -> str:
    return "".join(text for _, text in segments)


def _strip_prefix(segments: list[Segment]) -> tuple[str, list[Segment]]:
    """The block kind a line's own (template) text starts with, and the rest of the line."""
    if not segments or segments[0][0]:
        return "paragraph", segments
    head = segments[0][1].lstrip()
    for prefix, kind in _PREFIXES:
        if head.startswith(prefix) or head == prefix.strip():
            return kind, [(False, head[len(prefix) :]), *segments[1:]]
    if head.startswith("|"):
        return "row", [(False, head[1:]), *segments[1:]]
    return "paragraph", [(False, head), *segments[1:]]


def _cells(segments: list[Segment]) -> tuple[str, ...]:
    """Table cells, split only at `|` in the template's own text."""
    cells: list[str] = [""]
    for is_value, text in segments:
        if is_value:
            cells[-1] += text
            continue
        parts = text.split("|")
        cells[-1] += parts[0]
        cells.extend(parts[1:])
    cleaned = [cell.strip() for cell in cells]
    if cleaned and cleaned[-1] == "":
        cleaned.pop()  # the closing `|`
    return tuple(cleaned)


def parse(text: str) -> list[Block]:
    """The blocks of rendered template text."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        joined = "".join(paragraph).strip()
        if joined:
            blocks.append(Block("paragraph", joined))
        paragraph.clear()

    for line in text.splitlines():
        segments = _segments(line)
        if not _text(segments).strip():
            end_paragraph()
            continue
        kind, rest = _strip_prefix(segments)
        if kind == "paragraph":
            paragraph.append(_paragraph_line(rest))
            continue
        end_paragraph()
        if kind == "row":
            blocks.append(Block("row", cells=_cells(rest)))
        else:
            blocks.append(Block(kind, _text(rest).strip()))
    end_paragraph()
    return blocks


def _paragraph_line(segments: list[Segment]) -> str:
    """A paragraph line: a trailing backslash in the template text asks for a line break."""
    if segments and not segments[-1][0] and segments[-1][1].rstrip().endswith("\\"):
        last = segments[-1][1].rstrip()[:-1]
        return (_text([*segments[:-1], (False, last)])).rstrip() + "\n"
    return _text(segments).strip() + " "
