"""Reminders: what is due today, a preview of each, then send them with progress and results."""

from collections.abc import Callable
from email.message import EmailMessage
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, ProgressBar, Static

from clientkit.tui.base import BookScreen
from clientkit.tui.calls import call_service
from clientkit.tui.format import money_text
from clientkit.tui.messages import ActionRefused, ReminderSent, RemindersListed, RemindersSent
from clientkit.tui.widgets.plain import PlainStatic
from clientkit.tui.widgets.sized_table import SizedTable

if TYPE_CHECKING:
    from clientkit.services.mailer import Mailer
    from clientkit.services.reminders import Preview, ReminderView, SendResult


class ProgressMailer:
    """Wraps the real mailer so each accepted message is reported as it goes."""

    def __init__(self, inner: "Mailer", report: Callable[[str, str], None]) -> None:
        self.inner = inner
        self.channel = inner.channel
        self.report = report

    def send(self, message: EmailMessage, recipient: str, name: str) -> str:
        where = self.inner.send(message, recipient, name)
        self.report(name, where)
        return where

    def close(self) -> None:
        self.inner.close()


def row_key(view: "ReminderView") -> str:
    """The same label the reminder service gives a draft: invoice number and level."""
    return f"{view['invoice']}-{view['level']}"


class RemindersScreen(BookScreen):
    """Today's reminders; the cursor previews one, `s` sends them all (after a yes)."""

    CSS_PATH = "reminders.tcss"
    TITLE = "Reminders"
    AUTO_FOCUS = "#due"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("s", "send", "Send all")]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Preview | None = None
        self.sending = False

    def compose_body(self) -> ComposeResult:
        yield PlainStatic("reading today's reminders…", id="reminders-status")
        table: DataTable[Any] = SizedTable(id="due", cursor_type="row", zebra_stripes=True)
        table.add_columns("Invoice", "Client", "Level", "Late", "Balance", "Result")
        yield table
        yield ProgressBar(id="progress", show_eta=False)
        yield PlainStatic("", id="preview")

    def refresh_data(self) -> None:
        if not self.sending:
            self.load()

    def load(self) -> None:
        from clientkit.services.reminders import preview

        call_service(
            self, partial(preview, self.book), RemindersListed, group="detail", exclusive=True
        )

    def on_reminders_listed(self, message: RemindersListed) -> None:
        self.plan = plan = message.view
        table = self.query_one("#due", DataTable)
        table.clear()
        for view in plan["reminders"]:
            table.add_row(
                view["invoice"],
                view["client"],
                view["level"],
                f"{view['days_overdue']}d",
                money_text(view["balance"], view["currency"]),
                "",
                key=row_key(view),
            )
        self._status(plan)
        self.query_one("#progress", ProgressBar).update(
            total=len(plan["reminders"]) or None, progress=0
        )
        self._preview(0)
        self.refresh_bindings()

    def _status(self, plan: "Preview") -> None:
        due = len(plan["reminders"])
        text = Text(f"{due} reminder{'s' if due != 1 else ''} due on {plan['today']}", style="bold")
        if due:
            text.append(" · s sends them all")
        for view in plan.get("interrupted", []):
            text.append(
                f"\n! {view['invoice']} ({view['level']}) may have been sent by an "
                "interrupted run; check your sent mail",
                style="yellow",
            )
        for problem in plan.get("problems", []):
            text.append(f"\n! {problem}", style="yellow")
        self.query_one("#reminders-status", Static).update(text)

    @on(DataTable.RowHighlighted, "#due")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview(event.cursor_row)

    def _preview(self, index: int) -> None:
        views = self.plan["reminders"] if self.plan else []
        preview = self.query_one("#preview", Static)
        if not views or index >= len(views):
            preview.update("")
            return
        view = views[index]
        text = Text()
        text.append(f"To: {view['client']} <{view['to']}>\n", style="dim")
        text.append(f"Subject: {view['subject']}\n", style="bold")
        text.append("\n".join(view["first_lines"]))
        preview.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return bool(self.plan and self.plan["reminders"]) and not self.sending
        return True

    def action_send(self) -> None:
        from clientkit.tui.screens.confirm import ConfirmScreen

        count = len(self.plan["reminders"]) if self.plan else 0
        self.app.push_screen(
            ConfirmScreen(
                f"Send {count} reminder{'s' if count != 1 else ''} now? Each goes "
                "out once and is recorded in the client's history."
            ),
            self._send_confirmed,
        )

    def _send_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.sending = True
            self.refresh_bindings()
            self.query_one("#reminders-status", Static).update("sending…")
            self.send_all(len(self.plan["reminders"]) if self.plan else 0)

    def send_all(self, total: int) -> None:
        """Send through the service (at most once per level); report each message as it goes."""
        call_service(
            self,
            partial(self._send, total),
            RemindersSent,
            group="send",
            exclusive=True,
            failed=lambda why: (ActionRefused(why), RemindersSent(None)),
        )

    def _send(self, total: int) -> "SendResult":
        from clientkit.services.reminders import send_reminders

        done = 0

        def report(name: str, where: str) -> None:
            nonlocal done
            done += 1
            self.post_message(ReminderSent(done, total, {"key": name, "where": where}))

        mailer = ProgressMailer(self.ck_app.mailer_factory(self.book), report)
        return send_reminders(self.book, mailer)

    def on_reminder_sent(self, message: ReminderSent) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)
        self._result(message.result["key"], Text(f"sent · {message.result['where']}", "green"))

    def _result(self, key: str, text: Text) -> None:
        table = self.query_one("#due", DataTable)
        if key in {row.value for row in table.rows}:
            table.update_cell(key, table.ordered_columns[-1].key, text, update_width=True)

    def on_reminders_sent(self, message: RemindersSent) -> None:
        self.sending = False
        self.refresh_bindings()
        result = message.view
        if result is None:
            self.query_one("#reminders-status", Static).update("nothing was sent")
            return
        sent = result["sent"]
        text = Text(f"{len(sent)} sent", style="bold green" if sent else "bold")
        if result.get("failure"):
            text.append(f"\n✗ {result['failure']}", style="bold red")
        for problem in result.get("problems", []):
            text.append(f"\n! {problem}", style="yellow")
        for view in result.get("in_progress", []):
            self._result(row_key(view), Text("another run is sending it", "yellow"))
        self.query_one("#reminders-status", Static).update(text)
        sent_keys = {row_key(view) for view in sent}
        for view in self.plan["reminders"] if self.plan else []:
            if row_key(view) not in sent_keys and result.get("failure"):
                self._result(row_key(view), Text("not sent", "red"))
