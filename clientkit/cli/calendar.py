"""`clientkit calendar -o FILE.ics`: deadlines, due dates, reminders and replies owed."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit, table

if TYPE_CHECKING:
    from clientkit.services.calendar import CalendarFile


def calendar(
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="FILE.ics", help="The iCalendar file to write."),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """Write an iCalendar file (mode 0600) to import or subscribe to in a calendar app.

    Events keep their UIDs from run to run, so importing a newer file updates them.
    With --json, prints the list of events (uid, kind, date, summary).
    """
    from clientkit.services.calendar import write_calendar

    result = write_calendar(state.book(), output, force=force)
    if as_json:
        emit(result["events"], True, lambda _: [])
    else:
        emit(result, False, _render)


def _render(result: "CalendarFile") -> list[str]:
    count = len(result["events"])
    noun = "event" if count == 1 else "events"
    lines = [f"wrote {count} {noun} to {result['path']}"]
    if count:
        lines += table(result["events"], ("date", "kind", "summary"))
    return lines


def register(app: typer.Typer) -> None:
    app.command("calendar")(calendar)
