"""The risk fact queries against a small book built through the services (SQLite, and
PostgreSQL when CLIENTKIT_TEST_PG_URL is set)."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from clientkit.services.clients import add_client, archive_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import create_invoice, credit_invoice, issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.payments import pay_invoice
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from clientkit.services.tracking import (
    add_revision,
    log_time,
)
from clientkit.storage.models import Contract, Payment, Reminder
from clientkit.storage.risk_queries import (
    client_facts,
    invoice_facts,
    message_facts,
    project_facts,
)

TODAY = date(2026, 11, 23)


@pytest.fixture
def sample(book):
    """Acme: an active logo project with usage of every kind, a closed one, an overdue
    invoice, a reminder and waiting messages; Gone: an archived client with an active project."""
    acme = add_client(book, "Acme", budget="1000")
    logo = add_project(
        book,
        "Acme",
        "Logo",
        TermsInput(
            price="1500",
            revisions=2,
            revision_fee="150",
            deposit="30%",
            comm_budget="1h",
            comm_rate="60",
            deadline="2026-11-27",
            estimate_hours="10",
        ),
    )
    add_scope_item(book, "Logo", "Mark")
    add_scope_item(book, "Logo", "Colours")
    move_project(book, "Logo", "start", date(2026, 11, 2))
    record_deposit(book, "Logo", "400", on="2026-11-02")
    for n in range(3):
        add_revision(book, "Logo", f"Round {n}")
    log_time(book, "Logo", "2h", "work")
    log_time(book, "Logo", "90m", "work")
    log_time(book, "Logo", "30m", "call")
    log_time(book, "Logo", "20m", "email")
    priced = add_scope_item(book, "Logo", "Social kit", price="300")
    approve_scope_item(book, str(priced["id"]))
    add_scope_item(book, "Logo", "Animation", hours="2")
    site = add_project(book, "Acme", "Old site", TermsInput(price="900"))
    move_project(book, "Old site", "start", date(2026, 1, 5))
    log_time(book, "Old site", "5h", "work")
    move_project(book, "Old site", "deliver", date(2026, 10, 20))
    move_project(book, "Old site", "close")
    invoice = create_invoice(book, "Old site")
    issued = issue_invoice(book, str(invoice["id"]), on=date(2026, 10, 1))  # due 2026-10-15
    pay_invoice(book, issued["number"], "200", on="2026-10-20")
    add_message(book, "Acme", "inbound", subject="Colours?", at="2026-11-19T08:00")
    add_message(book, "Acme", "inbound", subject="And fonts?", at="2026-11-20T08:00")
    with book.write() as session:
        session.add(Contract(project_id=site["id"], signed_on=date(2026, 1, 2)))
        session.add(
            Payment(
                client_id=acme["id"],
                project_id=site["id"],
                invoice_id=issued["id"],
                kind="refund",
                amount_minor=5000,
                currency="EUR",
                day=date(2026, 10, 21),
            )
        )
        session.add(
            Reminder(
                invoice_id=issued["id"],
                level="friendly",
                status="sent",
                sent_at=datetime(2026, 10, 16, 9, 0, tzinfo=UTC),
            )
        )
        session.add(Reminder(invoice_id=issued["id"], level="second", status="failed"))
    add_client(book, "Gone")
    add_project(book, "Gone", "Ghost", TermsInput(price="100"))
    move_project(book, "Ghost", "start", date(2026, 11, 1))
    archive_client(book, "Gone")
    return {"acme": acme, "logo": logo, "site": site, "invoice": issued}


def test_project_facts_sum_usage_per_open_project(book, sample):
    with book.read() as session:
        facts = project_facts(session)
    assert [f.title for f in facts] == ["Logo"]  # closed and archived ones are skipped
    logo = facts[0]
    assert (logo.client, logo.status, logo.currency) == ("Acme", "active", "EUR")
    assert (logo.terms.price_minor, logo.terms.deposit_bp, logo.terms.revisions_included) == (
        150000,
        3000,
        2,
    )
    assert (logo.revisions, logo.work_minutes, logo.comm_minutes) == (3, 210, 50)
    assert (logo.deposit_received_minor, logo.received_minor) == (40000, 40000)
    assert (logo.change_requests, logo.change_value_minor, logo.change_minutes) == (2, 30000, 120)
    assert (logo.unapproved_changes, logo.open_scope_items) == (1, 4)
    assert (logo.contract_signed, logo.deadline, logo.started_on) == (
        False,
        date(2026, 11, 27),
        date(2026, 11, 2),
    )
    assert (logo.client_budget_minor, logo.client_currency) == (100000, "EUR")


def test_a_signed_contract_shows_in_the_project_facts(book, sample):
    with book.write() as session:
        session.add(Contract(project_id=sample["logo"]["id"], signed_on=date(2026, 11, 1)))
    with book.read() as session:
        assert project_facts(session)[0].contract_signed is True


def test_invoice_facts_carry_paid_net_of_refunds_and_the_last_reminder_sent(book, sample):
    with book.read() as session:
        facts = invoice_facts(session, TODAY)
    assert len(facts) == 1
    invoice = facts[0]
    assert (invoice.number, invoice.project, invoice.due_date) == (
        sample["invoice"]["number"],
        "Old site",
        date(2026, 10, 15),
    )
    assert invoice.total_minor == 90000
    assert invoice.paid_minor == 15000  # 200.00 paid, 50.00 refunded
    assert invoice.last_reminder == "friendly"  # the failed one was never sent


def test_an_invoice_not_yet_due_is_not_an_overdue_fact(book, sample):
    with book.read() as session:
        assert invoice_facts(session, date(2026, 10, 15)) == []


def test_client_facts_know_last_message_reminder_and_delivery(book, sample):
    with book.read() as session:
        facts = client_facts(session, TODAY)
    assert len(facts) == 1
    acme = facts[0]
    assert acme.client == "Acme"
    assert acme.last_inbound_at == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert acme.last_reminder_at == datetime(2026, 10, 16, 9, 0, tzinfo=UTC)
    assert acme.last_delivery == date(2026, 10, 20)


def test_message_facts_count_waiting_messages_and_find_the_oldest(book, sample):
    with book.read() as session:
        facts = message_facts(session)
    assert len(facts) == 1
    waiting = facts[0]
    assert (waiting.client, waiting.waiting, waiting.oldest_subject) == ("Acme", 2, "Colours?")
    assert waiting.oldest_at == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)


def test_an_outbound_message_clears_the_waiting_ones(book, sample):
    add_message(book, "Acme", "outbound", at="2026-11-21T09:00")
    with book.read() as session:
        assert message_facts(session) == []


def test_every_family_narrows_to_one_client(book, sample):
    other = add_client(book, "Other")
    with book.read() as session:
        assert project_facts(session, other["id"]) == []
        assert invoice_facts(session, TODAY, other["id"]) == []
        assert client_facts(session, TODAY, other["id"]) == []
        assert message_facts(session, other["id"]) == []
        assert len(project_facts(session, sample["acme"]["id"])) == 1
        assert len(message_facts(session, sample["acme"]["id"])) == 1


def test_a_project_in_another_currency_counts_only_its_own_money(book):
    add_client(book, "Zed", currency="EUR")
    add_project(book, "Zed", "Dollars", TermsInput(price="100", currency="USD", deposit="50"))
    move_project(book, "Dollars", "start", date(2026, 11, 1))
    record_deposit(book, "Dollars", "50")
    with book.write() as session:
        facts = project_facts(session)
        client_id = facts[0].client_id
        session.add(
            Payment(
                client_id=client_id,
                project_id=facts[0].project_id,
                kind="deposit",
                amount_minor=999,
                currency="EUR",
                day=date(2026, 11, 2),
            )
        )
    with book.read() as session:
        (dollars,) = project_facts(session)
    assert (dollars.currency, dollars.deposit_received_minor) == ("USD", 5000)


def test_project_facts_know_the_extras_standing_invoices_bill(book, sample):
    """Logo's draft bills its one extra revision (150.00); a credit note takes it back."""
    draft = create_invoice(book, "Logo")
    with book.snapshot() as connection:
        (logo,) = project_facts(connection)
    assert (logo.billed_revisions_minor, logo.billed_comm_minor) == (15000, 0)
    number = issue_invoice(book, str(draft["id"]))["number"]
    credit_invoice(book, number)
    with book.snapshot() as connection:
        (logo,) = project_facts(connection)
    assert logo.billed_revisions_minor == 0


