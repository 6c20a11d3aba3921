"""The `clientkit` entry point: global options, the nouns, errors as one line with an exit code."""

import os
import sys
import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from clientkit.cli import (
    backup,
    calendar,
    clients,
    config_cmd,
    contracts,
    credit,
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
from clientkit.cli.args import guard_values
from clientkit.cli.output import one_line, text
from clientkit.domain.wording import said
from clientkit.services.errors import Refused

if TYPE_CHECKING:
    from clientkit.services.book import Book

# Opens the TUI, given how to open the book (the TUI opens it once its first screen is drawn).
OpenTui = Callable[[Callable[[], "Book"]], None]

# Read by every command below the root too: click hands a context's settings to its children.
CONTEXT = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="clientkit",
    help="Clients, scope, revisions, time, contracts, invoices and reminders for freelancers.",
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
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
app.add_typer(credit.app, name="credit")
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


def _print_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version

        typer.echo(f"clientkit {version('clientkit')}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", metavar="URL", help="SQLAlchemy URL of the book.")
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Fix today (YYYY-MM-DD or YYYY-MM-DDTHH:MM), for reproducible runs.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
        ),
    ] = False,
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
    state.current.clock()  # a bad --today is said before the TUI opens
    open_tui(state.book)


def main(argv: list[str] | None = None, open_tui: OpenTui | None = None) -> None:
    """Run the CLI; every failure becomes one line on stderr and an exit code. `open_tui` is
    what no arguments (or `tui`) open: the composition root hands it in, so the CLI never
    imports the TUI."""
    command = build_command()
    try:
        code = command.main(args=argv, prog_name="clientkit", standalone_mode=False, obj=open_tui)
    except (Exception, KeyboardInterrupt) as exc:  # the user never sees a traceback
        fail(exc)
    sys.exit(code if isinstance(code, int) else 0)


def fail(exc: BaseException) -> NoReturn:
    """Say why the program stopped in one line on stderr, and exit with the failure's code."""
    if isinstance(exc, typer.Abort):
        _fail("aborted", 1)
    if isinstance(exc, KeyboardInterrupt):
        _fail("interrupted; nothing half-written was kept", 130)
    _fail(*describe(exc))


def build_command() -> Any:
    """The click command tree of `app`, with every placeholder in its help named for people."""
    command = typer.main.get_command(app)
    for _, sub in walk(command):
        sub.rich_markup_mode = None  # plain help even where Rich was imported first (tests)
        for param in sub.params:
            name_placeholder(param)
            guard_values(param)
    return command


def walk(command: Any, path: tuple[str, ...] = ("clientkit",)) -> Iterator[tuple[str, Any]]:
    """Every command of the tree, with the words that run it."""
    yield " ".join(path), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


# What an option's value is, by the option's name: shown in help as `--deadline DATE`.
PLACEHOLDERS = {
    "DATE": {"date", "deadline", "start", "end", "today", "at"},
    "AMOUNT": {"price", "hourly", "revision_fee", "comm_rate", "budget", "amount"},
    "PERCENT": {"rush_fee", "cancel_fee", "late_fee", "vat"},
    "DURATION": {"comm_budget", "estimate_hours", "hours", "duration"},
    "PATH": {"output", "path", "template"},
    "CODE": {"currency", "locale", "lang"},
}


def name_placeholder(param: Any) -> None:
    """Name what a parameter takes (`AMOUNT`, `DATE`, `CLIENT`) where Typer would print its
    type (`<str>`) or, for an argument, its name in braces (`{client}`)."""
    if param.param_type_name == "argument":
        param.metavar = param.metavar or (param.name or "value").upper()
        param.make_metavar = types.MethodType(_argument_metavar, param)
        return
    if param.metavar is not None or getattr(param, "is_flag", False) or param.is_bool_flag:
        return
    if getattr(param.type, "choices", None):
        return  # click shows the choices themselves: [draft|issued|paid|credited]
    by_name = (label for label, names in PLACEHOLDERS.items() if param.name in names)
    by_type = "N" if param.type.name.startswith("int") else "TEXT"
    param.metavar = next(by_name, by_type)


def _argument_metavar(self: Any, ctx: Any = None, *, usage: bool = False) -> str:
    """An argument's placeholder, `[NAME]` in the usage line when it may be left out."""
    shown = str(self.metavar) + ("..." if self.nargs != 1 else "")
    return f"[{shown}]" if usage and not self.required else shown


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
        return said(
            "%(problem)s; run again with --yes if you mean it", problem=explanation.sentence
        ), 2
    return explanation.sentence, 2 if explanation.category is Category.BAD_INPUT else 1


def _fail(message: str, code: int) -> NoReturn:
    # A path or value quoted in the message may carry escapes or line breaks: the error stays
    # one line, and nothing in it reaches the terminal raw. `error:` stays English, for the
    # scripts that look for it; what follows is in the profile's language.
    typer.echo(f"error: {one_line(_in_language(message))}", err=True)
    sys.exit(code)


def _in_language(message: str) -> str:
    """The error in the profile's language where the catalog says it; English if even the
    profile cannot be read (the book is what failed)."""
    try:
        return text(message)
    except Exception:
        return message
