"""Line units by kind (UN/ECE Rec. 20) and the Slovak/Czech variable symbol, as pure rules."""

import pytest

from clientkit.domain.payment_reference import payment_reference, variable_symbol
from clientkit.domain.units import HOUR, PIECE, line_unit


@pytest.mark.parametrize("kind", ["hours", "communication"])
def test_time_is_billed_in_hours(kind):
    assert line_unit(kind) == HOUR == "HUR"


@pytest.mark.parametrize(
    "kind", ["price", "rush", "revision", "change", "cancellation", "deposit", "manual", "new"]
)
def test_everything_else_counts_items(kind):
    assert line_unit(kind) == PIECE == "C62"


@pytest.mark.parametrize(
    ("number", "symbol"),
    [
        ("2026-0002", "20260002"),
        ("FA/2026/17", "202617"),
        ("INV-2026-000123456", "2026000123456"[-10:]),
        ("2026-٣٤", "2026"),  # Arabic-Indic digits are no bank's digits
        ("DRAFT", ""),
    ],
)
def test_the_variable_symbol_is_the_numbers_ascii_digits_at_most_ten(number, symbol):
    assert variable_symbol(number) == symbol
    assert len(symbol) <= 10


@pytest.mark.parametrize("locale", ["sk_SK", "cs_CZ", "sk", "cs-CZ"])
def test_slovak_and_czech_invoices_are_paid_by_variable_symbol(locale):
    assert payment_reference("2026-0002", locale) == "20260002"


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "pl_PL", "ja_JP"])
def test_other_invoices_are_paid_by_their_number(locale):
    assert payment_reference("2026-0002", locale) == "2026-0002"


def test_a_number_without_digits_stays_the_reference():
    assert payment_reference("ABC", "sk_SK") == "ABC"
