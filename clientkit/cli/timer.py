"""`clientkit timer`: one running timer, stored so any process can stop it."""

from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ProjectArg
from clientkit.cli.output import JsonOption, duration, emit, say, wall_time, word
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said

if TYPE_CHECKING:
    from clientkit.services.tracking import SwitchView, TimeEntryView, TimerView

app = typer.Typer(help="Start and stop a running timer.", no_args_is_help=True)


KindOption = Annotated[str, typer.Option(help="work, call, meeting, email or chat")]
NoteOption = Annotated[str, typer.Option(help="A note for the time entry it becomes.")]


@app.command("start")
def start(
    project: ProjectArg,
    kind: KindOption = "work",
    note: NoteOption = "",
    switch: Annotated[
        bool,
        typer.Option("--switch", help="If a timer runs, log its time and start this one."),
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """Start timing work or communication on a project."""
    if switch:
        _switch(project, kind, note, as_json)
        return
    from clientkit.services.tracking import start_timer

    view = start_timer(state.book(), project, kind, note)
    emit(view, as_json, lambda v: [_started_line(v)])


@app.command("switch")
def switch(
    project: ProjectArg,
    kind: KindOption = "work",
    note: NoteOption = "",
    as_json: bool = JsonOption,
) -> None:
    """Log the running timer, start one on PROJECT.

    One step, as `timer stop` then `timer start`; with no timer running it simply starts."""
    _switch(project, kind, note, as_json)


def _switch(project: str, kind: str, note: str, as_json: bool) -> None:
    from clientkit.services.tracking import switch_timer

    view = switch_timer(state.book(), project, kind, note)
    emit(view, as_json, _switched_lines)


def _switched_lines(view: "SwitchView") -> list[str]:
    stopped = view["stopped"]
    lines = [] if stopped is None else [_logged_line(stopped)]
    return [*lines, _started_line(view["started"])]


def _started_line(view: "TimerView") -> str:
    kind = word(VALUES["time kind"], view["kind"])
    return said("timer started: %(kind)s on %(project)s", kind=kind, project=view["project"])


def _logged_line(view: "TimeEntryView") -> str:
    return said(
        "logged %(duration)s %(kind)s on %(project)s",
        duration=duration(view["minutes"]),
        kind=word(VALUES["time kind"], view["kind"]),
        project=view["project"],
    )


@app.command("stop")
def stop(as_json: bool = JsonOption) -> None:
    """Stop the timer and log its time."""
    from clientkit.services.tracking import stop_timer

    view = stop_timer(state.book())
    emit(view, as_json, lambda v: [_logged_line(v)])


@app.command("status")
def status(as_json: bool = JsonOption) -> None:
    """Show the running timer, if any."""
    from clientkit.services.tracking import timer_status

    view = timer_status(state.book())
    if as_json:
        emit(view, True, lambda _: [])
        return
    if view is None:
        say(said("no timer running"))
        return
    minutes = view["elapsed_seconds"] // 60
    say(
        said(
            "%(kind)s on %(project)s for %(duration)s (since %(since)s)",
            kind=word(VALUES["time kind"], view["kind"]),
            project=view["project"],
            duration=duration(minutes),
            since=wall_time(view["started_at"]),
        )
    )
