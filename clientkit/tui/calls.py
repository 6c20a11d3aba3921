"""Service calls off the UI thread: the result posted as a message, a failure in words."""

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.dom import DOMNode
from textual.message import Message

from clientkit.tui.messages import ActionRefused, BookOpened, BookUnopened

if TYPE_CHECKING:
    from clientkit.services.book import Book

T = TypeVar("T")


def refused(why: str) -> Sequence[Message]:
    """What a failed call posts unless told otherwise: the reason, for the app to show."""
    return (ActionRefused(why),)


def call_service(
    node: DOMNode,
    action: Callable[[], T],
    done: Callable[[T], Message],
    *,
    group: str = "book",
    exclusive: bool = False,
    failed: Callable[[str], Sequence[Message]] = refused,
) -> None:
    """Run `action()` in a worker thread of `node`; post `done(result)`, or `failed(why)`.

    `exclusive` cancels the group's earlier call (a reload supersedes the last one); `why`
    is the one sentence `explain` gives, so a screen never shows a traceback.
    """

    label = action_label(node, action)

    def run() -> None:
        # The book's libraries load in the worker: the first screen is drawn without them.
        from clientkit.services.book import acting
        from clientkit.services.errors import explain

        try:
            with acting(label):  # the name its writes get in the book's history
                result = action()
        except Exception as exc:  # the one place a TUI service call's failure is caught
            for message in failed(explain(exc).sentence):
                node.post_message(message)
            return
        node.post_message(done(result))

    node.run_worker(run, group=group, exclusive=exclusive, thread=True, exit_on_error=False)


def open_book_in(node: DOMNode, open_book: Callable[[], "Book"]) -> None:
    """Open the book in a worker thread of `node` and post `BookOpened`, or `BookUnopened`
    with the exception itself: the entry point says it as the CLI would, once the app has
    closed. The book's time zone is read here too, off the screen's thread."""

    def run() -> None:
        try:
            book = open_book()
            zone = book.zone
        except Exception as exc:  # a damaged, busy or unreadable book: said by the CLI
            node.post_message(BookUnopened(exc))
            return
        node.post_message(BookOpened(book, zone))

    node.run_worker(run, group="open", thread=True, exit_on_error=False)


def action_label(node: DOMNode, action: Callable[[], object]) -> str:
    """How the history names a TUI action: the service or screen method it calls, e.g.
    `tui: stop timer` or `tui: ClientForm save`."""
    function = action.func if isinstance(action, partial) else action
    name = getattr(function, "__qualname__", "") or ""
    if not name or "<" in name:  # a lambda or local function: the screen names it best
        name = type(node).__name__
    return "tui: " + name.replace(".", " ").replace("_", " ").strip()


async def read_quietly(action: Callable[[], T]) -> T | None:
    """`action()` in a thread, or None if it fails: for extras the screen works without."""
    try:
        return await asyncio.to_thread(action)
    except Exception:  # e.g. a busy book: the palette still offers its actions
        return None
