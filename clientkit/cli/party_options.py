"""The options of a party's structured address, identifiers and contact (`profile set`,
`client add`, `client edit`): one help line each, the same for the profile and a client."""

from typing import TYPE_CHECKING, Annotated, cast

import typer

if TYPE_CHECKING:
    from clientkit.services.party_fields import PartyFields

Street = Annotated[
    str | None, typer.Option(help="Street and house number, e.g. Obchodná 24 ('' clears it).")
]
Postcode = Annotated[str | None, typer.Option(help="Post code, e.g. 811 06 or 10119.")]
City = Annotated[str | None, typer.Option(help="City, e.g. Bratislava.")]
Country = Annotated[str | None, typer.Option(help="Country, an ISO 3166-1 code such as SK or DE.")]
RegId = Annotated[
    str | None,
    typer.Option(
        "--reg-id", help="Company registration id (Slovak IČO, German Handelsregister number)."
    ),
]
TaxId = Annotated[
    str | None, typer.Option("--tax-id", help="Tax number (Slovak DIČ, German Steuernummer).")
]
VatId = Annotated[
    str | None,
    typer.Option("--vat-id", help="VAT id with its country code, e.g. SK2020273893 (checked)."),
]
Contact = Annotated[str | None, typer.Option(help="Contact person for invoices.")]
Phone = Annotated[str | None, typer.Option(help="Phone number, e.g. +421 2 1234 5678.")]
Endpoint = Annotated[
    str | None,
    typer.Option(
        help="Electronic address for Peppol e-invoices, SCHEME:ID with an EAS scheme, e.g. "
        "0088:4000001123452 (default: the one the VAT id gives, 9950:SK...).",
    ),
]


def given(**values: str | None) -> "PartyFields":
    """The party fields that were given (None means not given)."""
    return cast("PartyFields", {key: value for key, value in values.items() if value is not None})
