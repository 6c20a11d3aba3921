"""The `clientkit` entry point: global options, the nouns, errors as one line with an exit code."""

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import (
    backup,
    calendar,
    clients,
    config_cmd,
    contracts,
    demo,
    invoices,
    messages,
    money,
    profile,
    projects,
    remind,
    report,
    risks,
    scope,
    state,
    timer,
    tracking,
    transfer,
)
from clientkit.services.errors import Refused

if TYPE_CHECKING:
    from clientkit.services.book import Book

OpenTui = Callable[["Book"], None]

app = typer.Typer(
    name="clientkit",
    help="Clients, scope, revisions, time, contracts, invoices and reminders for freelancers.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(profile.app, name="profile")
app.add_typer(clients.app, name="client")
app.add_typer(projects.app, name="project")
app.add_typer(scope.app, name="scope")
app.add_typer(timer.app, name="timer")
app.add_typer(messages.app, name="message")
app.add_typer(config_cmd.app, name="config")
app.add_typer(contracts.app, name="contract")
app.add_typer(invoices.app, name="invoice")
tracking.register(app)
money.register(app)
demo.register(app)
backup.register(app)
calendar.register(app)
transfer.register(app)
risks.register(app)
report.register(app)
remind.register(app)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy URL of the book.")] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Fix today (YYYY-MM-DD or YYYY-MM-DDTHH:MM), for reproducible runs."
        ),
    ] = None,
) -> None:
    """Clients, scope, revisions, time, contracts, invoices and reminders for freelancers."""
    state.reset(db, today)
    if ctx.invoked_subcommand is None:
        tui(ctx)


@app.command("tui")
def tui(ctx: typer.Context) -> None:
    """Open the terminal UI (same as no arguments)."""
    open_tui: OpenTui | None = ctx.find_root().obj
    if open_tui is None:
        raise Refused("this entry point has no terminal UI; run `clientkit` itself")
    open_tui(state.book())


def main(argv: list[str] | None = None, open_tui: OpenTui | None = None) -> None:
    """Run the CLI; every failure becomes one line on stderr and an exit code. `open_tui` is
    what no arguments (or `tui`) open: the composition root hands it in, so the CLI never
    imports the TUI."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="clientkit", standalone_mode=False, obj=open_tui)
    except typer.Abort:
        _fail("aborted", 1)
    except KeyboardInterrupt:
        _fail("interrupted; nothing half-written was kept", 130)
    except Exception as exc:  # the user never sees a traceback
        _fail(*describe(exc))
    sys.exit(code if isinstance(code, int) else 0)


def _is_usage_error(exc: BaseException) -> bool:
    # Typer may bundle its own copy of click, so match the class by name.
    return any(cls.__name__ == "UsageError" for cls in type(exc).__mro__)


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit code a failure is reported with."""
    from clientkit.domain.errors import InvalidValue

    if os.environ.get("CLIENTKIT_DEBUG"):
        raise exc
    if _is_usage_error(exc):
        return exc.format_message(), 2  # type: ignore[attr-defined]
    code = getattr(exc, "exit_code", None)
    if isinstance(exc, InvalidValue):
        return str(exc), code if isinstance(code, int) else 2
    if isinstance(code, int) and type(exc).__module__.startswith("clientkit"):
        return str(exc), code
    if type(exc).__name__ == "DatabaseError" and (
        "malformed" in str(exc) or "not a database" in str(exc)
    ):
        return (
            "the book is damaged (database disk image is malformed); clientkit changed "
            "nothing: restore your latest backup"
        ), 1
    if type(exc).__name__ == "OperationalError" and "locked" in str(exc):
        return "the book is busy with another clientkit process; try again in a moment", 1
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"unexpected failure ({type(exc).__name__}): {first_line}", 1


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    sys.exit(code)
