"""The composition root: the `clientkit` program, its CLI with the TUI behind no arguments."""

import gc
import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NoReturn

from clientkit.paths import private_umask

if TYPE_CHECKING:
    from clientkit.services.book import Book

# The global options a command line that only opens the TUI may carry, as the CLI names them.
TUI_OPTIONS = frozenset({"--db", "--today"})


def open_tui(open_book: Callable[[], "Book"]) -> None:
    """Open the terminal UI, which opens the book itself once its first screen is drawn; a
    book that cannot be opened is raised here, after the TUI has closed, for the CLI to say."""
    from clientkit.tui.app import make_app  # Textual is imported only when the TUI opens

    app = make_app(partial(_opened_for_good, open_book))
    # Textual and the app's modules, just imported, live as long as the process: the cycle
    # collector need not walk them each time the book's libraries and risk facts fill memory.
    gc.freeze()
    app.run()
    if app.failure is not None:
        raise app.failure
    if app.return_code:  # Textual has shown why (an error in the app itself)
        sys.exit(app.return_code)


def _opened_for_good(open_book: Callable[[], "Book"]) -> "Book":
    """The book, opened; the libraries that opening it imported (SQLAlchemy, the services)
    live as long as the process too, and are set aside from the cycle collector likewise."""
    book = open_book()
    gc.freeze()
    return book


def tui_options(args: list[str]) -> dict[str, str] | None:
    """--db and --today of a command line that only opens the TUI (nothing, or `tui`, after
    them), or None for any other command line, which the CLI parses as it always does."""
    words = args[:-1] if args[-1:] == ["tui"] else args
    if any(name.startswith("_") and "COMPLETE" in name for name in os.environ):
        return None  # the shell asks the CLI for completions, with no arguments
    options: dict[str, str] = {}
    rest = iter(words)
    for word in rest:
        name, equals, value = word.partition("=")
        if name not in TUI_OPTIONS or name in options:
            return None
        if not equals:
            value = next(rest, "-")
        if value.startswith("-"):
            return None  # a value the CLI's parser decides about (or a missing one)
        options[name] = value
    return options


def run_tui(options: dict[str, str]) -> NoReturn:
    """The TUI without the CLI's parser and commands: Textual paints its first screen before
    the book's libraries (SQLAlchemy, the services) are imported. A failure is said exactly
    as the CLI says it."""
    from clientkit.cli import state

    state.reset(options.get("--db"), options.get("--today"))
    try:
        clock = state.current.clock()  # a bad --today is said before the TUI opens
        open_tui(partial(state.open_named, state.current.db, clock))
    except (Exception, KeyboardInterrupt) as exc:
        from clientkit.cli.main import fail

        fail(exc)
    sys.exit(0)


def main(argv: list[str] | None = None) -> None:
    """The `clientkit` program: the CLI, with the TUI wired in; everything it creates is
    private to the user (0700 folders, 0600 files), whatever the umask it was started with."""
    private_umask()
    options = tui_options(sys.argv[1:] if argv is None else argv)
    if options is not None:
        run_tui(options)
    from clientkit.cli.main import main as run_cli

    run_cli(argv, open_tui=open_tui)
