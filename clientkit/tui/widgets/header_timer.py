"""The top line of every screen: where you are, and the running timer ticking if one runs."""

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from clientkit.tui.format import elapsed_text

if TYPE_CHECKING:
    from clientkit.services.tracking import TimerView


def timer_line(timer: "TimerView | None", now: Callable[[], datetime]) -> str:
    """`● work on Brand identity 0:12:03`, or a hint when no timer runs."""
    if timer is None:
        return "no timer · t"
    seconds = int((now() - timer["started_at"]).total_seconds())
    return f"● {timer['kind']} on {timer['project']} {elapsed_text(seconds)}"


class HeaderTimer(Widget):
    """Screen title on the left, the stored running timer on the right, refreshed every second."""

    DEFAULT_CSS = """
    HeaderTimer {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    HeaderTimer.-running {
        background: $success-darken-2;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "running_timer", self._timer_changed)
        self.watch(self.screen, "title", self._title_changed)
        self.set_interval(1, self.refresh)

    def _title_changed(self, _title: str | None) -> None:
        self.refresh()

    def _timer_changed(self, timer: "TimerView | None") -> None:
        self.set_class(timer is not None, "-running")
        self.refresh()

    def render(self) -> Text:
        title = f" clientkit › {self.screen.title or ''}"
        # The clock is the book's, asked only when a timer runs (the book has been read).
        right = timer_line(self.app.running_timer, lambda: self.app.book.clock.now()) + " "  # type: ignore[attr-defined]
        width = self.size.width
        room = max(0, width - len(title) - 1)
        if len(right) > room:
            right = right[: max(0, room - 1)] + "…" if room > 1 else ""
        line = Text(title, style="bold")
        line.append(" " * max(1, width - len(title) - len(right)))
        line.append(right)
        return line
