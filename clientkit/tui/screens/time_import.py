"""Import time from Watson, klog or timewarrior: a small form, then the mapping to review."""

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer

from clientkit.domain.durations import format_minutes
from clientkit.tui import validators
from clientkit.tui.screens.confirm import ConfirmScreen
from clientkit.tui.screens.form import FieldSpec, FormScreen
from clientkit.tui.widgets.plain import PlainLabel, PlainStatic
from clientkit.tui.widgets.sized_table import SizedTable

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.time_import import GroupView, TimeImportSummary

    class ReviewedImport(TimeImportSummary):
        """A dry run's summary and the mappings it was made with (the import uses the same)."""

        maps: list[str]


SOURCES = ("watson", "klog", "timewarrior")


class TimeImportForm(FormScreen["ReviewedImport"]):
    """Source and path; saving only reads and maps the file (a dry run), nothing is imported."""

    title_text = "Import time from another tracker"

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec("source", "Tracker", choices=SOURCES),
            FieldSpec(
                "path",
                "File (or folder)",
                validators.name("path"),
                placeholder="~/.config/watson/frames",
                required=True,
            ),
            FieldSpec(
                "maps",
                "Map (optional)",
                validators.import_maps(),
                placeholder="Old site=Website relaunch; Calls=Brand identity",
            ),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "ReviewedImport":
        from clientkit.services.time_import import import_time, split_maps

        maps = split_maps(values.get("maps", ""))
        summary = import_time(
            book,
            values["source"],
            Path(values["path"].strip()).expanduser(),
            maps=maps,
            dry_run=True,
        )
        # The import after the review must map the same way as the dry run shown.
        return {**summary, "maps": maps}


class ImportReviewScreen(ConfirmScreen):
    """The dry run's mapping (source project -> clientkit project) before anything is written."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "answer(True)", "Import")]

    def __init__(self, summary: "TimeImportSummary") -> None:
        super().__init__(review_line(summary))
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="-wide"):
            yield PlainLabel(f"{self.summary['source']} {self.summary['path']}", id="question")
            table: DataTable[Any] = SizedTable(id="mapping", cursor_type="row")
            table.add_columns("Source project", "clientkit project", "Entries", "Time", "New")
            for group in self.summary["projects"]:
                table.add_row(
                    group["source_project"],
                    target_text(group),
                    str(group["entries"]),
                    format_minutes(group["minutes"]),
                    str(group["new"]) if group["project_id"] is not None else "-",
                )
            yield table
            yield PlainStatic(self.question, id="review-outcome")
            with Horizontal(id="answers"):
                yield Button("Import (y)", variant="primary", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)
        yield Footer(compact=True)


def target_text(group: "GroupView") -> Text:
    """Where a source project's entries go; unmapped ones stand out (they are not imported)."""
    if group["project_id"] is None:
        return Text("not mapped", style="bold yellow")
    return Text(f"{group['project']} ({group['client']})")


def review_line(summary: "TimeImportSummary") -> str:
    """What confirming would do, from the dry run's counts."""
    parts = [f"import {summary['new']} new entries?"]
    if summary["already_imported"]:
        parts.append(f"{summary['already_imported']} already imported")
    if summary["unmapped"]:
        parts.append(
            f"{summary['unmapped']} unmapped "
            f"({format_minutes(summary['unmapped_minutes'])}) are left out"
        )
    if summary["skipped"]:
        parts.append(f"{len(summary['skipped'])} unreadable skipped")
    return "; ".join(parts)
