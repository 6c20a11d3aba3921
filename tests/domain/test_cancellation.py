"""The cancellation fee: a share of the price or of its unbilled remainder, and its lines."""

from decimal import Decimal

import pytest

from clientkit.domain.cancellation import cancellation_fee, cancellation_lines, check_basis
from clientkit.domain.errors import InvalidValue
from clientkit.domain.terms import Terms

FIXED = Terms(price_minor=1500_00, cancel_fee_bp=2000)
HOURLY = Terms(hourly_rate_minor=80_00, estimate_minutes=20 * 60, cancel_fee_bp=2000)


def test_on_the_price_basis_the_fee_ignores_what_was_invoiced():
    assert cancellation_fee(FIXED, "price", 0).fee_minor == 300_00
    assert cancellation_fee(FIXED, "price", 600_00).fee_minor == 300_00
    assert cancellation_fee(FIXED, "price", 1500_00).fee_minor == 300_00


@pytest.mark.parametrize(
    ("invoiced", "base", "fee"),
    [
        (0, 1500_00, 300_00),  # nothing billed yet: the remainder is the whole price
        (600_00, 900_00, 180_00),
        (1499_99, 1, 0),  # 20 % of one cent is 0.2 cent: rounds half-up to nothing
        (1499_97, 3, 1),  # 0.6 cent rounds up to one
        (1500_00, 0, 0),  # fully billed: no fee left
        (2000_00, 0, 0),  # billed more than the price (extras): never a negative fee
    ],
)
def test_on_the_remainder_basis_the_fee_is_a_share_of_the_price_not_yet_invoiced(
    invoiced, base, fee
):
    result = cancellation_fee(FIXED, "remainder", invoiced)
    assert (result.base_minor, result.fee_minor) == (base, fee)


def test_half_a_cent_of_fee_rounds_up():
    """12.5 % of 0.04 is half a cent: half-up gives one cent, as every invoice line."""
    terms = Terms(price_minor=4, cancel_fee_bp=1250)
    assert cancellation_fee(terms, "price", 0).fee_minor == 1


def test_an_hourly_project_pays_the_share_of_its_estimate():
    fee = cancellation_fee(HOURLY, "price", 0)
    assert (fee.value_minor, fee.fee_minor, fee.estimated) == (1600_00, 320_00, True)
    assert fee.of_what() == "the estimated value"
    remainder = cancellation_fee(HOURLY, "remainder", 400_00)
    assert (remainder.base_minor, remainder.fee_minor) == (1200_00, 240_00)
    assert remainder.of_what() == "the unbilled remainder of the estimated value"


def test_an_hourly_project_without_an_estimate_has_no_fee():
    fee = cancellation_fee(Terms(hourly_rate_minor=80_00, cancel_fee_bp=2000), "price", 0)
    assert (fee.value_minor, fee.fee_minor, fee.applies) == (None, 0, False)
    assert fee.percent_bp == 2000  # the term exists: the service says why it gives nothing


def test_without_a_cancellation_term_there_is_no_fee():
    fee = cancellation_fee(Terms(price_minor=1500_00), "price", 0)
    assert (fee.percent_bp, fee.fee_minor) == (None, 0)


@pytest.mark.parametrize("text", ["Price", " remainder "])
def test_the_basis_is_price_or_remainder(text):
    assert check_basis(text) == text.strip().lower()


def test_any_other_basis_is_invalid():
    with pytest.raises(InvalidValue, match="expected price or remainder"):
        check_basis("balance")


def test_a_fixed_price_cancellation_bills_the_fee_alone():
    fee = cancellation_fee(FIXED, "remainder", 600_00)
    lines = cancellation_lines(FIXED, fee, "Logo", work_minutes=900, vat_bp=2000)
    assert [(line.kind, line.amount_minor, line.vat_bp) for line in lines] == [
        ("cancellation", 180_00, 2000)
    ]
    assert lines[0].description == (
        "Cancellation fee per contract: 20% of the unbilled remainder of the price (Logo)"
    )


def test_an_hourly_cancellation_bills_the_fee_and_the_work_logged_rounded_like_invoices():
    """100 minutes are 1.67 h (half-up to hundredths), × 80.00 = 133.60."""
    fee = cancellation_fee(HOURLY, "price", 0)
    lines = cancellation_lines(HOURLY, fee, "Site", work_minutes=100)
    assert [(line.kind, line.quantity, line.amount_minor) for line in lines] == [
        ("cancellation", Decimal(1), 320_00),
        ("hours", Decimal("1.67"), 133_60),
    ]


def test_nothing_to_bill_gives_no_lines():
    terms = Terms(hourly_rate_minor=80_00)
    assert cancellation_lines(terms, cancellation_fee(terms, "price", 0), "Site", 0) == []