def test_invoice_facts_carry_the_highest_reminder_sent_its_day_and_the_late_fee(book, sample):
    """A friendly reminder sent after the second one does not step the ladder back."""
    with book.write() as session:
        friendly, second = session.exec(select(Reminder).order_by(Reminder.id)).all()
        second.status, second.sent_at = "sent", datetime(2026, 10, 18, 9, 0, tzinfo=UTC)
        friendly.sent_at = datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # resent after a mix-up
        session.add_all([friendly, second])
    with book.read() as session:
        (invoice,) = invoice_facts(session, TODAY)
    assert (invoice.last_reminder, invoice.last_reminder_on) == ("second", date(2026, 10, 18))
    assert invoice.late_fee_bp is None  # Old site has no late fee


def test_invoice_facts_carry_the_clients_unused_credit_in_the_invoices_currency(book, sample):
    """Credit kept beside the invoices counts, less refunds of it; credit in another currency
    or voided does not."""
    client_id = sample["acme"]["id"]

    def kept(kind, minor, currency="EUR", voided=False):
        return Payment(
            client_id=client_id,
            kind=kind,
            amount_minor=minor,
            currency=currency,
            day=date(2026, 11, 1),
            voided_at=datetime(2026, 11, 2, tzinfo=UTC) if voided else None,
        )

    with book.write() as session:
        session.add(kept("credit", 100000))
        session.add(kept("refund", 30000))
        session.add(kept("credit", 50000, currency="USD"))
        session.add(kept("credit", 90000, voided=True))
    with book.read() as session:
        (invoice,) = invoice_facts(session, TODAY)
    assert invoice.client_credit_minor == 70000


def test_project_facts_count_paid_and_unpaid_invoices(book, sample):
    with book.read() as session:
        (logo,) = project_facts(session)
    assert (logo.paid_invoices, logo.unpaid_invoices, logo.settled) == (0, 0, False)
    move_project(book, "Logo", "deliver", date(2026, 11, 20))
    draft = create_invoice(book, "Logo")
    with book.read() as session:
        (logo,) = project_facts(session)
    assert (logo.paid_invoices, logo.unpaid_invoices) == (0, 1)
    issued = issue_invoice(book, str(draft["id"]))
    pay_invoice(book, issued["number"], str(issued["balance"]))
    with book.read() as session:
        (logo,) = project_facts(session)
    assert (logo.paid_invoices, logo.unpaid_invoices, logo.settled) == (1, 0, True)
    credit_invoice(book, issued["number"])
    with book.read() as session:
        (logo,) = project_facts(session)
    assert (logo.paid_invoices, logo.settled) == (0, False)  # credited: billed nothing
