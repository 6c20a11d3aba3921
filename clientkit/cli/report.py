"""`clientkit report`: income, hours by kind and effective rates over a period."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clientkit.cli import state
from clientkit.cli.output import (
    Cell,
    JsonOption,
    duration,
    json_object,
    money,
    money_cell,
    percent,
    plain,
    stream_table,
    text,
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


def _section(title: str, lines: Iterable[str]) -> Iterator[str]:
    yield ""
    yield text(title)
    yield from lines


def _table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """A section's table, as wide as the terminal and its widest cells, each cell formatted
    once (a large book has a row per project: their text is held, not formatted twice)."""
    return stream_table(rows, columns, CELLS, TITLES, indent=INDENT, whole=True)


def render(report: "Report") -> Iterator[str]:
    """The report as text: money per currency, time by kind, then clients and projects."""
    minutes = report["minutes_by_kind"]
    time_rows = [{"kind": kind, "minutes": spent} for kind, spent in minutes.items()]
    communication = report["communication_minutes"]
    yield text(_title(report))
    yield from _section(said("Money:"), _table(report["money"], MONEY_COLUMNS))
    yield from _section(said("Time:"), _table(time_rows, ("kind", "time")))
    share = percent(communication, report["work_minutes"] + communication)
    yield INDENT + text(said("communication share of time: %(share)s", share=share))
    yield from _section(said("Clients:"), _table(report["clients"], ("client", *RATE_COLUMNS)))
    yield from _section(
        said("Projects:"), _table(report["projects"], ("project", "client", *RATE_COLUMNS))
    )


def json_lines(report: "Report") -> Iterator[str]:
    """The report as one JSON object; the client and project rows one per line, written as
    they are encoded (by the C encoder: pretty-printing would use the slow Python one)."""
    return json_object(report.items(), streamed=ROW_LISTS)


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
