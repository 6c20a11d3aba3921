"""Rendering results: one JSON document on stdout with --json, readable text otherwise.

Text output speaks with one voice: money in the profile's locale with its own currency,
durations as `1h30m`, percentages rounded half-up, nouns counted right, tables that fit the
terminal (wrapping long cells onto continuation lines rather than cutting them), and control
characters from user text shown as `\x1b` rather than obeyed by the terminal. Its words (labels,
status values, notices, summaries, errors) are said in the profile's language where the `cli`
catalog has it (`text`); JSON stays English."""

import json
import shutil
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import islice
from typing import Annotated, Any, TypeVar

import typer

from clientkit.cli import state
from clientkit.cli.words import LABELS, VALUES
from clientkit.domain.wording import Said, said
from clientkit.i18n import currency_digits, money_formatter  # Babel only on the first amount

View = TypeVar("View")

JsonOption = typer.Option(False, "--json", help="Print one JSON document on stdout.")

# The options of the commands that write one document (a contract, a change order).
DocumentOutput = Annotated[
    str | None, typer.Option("-o", "--output", help="Write here instead of the documents folder.")
]
DocumentLang = Annotated[
    str | None, typer.Option("--lang", help="Document locale, e.g. de_DE (default: the client's).")
]
ReplaceFile = Annotated[
    bool, typer.Option("--force", help="Replace the file named by -o if it exists.")
]


