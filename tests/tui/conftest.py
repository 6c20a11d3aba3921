"""TUI test helpers: the app over a test book, settling workers, and the text on screen."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.projects import TermsInput, add_project
from clientkit.tui.app import ClientkitApp, make_app


def drive(
    app: ClientkitApp,
    scenario: Callable[[Pilot[Any]], Awaitable[None]],
    size: tuple[int, int] = (80, 24),
    **options: Any,
) -> None:
    """Run the app headless at a terminal size and play `scenario` with its pilot."""

    async def main() -> None:
        async with app.run_test(size=size, **options) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[Any], rounds: int = 4) -> None:
    """Let workers finish and their messages land (a result may start another worker)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _screen_state(app: Any) -> tuple[str, str | None]:
    """What the terminal shows and where the focus is. Not the styles: a blinking text
    cursor changes them twice a second."""
    focused = app.focused.id if app.focused is not None else None
    return screen_text(app), focused


async def still(pilot: Pilot[Any], *, steady_rounds: int = 2, limit: int = 100) -> None:
    """Settle until the screen stops changing.

    On a loaded machine a refresh or a redraw after new bindings can land after `settle`: a
    picture or a reading taken before shows a half-updated screen. (The tables' cells cut at
    header widths that CI pictured were a Textual bug, fixed in the app by SizedTable, not
    waited out here.) A focus that lands late moves a table's cursor row, so the characters
    and the focused widget must both stay the same for `steady_rounds` rounds in a row."""
    previous: tuple[str, str | None] | None = None
    steady = 0
    for _ in range(limit):
        await settle(pilot)
        state = _screen_state(pilot.app)
        if state == previous:
            steady += 1
            if steady >= steady_rounds:
                return
        else:
            steady = 0
        previous = state
        await pilot.pause(0.1)


async def until(pilot: Pilot[Any], shows: Callable[[], bool], *, limit: int = 100) -> None:
    """Settle until `shows()` holds, then until the screen is still.

    After an action the screen reloads in a worker started by a message from another
    worker; on a loaded machine the old screen (or a table being refilled) can look still
    for a moment before that reload lands. The caller asserts afterwards, so a screen that
    never gets there still fails, at the assertion."""
    for _ in range(limit):
        await settle(pilot)
        if shows():
            break
        await pilot.pause(0.1)
    await still(pilot)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one by one, settling after each (screens load in workers)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` into the focused field: one key event per character, named as Pilot.press
    names them, but sent together as a fast typist's terminal sends them. Pilot.press waits
    for the app to go idle twice after every key (40 ms or more each); the field takes the
    keys in order from the app's queue all the same, and the pause after lets them land."""
    for character in text:
        key = _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def screen_text(app: ClientkitApp) -> str:
    """The characters on the terminal right now, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@pytest.fixture
def app_of() -> Any:
    """Build the app through the same factory as the entry point."""
    made: list[ClientkitApp] = []

    def build(book: Book, **options: Any) -> ClientkitApp:
        app = make_app(book, **options)
        made.append(app)
        return app

    return build


@pytest.fixture
def studio(book: Book) -> Book:
    """A small book: Acme with an active fixed-price project that has a 3h communication budget."""
    add_client(book, "Acme & Sons", email="billing@acme.test")
    add_client(book, "Harbor Lane", email="ap@harbor.test", currency="USD")
    add_project(
        book,
        "Acme",
        "Brand identity",
        TermsInput(
            price="1500",
            revisions=2,
            revision_fee="150",
            comm_budget="3h",
            comm_rate="60",
            deposit="30%",
            deadline="2026-12-20",
        ),
    )
    from clientkit.services.projects import move_project

    move_project(book, "Brand identity", "start")
    return book


@pytest.fixture
def demo_book(book: Book) -> Book:
    """The realistic sample book of `clientkit demo`, built on the frozen clock."""
    from clientkit.demo.build import build_demo

    build_demo(book)
    return book
