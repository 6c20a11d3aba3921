"""`clientkit report`: income, hours by kind and effective rates over a period."""

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clientkit.cli import state
from clientkit.cli.output import (
    Cell,
    JsonOption,
    duration,
    fit_widths,
    json_items,
    label,
    money,
    money_cell,
    percent,
    plain,
    row_lines,
    text,
    text_width,
    to_json,
    word,
    write_lines,
)
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said

if TYPE_CHECKING:
    from clientkit.services.report import Report

MONEY_COLUMNS = ("currency", "received", "invoiced", "credited", "outstanding")
RATE_COLUMNS = ("received", "hours", "effective_rate", "communication")
ROW_LISTS = ("clients", "projects")  # a row per client and per project: streamed, not joined
INDENT = "  "  # the tables sit under their section's title


def _title(report: "Report") -> str:
    start, end = report["from"], report["to"]
    if start is None and end is None:
        return said("Report: all time")
    first = plain(start) if start else said("the beginning")
    last = plain(end) if end else said("today")
    return said("Report: %(first)s to %(last)s", first=first, last=last)


def _rate(row: Mapping[str, Any]) -> str:
    rate = row["effective_rate"]
    return "-" if rate is None else money(rate, row["currency"]) + "/h"


def _share(row: Mapping[str, Any]) -> str:
    communication = row["communication_minutes"]
    return percent(communication, row["work_minutes"] + communication)


# How the report's amounts, times and shares read in text.
CELLS: dict[str, Cell] = {
    **{name: money_cell(name) for name in ("received", "invoiced", "credited", "outstanding")},
    "time": lambda row: duration(row["minutes"]),
    "hours": lambda row: duration(row["work_minutes"] + row["communication_minutes"]),
    "effective_rate": _rate,
    "communication": _share,
    "kind": lambda row: word(VALUES["time kind"], row["kind"]),
}
TITLES = {"hours": said("time"), "communication": said("comm share")}


def _cell(row: Mapping[str, Any], column: str) -> str:
    cell = CELLS.get(column)
    return cell(row) if cell else plain(row.get(column))


def lazy_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """An aligned table as wide as the terminal, line by line: widths first, then each row as
    it is printed (a large book has a row per project, too many to hold twice as text)."""
    if not rows:
        yield text(said("(none)"))
        return
    headers = [text(TITLES.get(column) or label(column)) for column in columns]
    cells = ([_cell(row, column) for column in columns] for row in rows)
    widths = fit_widths(headers, cells, text_width() - len(INDENT))
    yield from row_lines(headers, widths)
    for row in rows:
        yield from row_lines([_cell(row, column) for column in columns], widths)


def _section(title: str, lines: Iterator[str]) -> Iterator[str]:
    yield ""
    yield text(title)
    for line in lines:
        yield INDENT + line


def render(report: "Report") -> Iterator[str]:
    """The report as text: money per currency, time by kind, then clients and projects."""
    minutes = report["minutes_by_kind"]
    time_rows = [{"kind": kind, "minutes": spent} for kind, spent in minutes.items()]
    communication = report["communication_minutes"]
    yield text(_title(report))
    yield from _section(said("Money:"), lazy_table(report["money"], MONEY_COLUMNS))
    yield from _section(said("Time:"), lazy_table(time_rows, ("kind", "time")))
    share = percent(communication, report["work_minutes"] + communication)
    yield INDENT + text(said("communication share of time: %(share)s", share=share))
    yield from _section(said("Clients:"), lazy_table(report["clients"], ("client", *RATE_COLUMNS)))
    yield from _section(
        said("Projects:"), lazy_table(report["projects"], ("project", "client", *RATE_COLUMNS))
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
    write_lines((json_lines if as_json else render)(data), exact=as_json)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
