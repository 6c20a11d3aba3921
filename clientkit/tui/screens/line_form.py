"""The form that adds a line to a draft invoice."""

from typing import TYPE_CHECKING

from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen, optional

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.invoicing import InvoiceResult


class LineForm(FormScreen["InvoiceResult"]):
    """Description, unit price (negative for a discount), quantity and VAT rate."""

    def __init__(self, invoice: str, currency: str, label: str = "") -> None:
        super().__init__()
        self.invoice = invoice
        self.currency = currency
        self.title_text = f"New line on {label or 'draft ' + invoice}"

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec("description", "Description", validators.name("description"), required=True),
            FieldSpec(
                "amount",
                f"Unit price ({self.currency})",
                validators.unit_price(self.currency, required=True),
                currency=self.currency,
                required=True,
            ),
            FieldSpec("quantity", "Quantity", validators.quantity(), value="1"),
            FieldSpec("vat", "VAT rate", validators.percent(), placeholder="20% (blank: none)"),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "InvoiceResult":
        from clientkit.services.invoicing import add_line

        return add_line(
            book,
            self.invoice,
            values["description"].strip(),
            values["amount"].strip(),
            quantity=values["quantity"].strip() or "1",
            vat=optional(values["vat"]),
        )
