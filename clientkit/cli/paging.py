"""The long lists' options and output: a page of the newest rows by default, `--limit N` or
`--all` for more, streamed as the rows come, in text or as JSON (every row unless limited)."""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from clientkit.cli.output import json_array, say, write_lines

if TYPE_CHECKING:
    from clientkit.services.lists import Listing

PAGE = 50  # rows a list shows in text unless told otherwise (services.lists.DEFAULT_LIMIT)

LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=1,
        metavar="N",
        help=f"Show the newest N (default {PAGE}; with --json every one unless given).",
        show_default=False,
    ),
]
AllOption = Annotated[bool, typer.Option("--all", help="Show every one, not a page.")]


def page_limit(limit: int | None, all_: bool, as_json: bool) -> int | None:
    """How many rows to show (None: all): `--all` every one, `--limit` that many, JSON every
    one (programs read the whole list), text a page."""
    if all_ and limit is not None:
        from clientkit.services.errors import BadInput

        raise BadInput("give --limit or --all, not both")
    if all_:
        return None
    if limit is not None:
        return limit
    return None if as_json else PAGE


def emit_list(
    listing: "Listing[Any]",
    as_json: bool,
    render: Callable[[Iterable[Any]], Iterable[str]],
    left_out: Callable[[int, int], str],
) -> None:
    """Write the rows as they stream: a JSON array, or the text `render` makes of them and,
    when the limit left rows out, the line `left_out(shown, matching)` saying so."""
    if as_json:
        write_lines(json_array(listing), exact=True)
        return
    write_lines(render(listing))
    matching = listing.matching()
    if matching > listing.shown:
        say(left_out(listing.shown, matching))
