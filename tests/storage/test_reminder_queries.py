"""The one query behind reminders: open, issued invoices past due, with their reminders."""

from datetime import date, timedelta

from sqlalchemy import event

from clientkit.services.invoicing import create_invoice
from clientkit.services.payments import pay_invoice
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import Reminder, utcnow
from clientkit.storage.reminder_queries import overdue_invoices
from tests.services.reminder_seed import freelancer, overdue_invoice

TODAY = date(2026, 11, 23)


def found(book, due_before=TODAY):
    with book.read() as session:
        return overdue_invoices(session, due_before)


def test_only_issued_invoices_with_a_balance_due_by_the_cutoff_are_found(book):
    freelancer(book)
    late = overdue_invoice(book, days_overdue=5)
    overdue_invoice(book, days_overdue=-3)  # not yet due
    paid = overdue_invoice(book, days_overdue=9)
    pay_invoice(book, paid["number"], "800")
    add_project(book, "Acme Inc", "Draft only", TermsInput(price="100"))
    create_invoice(book, "Draft only")
    assert [row.number for row in found(book)] == [late["number"]]


def test_a_partly_paid_invoice_carries_its_balance(book):
    freelancer(book)
    invoice = overdue_invoice(book, days_overdue=2, price="1234.50", late_fee="1.5%")
    pay_invoice(book, invoice["number"], "234.50")
    [row] = found(book)
    assert (row.total_minor, row.paid_minor, row.balance_minor, row.late_fee_bp) == (
        123450,
        23450,
        100000,
        150,
    )
    assert (row.client_name, row.client_email, row.client_locale) == (
        "Acme Inc",
        "ap@acme.example",
        "en_US",
    )


def test_the_cutoff_is_inclusive(book):
    freelancer(book)
    invoice = overdue_invoice(book, days_overdue=1)
    assert [r.number for r in found(book, TODAY - timedelta(days=1))] == [invoice["number"]]
    assert found(book, TODAY - timedelta(days=2)) == []


def test_each_invoice_comes_once_with_all_its_reminders(book):
    freelancer(book)
    invoice = overdue_invoice(book, days_overdue=9)
    with book.write() as session:
        session.add(
            Reminder(invoice_id=invoice["id"], level="friendly", status="sent", sent_at=utcnow())
        )
        session.add(Reminder(invoice_id=invoice["id"], level="second", status="failed"))
    [row] = found(book)
    assert {level: state.status for level, state in row.reminders.items()} == {
        "friendly": "sent",
        "second": "failed",
    }


def test_the_candidates_are_read_in_a_single_statement(book):
    freelancer(book)
    for days in (1, 8, 15):
        overdue_invoice(book, days_overdue=days)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(book.engine, "before_cursor_execute", count)
    try:
        assert len(found(book)) == 3
    finally:
        event.remove(book.engine, "before_cursor_execute", count)
    assert len(statements) == 1
