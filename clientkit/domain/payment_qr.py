"""Which payment QR codes an invoice carries: the standards its client's bank app reads.

A Slovak bank app reads PAY by square (the Slovak Banking Association's standard); a Czech
one reads QR Platba (SPAYD, the Czech Banking Association's) for CZK; a SEPA bank app reads
the EPC069-12 code for EUR. Invoices in other currencies carry none.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clientkit.domain.errors import InvalidValue
from clientkit.domain.wording import said

PAY_BY_SQUARE = "pay-by-square"
EPC = "epc"
SPAYD = "spayd"
BOTH = "both"

# What `profile set --slovak-qr` takes: the code(s) of a EUR invoice to a client in Slovakia.
SLOVAK_QR_CHOICES = (PAY_BY_SQUARE, EPC, BOTH)
# Both by default: PAY by square for the Slovak bank apps, and the EPC code that EUR invoices
# have always carried, which a client paying from a bank abroad (or a card-first bank that
# reads only SEPA codes) still scans. One code frees room on the page; the profile chooses.
DEFAULT_SLOVAK_QR = BOTH

SLOVAK_STANDARDS: dict[str, tuple[str, ...]] = {
    PAY_BY_SQUARE: (PAY_BY_SQUARE,),
    EPC: (EPC,),
    BOTH: (PAY_BY_SQUARE, EPC),
}

# The caption printed under each code: the name a payer's bank app knows it by.
QR_LABELS = {PAY_BY_SQUARE: "PAY by square", EPC: "EPC QR", SPAYD: "QR Platba"}


@dataclass(frozen=True)
class Transfer:
    """The credit transfer an invoice asks for, as every payment QR standard carries it."""

    name: str  # the beneficiary: the seller's business, else name
    iban: str  # compact, upper case
    bic: str  # "" when not given
    amount: Decimal  # the balance due, in the currency's units
    currency: str
    due: date
    variable_symbol: str  # the invoice number's digits ("" when it has none)
    message: str  # the reference the invoice prints


def check_slovak_qr(value: str) -> str:
    """A `--slovak-qr` choice as stored, or InvalidValue naming the choices."""
    cleaned = value.strip().lower()
    if cleaned not in SLOVAK_QR_CHOICES:
        choices = ", ".join(SLOVAK_QR_CHOICES)
        raise InvalidValue(
            said(
                "invalid Slovak QR choice %(value)s: expected one of %(choices)s",
                value=repr(value),
                choices=choices,
            )
        )
    return cleaned


def qr_standards(currency: str, buyer_country: str, slovak_qr: str) -> tuple[str, ...]:
    """The payment QR standards of an invoice in `currency` to a client in `buyer_country`,
    in the order they are printed."""
    if currency == "CZK":
        return (SPAYD,)
    if currency != "EUR":
        return ()
    if buyer_country.upper() == "SK":
        return SLOVAK_STANDARDS.get(slovak_qr, SLOVAK_STANDARDS[DEFAULT_SLOVAK_QR])
    return (EPC,)


def bank_text(text: str, limit: int) -> str:
    """`text` as a payment QR field: letters without their diacritics (bank apps garble
    them, and a SEPA transfer carries none), controls such as tabs and newlines as one space,
    at most `limit` characters."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    spaced = "".join(char if char.isprintable() else " " for char in kept)
    return " ".join(spaced.split())[:limit]
