"""Client credit counts first: shown, applied to open invoices, refunded, and before reminders."""

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, show_client
from clientkit.services.credit import apply_credit, refund_credit, show_credit
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.history import undo
from clientkit.services.payment_records import list_payments, void_payment
from clientkit.services.payments import pay_invoice
from clientkit.services.reminders import plan_reminders, preview
from tests.services.reminder_seed import freelancer, overdue_invoice


@pytest.fixture
def ready(book):
    freelancer(book)
    return book


def tables(book) -> dict[str, list[tuple]]:
    """Every row of the tables credit touches, to prove a refused command changed nothing."""
    with book.snapshot() as connection:
        return {
            name: sorted(map(tuple, connection.execute(select(SQLModel.metadata.tables[name]))))
            for name in ("payment", "invoice", "project_payments")
        }


def overpaid(book, *, paid: str = "4000", open_price: str = "2598") -> dict:
    """Acme paid 4,000 on a 1,000 invoice (3,000 credit) and owes 2,598 on one 20 days overdue."""
    first = overdue_invoice(book, days_overdue=30, price="1000")
    pay_invoice(book, first["number"], paid)
    return overdue_invoice(book, days_overdue=20, price=open_price)


def credit_of(book, client: str = "Acme Inc", currency: str = "EUR") -> Decimal:
    balances = {b["currency"]: b for b in show_credit(book, client)["balances"]}
    return balances[currency]["credit"]


def test_credit_show_lists_the_credit_beside_the_open_balance(ready):
    overpaid(ready)
    view = show_credit(ready, "Acme Inc")
    assert view["balances"] == [
        {"currency": "EUR", "credit": Decimal("3000.00"), "open_balance": Decimal("2598.00")}
    ]


def test_a_client_whose_credit_covers_the_balance_gets_no_reminder_and_the_plan_says_why(ready):
    """3,000 credit against 2,598 owed: nothing is sent, one line names the credit and the fix."""
    invoice = overpaid(ready)
    plan = plan_reminders(ready)
    assert plan.due == []
    [line] = plan.skipped
    assert line.startswith(f"invoice {invoice['number']} to Acme Inc: no friendly reminder")
    assert "credit of €3,000.00 covers its open balance of €2,598.00" in line
    assert "clientkit credit apply 'Acme Inc'" in line
    assert preview(ready)["skipped"] == [line]


def test_credit_covering_only_part_leaves_the_reminder_for_the_invoice_balance_with_a_notice(
    ready,
):
    """400 credit against 2,598: the reminder asks for 2,598 (credit is applied only when told)."""
    invoice = overpaid(ready, paid="1400")
    [draft] = plan_reminders(ready).due
    assert (draft.invoice_number, draft.balance_minor) == (invoice["number"], 259800)
    [notice] = plan_reminders(ready).notices
    assert "holds credit of €400.00, less than its open balance of €2,598.00" in notice


def test_apply_settles_the_open_invoice_as_a_payment_and_leaves_the_rest_as_credit(ready):
    invoice = overpaid(ready)
    result = apply_credit(ready, "Acme Inc")
    [settled] = result["settled"]
    assert (settled["invoice"], settled["applied"], settled["balance"], settled["status"]) == (
        invoice["number"],
        Decimal("2598.00"),
        Decimal("0.00"),
        "paid",
    )
    assert result["notices"] == []
    assert credit_of(ready) == Decimal("402.00")
    client = show_client(ready, "Acme Inc")
    assert (client["balance"], client["credit"], client["received"]) == (
        Decimal("0.00"),
        Decimal("402.00"),
        Decimal("4000.00"),  # money came in once: applying credit receives nothing new
    )
    on_invoice = list_payments(ready, invoice_ref=invoice["number"])
    assert [(p["kind"], p["amount"]) for p in on_invoice] == [("credit", Decimal("2598.00"))]
    assert plan_reminders(ready).due == []


def test_apply_settles_oldest_due_first_as_far_as_the_credit_goes(ready):
    """3,000 credit, invoices of 2,000 (older) and 1,500: the first paid, 1,000 on the second."""
    first = overdue_invoice(ready, days_overdue=40, price="1000")
    pay_invoice(ready, first["number"], "4000")
    older = overdue_invoice(ready, days_overdue=20, price="2000")
    newer = overdue_invoice(ready, days_overdue=10, price="1500")
    settled = apply_credit(ready, "Acme Inc")["settled"]
    assert [(s["invoice"], s["applied"], s["balance"]) for s in settled] == [
        (older["number"], Decimal("2000.00"), Decimal("0.00")),
        (newer["number"], Decimal("1000.00"), Decimal("500.00")),
    ]
    assert credit_of(ready) == Decimal("0.00")


def test_apply_to_a_named_invoice_settles_only_that_one(ready):
    first = overdue_invoice(ready, days_overdue=40, price="1000")
    pay_invoice(ready, first["number"], "1500")
    overdue_invoice(ready, days_overdue=20, price="300")
    named = overdue_invoice(ready, days_overdue=10, price="300")
    [settled] = apply_credit(ready, "Acme Inc", named["number"])["settled"]
    assert settled["invoice"] == named["number"]
    assert credit_of(ready) == Decimal("200.00")


