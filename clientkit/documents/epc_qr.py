"""EPC069-12 SEPA credit-transfer QR codes ("GiroCode") for invoices in EUR, built by segno."""

from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from clientkit.domain.payment_qr import Transfer

if TYPE_CHECKING:
    from segno import QRCode

MAX_NAME = 70  # EPC069-12: beneficiary name, at most 70 characters
MAX_AMOUNT = Decimal("999999999.99")
FIXED_MASK = 0


class EpcFields(TypedDict):
    """What segno's EPC helpers take: the transfer's beneficiary, account, amount and text."""

    name: str
    iban: str
    amount: Decimal
    text: str
    bic: str | None
    encoding: str


def epc_qr(name: str, iban: str, amount: Decimal, reference: str, bic: str = "") -> "QRCode":
    """A segno QR code (error level M, as EPC069-12 requires) for a SEPA transfer."""
    import segno
    import segno.helpers

    fields: EpcFields = {
        "name": name.strip()[:MAX_NAME],
        "iban": iban.replace(" ", "").upper(),
        "amount": amount,
        "text": reference[:140],  # unstructured remittance: banking apps show the number
        "bic": bic.replace(" ", "").upper() or None,
        # UTF-8 (EPC character set 1): every banking app and scanner reads it the same way;
        # the 8859 sets segno would pick are misread by readers that ignore the set field.
        "encoding": "utf-8",
    }
    payload = getattr(segno.helpers, "_make_epc_qr_data", None)
    if payload is None:
        return segno.helpers.make_epc_qr(**fields)
    # Same validated payload as make_epc_qr, encoded with a fixed mask: choosing
    # the "best" of the 8 masks is pure Python and costs more than the rest of
    # the QR; every mask is valid and scans (ISO/IEC 18004), batches get faster.
    return segno.make_qr(payload(**fields), error="m", boost_error=False, mask=FIXED_MASK)


def epc_transfer_qr(transfer: Transfer) -> "QRCode":
    """The EPC code of an invoice's transfer, the reference as its unstructured remittance."""
    return epc_qr(transfer.name, transfer.iban, transfer.amount, transfer.message, transfer.bic)
