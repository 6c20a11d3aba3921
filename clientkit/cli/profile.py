"""`clientkit profile`: the freelancer's own details."""

from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit, fields
from clientkit.cli.party_options import (
    City,
    Contact,
    Country,
    Endpoint,
    Phone,
    Postcode,
    RegId,
    Street,
    TaxId,
    VatId,
)

if TYPE_CHECKING:
    from clientkit.services.views import ProfileView

app = typer.Typer(help="Your own details, printed on contracts and invoices.", no_args_is_help=True)

FIELDS = (
    "name",
    "business",
    "email",
    "address",
    "street",
    "postcode",
    "city",
    "country",
    "reg_id",
    "tax_id",
    "vat_id",
    "contact",
    "phone",
    "endpoint",
    "iban",
    "bic",
    "currency",
    "locale",
    "timezone",
    "reverse_charge",
    "lead_time_days",
    "vat_exemption",
    "slovak_qr",
)


def _render(view: "ProfileView") -> list[str]:
    return fields(view, FIELDS)


@app.command("set")
def set_(
    name: Annotated[str | None, typer.Option(help="Your name, as it signs contracts.")] = None,
    business: Annotated[
        str | None, typer.Option(help="Your business name, if you trade under one.")
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Your e-mail address, the sender of reminders.")
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(help="Your postal address as free text (newlines allowed); see --street."),
    ] = None,
    street: Street = None,
    postcode: Postcode = None,
    city: City = None,
    country: Country = None,
    reg_id: RegId = None,
    tax_id: TaxId = None,
    vat_id: VatId = None,
    contact: Contact = None,
    phone: Phone = None,
    endpoint: Endpoint = None,
    iban: Annotated[
        str | None, typer.Option(help="The account clients pay into (IBAN, checked).")
    ] = None,
    bic: Annotated[str | None, typer.Option(help="Your bank's BIC (checked).")] = None,
    currency: Annotated[
        str | None, typer.Option(help="Your default currency, an ISO code such as EUR.")
    ] = None,
    locale: Annotated[
        str | None, typer.Option(help="Language and number format, e.g. en_US or sk_SK.")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="Your IANA time zone, e.g. Europe/Bratislava: times typed without an offset "
            "are read in it and shown in it (default: the system's)."
        ),
    ] = None,
    reverse_charge: Annotated[
        bool | None,
        typer.Option(
            "--reverse-charge/--no-reverse-charge",
            help="Print the EU reverse-charge note for business clients abroad.",
        ),
    ] = None,
    lead_time_days: Annotated[
        int | None,
        typer.Option(
            "--lead-time-days", help="Your usual lead time; shorter deadlines are rush jobs."
        ),
    ] = None,
    vat_exemption: Annotated[
        str | None,
        typer.Option(
            "--vat-exemption",
            help="small-business: you charge no VAT (e.g. § 19 UStG) and invoices print the "
            "statutory sentence of your country; none: you charge VAT.",
        ),
    ] = None,
    slovak_qr: Annotated[
        str | None,
        typer.Option(
            "--slovak-qr",
            help="The payment QR of a EUR invoice to a client in Slovakia: pay-by-square (what "
            "Slovak bank apps read), epc (the SEPA code) or both (the default).",
        ),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Set your name, address, tax and bank details, currency and locale."""
    from clientkit.services.profile import set_profile

    view = set_profile(
        state.book(),
        name=name,
        business=business,
        email=email,
        address=address,
        street=street,
        postcode=postcode,
        city=city,
        country=country,
        reg_id=reg_id,
        tax_id=tax_id,
        vat_id=vat_id,
        contact=contact,
        phone=phone,
        endpoint=endpoint,
        iban=iban,
        bic=bic,
        currency=currency,
        locale=locale,
        timezone=timezone,
        reverse_charge=reverse_charge,
        lead_time_days=lead_time_days,
        vat_exemption=vat_exemption,
        slovak_qr=slovak_qr,
    )
    emit(view, as_json, _render)


@app.command("show")
def show(as_json: bool = JsonOption) -> None:
    """Show your profile."""
    from clientkit.services.profile import show_profile

    emit(show_profile(state.book()), as_json, _render)
