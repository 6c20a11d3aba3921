"""Money properties: lines add up, credit notes cancel, currencies never mix, excess is credit."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clientkit.services.book import Book
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import add_line, create_invoice, credit_invoice, issue_invoice
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.report import build_report

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DIGITS = {"EUR": 2, "JPY": 0, "KWD": 3}
RATES = ["0%", "5.5%", "7%", "19%", "20%"]


@pytest.fixture
def projects(book: Book) -> Book:
    """One client per currency (EUR, JPY, KWD), each with an hourly project billed by hand; the
    freelancer's VAT id, which an invoice charging VAT names."""
    set_profile(book, vat_id="SK2020123457")
    for currency in DIGITS:
        add_client(book, f"Client {currency}", currency=currency)
        add_project(
            book, f"Client {currency}", f"Work {currency}", TermsInput(hourly="1", deposit="0")
        )
    return book


def _line(currency: str):  # type: ignore[no-untyped-def]
    """(quantity, unit price, VAT) as a user types them, for a currency's precision."""
    places = DIGITS[currency]
    unit = st.decimals(
        min_value=Decimal("-99999"),
        max_value=Decimal("9999999"),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    ).filter(bool)
    quantity = st.decimals(
        min_value=Decimal("0.0001"),
        max_value=Decimal("9999"),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
    return st.tuples(quantity, unit, st.sampled_from(RATES))


LINES = st.sampled_from(sorted(DIGITS)).flatmap(
    lambda currency: st.tuples(st.just(currency), st.lists(_line(currency), min_size=1, max_size=6))
)


def _expected(currency: str, lines: list[tuple[Decimal, Decimal, str]]) -> tuple[Decimal, ...]:
    """The documented rule, worked out here: round each line, VAT per rate on the sum, add up."""
    step = Decimal(1).scaleb(-DIGITS[currency])
    net_by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    subtotal = Decimal(0)
    for quantity, unit, rate in lines:
        amount = (quantity * unit).quantize(step, ROUND_HALF_UP)
        subtotal += amount
        net_by_rate[Decimal(rate[:-1])] += amount
    vat = sum(
        ((net * rate / 100).quantize(step, ROUND_HALF_UP) for rate, net in net_by_rate.items()),
        Decimal(0),
    )
    return subtotal, vat, subtotal + vat


def _draft(book: Book, currency: str, lines: list[tuple[Decimal, Decimal, str]]) -> dict:  # type: ignore[type-arg]
    draft = create_invoice(book, f"Work {currency}")
    view = draft
    for quantity, unit, rate in lines:
        view = add_line(book, str(draft["id"]), "Work", str(unit), quantity=str(quantity), vat=rate)
    return view


def _issued(book: Book, currency: str, lines: list[tuple[Decimal, Decimal, str]]) -> dict:  # type: ignore[type-arg]
    """The draft issued; VAT in a currency other than the profile's EUR needs a rate."""
    rate = None if currency == "EUR" else "0.5"
    return issue_invoice(book, str(_draft(book, currency, lines)["id"]), rate=rate)


@SETTINGS
@given(drawn=LINES)
def test_invoice_totals_are_sums_of_rounded_lines(projects, drawn):
    """Subtotal, VAT and total equal the per-line rounding rule, in EUR, JPY and KWD."""
    currency, lines = drawn
    view = _draft(projects, currency, lines)
    subtotal, vat, total = _expected(currency, lines)
    assert (view["subtotal"], view["vat"], view["total"]) == (subtotal, vat, total)
    assert sum(Decimal(line["amount"]) for line in view["lines"]) == subtotal


@SETTINGS
@given(drawn=LINES, paid_share=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1)]))
def test_a_credit_note_cancels_its_invoice_to_the_cent(projects, drawn, paid_share):
    """The credit note's subtotal, VAT and total are the invoice's, negated; no balance is left."""
    currency, lines = drawn
    assume(_expected(currency, lines)[2] > 0)
    invoice = _issued(projects, currency, lines)
    paid = (invoice["total"] * paid_share).quantize(Decimal(1).scaleb(-DIGITS[currency]))
    if paid > 0:
        pay_invoice(projects, str(invoice["id"]), str(paid))
    note = credit_invoice(projects, str(invoice["id"]))
    assert (note["subtotal"], note["vat"], note["total"]) == (
        -invoice["subtotal"],
        -invoice["vat"],
        -invoice["total"],
    )
    assert note["number"] != invoice["number"]
    client = show_client(projects, f"Client {currency}")
    assert client["balance"] == 0


@SETTINGS
@given(
    payments=st.lists(
        st.tuples(
            st.sampled_from(["EUR", "USD", "JPY"]), st.integers(min_value=1, max_value=10**9)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_amounts_in_different_currencies_are_never_added_up(book, payments):
    """Per-currency figures: the client's EUR view and the report rows each sum one currency."""
    if not show_client_exists(book):
        add_client(book, "Mixed", currency="EUR")
        for currency in ("EUR", "USD", "JPY"):
            add_project(
                book,
                "Mixed",
                f"In {currency}",
                TermsInput(price="1", currency=currency, deposit="0"),
            )
    before = {row["currency"]: row["received"] for row in build_report(book)["money"]}
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for currency, minor in payments:
        amount = Decimal(minor).scaleb(-DIGITS.get(currency, 2))
        record_deposit(book, f"In {currency}", str(amount))
        sums[currency] += amount
    rows = {row["currency"]: row["received"] for row in build_report(book)["money"]}
    for currency, added in sums.items():
        assert rows[currency] == before.get(currency, 0) + added
    assert show_client(book, "Mixed")["received"] == rows.get("EUR", 0)


def show_client_exists(book: Book) -> bool:
    from clientkit.services.errors import NotFound

    try:
        show_client(book, "Mixed")
    except NotFound:
        return False
    return True


@SETTINGS
@given(drawn=LINES, extra=st.integers(min_value=1, max_value=10**7))
def test_an_overpayment_becomes_client_credit(projects, drawn, extra):
    """Paying more than the balance pays the invoice and keeps exactly the excess as credit."""
    currency, lines = drawn
    assume(_expected(currency, lines)[2] > 0)
    invoice = _issued(projects, currency, lines)
    client = f"Client {currency}"
    credit_before = show_client(projects, client)["credit"]
    excess = Decimal(extra).scaleb(-DIGITS[currency])
    paid = pay_invoice(projects, str(invoice["id"]), str(invoice["total"] + excess))
    assert paid["status"] == "paid"
    assert paid["balance"] == 0
    assert show_client(projects, client)["credit"] == credit_before + excess


def test_large_amounts_and_zero_decimal_currencies_round_trip_on_every_engine(book):
    """A 25-million-yen invoice and a deposit of 999,999,999,999.99 EUR are kept to the unit."""
    add_client(book, "Big", currency="JPY")
    add_project(book, "Big", "Tower", TermsInput(price="25000000", deposit="0"))
    invoice = issue_invoice(book, str(create_invoice(book, "Tower")["id"]))
    assert invoice["total"] == Decimal("25000000")
    paid = pay_invoice(book, str(invoice["id"]), "25000000")
    assert (paid["paid"], paid["balance"], paid["status"]) == (Decimal("25000000"), 0, "paid")
    add_client(book, "Huge", currency="EUR")
    add_project(book, "Huge", "Bridge", TermsInput(price="1", deposit="0"))
    deposit = record_deposit(book, "Bridge", "999999999999999.99")
    assert deposit["amount"] == Decimal("999999999999999.99")
    assert show_client(book, "Huge")["received"] == Decimal("999999999999999.99")
