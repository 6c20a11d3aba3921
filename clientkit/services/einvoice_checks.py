"""What would make an e-invoice invalid, checked before any PDF or XML of it is written.

The official rule sets (EN 16931, XRechnung, Peppol BIS; run by tests/einvoice) are XSLT that
take most of a second per document: too slow for the product. These checks cover what those
rules ask of the facts a user gives (parties, addresses, identifiers, references) and the code
lists the XML draws on, for the profile the document is written for. A broken one is refused
(exit 1) in one line: what is missing, the rule that requires it, and the command that sets
it. The XML built from facts that pass is itself checked against the XSD (documents).
"""

import shlex
from collections.abc import Callable

from clientkit.documents.facturx_xml import vat_category
from clientkit.domain.billing import InvoiceDoc, Party
from clientkit.domain.eas import EMAIL, PEPPOL_SCHEMES, electronic_address
from clientkit.domain.einvoice import PEPPOL, XRECHNUNG, EInvoiceProfile
from clientkit.domain.errors import InvalidValue
from clientkit.domain.units import UNITS, line_unit
from clientkit.i18n import check_currency, countries
from clientkit.services.errors import Refused
from clientkit.services.party_fields import check_endpoint, refuse_without_country

# A check: the problem with the document for the profile, in plain words, or None.
Check = Callable[[InvoiceDoc, EInvoiceProfile], str | None]
# UNTDID 5305 VAT category codes as EN 16931 takes them (its rule BR-CL-17).
VAT_CATEGORIES = frozenset({"S", "Z", "E", "AE", "K", "G", "O", "L", "M"})
GERMANY = "DE"


def check_einvoice(doc: InvoiceDoc, profile: EInvoiceProfile) -> None:
    """Refuse (Refused, one line) a document whose e-invoice for `profile` would break a rule."""
    refuse_without_country(doc.seller.country, doc.buyer.name, doc.buyer.country)
    for check in _checks(doc, profile):
        problem = check(doc, profile)
        if problem:
            raise Refused(problem)


def _checks(doc: InvoiceDoc, profile: EInvoiceProfile) -> tuple[Check, ...]:
    checks = COMMON
    # XRechnung's rules; Peppol applies the same between a German seller and a German buyer.
    if profile is XRECHNUNG or (profile is PEPPOL and _german(doc)):
        checks += GERMAN
    if profile is PEPPOL:
        checks += PEPPOL_CHECKS
    return checks


def _german(doc: InvoiceDoc) -> bool:
    return doc.seller.country == GERMANY and doc.buyer.country == GERMANY


def _client_edit(party: Party, option: str) -> str:
    return f"clientkit client edit {shlex.quote(party.name)} {option}"


def _reference_edit(doc: InvoiceDoc, option: str) -> str:
    """How to give the document's project (the invoices it bills) a reference."""
    if doc.project:
        return f"clientkit project edit {shlex.quote(doc.project)} {option}"
    return f"invoice create {option} for a new draft"


def _label(doc: InvoiceDoc) -> str:
    noun = "credit note" if doc.kind == "credit_note" else "invoice"
    return f"{noun} {doc.number}" if doc.number else f"the draft {noun}"


