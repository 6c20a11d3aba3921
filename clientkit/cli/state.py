"""Per-invocation state: the global options and the book they open, lazily."""

import os
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import tzinfo

    from clientkit.clock import Clock
    from clientkit.services.book import Book


FALLBACK_LOCALE = "en_US"


@dataclass
class Invocation:
    db: str | None = None
    today: str | None = None
    _book: "Book | None" = field(default=None, repr=False)
    _locale: str | None = field(default=None, repr=False)

    def book(self) -> "Book":
        """Open the book on first use (imports the storage layer only then)."""
        if self._book is None:
            self._book = open_named(self.db, self.clock())
            self._book.label = command_line()
        return self._book

    def clock(self) -> "Clock":
        """The clock --today fixes (else CLIENTKIT_TODAY, else the real one); a date that is
        not one is bad input, said before any book is opened."""
        from clientkit.clock import clock_from_text

        return clock_from_text(self.today or os.environ.get("CLIENTKIT_TODAY"))

    def locale(self) -> str:
        """The profile's locale, which text output formats money in: read once, on the first
        amount shown (a command that prints none never asks)."""
        if self._locale is None:
            from clientkit.services.profile_locale import text_locale

            self._locale = text_locale(self.book())
        return self._locale

    def text_locale(self) -> str:
        """The locale the command's words are said in: the profile's once the command has
        opened its book; English before (a usage error, a command that reads no book), so
        that no book is opened, nor created, only to say a line."""
        return self.locale() if self._book is not None else FALLBACK_LOCALE

    def zone(self) -> "tzinfo":
        """The book's time zone, which text and JSON show instants in (the book reads it once)."""
        return self.book().zone


def open_named(db: str | None, clock: "Clock") -> "Book":
    """The book --db names (else CLIENTKIT_DB, else the home's), on `clock`; the storage layer
    is imported only now (the TUI calls this once its first screen is drawn)."""
    from clientkit.services.book import open_book

    return open_book(db, clock)


def command_line() -> str:
    """The command being run as the history names it, e.g. `project start Brand`: its words
    and the arguments and options typed, never the global ones (--db may hold a password)."""
    try:  # recent Typer runs on its own copy of click
        from typer._click.core import ParameterSource  # type: ignore[import-not-found,unused-ignore]
        from typer._click.globals import get_current_context  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # older Typer runs on the click package itself
        from click import get_current_context  # type: ignore[no-redef]
        from click.core import ParameterSource  # type: ignore[assignment]

    context = get_current_context(silent=True)
    if context is None:
        return "clientkit"
    words = context.command_path.split()[1:]
    for param in context.command.params:
        name = param.name or ""
        if context.get_parameter_source(name) is not ParameterSource.COMMANDLINE:
            continue
        words.extend(_typed(param, context.params.get(name)))
    return shlex.join(words)


LABEL_VALUE = 40  # characters of one typed value kept in a history label


def _typed(param: Any, value: Any) -> list[str]:
    """How one parameter was typed, rebuilt from its value."""
    values = list(value) if isinstance(value, list | tuple) else [value]
    if param.param_type_name == "argument":
        return [_short(str(item)) for item in values if item is not None]
    if getattr(param, "is_flag", False):
        flags = param.opts if value else (param.secondary_opts or param.opts)
        return [flags[0]]
    return [word for item in values for word in (param.opts[0], _short(str(item)))]


def _short(text: str) -> str:
    """A long or multi-line value (a message body) as the start of its first line: the label
    names the command, and the entry's changes hold the whole value."""
    lines = text.splitlines() or [""]
    if len(lines) == 1 and len(text) <= LABEL_VALUE:
        return text
    return lines[0][: LABEL_VALUE - 1].rstrip() + "…"


current = Invocation()


def reset(db: str | None, today: str | None) -> None:
    global current
    current = Invocation(db=db, today=today)


def book() -> "Book":
    return current.book()