def test_refund_records_money_paid_back_and_reduces_the_credit(ready):
    overpaid(ready)
    apply_credit(ready, "Acme Inc")
    view = refund_credit(ready, "Acme Inc", "402", method="bank transfer", on="2026-11-20")
    assert (view["kind"], view["amount"], view["credit_left"]) == (
        "refund",
        Decimal("402.00"),
        Decimal("0.00"),
    )
    assert credit_of(ready) == Decimal("0.00")
    assert show_client(ready, "Acme Inc")["received"] == Decimal("3598.00")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: refund_credit(b, "Acme Inc", "3000.01"), "is more than Acme Inc's credit"),
        (lambda b: refund_credit(b, "Acme Inc", "10", currency="USD"), "holds no credit in USD"),
        (lambda b: refund_credit(b, "Acme Inc", "-5"), "must not be negative"),
        (lambda b: refund_credit(b, "Acme Inc", "5", on="2026-13-01"), "invalid date"),
        (lambda b: apply_credit(b, "Acme Inc", "2026-0001"), "nothing left to pay"),
        (lambda b: apply_credit(b, "Acme Inc", "2026-0009"), "no invoice"),
    ],
)
def test_bad_credit_requests_are_bad_input_and_change_nothing(ready, call, message):
    overpaid(ready)
    before = tables(ready)
    with pytest.raises(InvalidValue, match=message):  # BadInput or a parse error: exit 2
        call(ready)
    assert tables(ready) == before


def test_an_unknown_client_is_not_found(ready):
    with pytest.raises(NotFound):
        show_credit(ready, "Nobody")
    with pytest.raises(NotFound):
        apply_credit(ready, "Nobody")


def test_a_client_without_credit_has_nothing_to_apply(ready):
    overdue_invoice(ready, days_overdue=20)
    with pytest.raises(BadInput, match="Acme Inc holds no credit"):
        apply_credit(ready, "Acme Inc")


def test_credit_in_euro_never_settles_a_dollar_invoice(ready):
    """Currencies are never mixed or converted: the named dollar invoice is refused."""
    add_client(ready, "Harbor", email="ap@harbor.example", currency="USD")
    overpaid(ready)
    dollars = overdue_invoice(ready, "Harbor", days_overdue=5, price="100")
    with pytest.raises(BadInput, match="is not Acme Inc's"):
        apply_credit(ready, "Acme Inc", dollars["number"])
    before = tables(ready)
    with pytest.raises(BadInput, match="Harbor holds no credit"):
        apply_credit(ready, "Harbor")
    assert tables(ready) == before


def test_a_credit_in_another_currency_than_the_named_invoice_is_refused_naming_both(ready):
    add_client(ready, "Acme Inc", email="ap@acme.example", currency="USD")
    first = overdue_invoice(ready, days_overdue=30, price="100")  # in USD
    pay_invoice(ready, first["number"], "150")
    ready_eur = overdue_invoice(ready, days_overdue=5, price="80")
    with ready.write() as session:  # an invoice of the same client in euros
        from clientkit.storage.models import Invoice

        invoice = session.get(Invoice, ready_eur["id"])
        invoice.currency = "EUR"
        session.add(invoice)
    before = tables(ready)
    with pytest.raises(BadInput, match=r"no credit in EUR \(its credit is in USD"):
        apply_credit(ready, "Acme Inc", ready_eur["number"])
    assert tables(ready) == before


def test_with_auto_apply_a_payment_that_makes_credit_settles_the_other_open_invoices(ready):
    ready.config["credit"] = {"auto_apply": True}
    first = overdue_invoice(ready, days_overdue=30, price="1000")
    second = overdue_invoice(ready, days_overdue=20, price="2598")
    view = pay_invoice(ready, first["number"], "4000")
    assert f"€2,598.00 of credit applied to invoice {second['number']} (paid)" in view["notices"]
    assert credit_of(ready) == Decimal("402.00")


def test_with_auto_apply_an_invoice_issued_is_settled_from_the_credit_held(ready):
    ready.config["credit"] = {"auto_apply": True}
    first = overdue_invoice(ready, days_overdue=30, price="1000")
    pay_invoice(ready, first["number"], "1500")
    later = overdue_invoice(ready, days_overdue=1, price="300")
    assert later["status"] == "paid"
    assert "€300.00 of credit applied to invoice" in later["notices"][0]
    assert credit_of(ready) == Decimal("200.00")


def test_a_malformed_auto_apply_setting_is_bad_input_naming_the_key(ready):
    first = overdue_invoice(ready, days_overdue=30, price="1000")
    ready.config["credit"] = {"auto_apply": "yes"}
    before = tables(ready)
    with pytest.raises(BadInput, match=r"\[credit\]\.auto_apply"):
        pay_invoice(ready, first["number"], "1500")
    assert tables(ready) == before


def test_applying_credit_cannot_be_undone_like_any_payment_on_an_issued_invoice(ready):
    overpaid(ready)
    apply_credit(ready, "Acme Inc")
    with pytest.raises(Refused, match="a payment of issued invoice"):
        undo(ready)


def test_a_refund_can_be_undone_and_the_credit_is_back(ready):
    overpaid(ready)
    refund_credit(ready, "Acme Inc", "100")
    undo(ready)
    assert credit_of(ready) == Decimal("3000.00")


def test_voiding_credit_applied_to_an_invoice_makes_it_unpaid_again(ready):
    """A mistaken overpayment that was applied: voiding the applied part reopens the invoice."""
    invoice = overpaid(ready)
    apply_credit(ready, "Acme Inc")
    [applied] = list_payments(ready, invoice_ref=invoice["number"])
    voided = void_payment(ready, str(applied["id"]), reason="the transfer bounced")
    assert voided["notices"] == [
        f"invoice {invoice['number']} is unpaid again: €2,598.00 due by {invoice['due_date']}"
    ]


def test_credit_refunded_cannot_be_voided_until_the_refund_is(ready):
    """The credit rule is one: what refunds paid back is no longer there to void."""
    overpaid(ready)
    refund_credit(ready, "Acme Inc", "2900")
    [credit] = [p for p in list_payments(ready) if p["kind"] == "credit"]
    with pytest.raises(Refused, match="refunds already paid back"):
        void_payment(ready, str(credit["id"]), reason="mistake")
