"""The clientkit Textual app and `make_app`, the one factory for the entry point and the tests."""

from collections.abc import Callable
from functools import partial
from importlib import import_module
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive

from clientkit.domain.durations import format_minutes
from clientkit.tui.calls import call_service, open_book_in
from clientkit.tui.commands import BookCommands
from clientkit.tui.format import show_times_in
from clientkit.tui.messages import (
    ActionRefused,
    BookOpened,
    BookUnopened,
    CalendarWritten,
    FirstScreenRead,
    TimeImported,
    TimeImportReviewed,
    TimerLoaded,
    TimerStopped,
)

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.calendar import CalendarFile
    from clientkit.services.mailer import Mailer
    from clientkit.services.projects import ProjectResult
    from clientkit.services.tracking import TimerView
    from clientkit.services.views import ClientView
    from clientkit.tui.screens.time_import import ReviewedImport

# How often the header re-reads the stored timer, so `clientkit timer stop` in a shell shows.
TIMER_POLL_SECONDS = 15
# Once the first screen has read all it shows, the other screens' styles are prepared
# (see styles.py), after this pause.
STYLE_WARMUP_SECONDS = 0.3
# The palette's calendar export goes here in the documents folder (replaced each time).
CALENDAR_FILE = "calendar.ics"

SCREEN_KEYS = Binding.Group("go")


