"""`clientkit revision add` and `clientkit log`: what the project consumed."""

from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ProjectArg, SignedCommand, TimeKind, YesOption
from clientkit.cli.output import JsonOption, emit, word
from clientkit.cli.output import duration as shown
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said

revision_app = typer.Typer(help="Revisions asked for by the client.", no_args_is_help=True)


@revision_app.command("add")
def add_revision(
    project: ProjectArg,
    description: Annotated[str, typer.Argument(help="What the client asked to change.")],
    as_json: bool = JsonOption,
) -> None:
    """Log a revision; says at once when it is beyond those included."""
    from clientkit.services.tracking import add_revision as add

    view = add(state.book(), project, description)
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "revision %(number)s logged on %(project)s",
                number=v["number"],
                project=v["project"],
            )
        ],
    )


def log(
    project: ProjectArg,
    duration: Annotated[
        str, typer.Argument(help="90m, 1h30m or 1.5h; -1h takes back time logged too high.")
    ],
    kind: Annotated[TimeKind, typer.Option(help="What the time was spent on.")] = "work",
    note: Annotated[str, typer.Option(help="A note on what was done.")] = "",
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today)")] = None,
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Log work or communication time; says at once when communication goes over budget."""
    from clientkit.services.tracking import log_time

    view = log_time(state.book(), project, duration, kind, note=note, on=date, confirmed=yes)
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "logged %(duration)s %(kind)s on %(project)s",
                duration=shown(v["minutes"]),
                kind=word(VALUES["time kind"], v["kind"]),
                project=v["project"],
            )
        ],
    )


def register(app: typer.Typer) -> None:
    app.add_typer(revision_app, name="revision")
    app.command("log", cls=SignedCommand)(log)
