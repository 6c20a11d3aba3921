"""What every screen shares: header timer, footer, the book, and service calls in workers."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer

from clientkit.tui.calls import call_service
from clientkit.tui.widgets.header_timer import HeaderTimer

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.tui.app import ClientkitApp


class BookScreen(Screen[None]):
    """A screen over the book: reads in workers, and again whenever it comes back into view."""

    @property
    def book(self) -> "Book":
        return self.ck_app.book

    @property
    def ck_app(self) -> "ClientkitApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderTimer()
        yield from self.compose_body()
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, as plain text unless asked: messages carry names the user typed,
        and "Logo [/v2]" read as markup is a broken tag that stops the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_screen_resume(self) -> None:
        if self.ck_app.book_open:  # else the app refreshes this screen once it is
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read what the screen shows from the book again (the CLI may have changed it)."""

    def call(
        self, done: Callable[[Any], Message], service: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        """Run `service(book, *args, **kwargs)` off the UI thread; post `done(view)` or why not."""
        call_service(self, partial(service, self.book, *args, **kwargs), done)

    def show_notices(self, view: Any) -> None:
        """Say at once when an action crossed a limit (the notices the CLI prints with `!`)."""
        if isinstance(view, dict):
            for notice in view.get("notices", []):
                self.notify(notice, severity="warning", timeout=8)
