"""Payments listed and voided: a voided payment is kept and listed, and counts nowhere."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from clientkit.clock import clock_from_text
from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book, open_book
from clientkit.services.calendar import calendar_entries
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.export import export_book
from clientkit.services.history import undo
from clientkit.services.import_ import import_path
from clientkit.services.invoicing import (
    create_invoice,
    credit_invoice,
    issue_invoice,
    show_invoice,
)
from clientkit.services.lists import list_invoices
from clientkit.services.payment_records import list_payments, void_payment
from clientkit.services.payments import pay_invoice
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.reminders import plan_reminders
from clientkit.services.report import build_report
from clientkit.services.risks import list_risks
from tests.conftest import TODAY, _fresh_pg_database


def _issued(book: Book, title: str = "Brand", price: str = "1000", days_ago: int = 0) -> str:
    """An issued invoice for Acme's new project `title`, issued `days_ago` days before today
    (due 14 days after issue)."""
    add_project(book, "Acme", title, TermsInput(price=price, deposit="0"))
    draft = create_invoice(book, title)
    on = book.clock.today() - timedelta(days=days_ago)
    number = issue_invoice(book, str(draft["id"]), on=on)["number"]
    assert number is not None
    return number


@pytest.fixture
def acme(book: Book) -> Book:
    add_client(book, "Acme", email="ap@acme.example")
    return book


def _id(payment_list: list, kind: str) -> str:  # type: ignore[type-arg]
    return str(next(row["id"] for row in payment_list if row["kind"] == kind))


def test_voiding_the_payment_of_a_paid_invoice_makes_it_unpaid_again(acme):
    number = _issued(acme)
    pay_invoice(acme, number, "1000")
    voided = void_payment(acme, _id(list_payments(acme), "final"), reason="bounced")
    assert voided["notices"] == [
        f"invoice {number} is unpaid again: €1,000.00 due by {voided['date'] + timedelta(14)}"
    ]
    invoice = show_invoice(acme, number)
    assert (invoice["status"], invoice["paid"], invoice["balance"]) == (
        "issued",
        Decimal("0.00"),
        Decimal("1000.00"),
    )


def test_a_voided_payment_is_gone_from_the_client_balance_and_credit(acme):
    number = _issued(acme)
    pay_invoice(acme, number, "1200")  # 200 beyond the balance is credit
    rows = list_payments(acme)
    void_payment(acme, _id(rows, "final"), reason="wrong client")
    void_payment(acme, _id(rows, "credit"), reason="wrong client")
    client = show_client(acme, "Acme")
    assert (client["balance"], client["credit"], client["received"]) == (
        Decimal("1000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert client["payments"] == []


def test_an_invoice_paid_by_a_voided_payment_is_overdue_again_in_risks_reminders_and_calendar(
    acme,
):
    number = _issued(acme, days_ago=30)
    pay_invoice(acme, number, "1000", on=str(acme.clock.today() - timedelta(days=20)))
    assert list_invoices(acme, overdue=True) == []
    assert not [f for f in list_risks(acme) if f["code"] == "unpaid_overdue"]
    void_payment(acme, "1", reason="bounced")
    assert [i["number"] for i in list_invoices(acme, overdue=True)] == [number]
    [finding] = [f for f in list_risks(acme) if f["code"] == "unpaid_overdue"]
    assert finding["evidence"]["paid"] == "0.00"
    assert [draft.invoice_number for draft in plan_reminders(acme).due] == [number]
    assert any(entry.kind == "due" for entry in calendar_entries(acme))


def test_a_voided_payment_is_left_out_of_the_report_and_the_project(acme):
    number = _issued(acme)
    pay_invoice(acme, number, "400")
    record_deposit(acme, "Brand", "50")  # after the invoice was issued: counts against it
    void_payment(acme, _id(list_payments(acme), "partial"), reason="typo")
    report = build_report(acme)
    [money] = report["money"]
    assert (money["received"], money["outstanding"]) == (Decimal("50.00"), Decimal("950.00"))
    assert [row["received"] for row in report["projects"]] == [Decimal("50.00")]
    void_payment(acme, _id(list_payments(acme), "deposit"), reason="typo")
    assert show_project(acme, "Brand")["deposit_received"] == Decimal("0.00")


def test_paying_again_after_a_void_settles_the_invoice_without_counting_the_voided_one(acme):
    number = _issued(acme)
    pay_invoice(acme, number, "1000")
    void_payment(acme, "1", reason="bounced")
    paid = pay_invoice(acme, number, "1000")
    assert (paid["status"], paid["paid"], paid["notices"]) == ("paid", Decimal("1000.00"), [])


def test_a_voided_deposit_is_not_deducted_when_the_invoice_is_issued(acme):
    add_project(acme, "Acme", "Brand", TermsInput(price="1000"))
    record_deposit(acme, "Brand", "300")
    void_payment(acme, "1", reason="never arrived")
    draft = create_invoice(acme, "Brand")
    assert draft["deposits"] == Decimal("0.00")
    issued = issue_invoice(acme, str(draft["id"]))
    assert (issued["paid"], issued["balance"]) == (Decimal("0.00"), Decimal("1000.00"))


def test_payments_are_listed_newest_first_with_names_and_voided_ones_marked(acme):
    number = _issued(acme)
    # Paid before the invoice was issued (by its PDF sent ahead, say): confirmed.
    pay_invoice(acme, number, "100", on="2026-11-20", method="card", confirmed=True)
    pay_invoice(acme, number, "200", on="2026-11-22", confirmed=True)
    record_deposit(acme, "Brand", "50", on="2026-11-21")
    void_payment(acme, "2", reason="double entry")
    rows = list_payments(acme)
    assert [(r["id"], str(r["date"])) for r in rows] == [
        (2, "2026-11-22"),
        (3, "2026-11-21"),
        (1, "2026-11-20"),
    ]
    first = rows[0]
    assert (first["client"], first["project"], first["invoice"], first["void_reason"]) == (
        "Acme",
        "Brand",
        number,
        "double entry",
    )
    assert first["voided_at"] is not None
    assert rows[1]["voided_at"] is None
    assert [r["id"] for r in list_payments(acme, voided=True)] == [2]
    # The deposit came after the invoice was issued: it is paid on it too.
    assert [r["id"] for r in list_payments(acme, invoice_ref=number)] == [2, 3, 1]
    assert [r["id"] for r in list_payments(acme, project_ref="Brand", client_ref="Acme")] == [
        2,
        3,
        1,
    ]


def test_the_void_is_stamped_from_the_book_clock(db_url):
    book = open_book(db_url, clock_from_text("2026-11-23T15:30"))
    add_client(book, "Acme")
    add_project(book, "Acme", "Brand", TermsInput(price="1000"))
    record_deposit(book, "Brand", "10")
    voided = void_payment(book, "1", reason="test")
    assert voided["voided_at"] is not None
    assert voided["voided_at"].isoformat() == "2026-11-23T15:30:00+00:00"
    book.engine.dispose()


@pytest.mark.parametrize(
    ("ref", "reason", "error"),
    [
        ("1", "", BadInput),
        ("1", "   ", BadInput),
        ("1", "line\nbreak", InvalidValue),
        ("9", "typo", NotFound),
        ("x", "typo", NotFound),
    ],
)
def test_bad_voids_are_bad_input_and_change_nothing(acme, ref, reason, error):
    number = _issued(acme)
    pay_invoice(acme, number, "1000")
    before = (list_payments(acme), show_invoice(acme, number))
    with pytest.raises(error):
        void_payment(acme, ref, reason=reason)
    assert (list_payments(acme), show_invoice(acme, number)) == before


def test_voiding_twice_is_bad_input_naming_the_first_void(acme):
    record_deposit_project(acme)
    void_payment(acme, "1", reason="typo")
    before = list_payments(acme)
    with pytest.raises(BadInput, match=r"payment 1 is already voided \(2026-11-23: typo\)"):
        void_payment(acme, "1", reason="again")
    assert list_payments(acme) == before


def record_deposit_project(book: Book) -> None:
    add_project(book, "Acme", "Brand", TermsInput(price="1000"))
    record_deposit(book, "Brand", "100")


def test_a_deposit_an_issued_invoice_deducted_is_refused_until_the_invoice_is_credited(acme):
    record_deposit_project(acme)
    number = issue_invoice(acme, str(create_invoice(acme, "Brand")["id"]))["number"]
    with pytest.raises(Refused, match=f"deducted on invoice {number}.*credit the invoice first"):
        void_payment(acme, "1", reason="never arrived")
    credit_invoice(acme, number or "")  # the deposit returns to the project
    void_payment(acme, "1", reason="never arrived")
    assert show_project(acme, "Brand")["deposit_received"] == Decimal("0.00")


def test_the_payment_of_a_credited_invoice_stays_voidable_as_client_credit(acme):
    number = _issued(acme)
    pay_invoice(acme, number, "1000")
    credit_invoice(acme, number)
    assert show_client(acme, "Acme")["credit"] == Decimal("1000.00")
    void_payment(acme, "1", reason="bounced")
    assert show_client(acme, "Acme")["credit"] == Decimal("0.00")


def test_undo_brings_a_voided_payment_back_and_the_invoice_paid_again(acme):
    number = _issued(acme)
    pay_invoice(acme, number, "1000")
    void_payment(acme, "1", reason="bounced")
    assert undo(acme)["rows"] == 2  # the payment and the invoice's status
    assert list_payments(acme)[0]["voided_at"] is None
    assert show_invoice(acme, number)["status"] == "paid"


def test_export_and_import_keep_the_void_and_its_reason(acme, tmp_path: Path):
    number = _issued(acme)
    pay_invoice(acme, number, "1000")
    void_payment(acme, "1", reason="bounced")
    export_book(acme, tmp_path / "out")
    url = (
        _fresh_pg_database()
        if acme.dialect == "postgresql"
        else f"sqlite:///{tmp_path / 'restored.db'}"
    )
    restored = open_book(url, clock_from_text(TODAY))
    import_path(restored, tmp_path / "out")
    [row] = list_payments(restored)
    assert (row["void_reason"], row["voided_at"]) == (
        "bounced",
        list_payments(acme)[0]["voided_at"],
    )
    assert show_invoice(restored, number)["balance"] == Decimal("1000.00")
    restored.engine.dispose()


def test_an_unknown_filter_name_is_bad_input(acme):
    with pytest.raises(BadInput):
        list_payments(acme, client_ref="Nobody")
    with pytest.raises(NotFound):
        list_payments(acme, invoice_ref="2099-0001")


def test_client_credit_a_refund_paid_back_cannot_be_voided_before_the_refund(acme):
    """A refund (as imported) gave back part of the credit: voiding the credit would leave the
    client owing the refund, so the refund is voided first."""
    number = _issued(acme)
    pay_invoice(acme, number, "1300")  # 300 beyond the balance is credit (payment 2)
    with acme.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO payment (created_at, updated_at, client_id, kind, amount_minor, "
                "currency, day, method) VALUES ('2026-11-23 10:00:00', '2026-11-23 10:00:00', "
                "(SELECT MIN(id) FROM client), 'refund', 10000, 'EUR', '2026-11-23', '')"
            )
        )
    with pytest.raises(Refused, match="void the refund first"):
        void_payment(acme, "2", reason="typo")
    void_payment(acme, "3", reason="refund never sent")
    void_payment(acme, "2", reason="typo")
    assert show_client(acme, "Acme")["credit"] == Decimal("0.00")