def _currency(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    try:
        check_currency(doc.currency)
    except InvalidValue:
        return f"{doc.currency} is not an ISO 4217 currency code (EN 16931 BR-CL-04)"
    return None


def _seller_vat_id(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    """An invoice charging VAT names the seller's VAT id or tax number (BR-S-02); a reverse
    charge names both parties' VAT ids (BR-AE-02)."""
    seller = doc.seller
    if any(line.vat_bp > 0 for line in doc.lines) and not (seller.vat_id or seller.tax_id):
        return (
            "your profile has no VAT id or tax number, which an invoice charging VAT names "
            "(EN 16931 BR-S-02): set it with clientkit profile set --vat-id ..."
        )
    if doc.reverse_charge and not seller.vat_id:
        return (
            "your profile has no VAT id, which a reverse-charge invoice names (EN 16931 "
            "BR-AE-02): set it with clientkit profile set --vat-id ..."
        )
    if doc.reverse_charge and not doc.buyer.vat_id:
        return (
            f"client {doc.buyer.name} has no VAT id, which a reverse-charge invoice names "
            f"(EN 16931 BR-AE-02): set it with {_client_edit(doc.buyer, '--vat-id ...')}"
        )
    return None


def _code_lists(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    """Every code the XML carries is one of its code list (a guard: clientkit makes them)."""
    for party in (doc.seller, doc.buyer):
        if party.country not in countries():
            return f"{party.country} is not an ISO 3166-1 country code (EN 16931 BR-CL-14)"
    for position, line in enumerate(doc.lines, start=1):
        if line_unit(line.kind) not in UNITS.values():
            return f"line {position} has no UN/ECE Rec. 20 unit (EN 16931 BR-CL-23)"
        if vat_category(doc, line.vat_bp) not in VAT_CATEGORIES:
            return f"line {position} has no UNTDID 5305 VAT category (EN 16931 BR-CL-17)"
    return None


def _addresses(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    """An electronic address set for a party is still a valid one (it may come from an older
    book or an import), in a scheme the profile takes."""
    for party, whose, fix in (
        (doc.seller, "your profile's", "clientkit profile set --endpoint SCHEME:ID"),
        (doc.buyer, f"client {doc.buyer.name}'s", _client_edit(doc.buyer, "--endpoint SCHEME:ID")),
    ):
        if party.endpoint:
            try:
                check_endpoint(party.endpoint)
            except InvalidValue as exc:
                return f"{whose} electronic address {party.endpoint}: {exc}; set it with {fix}"
        address = electronic_address(party, peppol=profile is PEPPOL)
        allowed = PEPPOL_SCHEMES if profile is PEPPOL else PEPPOL_SCHEMES | {EMAIL}
        if address is not None and address.scheme not in allowed:
            return (
                f"{whose} electronic address {address} is in no {profile.title} scheme "
                f"(EN 16931 BR-CL-25, PEPPOL-EN16931-CL008): set it with {fix}"
            )
    return None


COMMON: tuple[Check, ...] = (_currency, _seller_vat_id, _code_lists, _addresses)


def _german_rule(profile: EInvoiceProfile, number: int) -> str:
    """XRechnung's BR-DE-n, which Peppol BIS calls DE-R-00n."""
    return f"XRechnung BR-DE-{number}" if profile is XRECHNUNG else f"Peppol DE-R-{number:03d}"


def _buyer_reference(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    if doc.buyer_ref:
        return None
    return (
        f"{_label(doc)} has no buyer reference, which {profile.title} requires "
        f"({_german_rule(profile, 15)}; for a German public buyer, its Leitweg-ID): set it "
        f"with {_reference_edit(doc, '--buyer-ref ...')}"
    )


def _seller_place(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    for field, what, number in (("city", "city", 3), ("postcode", "post code", 4)):
        if not getattr(doc.seller, field):
            return (
                f"your address has no {what} ({_german_rule(profile, number)}): set it with "
                f"clientkit profile set --{field} ..."
            )
    return None


def _buyer_place(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    for field, what, number in (("city", "city", 8), ("postcode", "post code", 9)):
        if not getattr(doc.buyer, field):
            return (
                f"the client's address has no {what} ({_german_rule(profile, number)}): set it "
                f"with {_client_edit(doc.buyer, f'--{field} ...')}"
            )
    return None


def _seller_contact(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    """The seller's contact point, phone and e-mail (BR-DE-5, 6, 7); the contact point is the
    contact person, else the seller's own name (as the XML names it)."""
    seller = doc.seller
    missing = [
        (what, number)
        for what, number, given in (
            ("contact person", 5, seller.contact or seller.name),
            ("phone number", 6, seller.phone),
            ("e-mail address", 7, seller.email),
        )
        if not given
    ]
    if not missing:
        return None
    what, number = missing[0]
    return (
        f"your profile has no {what} for the seller's contact ({_german_rule(profile, number)}):"
        " set it with clientkit profile set --contact ... --phone ... --email ..."
    )


def _payment_instructions(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    if doc.iban:
        return None
    return (
        f"your profile has no IBAN, which {profile.title} requires as the payment instructions "
        f"({_german_rule(profile, 1)}): set it with clientkit profile set --iban ..."
    )


GERMAN: tuple[Check, ...] = (
    _buyer_reference,
    _seller_place,
    _buyer_place,
    _seller_contact,
    _payment_instructions,
)


def _order_or_buyer_reference(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    if doc.buyer_ref or doc.order_ref:
        return None
    return (
        f"{_label(doc)} has neither a buyer reference nor an order reference, one of which "
        "Peppol requires (PEPPOL-EN16931-R003): set one with "
        f"{_reference_edit(doc, '--buyer-ref ...')} (or --order-ref ...)"
    )


def _peppol_addresses(doc: InvoiceDoc, profile: EInvoiceProfile) -> str | None:
    if electronic_address(doc.seller, peppol=True) is None:
        return (
            "your profile has no Peppol address (PEPPOL-EN16931-R020): set it with clientkit "
            "profile set --endpoint SCHEME:ID (e.g. 0088:GLN), or set a VAT id that gives one"
        )
    if electronic_address(doc.buyer, peppol=True) is None:
        fix = _client_edit(doc.buyer, "--endpoint SCHEME:ID")
        return (
            f"client {doc.buyer.name} has no Peppol address (PEPPOL-EN16931-R010): set it "
            f"with {fix} (e.g. 0088:GLN), or a VAT id that gives one"
        )
    return None


PEPPOL_CHECKS: tuple[Check, ...] = (_order_or_buyer_reference, _peppol_addresses)
