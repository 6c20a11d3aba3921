"""The timer: pick a project and a kind, watch it run, stop it into a time entry."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Digits, Label

from clientkit.domain.terms import TIME_KINDS
from clientkit.tui.format import day_text, elapsed_text
from clientkit.tui.list_base import ListScreen
from clientkit.tui.messages import TimerStarted
from clientkit.tui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from clientkit.services.browse import ProjectRow
    from clientkit.services.views import Page


class TimerScreen(ListScreen["ProjectRow"]):
    """Enter starts the timer on the project under the cursor; `x` stops it, `k` picks the kind."""

    CSS_PATH = "timer.tcss"
    TITLE = "Timer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "kind", "Kind"),
        Binding("x", "app.stop_timer", "Stop"),
    ]

    noun = "project"
    placeholder = "find the project to time (/)"
    columns: ClassVar[list[tuple[str, int | None]]] = [
        ("Project", 30),
        ("Client", 22),
        ("Status", 9),
        ("Deadline", None),
    ]
    filters = ("active", "draft", "delivered", "all")

    def __init__(self) -> None:
        super().__init__()
        self.kind = TIME_KINDS[0]

    def compose_body(self) -> ComposeResult:
        yield Digits("0:00:00", id="elapsed")
        yield PlainLabel("", id="timer-label")
        yield from super().compose_body()

    def on_mount(self) -> None:
        self.watch(self.ck_app, "running_timer", self._tick)
        self.set_interval(1, self._tick)

    def _tick(self, *_: Any) -> None:
        timer = self.ck_app.running_timer
        label = self.query_one("#timer-label", Label)
        digits = self.query_one("#elapsed", Digits)
        if timer is None:
            digits.update("0:00:00")
            digits.remove_class("-running")
            label.update(
                Text.assemble(
                    "no timer · next kind: ",
                    (self.kind, "bold"),
                    " (k) · Enter on a project starts",
                )
            )
            return
        seconds = int((self.book.clock.now() - timer["started_at"]).total_seconds())
        digits.update(elapsed_text(seconds))
        digits.add_class("-running")
        label.update(
            Text.assemble(
                (f"{timer['kind']} on {timer['project']}", "bold"),
                f" since {day_text(timer['started_at'])} · x stops it into a time entry",
            )
        )

    def fetch(self, offset: int) -> "Page[ProjectRow]":
        from clientkit.services.browse import project_page

        status = None if self.filter == "all" else self.filter
        return project_page(
            self.book, search=self.search_text, status=status, sort="deadline", offset=offset
        )

    def cells(self, row: "ProjectRow") -> tuple[str | Text, ...]:
        return (row["title"], row["client"], row["status"], day_text(row["deadline"]))

    def open_row(self, row: "ProjectRow") -> None:
        from clientkit.services.tracking import start_timer

        self.call(TimerStarted, start_timer, str(row["id"]), self.kind)

    def on_timer_started(self, message: TimerStarted) -> None:
        self.notify(f"timer started: {message.view['kind']} on {message.view['project']}")
        self.ck_app.load_timer()

    def action_kind(self) -> None:
        self.kind = TIME_KINDS[(TIME_KINDS.index(self.kind) + 1) % len(TIME_KINDS)]
        self._tick()
