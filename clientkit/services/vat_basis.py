"""VAT facts of an invoice beside its rates: why its 0 % lines carry no VAT (decided from the
profile and the client when it is drafted and again when it is issued, then fixed), each line's
exemption as shown, and its VAT in the accounting currency."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, TypedDict

from clientkit.domain.exemptions import (
    SMALL_BUSINESS,
    Exemption,
    line_exemption,
    zero_rate_basis,
)
from clientkit.domain.fx import converted_minor
from clientkit.i18n import currency_digits
from clientkit.services.party_fields import party_country
from clientkit.translations import wording

if TYPE_CHECKING:  # invoice views are built from Core rows too, without the ORM
    from clientkit.storage.models import Client

# An unsaved profile's locale (storage.models.Profile): no country, no ids.
DEFAULT_SELLER_LOCALE = "en_US"


class SellerFacts(Protocol):
    """The profile's fields a 0 % line's reason depends on (an ORM or a Core row)."""

    @property
    def country(self) -> str: ...
    @property
    def vat_id(self) -> str: ...
    @property
    def tax_id(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def vat_exemption(self) -> str: ...


class VatFacts(Protocol):
    """The invoice's fields its exemptions and accounting VAT depend on."""

    @property
    def vat_exemption(self) -> str: ...
    @property
    def reverse_charge(self) -> bool: ...
    @property
    def currency(self) -> str: ...
    @property
    def vat_minor(self) -> int: ...
    @property
    def exchange_rate(self) -> str | None: ...
    @property
    def tax_currency(self) -> str | None: ...


class ExemptionView(TypedDict):
    """Why a line is at 0 %: EN 16931 category, VATEX code, reason in the invoice's language."""

    category: str
    code: str | None
    reason: str


def client_country(client: "Client") -> str:
    """The client's ISO 3166 country, as export outside the EU is judged by it: the one set,
    else its VAT id's, else its locale's territory (as its documents name it)."""
    return party_country(client.country, client.vat_id, client.locale)


def seller_country(profile: SellerFacts | None) -> str:
    """The freelancer's ISO 3166 country (whose small-business sentence applies); an unsaved
    profile's when there is none."""
    if profile is None:
        return party_country("", "", DEFAULT_SELLER_LOCALE)
    return party_country(profile.country, profile.vat_id, profile.locale)


def small_business(profile: SellerFacts | None) -> bool:
    """The profile claims the small-business exemption: its invoices charge no VAT."""
    return profile is not None and profile.vat_exemption == SMALL_BUSINESS


def basis_now(profile: SellerFacts | None, client: "Client") -> str:
    """The basis of 0 % lines of an invoice drafted or issued to `client` today."""
    return zero_rate_basis(
        small_business=small_business(profile),
        seller_vat_id=profile.vat_id if profile else "",
        seller_tax_id=profile.tax_id if profile else "",
        seller_country=seller_country(profile),
        buyer_country=client_country(client),
    )


@dataclass(frozen=True, slots=True)
class Seller:
    """The profile as the exemptions of invoices' 0 % lines read it, worked out once for
    every invoice of a list."""

    country: str
    earlier_basis: str  # the basis of invoices issued before it was stored (see basis_of)

    def basis_of(self, invoice: VatFacts) -> str:
        """The basis of the invoice's 0 % lines: the one stored on it, else the seller's."""
        return invoice.vat_exemption or self.earlier_basis

    def exemption(
        self, vat_bp: int, reverse_charge: bool, basis: str, locale: str
    ) -> ExemptionView | None:
        """A line's exemption as the invoice shows it (None for a taxed line)."""
        found = _line_exemption(vat_bp, reverse_charge, basis, self.country, locale)
        if found is None:
            return None
        return {"category": found.category, "code": found.code, "reason": found.reason}


def seller_of(profile: SellerFacts | None) -> Seller:
    """The profile (None before one is saved) as invoices' exemptions read it. Invoices issued
    before the basis was stored printed E when the freelancer had a VAT or tax id and O
    otherwise: that rule is kept for them."""
    country = seller_country(profile)
    earlier = zero_rate_basis(
        small_business=False,
        seller_vat_id=profile.vat_id if profile else "",
        seller_tax_id=profile.tax_id if profile else "",
        seller_country=country,
        buyer_country="ZZ",
    )
    return Seller(country, earlier)


def basis_of(invoice: VatFacts, profile: SellerFacts | None) -> str:
    """The basis of 0 % lines the invoice carries (see `seller_of`)."""
    return seller_of(profile).basis_of(invoice)


@lru_cache(maxsize=256)
def _line_exemption(
    vat_bp: int, reverse_charge: bool, basis: str, country: str, locale: str
) -> Exemption | None:
    """domain.exemptions.line_exemption, worked out once per rate, basis and language: the
    lines of 50,000 invoices in a list have a handful of them."""
    return line_exemption(
        vat_bp,
        reverse_charge=reverse_charge,
        basis=basis,
        seller_country=country,
        words=wording(locale),
    )


def accounting_vat_minor(invoice: VatFacts) -> int | None:
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
