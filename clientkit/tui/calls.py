"""Service calls off the UI thread: the result posted as a message, a failure in words."""

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

from textual.dom import DOMNode
from textual.message import Message

from clientkit.services.errors import explain
from clientkit.tui.messages import ActionRefused

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

    def run() -> None:
        try:
            result = action()
        except Exception as exc:  # the one place a TUI service call's failure is caught
            for message in failed(explain(exc).sentence):
                node.post_message(message)
            return
        node.post_message(done(result))

    node.run_worker(run, group=group, exclusive=exclusive, thread=True, exit_on_error=False)


async def read_quietly(action: Callable[[], T]) -> T | None:
    """`action()` in a thread, or None if it fails: for extras the screen works without."""
    try:
        return await asyncio.to_thread(action)
    except Exception:  # e.g. a busy book: the palette still offers its actions
        return None
