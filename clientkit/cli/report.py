"""`clientkit report`: income, hours by kind and effective rates over a period."""

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, json_items, plain, to_json

if TYPE_CHECKING:
    from clientkit.services.report import Report

MONEY_COLUMNS = ("currency", "received", "invoiced", "credited", "outstanding")
RATE_COLUMNS = ("currency", "received", "hours", "effective_rate", "communication")
ROW_LISTS = ("clients", "projects")  # a row per client and per project: streamed, not joined


def _title(report: "Report") -> str:
    start, end = report["from"], report["to"]
    if start is None and end is None:
        return "Report: all time"
    first = plain(start) if start else "the beginning"
    return f"Report: {first} to {plain(end) if end else 'today'}"


def _cell(row: Mapping[str, object], column: str) -> str:
    if column == "communication":
        share = row["communication_share_percent"]
        return "-" if share is None else f"{share}%"
    return plain(row.get(column))


def lazy_table(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> Iterator[str]:
    """An aligned table, line by line: widths first, then each row as it is printed (a large
    book has a row per project, too many to hold twice as text)."""
    if not rows:
        yield "(none)"
        return
    headers = [column.replace("_", " ") for column in columns]
    widths = [len(header) for header in headers]
    for row in rows:
        for i, column in enumerate(columns):
            widths[i] = max(widths[i], len(_cell(row, column)))
    yield "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    for row in rows:
        cells = (_cell(row, column).ljust(w) for column, w in zip(columns, widths, strict=True))
        yield "  ".join(cells).rstrip()


def _section(title: str, lines: Iterator[str]) -> Iterator[str]:
    yield ""
    yield f"{title}:"
    for line in lines:
        yield "  " + line


def render(report: "Report") -> Iterator[str]:
    """The report as text: money per currency, time by kind, then clients and projects."""
    time_rows = [{"kind": kind, "hours": hours} for kind, hours in report["hours_by_kind"].items()]
    share = report["communication_share_percent"]
    yield _title(report)
    yield from _section("Money", lazy_table(report["money"], MONEY_COLUMNS))
    yield from _section("Time", lazy_table(time_rows, ("kind", "hours")))
    yield f"  communication share of time: {'-' if share is None else share + '%'}"
    yield from _section("Clients", lazy_table(report["clients"], ("client", *RATE_COLUMNS)))
    yield from _section(
        "Projects", lazy_table(report["projects"], ("project", "client", *RATE_COLUMNS))
    )


def json_lines(report: "Report") -> Iterator[str]:
    """The report as one JSON object; the client and project rows one per line, written as
    they are encoded (by the C encoder: pretty-printing would use the slow Python one)."""
    yield "{"
    last = len(report) - 1
    for n, (key, value) in enumerate(report.items()):
        end = "" if n == last else ","
        if key not in ROW_LISTS or not isinstance(value, list) or not value:
            yield f"  {json.dumps(key)}: {to_json(value).replace(chr(10), chr(10) + '  ')}{end}"
            continue
        yield f"  {json.dumps(key)}: ["
        yield from json_items(value, "    ")
        yield f"  ]{end}"
    yield "}"


def report(
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Income received, invoiced and outstanding; hours by kind; effective rate per client."""
    from clientkit.services.report import build_report

    data = build_report(state.book(), start=start, end=end)
    # One buffered write per line: click.echo would flush after each of thousands of lines.
    sys.stdout.writelines(line + "\n" for line in (json_lines if as_json else render)(data))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("report")(report)
