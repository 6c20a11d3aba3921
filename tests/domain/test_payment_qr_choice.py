"""Which payment QR codes an invoice carries, by currency, the client's country and the
profile's Slovak choice; and how free text becomes a QR field."""

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.domain.payment_qr import bank_text, check_slovak_qr, qr_standards


@pytest.mark.parametrize(
    ("currency", "country", "choice", "standards"),
    [
        ("EUR", "SK", "pay-by-square", ("pay-by-square",)),
        ("EUR", "SK", "epc", ("epc",)),
        ("EUR", "SK", "both", ("pay-by-square", "epc")),
        ("EUR", "DE", "pay-by-square", ("epc",)),
        ("EUR", "", "both", ("epc",)),
        ("CZK", "CZ", "both", ("spayd",)),
        ("CZK", "SK", "pay-by-square", ("spayd",)),
        ("USD", "SK", "both", ()),
        ("PLN", "PL", "both", ()),
    ],
)
def test_the_codes_follow_currency_country_and_choice(currency, country, choice, standards):
    assert qr_standards(currency, country, choice) == standards


def test_a_choice_is_read_in_any_case_and_an_unknown_one_is_refused():
    assert check_slovak_qr(" EPC ") == "epc"
    with pytest.raises(InvalidValue, match="expected one of pay-by-square, epc, both"):
        check_slovak_qr("square")


def test_qr_text_loses_diacritics_controls_and_excess_length():
    assert bank_text("Štúdio\tNováková\n s.r.o.", 70) == "Studio Novakova s.r.o."
    assert bank_text("Ľubomír Šťastný", 6) == "Lubomi"
    assert bank_text("Иван", 10) == "Иван"  # no Latin form to fall back to: kept