def _encode(value: object) -> str:
    encode = _ENCODERS.get(type(value))
    if encode is not None:
        return encode(value)
    for kind, encode in _ENCODERS.items():  # a subclass: datetime is tried before date
        if isinstance(value, kind):
            return encode(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def _instant(value: datetime) -> str:
    return local(value).isoformat()  # with the zone's offset: still one exact instant


# By exact type, looked up once per value: a long list encodes hundreds of thousands of them.
_ENCODERS: dict[type, Callable[[Any], str]] = {
    Decimal: str,
    datetime: _instant,
    date: date.isoformat,
}


def to_json(data: object) -> str:
    """One JSON document. A list (of invoices, clients, ...) gets an item per line, so a long
    one is encoded by the C encoder; pretty-printing would use the slow Python one."""
    if isinstance(data, list):
        return "\n".join(["[", *json_items(data, "  "), "]"])
    return json.dumps(data, default=_encode, ensure_ascii=False, indent=2)


def json_array(items: Iterable[object]) -> Iterator[str]:
    """The lines of `to_json(list(items))`, each written as its item comes: a list streamed
    from the book is never held whole."""
    yield "["
    yield from json_items(items, "  ")
    yield "]"


def json_object(
    pairs: Iterable[tuple[str, object]], streamed: Collection[str] = ()
) -> Iterator[str]:
    """One JSON object, its keys in the order given; the value of a key in `streamed` is an
    iterable of items written one per line as they come (a pair's value may be computed once
    the streams before it were written: `pairs` is read lazily)."""
    yield "{"
    previous: str | None = None
    for key, value in pairs:
        if previous is not None:
            yield previous + ","
        name = json.dumps(key)
        if key in streamed:
            yield f"  {name}: ["
            yield from json_items(value, "    ")  # type: ignore[arg-type]
            previous = "  ]"
        else:
            previous = f"  {name}: {to_json(value).replace(chr(10), chr(10) + '  ')}"
    if previous is not None:
        yield previous
    yield "}"


def json_items(items: Iterable[object], prefix: str = "") -> Iterator[str]:
    """The items of a JSON array, one per line with the commas between them, each encoded as
    it comes: a long list is never built as one string."""
    encode = json.JSONEncoder(default=_encode, ensure_ascii=False, check_circular=False).encode
    previous = None
    for item in items:
        if previous is not None:
            yield previous + ","
        previous = prefix + encode(item)  # one encoder for all: a list has thousands of items
    if previous is not None:
        yield previous


# C0 and C1 control characters and DEL: an imported name carrying ESC ] 0 ; ... BEL would
# retitle or clear the terminal if printed raw. Newlines are layout (a multi-line address);
# a tab is too in a printed line, but would push a table cell out of its column.
_CONTROL_CODES = [*range(0x20), *range(0x7F, 0xA0)]
_IN_CELLS = {code: f"\\x{code:02x}" for code in _CONTROL_CODES if code != ord("\n")}
_IN_LINES = {code: text for code, text in _IN_CELLS.items() if code != ord("\t")}


def visible(text: str, *, cell: bool = False) -> str:
    """`text` safe to print: control characters shown as `\\x1b`, `\\x07`, ...; newlines kept,
    tabs too unless it is a `cell` of a table or fields."""
    if text.isprintable():
        return text  # the common case, checked in C
    return text.translate(_IN_CELLS if cell else _IN_LINES)


def one_line(text: str) -> str:
    """`text` safe to print as one line: control characters shown, line breaks as `\\n`."""
    return visible(text, cell=True).replace("\n", "\\n")


def text(line: str) -> str:
    """`line` in the profile's language where the command line's catalog says it (a `Said`
    line: a notice, an error, a label); any other line as it is."""
    if not isinstance(line, Said):
        return line
    from clientkit.translations import text as said_again

    return said_again(line, state.current.text_locale())


def say(line: str) -> None:
    """Print one line of text output in the profile's language, its control characters made
    visible."""
    typer.echo(visible(text(line)))


def write_lines(lines: Iterable[str], *, exact: bool = False) -> None:
    """Print many lines in one buffered write (click.echo flushes after each of thousands),
    control characters made visible unless `exact` (JSON, which escapes them itself)."""
    shown = lines if exact else (visible(line) for line in lines)
    sys.stdout.writelines(line + "\n" for line in shown)
    sys.stdout.flush()


def emit(data: View, as_json: bool, render: Callable[[View], Iterable[str]]) -> None:
    """Print `data` as JSON or through `render`, then any notices (text mode only); `render`
    reads the view's own type, so mypy checks every key it reads. Every text line passes
    through `visible` here, so no command can print a terminal escape raw."""
    if as_json:
        typer.echo(to_json(data))
        return
    for line in render(data):
        say(line)
    notices = data.get("notices", []) if isinstance(data, dict) else []
    for notice in notices:
        say(f"! {text(notice)}")


# A cell of a table or a field of `fields`: how one row shows one of its values.
Cell = Callable[[Mapping[str, Any]], str]

MIN_WIDTH = 40  # narrower than this, wrapping makes things worse: lines just run on
MIN_COLUMN = 6  # a column is never squeezed below this many characters (or its header)
SHORT_WORD = 16  # words up to this long (amounts, dates) are never broken across lines
DEFAULT_WIDTH = 80  # when stdout is no terminal and COLUMNS is not set
NOTE_INDENT = "    "  # a table row's note, below the row


def text_width() -> int:
    """Columns text output may use: COLUMNS when set, else the terminal's width, else 80
    (output piped to a file or another program wraps at 80; set COLUMNS to change it)."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def money(amount: Decimal | str | int | None, currency: str) -> str:
    """An amount in its own currency, formatted in the profile's locale: `€1,981.80` in en_US,
    `1 981,80 €` in sk_SK; `-` for none. Babel is imported on the first amount shown."""
    if amount is None:
        return "-"
    scaled = Decimal(amount).scaleb(currency_digits(currency))
    minor = int(scaled.to_integral_value(rounding=ROUND_HALF_UP))
    return money_formatter(currency, state.current.locale())(minor)


def duration(minutes: int | None) -> str:
    """Whole minutes as hours and minutes: `30h`, `1h30m`, `45m`, `-1h` (`-` for none). Time
    worked and waited is always counted in hours, never rolled into days: a 30h estimate is
    thirty hours of work, not a day and six hours."""
    if minutes is None:
        return "-"
    from clientkit.domain.durations import format_minutes

    return format_minutes(minutes)


def hours(value: Decimal | str | None) -> str:
    """Decimal hours (`1.50`) as a duration (`1h30m`), rounded half-up to the minute."""
    if value is None:
        return "-"
    minutes = (Decimal(value) * 60).to_integral_value(rounding=ROUND_HALF_UP)
    return duration(int(minutes))


def percent(part: Decimal | str | int | None, whole: Decimal | str | int = 100) -> str:
    """`part` as a share of `whole`, rounded half-up to one decimal, `.0` dropped: `7.5%`,
    `36%`; `-` for none or a whole of zero. A bare `part` is already a percentage."""
    if part is None or Decimal(whole) == 0:
        return "-"
    share = Decimal(part) * 100 / Decimal(whole)
    rounded = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}".removesuffix(".0")
    return f"{'0' if text == '-0' else text}%"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 warning`, `3 warnings`, `0 invoices`; `plural` for nouns that do not take an s."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {plural or _plural(noun)}"


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def money_cell(name: str, currency: str = "currency") -> Cell:
    """A cell showing the amount `name` of a row in the currency named by its `currency`."""
    return lambda row: money(row.get(name), str(row.get(currency)))


def duration_cell(name: str) -> Cell:
    """A cell showing the minutes `name` of a row as `1h30m`."""
    return lambda row: duration(row.get(name))


def plain(value: object) -> str:
    """A value as shown in text output: blanks for None, ISO dates, exact amounts."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return text(said("yes") if value else said("no"))
    if isinstance(value, datetime):
        return wall_time(value)
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)


