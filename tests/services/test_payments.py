"""Payments on invoices (partial, full, beyond the balance) and deposits before invoicing."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import Refused
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.payments import pay_invoice
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import Payment


@pytest.fixture
def issued(book):  # type: ignore[no-untyped-def]
    """An issued 1000.00 invoice for Acme's project Site."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="30%"))
    draft = create_invoice(book, "Site")
    return issue_invoice(book, str(draft["id"]))


def _payments(book) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(func.count()).select_from(Payment)).one()


def test_a_partial_payment_reduces_the_balance(book, issued):
    """400.00 of 1000.00 leaves 600.00 and the invoice issued."""
    view = pay_invoice(book, issued["number"], "400", on="2026-11-23", method="bank transfer")
    assert (view["status"], view["paid"], view["balance"]) == (
        "issued",
        Decimal("400.00"),
        Decimal("600.00"),
    )
    assert view["notices"] == []
    payment = show_client(book, "Acme")["payments"][0]
    assert (payment["kind"], payment["date"]) == ("partial", date(2026, 11, 23))


def test_paying_the_balance_marks_the_invoice_paid(book, issued):
    """Two payments that add up to the total make the invoice paid."""
    pay_invoice(book, issued["number"], "400")
    view = pay_invoice(book, issued["number"], "600.00")
    assert (view["status"], view["paid"], view["balance"]) == (
        "paid",
        Decimal("1000.00"),
        Decimal("0.00"),
    )


def test_an_overpayment_becomes_client_credit(book, issued):
    """1250.00 on 1000.00 pays the invoice and keeps 250.00 as client credit, and says so."""
    view = pay_invoice(book, issued["number"], "1250")
    assert (view["status"], view["balance"]) == ("paid", Decimal("0.00"))
    assert view["notices"] == ["€250.00 beyond the balance kept as client credit"]
    assert show_client(book, "Acme")["credit"] == Decimal("250.00")


def test_a_paid_invoice_takes_further_money_as_credit(book, issued):
    """Money sent for an invoice already paid is kept entirely as credit."""
    pay_invoice(book, issued["number"], "1000")
    view = pay_invoice(book, issued["number"], "50")
    assert view["notices"] == ["€50.00 beyond the balance kept as client credit"]
    assert show_client(book, "Acme")["credit"] == Decimal("50.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1e3", "invalid amount"),
        ("1,000", "invalid amount"),
        ("", "invalid amount"),
        ("0", "more than zero"),
        ("-5", "negative"),
        ("10.005", "decimal places"),
    ],
)
def test_malformed_payment_amounts_change_nothing(book, issued, amount, message):
    """A bad amount is refused and no payment row is written."""
    with pytest.raises(InvalidValue, match=message):
        pay_invoice(book, issued["number"], amount)
    assert _payments(book) == 0


def test_a_draft_invoice_takes_no_payment(book):
    """Paying a draft is refused (exit 1)."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1000"))
    draft = create_invoice(book, "Site")
    with pytest.raises(Refused, match="only issued invoices"):
        pay_invoice(book, str(draft["id"]), "100")


def test_a_deposit_counts_towards_the_required_one(book):
    """Deposits add up against the terms and say what is still due."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1500", deposit="30%"))
    part = record_deposit(book, "Site", "200", on="2026-11-20")
    assert (part["kind"], part["amount"], part["date"]) == (
        "deposit",
        Decimal("200.00"),
        date(2026, 11, 20),
    )
    assert (part["deposit_received"], part["deposit_required"]) == (
        Decimal("200.00"),
        Decimal("450.00"),
    )
    assert part["notices"] == [
        "deposit partly in: €200.00 of €450.00; €250.00 still due before work starts"
    ]
    rest = record_deposit(book, "Site", "250")
    assert rest["notices"] == ["deposit complete: €450.00 of €450.00 received; work can start"]
    assert show_project(book, "Site")["deposit_received"] == Decimal("450.00")


def test_deposits_in_a_zero_decimal_currency(book):
    """A JPY deposit is whole yen; decimals are refused."""
    add_client(book, "Tanaka", currency="JPY")
    add_project(book, "Tanaka", "Site", TermsInput(price="300000", deposit="100000"))
    assert record_deposit(book, "Site", "100000")["amount"] == Decimal("100000")
    with pytest.raises(InvalidValue, match="at most 0 decimal places"):
        record_deposit(book, "Site", "1.5")


def test_money_in_another_currency_is_not_counted_as_the_projects(book):
    """A EUR project shows only EUR as its deposit received, whatever else was booked on it,
    the same figure the no_deposit risk judges; its own money still counts."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="30%"))
    project = show_project(book, "Site")
    with book.write() as session:
        session.add(
            Payment(
                client_id=project["client_id"],
                project_id=project["id"],
                kind="deposit",
                amount_minor=50000,
                currency="USD",
                day=date(2026, 11, 20),
            )
        )
    assert show_project(book, "Site")["deposit_received"] == Decimal("0.00")
    record_deposit(book, "Site", "120")
    assert show_project(book, "Site")["deposit_received"] == Decimal("120.00")
