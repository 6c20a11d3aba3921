"""The arguments that name a client or a project, with the one help line that says how;
signed values as people type them (`-50`, `-1h`); and the checks every typed value passes
before a command sees it (readable text, whole numbers written with 0-9)."""

import copy
import re
import types
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperCommand

from clientkit.domain.numerals import has_foreign_digits
from clientkit.domain.states import InvoiceStatus as InvoiceStatus
from clientkit.domain.states import ProjectStatus as ProjectStatus
from clientkit.services.errors import BadInput

# A token that is a negative number, amount, duration or percentage, never an option name:
# -50, -12.5, -1h, -1h30m, -90m, -5%.
_SIGNED_VALUE = re.compile(r"-\d[\d.,]*(?:[hm]\d*)*[m%]?", re.IGNORECASE)

ClientArg = Annotated[
    str,
    typer.Argument(
        help="Client: id, name, company or e-mail; any case, accents optional; the start of a"
        " name (3+ letters) if only one client has it.",
        show_default=False,
    ),
]
ProjectArg = Annotated[
    str,
    typer.Argument(
        help="Project: id or title (any case, accents optional, the start will do if unique);"
        " CLIENT/TITLE when two clients have a project of that title.",
        show_default=False,
    ),
]


def is_signed_value(token: str) -> bool:
    """Whether a command-line token is a negative value such as `-50` or `-1h30m`."""
    return _SIGNED_VALUE.fullmatch(token) is not None


class SignedCommand(TyperCommand):
    """A command whose arguments may be negative: `-50` or `-1h` is read as a value where click
    would read the options `-5` and `-0`. Anything else that starts with a dash is still an
    option, so a mistyped option name stays an error."""

    def make_parser(self, ctx: Any) -> Any:
        parser = super().make_parser(ctx)
        read_option = parser._process_opts

        def read_option_or_value(arg: str, state: Any) -> None:
            if is_signed_value(arg):
                state.largs.append(arg)
            else:
                read_option(arg, state)

        parser._process_opts = read_option_or_value  # type: ignore[method-assign]
        return parser


def unsigned(ctx: Any, param: Any, value: Any) -> Any:
    """Option callback: a minus sign where negative makes no sense (a price, a rate, a fee, a
    budget, VAT) is refused naming the option, before anything is read or written."""
    if isinstance(value, str) and value.strip().startswith("-"):
        # Quoted as typed: a line break or escape in it must not reach the terminal raw.
        raise BadInput(f"{param.opts[-1]} must not be negative: {value.strip()!r}")
    return value


_WHOLE = re.compile(r"[+-]?[0-9]+")
MAX_WHOLE = 2**63 - 1  # what an integer column holds; click's int() alone takes any size


def guard_values(param: Any) -> None:
    """Make `param` refuse, naming itself, a value that is not valid UTF-8 (Python hands such
    argv bytes on as lone surrogates, which fail later where text is stored or printed) or
    holds a NUL, and, for a whole number, digits other than 0-9 or a value no integer column
    holds."""
    guarded = copy.copy(param.type)  # click's types are shared singletons: change a copy
    convert = type(guarded).convert
    whole = guarded.name.startswith("int")  # click.INT and IntRange

    def checked_convert(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str):
            problem = _text_problem(value) or (_whole_problem(value) if whole else None)
            if problem:
                self.fail(problem, param, ctx)
        return convert(self, value, param, ctx)

    guarded.convert = types.MethodType(checked_convert, guarded)
    param.type = guarded


def _text_problem(value: str) -> str | None:
    if "\x00" in value:  # no argv holds one, but an in-process caller may; PostgreSQL refuses it
        return f"{value!r} holds a NUL character, which no text in the book may hold"
    if not any("\ud800" <= char <= "\udfff" for char in value):
        return None
    try:  # the bytes as typed, each one that is not UTF-8 shown as \xNN
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no argv byte stands for
        shown = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return f"'{shown}' is not valid UTF-8 text; type it again in UTF-8"


def _whole_problem(value: str) -> str | None:
    if has_foreign_digits(value):
        return f"{value!r} is not a whole number written with the digits 0-9"
    cleaned = value.strip()
    if not _WHOLE.fullmatch(cleaned):
        return f"{value!r} is not a valid integer"
    if abs(int(cleaned)) > MAX_WHOLE:
        return f"{value!r} is too large (at most {MAX_WHOLE})"
    return None


# The values a filter or a kind takes: click shows them in the help and refuses any other,
# listing these, with exit 2 (a filter that matches nothing would print "(none)" instead).
# The statuses are the domain's (an import checks its rows against the same lists).
TimeKind = Literal["work", "call", "meeting", "email", "chat"]

YesOption = Annotated[
    bool,
    typer.Option(
        "--yes",
        help="Take a value that looks like a slip: a date in the future or more than a year"
        " ago, an entry over 16 hours, a payment before its invoice, a deadline in the past.",
    ),
]