def local(instant: datetime) -> datetime:
    """An instant in the book's time zone (a naive one is taken as already local)."""
    return instant if instant.tzinfo is None else instant.astimezone(state.current.zone())


def wall_time(instant: datetime) -> str:
    """An instant as the book's wall time, `2026-12-09 11:30`: local, so no zone is named."""
    return f"{local(instant):%Y-%m-%d %H:%M}"


def _show(row: Mapping[str, Any], name: str, cells: Mapping[str, Cell] | None) -> str:
    cell = cells.get(name) if cells else None
    # Escaped before widths are measured, so a column is as wide as what the terminal shows.
    return visible(cell(row) if cell else plain(row.get(name)), cell=True)


def label(name: str) -> str:
    """How a field or column is named in text, in the profile's language where words.LABELS
    has it; else `_minutes` and `_percent` dropped (they say what the value already shows:
    `estimate 30h`, `late fee 1.5%`) and the rest in English."""
    if name in LABELS:
        return text(LABELS[name])
    for suffix in ("_minutes", "_percent"):
        name = name.removesuffix(suffix)
    return name.replace("_", " ")


def value_cell(name: str, context: str) -> Cell:
    """A cell showing a status or kind (`name` of a row) in the profile's language: `context`
    names its list in words.VALUES; a value missing there is shown as it is."""
    words = VALUES[context]
    said_as: dict[tuple[str, object], str] = {}  # a list says the same few words again and again

    def cell(row: Mapping[str, Any]) -> str:
        key = (state.current.text_locale(), row.get(name))
        shown = said_as.get(key)
        if shown is None:
            shown = said_as[key] = word(words, key[1])
        return shown

    return cell


def word(words: Mapping[str, str], value: object) -> str:
    """A status or kind in the profile's language, where `words` has it; `-` for none."""
    if value is None:
        return "-"
    shown = words.get(str(value))
    return text(shown) if shown is not None else str(value)


def fields(
    data: Mapping[str, Any],
    names: Sequence[str],
    cells: Mapping[str, Cell] | None = None,
    indent: str = "",
) -> list[str]:
    """`key  value` lines for the named fields; a long value wraps under itself."""
    labels = [label(name) for name in names]
    width = max(len(text) for text in labels)
    room = max(MIN_COLUMN, text_width() - len(indent) - width - 2)
    lines = []
    for name, text in zip(names, labels, strict=True):
        value = _show(data, name, cells).splitlines() or [""]
        wrapped = [part for line in value for part in wrap(line, room)]
        lines.append(f"{indent}{text:<{width}}  {wrapped[0]}".rstrip())
        lines += [f"{indent}{'':<{width}}  {more}" for more in wrapped[1:]]
    return lines


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    cells: Mapping[str, Cell] | None = None,
    indent: str = "",
    titles: Mapping[str, str] | None = None,
    note: Callable[[Any], str] | None = None,
) -> list[str]:
    """An aligned text table of `rows` (dicts) showing `columns` (headed by `titles` or their
    `label`), as wide as the terminal: when the natural widths do not fit, the widest columns
    narrow and their cells wrap onto continuation lines. A row's `note` (a body's first line,
    why a payment was voided) goes on its own indented line below it, wrapped: a column beside
    the others would leave it no room."""
    if not rows:
        return [f"{indent}{text(said('(none)'))}"]
    shown = [[_show(row, col, cells) for col in columns] for row in rows]
    headers = [text((titles or {}).get(col) or label(col)) for col in columns]
    widths = fit_widths(headers, shown, text_width() - len(indent))
    lines = list(row_lines(headers, widths, indent))
    for row, cells_shown in zip(rows, shown, strict=True):
        lines += row_lines(cells_shown, widths, indent)
        noted = text(note(row)) if note else ""
        if noted:
            lines += wrapped(noted, indent + NOTE_INDENT)
    return lines


FIRST_ROWS = 1000  # a streamed table's columns are as wide as these rows need


