"""VAT facts of an invoice beside its rates: why its 0 % lines carry no VAT (decided from the
profile and the client when it is drafted and again when it is issued, then fixed), each line's
exemption as shown, and its VAT in the accounting currency."""

from decimal import Decimal
from typing import TypedDict

from clientkit.domain.exemptions import (
    SMALL_BUSINESS,
    line_exemption,
    zero_rate_basis,
)
from clientkit.domain.fx import converted_minor
from clientkit.i18n import currency_digits
from clientkit.services.party_fields import party_country
from clientkit.storage.models import Client, Invoice, Profile
from clientkit.translations import wording


class ExemptionView(TypedDict):
    """Why a line is at 0 %: EN 16931 category, VATEX code, reason in the invoice's language."""

    category: str
    code: str | None
    reason: str


def client_country(client: Client) -> str:
    """The client's ISO 3166 country, as export outside the EU is judged by it: the one set,
    else its VAT id's, else its locale's territory (as its documents name it)."""
    return party_country(client.country, client.vat_id, client.locale)


def seller_country(profile: Profile) -> str:
    """The freelancer's ISO 3166 country (whose small-business sentence applies)."""
    return party_country(profile.country, profile.vat_id, profile.locale)


def small_business(profile: Profile | None) -> bool:
    """The profile claims the small-business exemption: its invoices charge no VAT."""
    return profile is not None and profile.vat_exemption == SMALL_BUSINESS


def basis_now(profile: Profile | None, client: Client) -> str:
    """The basis of 0 % lines of an invoice drafted or issued to `client` today."""
    seller = profile or Profile()
    return zero_rate_basis(
        small_business=small_business(profile),
        seller_vat_id=seller.vat_id,
        seller_tax_id=seller.tax_id,
        seller_country=seller_country(seller),
        buyer_country=client_country(client),
    )


def basis_of(invoice: Invoice, profile: Profile | None) -> str:
    """The basis stored on the invoice. Invoices issued before it was stored printed E when
    the freelancer had a VAT or tax id and O otherwise: that rule is kept for them."""
    if invoice.vat_exemption:
        return invoice.vat_exemption
    seller = profile or Profile()
    return zero_rate_basis(
        small_business=False,
        seller_vat_id=seller.vat_id,
        seller_tax_id=seller.tax_id,
        seller_country=seller_country(seller),
        buyer_country="ZZ",
    )


def exemption_view(
    invoice: Invoice, vat_bp: int, basis: str, profile: Profile | None, locale: str
) -> ExemptionView | None:
    """A line's exemption as the invoice shows it (None for a taxed line)."""
    found = line_exemption(
        vat_bp,
        reverse_charge=invoice.reverse_charge,
        basis=basis,
        seller_country=seller_country(profile or Profile()),
        words=wording(locale),
    )
    if found is None:
        return None
    return {"category": found.category, "code": found.code, "reason": found.reason}


def accounting_vat_minor(invoice: Invoice) -> int | None:
    """The invoice's VAT in the accounting currency at its exchange rate (EN 16931 BT-111), in
    that currency's minor units; None without a rate."""
    if invoice.exchange_rate is None or invoice.tax_currency is None:
        return None
    return converted_minor(
        invoice.vat_minor,
        Decimal(invoice.exchange_rate),
        currency_digits(invoice.currency),
        currency_digits(invoice.tax_currency),
    )
