"""`clientkit demo`: fill the book with a realistic sample."""

from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit


def demo(
    force: Annotated[bool, typer.Option("--force", help="Replace an existing book.")] = False,
    large: Annotated[bool, typer.Option("--large", help="The large benchmark book.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """Fill the book with sample clients, one of each risky pattern."""
    from clientkit.demo.build import build_demo

    summary = build_demo(state.book(), force=force, large=large)
    emit(
        summary,
        as_json,
        lambda s: [
            f"demo book ready: {s['clients']} clients, {s['projects']} projects, "
            f"{s['time_entries']} time entries, {s['invoices']} invoices",
            "try: clientkit client list",
        ],
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
