"""The form that adds a project with all its terms: price, revisions, deposit, budget, fees."""

from typing import TYPE_CHECKING

from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen, optional

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.projects import ProjectResult


class ProjectForm(FormScreen["ProjectResult"]):
    """New project: the terms of SPEC section 2; blanks take the configured defaults."""

    title_text = "New project"

    def __init__(self, client: str = "", currency: str = "EUR") -> None:
        super().__init__()
        self.client = client
        self.currency = currency

    def fields(self) -> list[FieldSpec]:
        c = self.currency
        return [
            FieldSpec(
                "client",
                "Client (name or id)",
                validators.name("client"),
                value=self.client,
                required=True,
            ),
            FieldSpec("title", "Title", validators.name("project title"), required=True),
            FieldSpec("price", "Fixed price", currency=c),
            FieldSpec("hourly", "or hourly rate", currency=c),
            FieldSpec("estimate", "Estimate (hours)", validators.hours(), placeholder="40 or 12.5"),
            FieldSpec(
                "revisions",
                "Revisions included",
                validators.whole_number("revisions"),
                placeholder="default from config",
            ),
            FieldSpec("revision_fee", "Fee per extra rev.", currency=c),
            FieldSpec(
                "deposit",
                "Deposit",
                validators.deposit(c),
                placeholder="30% or 450 (default: policy tier)",
            ),
            FieldSpec("comm_budget", "Comm. budget", validators.duration(), placeholder="5h"),
            FieldSpec("comm_rate", "Rate beyond budget", currency=c),
            FieldSpec("rush_fee", "Rush fee", validators.percent(), placeholder="25%"),
            FieldSpec("cancel_fee", "Cancellation fee", validators.percent(), placeholder="20%"),
            FieldSpec("cancel_fee_basis", "Cancel fee share of", choices=("price", "remainder")),
            FieldSpec("late_fee", "Late fee", validators.percent(), placeholder="1.5%"),
            FieldSpec(
                "payment_days",
                "Payment days",
                validators.whole_number("payment days"),
                placeholder="14",
            ),
            FieldSpec("deadline", "Deadline", validators.day(), placeholder="YYYY-MM-DD"),
            FieldSpec(
                "currency", "Currency", validators.currency(), placeholder="the client's currency"
            ),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "ProjectResult":
        from clientkit.services.projects import TermsInput, add_project

        def number(name: str) -> int | None:
            text = values[name].strip()
            return int(text) if text else None

        terms = TermsInput(
            price=optional(values["price"]),
            hourly=optional(values["hourly"]),
            estimate_hours=optional(values["estimate"]),
            revisions=number("revisions"),
            revision_fee=optional(values["revision_fee"]),
            deposit=optional(values["deposit"]),
            comm_budget=optional(values["comm_budget"]),
            comm_rate=optional(values["comm_rate"]),
            rush_fee=optional(values["rush_fee"]),
            cancel_fee=optional(values["cancel_fee"]),
            cancel_fee_basis=values["cancel_fee_basis"],
            late_fee=optional(values["late_fee"]),
            payment_days=number("payment_days"),
            deadline=optional(values["deadline"]),
            currency=optional(values["currency"]),
        )
        return add_project(book, values["client"].strip(), values["title"].strip(), terms)
