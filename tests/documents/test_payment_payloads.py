"""The PAY by square and SPAYD payloads of a transfer, taken apart by the tests' own decoders:
user text never shifts or ends a field early."""

from datetime import date
from decimal import Decimal

from clientkit.documents.pay_by_square import pay_by_square_payload
from clientkit.documents.spayd import spayd_payload
from clientkit.domain.payment_qr import Transfer
from tests.documents.payment_codes import pay_by_square_fields, spayd_fields

TRANSFER = Transfer(
    name="Štúdio *50%* + Partner",
    iban="CZ6508000000192000145399",
    bic="GIBACZPX",
    amount=Decimal("12345.60"),
    currency="CZK",
    due=date(2027, 1, 22),
    variable_symbol="20260042",
    message="Faktura\t2026-0042",
)


def test_spayd_escapes_its_own_characters_and_reads_back_the_text():
    payload = spayd_payload(TRANSFER)
    assert payload.isascii()
    assert spayd_fields(payload.encode()) == {
        "SPD": "1.0",
        "ACC": "CZ6508000000192000145399+GIBACZPX",
        "AM": "12345.60",
        "CC": "CZK",
        "RN": "Studio *50%* + Partner",
        "DT": "20270122",
        "MSG": "Faktura 2026-0042",
        "X-VS": "20260042",
    }


def test_spayd_keeps_the_formats_lengths_and_leaves_out_empty_fields():
    long = Transfer(**{**TRANSFER.__dict__, "name": "N" * 50, "message": "M" * 80, "bic": ""})
    fields = spayd_fields(spayd_payload(long).encode())
    assert (len(fields["RN"]), len(fields["MSG"])) == (35, 60)
    assert fields["ACC"] == "CZ6508000000192000145399"
    no_symbol = Transfer(**{**TRANSFER.__dict__, "variable_symbol": ""})
    assert "X-VS" not in spayd_fields(spayd_payload(no_symbol).encode())


def test_a_tab_in_pay_by_square_text_never_shifts_a_field():
    fields = pay_by_square_fields(pay_by_square_payload(TRANSFER).encode())
    assert fields["note"] == "Faktura 2026-0042"
    assert fields["beneficiary_name"] == "Studio *50%* + Partner"
    assert (fields["amount"], fields["currency"], fields["due_date"]) == (
        "12345.60",
        "CZK",
        "20270122",
    )
    assert (fields["iban"], fields["bic"], fields["variable_symbol"]) == (
        "CZ6508000000192000145399",
        "GIBACZPX",
        "20260042",
    )
