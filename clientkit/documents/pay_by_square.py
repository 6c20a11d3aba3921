"""PAY by square payment QR codes (the Slovak Banking Association's standard), for EUR invoices
to clients in Slovakia: the payload built by the `pay-by-square` package, the symbol by segno.

pay-by-square 0.2.0 was checked against the by square specification: the tab-separated
fields of one payment order in the specification's order (invoice id, payment count, payment
option, amount, currency, due date, variable, constant and specific symbol, SEPA reference,
note, one account with IBAN and BIC, no standing order, no direct debit, beneficiary name and
two address lines), a CRC32 of them (little-endian) in front, compressed as raw LZMA1
(lc=3, lp=0, pb=2, 128 KiB dictionary), behind the 2-byte header of PAY by square 1.0.0
and the 2-byte length, in base32hex without padding. Header version 1.0.0 with the name at
the end is what the apps of every Slovak bank read (not every app reads a 1.1.0 header).
What it leaves to its caller is done here: a fixed due date (it would take today's), text
without tabs (a tab would shift every later field) and without diacritics.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from clientkit.documents.epc_qr import FIXED_MASK
from clientkit.domain.payment_qr import Transfer, bank_text

if TYPE_CHECKING:
    from segno import QRCode

MAX_NAME = 70  # the specification's length of the beneficiary name
MAX_NOTE = 140
MAX_AMOUNT = Decimal("999999999.99")  # 15 digits at most, 2 after the point


def pay_by_square_payload(transfer: Transfer) -> str:
    """The PAY by square text of one payment order (base32hex, as the QR code holds it)."""
    import pay_by_square

    payload: str = pay_by_square.generate(
        amount=transfer.amount,  # formatted with "{:.2f}": a Decimal stays exact
        iban=transfer.iban,
        swift=transfer.bic,
        date=transfer.due,  # without one the package would take today's
        beneficiary_name=bank_text(transfer.name, MAX_NAME),
        currency=transfer.currency,
        variable_symbol=transfer.variable_symbol,
        note=bank_text(transfer.message, MAX_NOTE),
    )
    return payload


def pay_by_square_qr(transfer: Transfer) -> "QRCode":
    """A segno QR code (error level M) holding the PAY by square payload."""
    import segno

    # Digits and upper-case letters only: segno encodes them in alphanumeric mode.
    return segno.make_qr(
        pay_by_square_payload(transfer), error="m", boost_error=False, mask=FIXED_MASK
    )
