"""Every screen at 80×24 and 120×40 on the demo book, with the clock frozen at 2026-11-23."""

import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.browse import find_by_name
from clientkit.tui.app import ClientkitApp, make_app
from tests.conftest import TODAY
from tests.tui.conftest import press, settle, still

pytestmark = pytest.mark.timeout(120)

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def first_id(book: Any, kind: str, name: str) -> int:
    return next(hit["id"] for hit in find_by_name(book, name) if hit["kind"] == kind)


def steady_cursor(app: ClientkitApp) -> None:
    """A blinking text cursor would make the picture depend on the moment it is taken."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def keys(*pressed: str) -> Callable[[ClientkitApp, Any], Callable[[Any], Awaitable[None]]]:
    def setup(app: ClientkitApp, book: Any) -> Callable[[Any], Awaitable[None]]:
        async def run(pilot: Any) -> None:
            await settle(pilot)
            await press(pilot, *pressed)
            await still(pilot)
            steady_cursor(app)

        return run

    return setup


def opened(kind: str, name: str) -> Callable[[ClientkitApp, Any], Callable[[Any], Awaitable[None]]]:
    def setup(app: ClientkitApp, book: Any) -> Callable[[Any], Awaitable[None]]:
        target = first_id(book, kind, name)

        async def run(pilot: Any) -> None:
            await settle(pilot)
            getattr(app, f"open_{kind}")(target)
            await still(pilot)

        return run

    return setup


SCREENS = {
    "dashboard": keys(),
    "clients": keys("c"),
    "client_detail": opened("client", "Harbor Lane"),
    "projects": keys("p"),
    "project_detail": opened("project", "Brand refresh"),
    "invoices": keys("i"),
    "invoice_detail": opened("invoice", "2026-0007"),
    "reminders": keys("r"),
    "timer": keys("t"),
    "project_form": keys("p", "a"),
}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_book_file: Path) -> str:
    """A copy of the run's demo book for this module; these tests only read it."""
    path = tmp_path_factory.mktemp("home") / "demo.db"
    shutil.copy(demo_book_file, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo(demo_file: str) -> Iterator[Book]:
    """The demo book with the clock frozen at the test day (the same on every engine run)."""
    book = open_book(demo_file, clock_from_text(TODAY))
    yield book
    book.engine.dispose()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_looks_as_approved(screen, size, demo, snap_compare):
    """The screen renders as its approved snapshot (update with --snapshot-update after review)."""
    app = make_app(demo)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=SCREENS[screen](app, demo))
