"""QR Platba codes for CZK invoices: SPAYD 1.0, the Czech Banking Association's Short Payment
Descriptor (`SPD*1.0*ACC:...*AM:...`), the symbol drawn by segno.

Written here rather than taken from qrplatba 1.2.0, which was evaluated: it joins the values
as given, so a `*` in a name or message ends that field early and the rest reads as another
key; it neither percent-encodes `%`, `+` and non-ASCII letters as the format's reference
implementation does nor keeps the format's lengths (RN 35, MSG 60, AM 10 characters); and
importing it imports the qrcode library, a second QR encoder besides segno, for what is a
join of a few fields.
"""

from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import quote

from clientkit.documents.epc_qr import FIXED_MASK
from clientkit.domain.payment_qr import Transfer, bank_text

if TYPE_CHECKING:
    from segno import QRCode

HEADER = "SPD*1.0"
MAX_AMOUNT = Decimal("9999999.99")  # AM: at most 10 characters with the point
MAX_NAME = 35  # RN
MAX_MESSAGE = 60  # MSG
# `*` separates fields and `%` starts an escape; `+` joins IBAN and BIC in ACC.
ESCAPES = {"*": "%2A", "%": "%25", "+": "%2B"}


def spayd_value(text: str, limit: int) -> str:
    """Free text as a SPAYD value: without diacritics, at most `limit` characters, the
    format's own characters and any letter beyond ASCII percent-encoded (UTF-8)."""
    return "".join(
        ESCAPES.get(char) or (char if char.isascii() else quote(char, safe=""))
        for char in bank_text(text, limit)
    )


def spayd_payload(transfer: Transfer) -> str:
    """The SPAYD text of a transfer: account (IBAN+BIC), amount, currency, beneficiary, due
    date, message and variable symbol (X-VS), the empty ones left out."""
    account = f"{transfer.iban}+{transfer.bic}" if transfer.bic else transfer.iban
    fields = (
        ("ACC", account),
        ("AM", f"{transfer.amount:.2f}"),
        ("CC", transfer.currency),
        ("RN", spayd_value(transfer.name, MAX_NAME)),
        ("DT", transfer.due.strftime("%Y%m%d")),
        ("MSG", spayd_value(transfer.message, MAX_MESSAGE)),
        ("X-VS", transfer.variable_symbol),
    )
    return "*".join([HEADER, *(f"{key}:{value}" for key, value in fields if value)])


def spayd_qr(transfer: Transfer) -> "QRCode":
    """A segno QR code (error level M, as the QR Platba guidelines ask) of the transfer."""
    import segno

    return segno.make_qr(spayd_payload(transfer), error="m", boost_error=False, mask=FIXED_MASK)