def stream_table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    cells: Mapping[str, Cell] | None = None,
    titles: Mapping[str, str] | None = None,
    indent: str = "",
    *,
    whole: bool = False,
) -> Iterator[str]:
    """`table` line by line as `rows` come, each cell formatted once: the columns are as wide
    as the first FIRST_ROWS rows need (so a list of fewer rows reads exactly as `table` shows
    it), or, `whole`, as every row needs (their text is held until the widths are known). A
    later cell wider than its column wraps between its words; a short one (an amount, a
    date) is never cut but runs over, shifting the rest of its line."""
    shows = [_shower(col, cells) for col in columns]
    stream = iter(rows)
    sized = islice(stream, None if whole else FIRST_ROWS)
    first = [[show(row) for show in shows] for row in sized]
    if not first:
        yield f"{indent}{text(said('(none)'))}"
        return
    headers = [text((titles or {}).get(col) or label(col)) for col in columns]
    widths = fit_widths(headers, first, text_width() - len(indent))
    yield from row_lines(headers, widths, indent)
    for shown in first:
        yield from row_lines(shown, widths, indent)
    del first
    for row in stream:
        shown = [show(row) for show in shows]
        if any(map(int.__gt__, map(len, shown), widths)):
            yield from row_lines(shown, list(map(_room, shown, widths)), indent)
        else:
            yield _line(indent, shown, widths)


def _shower(name: str, cells: Mapping[str, Cell] | None) -> Callable[[Mapping[str, Any]], str]:
    """How a table shows the column `name` of a row (as `_show`), looked up once per table."""
    cell = cells.get(name) if cells else None
    if cell is None:
        return lambda row: visible(plain(row.get(name)), cell=True)
    return lambda row: visible(cell(row), cell=True)


def _room(cell: str, width: int) -> int:
    """A column's width for this cell of a streamed row: a short cell (an amount, a date, a
    status) is never cut in two and a longer one wraps between its words, either running
    over its column when it must."""
    if len(cell) <= width:
        return width
    if len(cell) <= SHORT_WORD:
        return len(cell)
    return max(width, *map(len, cell.split()))


def row_lines(cells: Sequence[str], widths: Sequence[int], indent: str = "") -> Iterator[str]:
    """One row of a table: its cells side by side, each wrapped to its column's width."""
    if not any(map(int.__gt__, map(len, cells), widths)):  # every cell fits: one line
        yield _line(indent, cells, widths)
        return
    parts = [wrap(cell, width) for cell, width in zip(cells, widths, strict=True)]
    for n in range(max(len(part) for part in parts)):
        yield _line(indent, [part[n] if n < len(part) else "" for part in parts], widths)


def fit_widths(headers: Sequence[str], rows: Iterable[Sequence[str]], room: int) -> list[int]:
    """Column widths that fit `room` if they can. The widest column gives way first: down to
    its longest word (so cells wrap between words), then down to its longest short word (so
    amounts, dates and numbers stay whole while a long address breaks). A table that still
    does not fit runs over rather than cut an amount in two."""
    widths = [len(header) for header in headers]
    words = [max(len(word) for word in header.split()) for header in headers]
    short = list(words)
    # Column by column, each distinct cell once: a long list repeats its names and amounts.
    for i, cells in enumerate(zip(*rows, strict=False)):
        for cell in set(cells):
            widths[i] = max(widths[i], len(cell))
            for word in cell.split():
                words[i] = max(words[i], len(word))
                if len(word) <= SHORT_WORD:
                    short[i] = max(short[i], len(word))
    excess = sum(widths) + 2 * (len(widths) - 1) - room
    for floors in (words, short):
        excess = _narrow(widths, floors, excess)
    return widths


def _narrow(widths: list[int], floors: Sequence[int], excess: int) -> int:
    """Take up to `excess` characters off the widest columns, none below its floor."""
    while excess > 0:
        widest = max(range(len(widths)), key=lambda i: (widths[i] > floors[i], widths[i]))
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
        excess -= 1
    return excess


def _line(indent: str, cells: Sequence[str], widths: Sequence[int]) -> str:
    return (indent + "  ".join(map(str.ljust, cells, widths))).rstrip()


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width`, broken between words; a word longer than a line
    is split. Plain greedy filling: textwrap costs too much for thousands of risk lines."""
    if len(text) <= width:
        return [text]
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def wrapped(text: str, first: str, rest: str | None = None, width: int | None = None) -> list[str]:
    """A paragraph wrapped to `width` (the terminal's unless given), its first line after
    `first` and the others after `rest` (as much space as `first` unless given)."""
    following = " " * len(first) if rest is None else rest
    width = width or text_width()
    if len(first) + len(text) <= width:
        return [first + text]
    room = max(MIN_COLUMN, width - max(len(first), len(following)))
    parts = wrap(text, room)
    return [first + parts[0], *(following + part for part in parts[1:])]
