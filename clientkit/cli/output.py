"""Rendering results: one JSON document on stdout with --json, readable text otherwise."""

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, TypeVar

import typer

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
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def to_json(data: object) -> str:
    """One JSON document. A list (of invoices, clients, ...) gets an item per line, so a long
    one is encoded by the C encoder; pretty-printing would use the slow Python one."""
    if isinstance(data, list):
        return "\n".join(["[", *json_items(data, "  "), "]"])
    return json.dumps(data, default=_encode, ensure_ascii=False, indent=2)


def json_items(items: Iterable[object], prefix: str = "") -> Iterator[str]:
    """The items of a JSON array, one per line with the commas between them, each encoded as
    it comes: a long list is never built as one string."""
    previous = None
    for item in items:
        if previous is not None:
            yield previous + ","
        previous = prefix + json.dumps(item, default=_encode, ensure_ascii=False)
    if previous is not None:
        yield previous


def emit(data: View, as_json: bool, render: Callable[[View], Iterable[str]]) -> None:
    """Print `data` as JSON or through `render`, then any notices (text mode only); `render`
    reads the view's own type, so mypy checks every key it reads."""
    if as_json:
        typer.echo(to_json(data))
        return
    for line in render(data):
        typer.echo(line)
    notices = data.get("notices", []) if isinstance(data, dict) else []
    for notice in notices:
        typer.echo(f"! {notice}")


def plain(value: object) -> str:
    """A value as shown in text output: blanks for None, ISO dates, exact amounts."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)


def fields(data: Mapping[str, object], names: Sequence[str]) -> list[str]:
    """`key: value` lines for the named fields."""
    width = max(len(name) for name in names)
    return [f"{name.replace('_', ' '):<{width}}  {plain(data.get(name))}" for name in names]


def table(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> list[str]:
    """An aligned text table of `rows` (dicts) showing `columns`."""
    if not rows:
        return ["(none)"]
    cells = [[plain(row.get(col)) for col in columns] for row in rows]
    headers = [col.replace("_", " ") for col in columns]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return lines
