"""The checks of a party's address, identifiers, contact and bank fields (profile and client).

IBAN, BIC and VAT ids are checked by python-stdnum, which knows each country's format and
check digits; a country code must be one ISO 3166-1 assigns. Every check takes what the user
typed and returns the value to store (compact, upper case where the format wants it); an
empty value clears the field. A refusal names the option and the value, and says why:
`--vat-id SK2020273894: not a valid VAT number (check digit)`. The same checks serve the
CLI, the TUI and an import.
"""

import re
import shlex
from collections.abc import Callable
from typing import Any, TypedDict

from clientkit.domain.billing import country_code
from clientkit.domain.errors import InvalidValue
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import Said, said
from clientkit.i18n import check_country, countries


class PartyFields(TypedDict, total=False):
    """The structured fields of a party, as typed (each checked by check_party_field)."""

    street: str
    postcode: str
    city: str
    country: str
    reg_id: str
    tax_id: str
    vat_id: str
    contact: str
    phone: str
    endpoint: str


MAX_LENGTH = 200
PHONE = re.compile(r"\+?[\d ()/-]+")
# Countries outside the EU whose VAT ids stdnum checks; the EU's are checked by stdnum.eu.vat.
OTHER_VAT_MODULES = {"GB": "gb.vat", "CH": "ch.vat", "NO": "no.mva"}
OTHER_VAT = re.compile(r"[A-Z]{2}[A-Z\d.\-/ ]{2,20}")


def check_party_field(field: str, value: str) -> str:
    """The value to store for `field` (one of domain.parties.PARTY_FIELDS, iban or bic), or
    InvalidValue naming the option and the value."""
    flag = "--" + field.replace("_", "-")
    check_no_controls(value, flag)
    if not value.strip():
        return ""
    if len(value) > MAX_LENGTH:
        raise InvalidValue(
            said("%(flag)s: longer than %(most)s characters", flag=flag, most=MAX_LENGTH)
        )
    try:
        return PARTY_CHECKS.get(field, _plain)(value.strip())
    except InvalidValue as exc:
        why = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Said) else str(exc)
        raise InvalidValue(
            said("%(flag)s %(value)s: %(why)s", flag=flag, value=value.strip(), why=why)
        ) from None


def party_country(given: str, vat_id: str, locale: str) -> str:
    """A party's country: the one set, else its VAT id's, else its locale's territory, when
    that is a country ISO 3166-1 assigns; "" when there is none (never a made-up code)."""
    code = country_code(vat_id, locale, given)
    return code if code in countries() else ""


def refuse_without_country(seller_country: str, buyer_name: str, buyer_country: str) -> None:
    """An e-invoice names both parties' countries (BT-40, BT-55): refuse one without, saying
    how to set it, rather than write a country nobody gave."""
    from clientkit.services.errors import Refused

    if not seller_country:
        raise Refused(
            said("your profile has no country: set it with clientkit profile set --country SK")
        )
    if not buyer_country:
        command = f"clientkit client edit {shlex.quote(buyer_name)} --country {seller_country}"
        raise Refused(
            said(
                "client %(client)s has no country: set it with %(command)s",
                client=buyer_name,
                command=command,
            )
        )


def _plain(value: str) -> str:
    return value


def check_postcode(value: str) -> str:
    if not value.isprintable():
        raise InvalidValue(said("not a post code (only printable characters)"))
    if not any(char.isalnum() for char in value) or len(value) > 16:
        raise InvalidValue(said("not a post code (letters and digits, at most 16 characters)"))
    return value


def check_phone(value: str) -> str:
    if not PHONE.fullmatch(value) or sum(char.isdigit() for char in value) < 3:
        raise InvalidValue(said("not a phone number (digits, spaces and + - ( ) / only)"))
    return value


def check_iban(value: str) -> str:
    from stdnum import iban

    return _stdnum(iban, value, "IBAN")


def check_bic(value: str) -> str:
    from stdnum import bic

    return _stdnum(bic, value, "BIC")


def check_vat_id(value: str) -> str:
    """An EU VAT id with its country prefix (checked by stdnum.eu.vat), one of GB, CH or NO
    (their own stdnum modules), or another country's id starting with its two letters."""
    from stdnum.eu import vat
    from stdnum.util import get_cc_module

    compact = value.replace(" ", "").upper()
    prefix = compact[:2]
    if not prefix.isalpha() or not prefix.isascii():
        raise InvalidValue(
            said("not a valid VAT number (it starts with the country code, e.g. SK)")
        )
    if prefix.lower() in vat.MEMBER_STATES or prefix == "EL":
        return _stdnum(vat, compact, "VAT number")
    if prefix in OTHER_VAT_MODULES:
        country, module = OTHER_VAT_MODULES[prefix].split(".")
        number = _stdnum(get_cc_module(country, module), compact, "VAT number")
        return number if number.startswith(prefix) else prefix + number  # GB, NO drop it
    try:
        check_country(prefix)
    except InvalidValue:
        raise InvalidValue(
            said("not a valid VAT number (unknown country code %(code)s)", code=prefix)
        ) from None
    if not OTHER_VAT.fullmatch(compact):
        raise InvalidValue(said("not a valid VAT number (wrong format)"))
    return compact


