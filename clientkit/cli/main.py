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
    history,
    invoices,
    messages,
    money,
    payments,
    profile,
    projects,
    remind,
    report,
    risks,
    scope,
    state,
    time_entries,
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
app.add_typer(time_entries.app, name="time")
app.add_typer(messages.app, name="message")
app.add_typer(config_cmd.app, name="config")
app.add_typer(contracts.app, name="contract")
app.add_typer(invoices.app, name="invoice")
app.add_typer(payments.app, name="payment")
tracking.register(app)
money.register(app)
demo.register(app)
backup.register(app)
calendar.register(app)
transfer.register(app)
risks.register(app)
report.register(app)
remind.register(app)
history.register(app)


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


def _usage_error() -> type[Exception]:
    """The UsageError of the click Typer runs on: recent Typer bundles its own copy."""
    try:
        from typer._click.exceptions import UsageError
    except ImportError:  # older Typer runs on the click package itself
        from click.exceptions import UsageError  # type: ignore[assignment]
    return UsageError


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit code a failure is reported with: the only place where a
    failure's category becomes an exit code (bad input 2, anything else 1)."""
    if os.environ.get("CLIENTKIT_DEBUG"):
        raise exc
    if isinstance(exc, _usage_error()):
        return exc.format_message(), 2  # type: ignore[attr-defined]
    from clientkit.services.errors import Category, explain  # the book's libraries: lazily

    explanation = explain(exc)
    if explanation.category is Category.UNCONFIRMED:  # the CLI's way to confirm is --yes
        return f"{explanation.sentence}; run again with --yes if you mean it", 2
    return explanation.sentence, 2 if explanation.category is Category.BAD_INPUT else 1


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    sys.exit(code)
