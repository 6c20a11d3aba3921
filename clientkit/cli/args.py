"""The arguments that name a client or a project, with the one help line that says how."""

from typing import Annotated

import typer

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
