"""The form that records money received: on an invoice, or as a project's deposit."""

from typing import TYPE_CHECKING

from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen, optional

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.views import Noticed


class PaymentForm(FormScreen["Noticed"]):
    """Amount, date and method; `target` is an invoice (number or id), or a deposit's project."""

    def __init__(
        self, target: str, currency: str, *, deposit: bool = False, label: str = ""
    ) -> None:
        super().__init__()
        self.target = target
        self.currency = currency
        self.deposit = deposit
        what = "Deposit on" if deposit else "Payment on invoice"
        self.title_text = f"{what} {label or target}"

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec(
                "amount",
                f"Amount ({self.currency})",
                validators.received(self.currency, required=True),
                currency=self.currency,
                required=True,
            ),
            FieldSpec("date", "Date", validators.day(), placeholder="today (YYYY-MM-DD)"),
            FieldSpec(
                "method",
                "Method",
                validators.text("method"),
                placeholder="bank transfer, card, cash",
            ),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "Noticed":
        from clientkit.services.deposit_records import record_deposit
        from clientkit.services.payments import pay_invoice

        record = record_deposit if self.deposit else pay_invoice
        return record(
            book,
            self.target,
            values["amount"].strip(),
            on=optional(values["date"]),
            method=values["method"].strip(),
        )