def _stdnum(module: Any, value: str, what: str) -> str:
    """`value` compacted by a stdnum module, or InvalidValue saying why it is not valid."""
    from stdnum.exceptions import (
        InvalidChecksum,
        InvalidComponent,
        InvalidLength,
        ValidationError,
    )

    reasons = {
        InvalidChecksum: said("check digit"),
        InvalidLength: said("wrong length"),
        InvalidComponent: said("unknown country or bank code"),
    }
    try:
        return str(module.validate(value))
    except ValidationError as exc:
        found = (text for kind, text in reasons.items() if isinstance(exc, kind))
        raise InvalidValue(NOT_VALID[what](next(found, said("format")))) from None


# Why a number is not valid, one sentence for each kind of number: each language words
# (and, in Slovak and Ukrainian, inflects) "not a valid ..." by the noun that follows.
NOT_VALID: dict[str, Callable[[str], str]] = {
    "IBAN": lambda why: said("not a valid IBAN (%(why)s)", why=why),
    "BIC": lambda why: said("not a valid BIC (%(why)s)", why=why),
    "VAT number": lambda why: said("not a valid VAT number (%(why)s)", why=why),
    "GLN": lambda why: said("not a valid GLN (%(why)s)", why=why),
    "Norwegian organisation number": lambda why: said(
        "not a valid Norwegian organisation number (%(why)s)", why=why
    ),
    "Danish CVR number": lambda why: said("not a valid Danish CVR number (%(why)s)", why=why),
    "Belgian enterprise number": lambda why: said(
        "not a valid Belgian enterprise number (%(why)s)", why=why
    ),
    "Swedish organisation number": lambda why: said(
        "not a valid Swedish organisation number (%(why)s)", why=why
    ),
    "Australian Business Number": lambda why: said(
        "not a valid Australian Business Number (%(why)s)", why=why
    ),
}


# Peppol's own checks of identifiers in some schemes (PEPPOL-COMMON-R040 to R050), by EAS
# code: the stdnum module that knows the number, and what it is.
SCHEME_NUMBERS = {
    "0088": ("ean", "GLN"),
    "0192": ("no.orgnr", "Norwegian organisation number"),
    "0184": ("dk.cvr", "Danish CVR number"),
    "0208": ("be.vat", "Belgian enterprise number"),
    "0007": ("se.orgnr", "Swedish organisation number"),
    "0151": ("au.abn", "Australian Business Number"),
}


def check_endpoint(value: str) -> str:
    """An electronic address, SCHEME:ID: the scheme an EAS code Peppol accepts, a VAT number
    in a VAT scheme of its own country (9950:SK...), a number checked where Peppol checks it."""
    from stdnum.util import get_cc_module

    from clientkit.domain.eas import VAT_SCHEMES, parse_endpoint

    endpoint = parse_endpoint(value)
    if endpoint.scheme in VAT_SCHEMES.values():
        vat_id = check_vat_id(endpoint.id)
        if VAT_SCHEMES.get(vat_id[:2]) != endpoint.scheme:
            raise InvalidValue(
                said(
                    "%(vat_id)s is not a VAT number of scheme %(scheme)s",
                    vat_id=vat_id,
                    scheme=endpoint.scheme,
                )
            )
        return f"{endpoint.scheme}:{vat_id}"
    if endpoint.scheme in SCHEME_NUMBERS:
        path, what = SCHEME_NUMBERS[endpoint.scheme]
        country, _, name = path.rpartition(".")
        module = get_cc_module(country, name) if country else _module(name)
        return f"{endpoint.scheme}:{_stdnum(module, endpoint.id, what)}"
    return str(endpoint)


def _module(name: str) -> Any:
    from importlib import import_module

    return import_module(f"stdnum.{name}")


PARTY_CHECKS: dict[str, Callable[[str], str]] = {
    "endpoint": check_endpoint,
    "postcode": check_postcode,
    "country": check_country,
    "vat_id": check_vat_id,
    "phone": check_phone,
    "iban": check_iban,
    "bic": check_bic,
}
