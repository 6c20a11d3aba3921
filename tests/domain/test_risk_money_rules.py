"""Money and silence rules at their edges: overdue invoices, unresponsive clients, and
messages awaiting a reply."""

from datetime import UTC, date, datetime, timedelta

import pytest

from clientkit.domain.risk.findings import Money
from clientkit.domain.risk.money_rules import awaiting_reply, unpaid_overdue, unresponsive_client
from clientkit.domain.risk.thresholds import Thresholds
from tests.domain.risk_facts import NOW, TODAY, client, invoice, text, waiting

T = Thresholds()


def _due(days_overdue: int):
    return TODAY - timedelta(days=days_overdue)


# unpaid_overdue


@pytest.mark.parametrize(
    ("days", "severity"),
    [
        (0, None),  # due today: not late yet
        (1, "warning"),
        (14, "warning"),
        (15, "critical"),
    ],
)
def test_overdue_severity_by_days_late(days, severity):
    finding = unpaid_overdue(invoice(due_date=_due(days)), TODAY, T)
    assert (finding.severity if finding else None) == severity


def test_an_overdue_invoice_names_its_number_days_and_balance():
    finding = unpaid_overdue(invoice(due_date=_due(15), paid_minor=20000), TODAY, T)
    assert finding is not None
    assert (finding.client, finding.project) == ("Acme", "Logo")
    assert finding.evidence["balance"] == Money(100000, "EUR")
    assert finding.evidence["days_overdue"] == 15
    assert text(finding)[0] == "Invoice 2026-0001 is 15 days overdue with 1000.00 EUR unpaid."


def test_a_fully_paid_invoice_is_never_overdue():
    assert unpaid_overdue(invoice(due_date=_due(30), paid_minor=120000), TODAY, T) is None


SENT_ON = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("days", "sent", "late_fee", "action"),
    [
        (1, None, None, "Send a friendly reminder (clientkit remind --send)."),
        # The first reminder is the friendly one, however late the invoice is.
        (30, None, 150, "Send a friendly reminder (clientkit remind --send)."),
        (
            7,
            "friendly",
            None,
            "A friendly reminder on 2026-11-16 went out; if nothing arrives, the second "
            "reminder is next (clientkit remind --send sends it when it is due).",
        ),
        (
            14,
            "second",
            150,
            "The second reminder on 2026-11-16 went out; if nothing arrives, the final notice "
            "with the contractual late fee is next (clientkit remind --send sends it when it "
            "is due).",
        ),
        (
            14,
            "second",
            None,
            "The second reminder on 2026-11-16 went out; if nothing arrives, the final notice "
            "is next (clientkit remind --send sends it when it is due).",
        ),
        (
            20,
            "final",
            None,
            "The final notice on 2026-11-16 went out and the balance is still open: call the "
            "client, then send a formal demand or hand the debt to a collection agency.",
        ),
    ],
)
def test_the_action_names_the_next_step_after_the_highest_reminder_sent(
    days, sent, late_fee, action
):
    facts = invoice(
        due_date=_due(days),
        last_reminder=sent,
        last_reminder_on=SENT_ON if sent else None,
        late_fee_bp=late_fee,
    )
    finding = unpaid_overdue(facts, TODAY, T)
    assert finding is not None
    assert text(finding)[1] == action


def test_a_project_without_a_late_fee_is_never_told_about_one():
    for sent in (None, "friendly", "second", "final"):
        finding = unpaid_overdue(invoice(due_date=_due(30), last_reminder=sent), TODAY, T)
        assert finding is not None
        assert "late fee" not in text(finding)[1]


def test_the_ladder_follows_the_configured_levels():
    """A schedule of friendly then final: after the friendly one, the final notice is next."""
    two_steps = Thresholds(reminders=((1, "friendly"), (10, "final")))
    facts = invoice(due_date=_due(12), last_reminder="friendly")
    finding = unpaid_overdue(facts, TODAY, two_steps)
    assert finding is not None
    assert "the final notice is next" in text(finding)[1]


def test_a_level_the_schedule_no_longer_has_never_steps_the_ladder_back():
    """The second reminder went out before the schedule lost it: the final notice is next."""
    two_steps = Thresholds(reminders=((1, "friendly"), (10, "final")))
    finding = unpaid_overdue(invoice(due_date=_due(12), last_reminder="second"), TODAY, two_steps)
    assert finding is not None
    assert "the final notice is next" in text(finding)[1]


def test_client_credit_covering_the_balance_makes_the_overdue_invoice_information():
    finding = unpaid_overdue(invoice(due_date=_due(30)), TODAY, T, credit_minor=300000)
    assert finding is not None
    assert finding.severity == "info"
    assert finding.evidence["credit"] == Money(120000, "EUR")
    message, action = text(finding)
    assert message.endswith("the client's credit of 1200.00 EUR covers it.")
    assert action == (
        "Settle it from the client's credit (clientkit credit apply Acme 2026-0001); "
        "no reminder is needed."
    )


