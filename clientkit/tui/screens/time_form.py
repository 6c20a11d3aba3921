"""The form that logs work or communication time on a project."""

from typing import TYPE_CHECKING

from clientkit.domain.terms import TIME_KINDS
from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen, optional

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.tracking import TimeEntryView


class TimeForm(FormScreen["TimeEntryView"]):
    """Duration (90m, 1h30m, 1.5h), kind, note and day."""

    def __init__(self, project: str, label: str = "") -> None:
        super().__init__()
        self.project = project
        self.title_text = f"Log time on {label or project}"

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec(
                "duration",
                "Duration",
                validators.duration(required=True),
                placeholder="90m, 1h30m or 1.5h",
                required=True,
            ),
            FieldSpec("kind", "Kind", choices=TIME_KINDS),
            FieldSpec("note", "Note", validators.text("note")),
            FieldSpec("date", "Date", validators.day(), placeholder="today (YYYY-MM-DD)"),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "TimeEntryView":
        from clientkit.services.tracking import log_time

        return log_time(
            book,
            self.project,
            values["duration"],
            values["kind"],
            note=values["note"].strip(),
            on=optional(values["date"]),
        )
