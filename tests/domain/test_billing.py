"""Invoice arithmetic: the one rounding rule, VAT per rate, credit notes, reverse charge."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.billing import (
    BillableWork,
    Line,
    amount_due,
    billed_from,
    country_code,
    deposit_share,
    negated,
    project_lines,
    reverse_charge_applies,
    totals,
    unapproved_left_off,
    vat_of,
)
from clientkit.domain.terms import Terms


def test_a_line_rounds_half_up_once_to_the_minor_unit():
    assert Line("x", Decimal("3"), 3333).amount_minor == 9999
    assert Line("x", Decimal("0.5"), 1).amount_minor == 1  # 0.5 cent rounds up
    assert Line("x", Decimal("0.5"), -1).amount_minor == -1  # and away from zero


def test_vat_is_computed_per_rate_on_the_sum_of_rounded_lines():
    result = totals([(99_99, 1000), (1000_00, 2000), (5, 1000)])
    assert result.vat_by_rate == {1000: 10_00, 2000: 200_00}  # 10 % of 100.04 = 10.004
    assert (result.subtotal_minor, result.vat_minor, result.total_minor) == (
        1100_04,
        210_00,
        1310_04,
    )


def test_zero_decimal_currencies_round_to_whole_units():
    """A JPY invoice: minor unit = 1 yen; 10 % of 12,345 yen is 1,235 (half-up)."""
    line = Line("Design", Decimal("1"), 12345, 1000)
    result = totals([(line.amount_minor, line.vat_bp)])
    assert (result.vat_minor, result.total_minor) == (1235, 13580)


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999"), places=2),
            st.integers(min_value=-(10**7), max_value=10**9),
            st.sampled_from([0, 500, 700, 1000, 1900, 2000, 2100, 2700]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_credit_note_cancels_its_invoice_to_the_cent(raw):
    lines = [Line("x", quantity, unit, rate) for quantity, unit, rate in raw]
    invoice = totals([(line.amount_minor, line.vat_bp) for line in lines])
    credit = totals([(line.amount_minor, line.vat_bp) for line in negated(lines)])
    assert credit.total_minor == -invoice.total_minor
    assert credit.vat_by_rate == {rate: -vat for rate, vat in invoice.vat_by_rate.items()}


def test_vat_rounding_is_symmetric():
    assert vat_of(-1250, 100) == -vat_of(1250, 100) == -13


def test_project_lines_bill_the_price_and_extras_but_never_a_deposit_line():
    terms = Terms(
        price_minor=1500_00,
        revisions_included=2,
        revision_fee_minor=150_00,
        comm_budget_minutes=60,
        comm_rate_minor=80_00,
    )
    facts = BillableWork(
        title="Brand",
        work_minutes=600,
        comm_minutes=150,
        revisions=3,
        change_requests=[("Extra page", 300_00)],
        deposits_minor=450_00,
    )
    lines = project_lines(terms, facts, 2000)
    assert [(line.kind, line.amount_minor) for line in lines] == [
        ("price", 1500_00),
        ("revision", 150_00),
        ("communication", 120_00),
        ("change", 300_00),
    ]
    assert all(line.vat_bp == 2000 for line in lines)


FIXED = Terms(
    price_minor=1500_00,
    revisions_included=2,
    revision_fee_minor=150_00,
    comm_budget_minutes=60,
    comm_rate_minor=80_00,
)


def _kinds(lines: list[Line]) -> list[tuple[str, Decimal, int]]:
    return [(line.kind, line.quantity, line.amount_minor) for line in lines]


def test_a_second_invoice_bills_only_what_is_new_since_the_first():
    """The price once; 2 more extra revisions, 30 more minutes over budget, one new change."""
    first = BillableWork("Brand", 600, 150, 3, [("Extra page", 300_00)], 0)
    billed = billed_from(
        (line.kind, line.description, line.quantity) for line in project_lines(FIXED, first)
    )
    later = BillableWork("Brand", 900, 180, 5, [("Extra page", 300_00), ("Logo", 200_00)], 0)
    assert _kinds(project_lines(FIXED, later, billed=billed)) == [
        ("revision", Decimal(2), 300_00),
        ("communication", Decimal("0.50"), 40_00),
        ("change", Decimal(1), 200_00),
    ]


def test_nothing_new_means_no_lines():
    facts = BillableWork("Brand", 600, 150, 3, [("Extra page", 300_00)], 0)
    billed = billed_from(
        (line.kind, line.description, line.quantity) for line in project_lines(FIXED, facts)
    )
    assert project_lines(FIXED, facts, billed=billed) == []


def test_hours_already_invoiced_are_not_billed_again():
    """10 h billed, 12.5 h logged: 2.5 h at 80.00."""
    hourly = Terms(hourly_rate_minor=80_00)
    billed = billed_from([("hours", "Site: work", Decimal("10.00"))])
    lines = project_lines(hourly, BillableWork("Site", 750, 0, 0, [], 0), billed=billed)
    assert _kinds(lines) == [("hours", Decimal("2.50"), 200_00)]


def test_a_change_request_billed_twice_by_name_is_matched_twice():
    """Two change requests with the same text: one on an earlier invoice, one still to bill."""
    billed = billed_from([("change", "Change request: Banner", Decimal(1))])
    facts = BillableWork("Ad", 0, 0, 0, [("Banner", 50_00), ("Banner", 60_00)], 0)
    lines = project_lines(Terms(price_minor=100_00), facts, billed=billed)
    assert _kinds(lines) == [("price", Decimal(1), 100_00), ("change", Decimal(1), 60_00)]


def test_a_rush_fee_on_the_price_is_billed_once():
    rush = Terms(price_minor=1000_00, rush_fee_bp=2500, rush=True)
    facts = BillableWork("Ad", 0, 0, 0, [], 0)
    first = project_lines(rush, facts)
    assert _kinds(first) == [("price", Decimal(1), 1000_00), ("rush", Decimal(1), 250_00)]
    billed = billed_from((line.kind, line.description, line.quantity) for line in first)
    assert project_lines(rush, facts, billed=billed) == []


def test_deposits_are_absorbed_up_to_the_total_and_the_rest_is_due():
    assert deposit_share(1000_00, 300_00) == 300_00
    assert deposit_share(200_00, 300_00) == 200_00
    assert amount_due(1000_00, 300_00) == 700_00
    assert amount_due(1000_00, 1200_00) == 0  # an excess is client credit, not negative due


def test_reverse_charge_needs_the_setting_and_two_different_eu_vat_countries():
    assert reverse_charge_applies(True, "SK2020123457", "DE123456788")
    assert not reverse_charge_applies(False, "SK2020123457", "DE123456788")
    assert not reverse_charge_applies(True, "SK2020123457", "SK2020999999")
    assert not reverse_charge_applies(True, "SK2020123457", "GB123456789")
    assert not reverse_charge_applies(True, "SK2020123457", "")
    assert reverse_charge_applies(True, "de 123456789", "EL123456789")


def test_a_party_country_is_the_one_set_else_from_its_vat_id_then_its_locale_never_made_up():
    assert country_code("SK2020123457", "en_US", "AT") == "AT"
    assert country_code("EL123456789", "en_US") == "GR"
    assert country_code("SK2020123457", "en_US") == "SK"
    assert country_code("", "de_AT") == "AT"
    assert country_code("", "en") == ""
    assert country_code("VAT 123", "en") == ""  # letters that are no country code
    assert country_code("CHE-107.787.577 IVA", "en") == "CH"


def test_unapproved_change_requests_are_billed_only_when_asked_and_only_once():
    """An unsigned change is left off (and reported) unless included; once billed, neither."""
    facts = BillableWork("Ad", 0, 0, 0, [("Banner", 50_00)], 0, [("Video", 90_00)])
    terms = Terms(price_minor=100_00)
    assert _kinds(project_lines(terms, facts)) == [
        ("price", Decimal(1), 100_00),
        ("change", Decimal(1), 50_00),
    ]
    assert unapproved_left_off(facts) == [("Video", 90_00)]
    included = project_lines(terms, facts, include_unapproved=True)
    assert _kinds(included)[-1] == ("change", Decimal(1), 90_00)
    billed = billed_from([(line.kind, line.description, line.quantity) for line in included])
    assert unapproved_left_off(facts, billed) == []
    assert project_lines(terms, facts, billed=billed, include_unapproved=True) == []
