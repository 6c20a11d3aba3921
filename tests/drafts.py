"""Test set-up: a draft with something to bill, however often its project was invoiced."""

from typing import Any

from clientkit.services.book import Book
from clientkit.services.invoicing import add_line, create_invoice


def billable_draft(book: Book, project: str, amount: str = "100") -> dict[str, Any]:
    """A draft of `project`: the project's own lines the first time; after that its earlier
    invoices already bill the price, so a manual line (a retainer month, say) fills it."""
    draft = create_invoice(book, project)
    if draft["lines"]:
        return draft
    return add_line(book, str(draft["id"]), "Retainer month", amount)