def test_client_credit_short_of_the_balance_is_applied_first():
    finding = unpaid_overdue(invoice(due_date=_due(30)), TODAY, T, credit_minor=20000)
    assert finding is not None
    assert finding.severity == "critical"
    assert text(finding)[1].startswith(
        "Apply the client's credit of 200.00 EUR first (clientkit credit apply Acme 2026-0001)."
    )


def test_a_client_name_with_spaces_is_quoted_in_the_command():
    facts = invoice(due_date=_due(3), client="Acme & Sons")
    finding = unpaid_overdue(facts, TODAY, T, credit_minor=120000)
    assert finding is not None
    assert "clientkit credit apply 'Acme & Sons' 2026-0001" in finding.action


def test_the_critical_threshold_comes_from_the_config():
    finding = unpaid_overdue(invoice(due_date=_due(8)), TODAY, Thresholds(overdue_critical_days=7))
    assert finding is not None
    assert finding.severity == "critical"


# unresponsive_client


def _silent(**facts):
    return unresponsive_client(client(**facts), [invoice()], TODAY, T)


def test_thirteen_silent_days_since_the_reminder_are_not_yet_unresponsive():
    reminded = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)  # 13 days before TODAY
    assert _silent(last_reminder_at=reminded) is None


def test_fourteen_silent_days_since_the_reminder_make_the_client_unresponsive():
    reminded = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)
    finding = _silent(last_reminder_at=reminded)
    assert finding is not None
    assert finding.severity == "critical"
    assert (finding.project, finding.evidence["since_event"]) == (None, "reminder")
    assert finding.evidence["overdue"] == [Money(120000, "EUR")]
    message, action = text(finding)
    assert message == (
        "No word from the client for 14 days since the reminder on 2026-11-09, "
        "with 1200.00 EUR overdue on 1 invoice."
    )
    assert action == (
        "Call the client and stop further work until the balance is paid; the reminders go on "
        "(clientkit remind --send)."
    )


def test_an_unresponsive_client_after_the_final_notice_is_told_what_is_left():
    """The final notice went out: no advice to send it again, a formal demand instead."""
    reminded = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)
    late = [invoice(last_reminder="final", last_reminder_on=reminded.date())]
    finding = unresponsive_client(client(last_reminder_at=reminded), late, TODAY, T)
    assert finding is not None
    action = text(finding)[1]
    assert "send the final notice" not in action.lower()
    assert action == (
        "Call the client and stop further work: the final notice went out, so what is left "
        "is a formal demand or a collection agency."
    )


def test_an_inbound_message_after_the_reminder_means_the_client_is_responding():
    finding = _silent(
        last_reminder_at=datetime(2026, 11, 1, tzinfo=UTC),
        last_inbound_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
    )
    assert finding is None


def test_a_message_before_the_reminder_does_not_count_as_an_answer():
    finding = _silent(
        last_reminder_at=datetime(2026, 11, 1, tzinfo=UTC),
        last_inbound_at=datetime(2026, 10, 30, tzinfo=UTC),
    )
    assert finding is not None
    assert finding.evidence["last_inbound"].startswith("2026-10-30")


def test_silence_counts_from_the_later_of_reminder_and_delivery():
    finding = _silent(
        last_reminder_at=datetime(2026, 10, 1, tzinfo=UTC), last_delivery=TODAY - timedelta(days=20)
    )
    assert finding is not None
    assert (finding.evidence["since_event"], finding.evidence["days_silent"]) == ("delivery", 20)


def test_without_reminder_or_delivery_silence_counts_from_the_due_date():
    finding = _silent()
    assert finding is not None
    assert (finding.evidence["since_event"], finding.evidence["days_silent"]) == ("due date", 20)


def test_no_overdue_balance_means_no_unresponsive_client():
    paid = invoice(paid_minor=120000)
    assert unresponsive_client(client(), [paid], TODAY, T) is None


def test_overdue_amounts_in_two_currencies_are_listed_apart():
    invoices = [invoice(), invoice(invoice_id=4, currency="USD", total_minor=5000)]
    finding = unresponsive_client(client(), invoices, TODAY, T)
    assert finding is not None
    assert finding.evidence["overdue"] == [Money(120000, "EUR"), Money(5000, "USD")]
    assert "1200.00 EUR and 50.00 USD overdue on 2 invoices" in text(finding)[0]


# awaiting_reply


@pytest.mark.parametrize(
    ("age", "severity"),
    [
        (timedelta(hours=23, minutes=59), None),
        (timedelta(hours=24), "warning"),
        (timedelta(hours=71, minutes=59), "warning"),
        (timedelta(hours=72), "critical"),
    ],
)
def test_awaiting_reply_edges(age, severity):
    finding = awaiting_reply(waiting(oldest_at=NOW - age), NOW, T)
    assert (finding.severity if finding else None) == severity


def test_several_waiting_messages_are_one_finding_about_the_oldest():
    finding = awaiting_reply(waiting(waiting=3, oldest_at=NOW - timedelta(hours=30)), NOW, T)
    assert finding is not None
    assert finding.evidence["oldest_message_id"] == 11
    message, action = text(finding)
    assert message == "3 messages await a reply; the oldest has waited 30h."
    assert action.startswith("Reply today and give a date")