class ClientkitApp(App[None]):
    """Every screen reads and writes the book through clientkit's services, in worker threads."""

    TITLE = "clientkit"
    # Every screen's stylesheet is read up front: a screen's first appearance would
    # otherwise re-parse the stylesheet and restyle every widget of every screen.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        *sorted(str(p) for p in (Path(__file__).parent / "screens").glob("*.tcss")),
    ]
    COMMANDS = App.COMMANDS | {BookCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "go('dashboard')", "Dashboard", group=SCREEN_KEYS),
        Binding("c", "go('clients')", "Clients", group=SCREEN_KEYS),
        Binding("p", "go('projects')", "Projects", group=SCREEN_KEYS),
        Binding("i", "go('invoices')", "Invoices", group=SCREEN_KEYS),
        Binding("r", "go('reminders')", "Reminders", group=SCREEN_KEYS),
        Binding("t", "go('timer')", "Timer", group=SCREEN_KEYS),
        Binding("escape", "back", "Back", show=False),
        Binding("f5", "refresh", "Refresh", show=False),
        Binding("q", "quit", "Quit"),
    ]

    running_timer: "reactive[TimerView | None]" = reactive(None, always_update=True)

    def __init__(
        self,
        book: "Book | Callable[[], Book]",
        mailer_factory: "Callable[[Book], Mailer] | None" = None,
    ) -> None:
        super().__init__()
        # The book is opened (or, when handed in open, first used) in a worker once the
        # first screen is on the terminal: its libraries are not imported before that.
        self._open_book: Callable[[], Book] = book if callable(book) else partial(_given, book)
        self._book: Book | None = None
        self.failure: Exception | None = None  # why the book could not be opened
        self.mailer_factory = mailer_factory or default_mailer
        self._first_read = False
        for mode in SCREENS:
            self.add_mode(mode, self._styled_now(partial(make_screen, mode)))

    @property
    def book(self) -> "Book":
        """The open book; screens read it only once `book_open` (see BookScreen)."""
        if self._book is None:
            raise RuntimeError("the book is still being opened")
        return self._book

    @property
    def book_open(self) -> bool:
        return self._book is not None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, as plain text unless asked (see `BookScreen.notify`)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _styled_now(self, factory: Callable[[], Any]) -> Callable[[], Any]:
        """A mode's screen, marked as styled with the current theme.

        Textual restyles the whole app when a mode's screen first shows, in case the theme
        changed since the screen was made; a screen made just now is styled when mounted,
        so that second pass (about half a second on a loaded machine) is skipped.
        """

        def build() -> Any:
            screen = factory()
            screen._css_update_count = self._css_update_count
            return screen

        return build

    def on_mount(self) -> None:
        self.switch_mode("dashboard")

    def on_ready(self) -> None:
        """The first screen is on the terminal: now the book is opened."""
        open_book_in(self, self._open_book)

    def on_book_unopened(self, message: BookUnopened) -> None:
        self.failure = message.error  # the entry point says it after the app has closed
        self.exit(return_code=1)

    def on_book_opened(self, message: BookOpened) -> None:
        self._book = message.book
        show_times_in(message.zone)
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh()
        # The dashboard's risks come first; the timer is read once the dashboard is whole
        # (on_first_screen_read), or at once if another screen was opened meanwhile.
        if self.current_mode != "dashboard":
            self._first_screen_read()
        self.set_interval(TIMER_POLL_SECONDS, self.load_timer)

    def on_first_screen_read(self, _message: FirstScreenRead) -> None:
        self._first_screen_read()

    def _first_screen_read(self) -> None:
        """Once the first screen shows all it read: the running timer, and, while the user
        reads the screen, the other screens' styles prepared (see styles.py)."""
        if not self._first_read:
            self._first_read = True
            self.load_timer()
            self.set_timer(STYLE_WARMUP_SECONDS, self._warm_styles)

    def _warm_styles(self) -> None:
        from clientkit.tui.styles import warm_styles

        warm_styles(self)

    def action_go(self, mode: str) -> None:
        """Switch to a top-level screen; its own stack (e.g. a detail view) is kept."""
        self.switch_mode(mode)

    def load_timer(self) -> None:
        """Read the stored running timer (another process may have started or stopped it)."""
        from clientkit.services.tracking import timer_status

        call_service(
            self, partial(timer_status, self.book), TimerLoaded, group="timer", exclusive=True
        )

    def on_timer_loaded(self, message: TimerLoaded) -> None:
        self.running_timer = message.timer

    def on_action_refused(self, message: ActionRefused) -> None:
        self.notify(message.reason, title="Refused", severity="error", timeout=8)

    def on_timer_stopped(self, message: TimerStopped) -> None:
        view = message.view
        self.notify(f"logged {format_minutes(view['minutes'])} {view['kind']} on {view['project']}")
        for notice in view.get("notices", []):
            self.notify(notice, severity="warning", timeout=8)
        self.load_timer()
        self.action_refresh()

    # Detail screens go on top of the current stack; Escape returns to where you were.

    def open_client(self, client_id: int) -> None:
        from clientkit.tui.screens.client_detail import ClientDetailScreen

        self.push_screen(ClientDetailScreen(client_id))

    def open_project(self, project_id: int) -> None:
        from clientkit.tui.screens.project_detail import ProjectDetailScreen

        self.push_screen(ProjectDetailScreen(project_id))

    def open_invoice(self, invoice_id: int) -> None:
        from clientkit.tui.screens.invoice_detail import InvoiceDetailScreen

        self.push_screen(InvoiceDetailScreen(invoice_id))

    @property
    def default_currency(self) -> str:
        return str(self.book.config.get("defaults", {}).get("currency", "EUR"))

    def action_add_client(self) -> None:
        from clientkit.tui.screens.client_form import ClientForm

        self.push_screen(ClientForm(self.default_currency), self._client_added)

    def _client_added(self, view: "ClientView | None") -> None:
        if view:
            self.notify(f"client {view['name']} added")
            self.open_client(view["id"])

    def action_add_project(self, client: str = "", currency: str | None = None) -> None:
        from clientkit.tui.screens.project_form import ProjectForm

        form = ProjectForm(client, currency or self.default_currency)
        self.push_screen(form, self._project_added)

    def _project_added(self, view: "ProjectResult | None") -> None:
        if view:
            self.notify(f"project {view['title']} added for {view['client']}")
            for notice in view.get("notices", []):
                self.notify(notice, severity="warning", timeout=8)
            self.open_project(view["id"])

    def action_stop_timer(self) -> None:
        from clientkit.services.tracking import stop_timer

        call_service(self, partial(stop_timer, self.book), TimerStopped, group="timer-stop")

    def action_export_calendar(self) -> None:
        """Write the calendar feed to the documents folder, replacing the last one there."""
        call_service(self, self._write_calendar, CalendarWritten, group="calendar", exclusive=True)

    def _write_calendar(self) -> "CalendarFile":
        from clientkit import paths
        from clientkit.services.calendar import write_calendar

        target = paths.ensure_private_dir(paths.output_dir()) / CALENDAR_FILE
        return write_calendar(self.book, target, force=True)

    def on_calendar_written(self, message: CalendarWritten) -> None:
        count = len(message.view["events"])
        self.notify(
            f"calendar: {count} event{'' if count == 1 else 's'} written to {message.view['path']}",
            timeout=10,
        )

    def action_import_time(self) -> None:
        """The import form; its dry run's mapping is shown for review before importing."""
        from clientkit.tui.screens.time_import import TimeImportForm

        self.push_screen(TimeImportForm(), self._import_reviewed)

    def _import_reviewed(self, summary: "ReviewedImport | None") -> None:
        if summary:
            self.post_message(TimeImportReviewed(summary))

    def on_time_import_reviewed(self, message: TimeImportReviewed) -> None:
        from clientkit.tui.screens.time_import import ImportReviewScreen

        summary = message.view
        for notice in summary.get("notices", []):
            self.notify(notice, severity="warning", timeout=8)
        if not summary["new"]:
            self.notify(f"nothing new to import from {summary['path']}")
            return
        self.push_screen(
            ImportReviewScreen(summary), lambda yes: self._import_confirmed(yes, summary)
        )

    def _import_confirmed(self, yes: bool | None, summary: "ReviewedImport") -> None:
        if yes:
            self.import_time(summary["source"], summary["path"], summary["maps"])

    def import_time(self, source: str, path: str, maps: list[str]) -> None:
        from clientkit.services.time_import import import_time

        work = partial(import_time, self.book, source, Path(path), maps=maps)
        call_service(self, work, TimeImported, group="import", exclusive=True)

    def on_time_imported(self, message: TimeImported) -> None:
        summary = message.view
        self.notify(f"imported {summary['imported']} entries from {summary['source']}")
        for notice in summary.get("notices", []):
            self.notify(notice, severity="warning", timeout=8)
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the current screen again from the book (changes made by the CLI show)."""
        if not self.book_open:
            return
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh()
        self.load_timer()


# The top-level screens, one per single-key mode: (module, class), imported on first visit.
SCREENS = {
    "dashboard": ("clientkit.tui.screens.dashboard", "DashboardScreen"),
    "clients": ("clientkit.tui.screens.clients", "ClientsScreen"),
    "projects": ("clientkit.tui.screens.projects", "ProjectsScreen"),
    "invoices": ("clientkit.tui.screens.invoices", "InvoicesScreen"),
    "reminders": ("clientkit.tui.screens.reminders", "RemindersScreen"),
    "timer": ("clientkit.tui.screens.timer", "TimerScreen"),
}


def make_screen(mode: str) -> Any:
    """A new screen of a mode, its module imported on the mode's first visit."""
    module, name = SCREENS[mode]
    return getattr(import_module(module), name)()


def _given(book: "Book") -> "Book":
    return book


def default_mailer(book: "Book") -> "Mailer":
    """SMTP from the [smtp] table; the password from the environment or keyring only."""
    from clientkit.services.mailer import smtp_mailer

    return smtp_mailer(book.config)


def make_app(
    book: "Book | Callable[[], Book]", *, mailer_factory: "Callable[[Book], Mailer] | None" = None
) -> ClientkitApp:
    """The app over a book, open or to be opened by calling `book` (the entry point's way);
    its clock (fixed in tests) is the book's clock."""
    return ClientkitApp(book, mailer_factory=mailer_factory)
