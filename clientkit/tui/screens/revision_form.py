"""The form that logs a revision the client asked for."""

from typing import TYPE_CHECKING

from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.tracking import RevisionView


class RevisionForm(FormScreen["RevisionView"]):
    """What the client asked to change; the service says when it is beyond those included."""

    def __init__(self, project: str, label: str = "") -> None:
        super().__init__()
        self.project = project
        self.title_text = f"Revision on {label or project}"

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec("description", "What changes", validators.name("description"), required=True)
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "RevisionView":
        from clientkit.services.tracking import add_revision

        return add_revision(book, self.project, values["description"].strip())
