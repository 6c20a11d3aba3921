"""The payment QR codes an issued invoice prints, each with the name bank apps know it by:
PAY by square, QR Platba or EPC, as clientkit.domain.payment_qr chooses them."""

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from clientkit.documents import epc_qr, pay_by_square, spayd
from clientkit.domain.billing import InvoiceDoc
from clientkit.domain.money import from_minor
from clientkit.domain.payment_qr import (
    EPC,
    PAY_BY_SQUARE,
    QR_LABELS,
    SPAYD,
    Transfer,
    qr_standards,
)
from clientkit.domain.payment_reference import payment_reference, variable_symbol

if TYPE_CHECKING:
    from decimal import Decimal

    from segno import QRCode

ENCODERS: dict[str, Callable[[Transfer], "QRCode"]] = {
    PAY_BY_SQUARE: pay_by_square.pay_by_square_qr,
    EPC: epc_qr.epc_transfer_qr,
    SPAYD: spayd.spayd_qr,
}
MAX_AMOUNTS: dict[str, "Decimal"] = {
    PAY_BY_SQUARE: pay_by_square.MAX_AMOUNT,
    EPC: epc_qr.MAX_AMOUNT,
    SPAYD: spayd.MAX_AMOUNT,
}


class PaymentQr(NamedTuple):
    """One payment QR code and its caption."""

    label: str
    qr: "QRCode"


def invoice_qrs(doc: InvoiceDoc) -> list[PaymentQr]:
    """The payment QR codes of an issued invoice with an IBAN and an amount due (none for
    other documents, or in a currency no standard covers)."""
    transfer = invoice_transfer(doc)
    if transfer is None:
        return []
    return [
        PaymentQr(QR_LABELS[standard], ENCODERS[standard](transfer))
        for standard in qr_standards(doc.currency, doc.buyer.country, doc.slovak_qr)
        if transfer.amount <= MAX_AMOUNTS[standard]
    ]


def invoice_transfer(doc: InvoiceDoc) -> Transfer | None:
    """The transfer an issued invoice asks for: its balance due as issued (total less the
    deposits and payments it deducts) to the profile's account; None when nothing is due."""
    if doc.kind != "invoice" or not doc.number or not doc.iban or doc.due_date is None:
        return None
    amount = from_minor(doc.due_minor, doc.digits)
    if amount <= 0:
        return None
    return Transfer(
        name=doc.seller.company or doc.seller.name or "-",
        iban=doc.iban.replace(" ", "").upper(),
        bic=doc.bic.replace(" ", "").upper(),
        amount=amount,
        currency=doc.currency,
        due=doc.due_date,
        variable_symbol=variable_symbol(doc.number),
        message=payment_reference(doc.number, doc.locale),
    )
