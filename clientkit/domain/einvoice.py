"""E-invoice profiles (plain EN 16931, XRechnung 3.0, Peppol BIS 3.0) and the buyer's references.

Each profile is EN 16931 with rules of its own; an invoice names the one it follows in its
specification identifier (BT-24, UBL CustomizationID) and business process (BT-23, ProfileID).
The Factur-X XML inside a PDF is always plain EN 16931.

The buyer's reference (BT-10; for a German public buyer the Leitweg-ID) and purchase order
reference (BT-13) are text the buyer gave: XRechnung requires the first, Peppol one of them.
"""

from dataclasses import dataclass

from clientkit.domain.errors import InvalidValue
from clientkit.domain.text import check_name

EN16931_ID = "urn:cen.eu:en16931:2017"
# Peppol's business process "billing" (BIS Billing 3.0); XRechnung sent over Peppol, as the
# KoSIT examples are, names it too.
PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


@dataclass(frozen=True)
class EInvoiceProfile:
    """What an e-invoice declares to follow (BT-24) and in which business process (BT-23)."""

    name: str
    title: str
    specification: str  # BT-24
    process: str | None  # BT-23


EN16931 = EInvoiceProfile("en16931", "EN 16931", EN16931_ID, None)
XRECHNUNG = EInvoiceProfile(
    "xrechnung",
    "XRechnung",
    f"{EN16931_ID}#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
    PEPPOL_BILLING,
)
PEPPOL = EInvoiceProfile(
    "peppol",
    "Peppol",
    f"{EN16931_ID}#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    PEPPOL_BILLING,
)
PROFILES = {profile.name: profile for profile in (EN16931, XRECHNUNG, PEPPOL)}


def einvoice_profile(name: str) -> EInvoiceProfile:
    """The profile named `name` (en16931, xrechnung, peppol); InvalidValue for another."""
    try:
        return PROFILES[name.strip().lower()]
    except KeyError:
        raise InvalidValue(
            f"unknown e-invoice profile {name!r}: expected one of {', '.join(PROFILES)}"
        ) from None


def check_reference(value: str, what: str) -> str:
    """A buyer's or order reference as typed, trimmed; "" clears it. One line, at most 200
    characters (check_name says why not)."""
    trimmed = value.strip()
    return check_name(trimmed, what) if trimmed else ""
