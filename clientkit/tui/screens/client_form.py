"""The form that adds a client; currency and locale default to the profile's."""

from typing import TYPE_CHECKING

from clientkit.tui import validators
from clientkit.tui.screens.form import FieldSpec, FormScreen, optional

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.views import ClientView


class ClientForm(FormScreen["ClientView"]):
    """New client: name, contact, address, VAT id, currency, locale and the stated budget."""

    title_text = "New client"

    def __init__(self, currency: str = "EUR") -> None:
        super().__init__()
        self.currency = currency

    def fields(self) -> list[FieldSpec]:
        return [
            FieldSpec("name", "Name", validators.name("client name"), required=True),
            FieldSpec("email", "E-mail", validators.email(), placeholder="billing@client.test"),
            FieldSpec("company", "Company", validators.text("company")),
            FieldSpec("street", "Street", validators.party("street")),
            FieldSpec("postcode", "Post code", validators.party("postcode")),
            FieldSpec("city", "City", validators.party("city")),
            FieldSpec(
                "country", "Country", validators.party("country"), placeholder="SK, DE, AT..."
            ),
            FieldSpec("vat_id", "VAT id", validators.party("vat_id"), placeholder="SK2020273893"),
            FieldSpec(
                "currency",
                "Currency",
                validators.currency(),
                placeholder=f"{self.currency} (profile default)",
            ),
            FieldSpec("locale", "Locale", validators.locale(), placeholder="en_US, de_DE, sk_SK"),
            FieldSpec("budget", "Stated budget", currency=self.currency),
        ]

    def save(self, book: "Book", values: dict[str, str]) -> "ClientView":
        from clientkit.services.clients import add_client

        return add_client(
            book,
            values["name"].strip(),
            email=values["email"].strip(),
            company=values["company"].strip(),
            street=values["street"].strip(),
            postcode=values["postcode"].strip(),
            city=values["city"].strip(),
            country=values["country"].strip(),
            vat_id=values["vat_id"].strip(),
            currency=optional(values["currency"]),
            locale=optional(values["locale"]),
            budget=optional(values["budget"]),
        )
