"""`clientkit backup -o FILE`: a consistent copy of the book, taken while it is in use."""

from pathlib import Path
from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit
from clientkit.domain.wording import said_n


def backup(
    output: Annotated[Path, typer.Option("-o", "--output", help="The new backup file.")],
    as_json: bool = JsonOption,
) -> None:
    """Copy the book to a new file (mode 0600), checked and synced; never overwrites."""
    from clientkit.services.backup import backup_book

    summary = backup_book(state.book(), output)
    emit(
        summary,
        as_json,
        lambda s: [
            said_n(
                "backup written to %(path)s (%(count)s byte, integrity %(integrity)s)",
                "backup written to %(path)s (%(count)s bytes, integrity %(integrity)s)",
                s["bytes"],
                path=s["path"],
                integrity=s["integrity"],
            )
        ],
    )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
