"""`clientkit timer`: one running timer, stored so any process can stop it."""

from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ProjectArg
from clientkit.cli.output import JsonOption, duration, emit

app = typer.Typer(help="Start and stop a running timer.", no_args_is_help=True)


@app.command("start")
def start(
    project: ProjectArg,
    kind: Annotated[str, typer.Option(help="work, call, meeting, email or chat")] = "work",
    note: Annotated[str, typer.Option(help="A note on what was done.")] = "",
    as_json: bool = JsonOption,
) -> None:
    """Start timing work or communication on a project."""
    from clientkit.services.tracking import start_timer

    view = start_timer(state.book(), project, kind, note)
    emit(view, as_json, lambda v: [f"timer started: {v['kind']} on {v['project']}"])


@app.command("stop")
def stop(as_json: bool = JsonOption) -> None:
    """Stop the timer and log its time."""
    from clientkit.services.tracking import stop_timer

    view = stop_timer(state.book())
    emit(
        view,
        as_json,
        lambda v: [f"logged {duration(v['minutes'])} {v['kind']} on {v['project']}"],
    )


@app.command("status")
def status(as_json: bool = JsonOption) -> None:
    """Show the running timer, if any."""
    from clientkit.services.tracking import timer_status

    view = timer_status(state.book())
    if as_json:
        emit(view, True, lambda _: [])
        return
    if view is None:
        typer.echo("no timer running")
        return
    minutes = view["elapsed_seconds"] // 60
    typer.echo(
        f"{view['kind']} on {view['project']} for {duration(minutes)} "
        f"(since {view['started_at']:%Y-%m-%d %H:%M} UTC)"
    )
