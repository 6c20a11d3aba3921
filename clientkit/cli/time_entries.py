"""`clientkit time`: list the time logged, correct an entry, remove one."""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import YesOption
from clientkit.cli.output import (
    JsonOption,
    emit,
    json_object,
    stream_table,
    text,
    value_cell,
    word,
    write_lines,
)
from clientkit.cli.paging import PAGE, AllOption, page_limit
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.lists import TimeEntryRow, TimeListing
    from clientkit.services.time_entries import DeletedTimeEntry, TimeEntryResult

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
        int | None,
        typer.Option(
            "--limit",
            min=1,
            metavar="N",
            help=f"Show the newest N (default {PAGE}, with --json too); count and total cover "
            "every match.",
            show_default=False,
        ),
    ] = None,
    all_: AllOption = False,
    as_json: bool = JsonOption,
) -> None:
    """List time entries newest first (a page of 50 by default), with a total.

    The JSON holds the entries shown and the count and total minutes of all that match."""
    from clientkit.services.lists import time_list

    limited = page_limit(limit, all_, as_json=False)  # its JSON, too, is a page unless told
    with time_list(
        state.book(),
        project=project,
        client=client,
        start=start,
        end=end,
        kind=kind,
        limit=limited,
    ) as listing:
        if as_json:
            write_lines(_json_lines(listing), exact=True)
            return
        write_lines(_text_lines(listing))


def _json_lines(listing: "TimeListing") -> Iterator[str]:
    def pairs() -> Iterator[tuple[str, object]]:
        yield "entries", listing
        found, minutes = listing.totals()  # once the entries were written
        yield "count", found
        yield "total_minutes", minutes
        yield "limit", listing.limit
        yield "more", found - listing.shown

    return json_object(pairs(), streamed={"entries"})


def _text_lines(listing: "TimeListing") -> Iterator[str]:
    from clientkit.domain.durations import format_minutes

    rows = ({**entry, "duration": format_minutes(entry["minutes"])} for entry in listing)
    yield from stream_table(rows, LIST_COLUMNS, {"kind": value_cell("kind", "time kind")})
    found, minutes = listing.totals()
    yield text(
        said_n(
            "total %(duration)s in %(count)s entry",
            "total %(duration)s in %(count)s entries",
            found,
            duration=format_minutes(minutes),
        )
    )
    if found > listing.shown:
        yield text(
            said_n(
                "showing the newest %(shown)s of %(count)s time entry: --limit N shows more, "
                "--all every one",
                "showing the newest %(shown)s of %(count)s time entries: --limit N shows more, "
                "--all every one",
                found,
                shown=listing.shown,
            )
        )


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
