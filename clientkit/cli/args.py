"""The arguments that name a client or a project, with the one help line that says how; and
signed values as people type them (`-50`, `-1h`)."""

import re
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperCommand

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


# The values a filter or a kind takes: click shows them in the help and refuses any other,
# listing these, with exit 2 (a filter that matches nothing would print "(none)" instead).
InvoiceStatus = Literal["draft", "issued", "paid", "credited"]
ProjectStatus = Literal["draft", "active", "delivered", "closed", "cancelled"]
TimeKind = Literal["work", "call", "meeting", "email", "chat"]

YesOption = Annotated[
    bool,
    typer.Option(
        "--yes",
        help="Take a value that looks like a slip: a date in the future or more than a year"
        " ago, an entry over 16 hours, a payment before its invoice, a deadline in the past.",
    ),
]
