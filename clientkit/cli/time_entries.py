"""`clientkit time`: list the time logged, correct an entry, remove one."""

from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import YesOption
from clientkit.cli.output import JsonOption, emit, table, value_cell, word
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.time_entries import (
        DeletedTimeEntry,
        TimeEntryResult,
        TimeEntryRow,
        TimeListView,
    )

app = typer.Typer(help="List, correct and remove logged time.", no_args_is_help=True)

LIST_COLUMNS = (
    "id",
    "day",
    "project",
    "client",
    "kind",
    "duration",
    "billable",
    "billed_by",
    "note",
)
KINDS = "work, call, meeting, email or chat"
EntryArg = Annotated[
    str, typer.Argument(help="Time entry id, as `time list` shows it.", show_default=False)
]


@app.command("list")
def list_entries(
    project: Annotated[
        str | None, typer.Option("--project", help="Only this project (id or title).")
    ] = None,
    client: Annotated[
        str | None, typer.Option("--client", help="Only this client's projects (id or name).")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (inclusive).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"Only this kind: {KINDS}.")] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=1,
            help="Show at most this many entries; count and total cover every match.",
        ),
    ] = 50,
    as_json: bool = JsonOption,
) -> None:
    """List time entries newest first, with a total.

    --json holds the entries shown (up to --limit) and the count and total minutes of all
    that match."""
    from clientkit.services.time_entries import list_time

    view = list_time(
        state.book(),
        project=project,
        client=client,
        start=start,
        end=end,
        kind=kind,
        limit=limit,
    )
    emit(view, as_json, _list_lines)


@app.command("edit")
def edit(
    entry: EntryArg,
    duration: Annotated[
        str | None, typer.Option("--duration", help="New length: 90m, 1h30m or 1.5h.")
    ] = None,
    day: Annotated[str | None, typer.Option("--day", help="New day, YYYY-MM-DD.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"New kind: {KINDS}.")] = None,
    note: Annotated[str | None, typer.Option("--note", help='New note ("" clears it).')] = None,
    project: Annotated[
        str | None, typer.Option("--project", help="Move it to this project (id or title).")
    ] = None,
    billable: Annotated[
        bool | None,
        typer.Option("--billable/--no-billable", help="Whether the time is billable."),
    ] = None,
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Correct a time entry.

    Refused when an issued invoice bills it; its note may still change."""
    from clientkit.services.time_entries import edit_time

    view = edit_time(
        state.book(),
        entry,
        duration=duration,
        day=day,
        kind=kind,
        note=note,
        project=project,
        billable=billable,
        confirmed=yes,
    )
    emit(view, as_json, _edited_lines)


@app.command("delete")
def delete(entry: EntryArg, as_json: bool = JsonOption) -> None:
    """Remove a time entry.

    Refused when an issued invoice bills it."""
    from clientkit.services.time_entries import delete_time

    view = delete_time(state.book(), entry)
    emit(view, as_json, _deleted_lines)


def _describe(entry: "TimeEntryRow") -> str:
    from clientkit.domain.durations import format_minutes

    note = f" ({entry['note']})" if entry["note"] else ""
    return said(
        "time entry %(id)s: %(duration)s %(kind)s on %(project)s, %(day)s%(note)s",
        id=entry["id"],
        duration=format_minutes(entry["minutes"]),
        kind=word(VALUES["time kind"], entry["kind"]),
        project=entry["project"],
        day=entry["day"],
        note=note,
    )


def _edited_lines(view: "TimeEntryResult") -> list[str]:
    return [said("corrected %(entry)s", entry=_describe(view))]


def _deleted_lines(view: "DeletedTimeEntry") -> list[str]:
    return [said("deleted %(entry)s", entry=_describe(view))]


def _list_lines(view: "TimeListView") -> list[str]:
    from clientkit.domain.durations import format_minutes

    rows = [{**entry, "duration": format_minutes(entry["minutes"])} for entry in view["entries"]]
    lines = table(rows, LIST_COLUMNS, {"kind": value_cell("kind", "time kind")})
    count = view["count"]
    total = said_n(
        "total %(duration)s in %(count)s entry",
        "total %(duration)s in %(count)s entries",
        count,
        duration=format_minutes(view["total_minutes"]),
    )
    if view["more"]:
        total = said(
            "%(total)s (%(more)s more not shown: narrow the filters or raise --limit)",
            total=total,
            more=view["more"],
        )
    return [*lines, total]
