"""Electronic addresses of e-invoice parties (EN 16931 BT-34, BT-49): EAS schemes and ids.

An electronic address is a scheme and an identifier, written `SCHEME:ID` (`9950:SK2020273893`),
as Peppol names its participants. The schemes are the Electronic Address Scheme (EAS) code
list of the European Commission (CEF EAS, version 13), as Peppol BIS Billing 3.0 accepts it
(its rule PEPPOL-EN16931-CL008): the EN 16931 list less the codes Peppol does not route, such
as EM (an e-mail address).
"""

from dataclasses import dataclass

from clientkit.domain.billing import Party
from clientkit.domain.errors import InvalidValue
from clientkit.domain.wording import said

# The EAS codes Peppol BIS Billing 3.0 accepts (docs.peppol.eu/poacc/billing/3.0/codelist/eas).
_PEPPOL_CODES = """
    0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170
    0177 0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203
    0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0221 0225 0230 0235 0240
    9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931
    9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948
    9949 9950 9951 9952 9953 9957 9959
"""
PEPPOL_SCHEMES = frozenset(_PEPPOL_CODES.split())
EMAIL = "EM"  # EAS "Electronic mail": EN 16931 takes it, Peppol does not

# The EAS scheme whose identifier is a party's VAT number, by the VAT id's two letters; the
# identifier is the whole VAT id, prefix included (9930:DE123456789). From the EAS list's
# "<country> VAT number" entries (99xx), Spain's tax agency (9920), Hungary (9910), Austria's
# UID (9914), France (9957) and Italy's partita IVA (0211). Countries whose Peppol addresses
# are company numbers instead (Denmark, Norway, Sweden, Finland) are not here: set theirs.
VAT_SCHEMES = {
    "AD": "9922",
    "AL": "9923",
    "AT": "9914",
    "BA": "9924",
    "BE": "9925",
    "BG": "9926",
    "CH": "9927",
    "CY": "9928",
    "CZ": "9929",
    "DE": "9930",
    "EE": "9931",
    "EL": "9933",
    "ES": "9920",
    "FR": "9957",
    "GB": "9932",
    "HR": "9934",
    "HU": "9910",
    "IE": "9935",
    "IT": "0211",
    "LI": "9936",
    "LT": "9937",
    "LU": "9938",
    "LV": "9939",
    "MC": "9940",
    "ME": "9941",
    "MK": "9942",
    "MT": "9943",
    "NL": "9944",
    "PL": "9945",
    "PT": "9946",
    "RO": "9947",
    "RS": "9948",
    "SI": "9949",
    "SK": "9950",
    "SM": "9951",
    "TR": "9952",
    "VA": "9953",
}
MAX_ID = 100  # characters of an identifier


@dataclass(frozen=True)
class Endpoint:
    """An electronic address: an EAS scheme and the identifier in it."""

    scheme: str
    id: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.id}"


def parse_endpoint(text: str) -> Endpoint:
    """`SCHEME:ID` as typed, the scheme one Peppol accepts; InvalidValue says why not."""
    scheme, colon, identifier = text.strip().partition(":")
    scheme, identifier = scheme.strip(), identifier.strip()
    if not colon or not scheme or not identifier:
        raise InvalidValue(said("not an electronic address (SCHEME:ID, e.g. 9950:SK2020273893)"))
    if scheme.upper() == EMAIL:
        raise InvalidValue(
            said("EM (e-mail) is no Peppol scheme; your e-mail address serves where EM may be used")
        )
    if scheme not in PEPPOL_SCHEMES:
        raise InvalidValue(
            said("unknown scheme %(scheme)s (an EAS code such as 9950 or 0088)", scheme=scheme)
        )
    if len(identifier) > MAX_ID or not identifier.isprintable() or " " in identifier:
        raise InvalidValue(
            said("not an identifier (no spaces, at most %(most)s characters)", most=MAX_ID)
        )
    return Endpoint(scheme, identifier)


def vat_endpoint(vat_id: str) -> Endpoint | None:
    """The electronic address a VAT id gives (`SK2020273893` -> 9950:SK2020273893), or None
    when its country routes by another number."""
    compact = vat_id.replace(" ", "").upper()
    scheme = VAT_SCHEMES.get(compact[:2])
    return Endpoint(scheme, compact) if scheme and len(compact) > 2 else None


def electronic_address(party: Party, *, peppol: bool) -> Endpoint | None:
    """Where a party receives e-invoices: the address set for it, else (outside Peppol) its
    e-mail address, else the one its VAT id gives; None when there is none."""
    if party.endpoint:
        scheme, _, identifier = party.endpoint.partition(":")
        return Endpoint(scheme, identifier)
    if party.email and not peppol:
        return Endpoint(EMAIL, party.email)
    return vat_endpoint(party.vat_id)
