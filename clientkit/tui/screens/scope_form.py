"""The form that adds a scope item; after kickoff it is a change request, priced separately."""

from typing import TYPE_CHECKING

from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen, optional

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.scope_items import ScopeResult


class ScopeForm(FormScreen["ScopeResult"]):
    """Description, price and hours estimate of a deliverable."""

    def __init__(self, project: str, currency: str, label: str = "") -> None:
        super().__init__()
        self.project = project
        self.currency = currency
        self.title_text = f"Scope item on {label or project}"

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec("description", "Description", validators.name("description"), required=True),
            FieldSpec("price", f"Price ({self.currency})", currency=self.currency),
            FieldSpec("hours", "Hours estimate", validators.hours(), placeholder="8 or 1h30m"),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "ScopeResult":
        from clientkit.services.scope_items import add_scope_item

        return add_scope_item(
            book,
            self.project,
            values["description"].strip(),
            price=optional(values["price"]),
            hours=optional(values["hours"]),
        )
