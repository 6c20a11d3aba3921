"""The calendar feed: which events it holds, stable UIDs, all-day dates, and the file it writes."""

import dataclasses
import stat
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from clientkit.clock import clock_from_text
from clientkit.domain.reminders import Step
from clientkit.services.calendar import calendar_entries, next_reminder, write_calendar
from clientkit.services.clients import add_client, archive_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.invoicing import create_invoice
from clientkit.services.mailer import OutboxMailer
from clientkit.services.message_records import add_message
from clientkit.services.payments import pay_invoice
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.reminders import send_reminders
from clientkit.storage.reminder_queries import OverdueInvoice, ReminderState
from tests.services.reminder_seed import freelancer, overdue_invoice

SCHEDULE = (Step(1, "friendly"), Step(7, "second"), Step(14, "final"))


def project(book, client: str, title: str, deadline: str, *moves: str) -> int:
    created = add_project(book, client, title, TermsInput(price="1000", deadline=deadline))
    for move in moves:
        move_project(book, title, move)
    return int(created["id"])


@dataclasses.dataclass
class Seeded:
    book: Any
    unpaid: dict[str, Any]
    paid: dict[str, Any]
    projects: dict[str, int]


@pytest.fixture
def seeded(book):
    """Today 2026-11-23: two open deadlines, one unpaid invoice, one reply owed, and noise."""
    freelancer(book)
    add_client(book, "Acme Inc", email="ap@acme.example")
    website = project(book, "Acme Inc", "Website", "2026-12-10", "start")
    logo = project(book, "Acme Inc", "Logo", "2026-12-01")
    project(book, "Acme Inc", "Brochure", "2026-12-05", "start", "close")
    project(book, "Acme Inc", "Flyer", "2026-12-06", "start", "deliver")
    unpaid = overdue_invoice(book, "Acme Inc", days_overdue=3, price="800")  # due 2026-11-20
    paid = overdue_invoice(book, "Acme Inc", days_overdue=2, price="500")
    pay_invoice(book, paid["number"], "500")
    create_invoice(book, "Logo")  # a draft: no due date, no event
    add_message(book, "Acme Inc", "inbound", subject="Logo colours?", at="2026-11-22T09:30")
    add_message(book, "Acme Inc", "inbound", subject="Old question", at="2026-11-01T08:00")
    add_message(book, "Acme Inc", "outbound", at="2026-11-02T08:00")  # answers the old one
    add_message(book, "Acme Inc", "inbound", subject="Newest", at="2026-11-22T09:30")
    return Seeded(book, unpaid, paid, {"Website": website, "Logo": logo})


def by_uid(book) -> dict[str, tuple[str, object]]:
    return {entry.uid: (entry.kind, entry.start) for entry in calendar_entries(book)}


def test_the_feed_holds_deadlines_due_dates_next_reminders_and_replies_owed(seeded):
    """Open deadlines, the unpaid invoice's due date and next reminder, two unanswered messages."""
    book, unpaid = seeded.book, seeded.unpaid
    events = by_uid(book)
    ids = seeded.projects
    website, logo = (f"deadline-project-{ids[title]}@clientkit" for title in ("Website", "Logo"))
    assert events[website] == ("deadline", date(2026, 12, 10))
    assert events[logo] == ("deadline", date(2026, 12, 1))
    invoice = unpaid["id"]
    assert events[f"due-invoice-{invoice}@clientkit"] == ("due", date(2026, 11, 20))
    # 3 days overdue, nothing sent: the friendly reminder is due now.
    assert events[f"reminder-invoice-{invoice}@clientkit"] == ("reminder", date(2026, 11, 23))
    replies = sorted(start for kind, start in events.values() if kind == "reply")
    assert replies == [datetime(2026, 11, 23, 9, 30, tzinfo=UTC)] * 2
    assert len(events) == 2 + 2 + 2


def test_paid_invoices_drafts_and_finished_projects_stay_out(seeded):
    """No paid invoice, draft, closed or delivered project, or answered message shows up."""
    book, paid = seeded.book, seeded.paid
    entries = calendar_entries(book)
    assert not any(e.uid.endswith(f"-invoice-{paid['id']}@clientkit") for e in entries)
    summaries = " ".join(e.summary for e in entries)
    assert paid["number"] not in summaries
    assert "Brochure" not in summaries
    assert "Flyer" not in summaries
    assert "Old question" not in summaries
    assert "Deadline: Website (Acme Inc)" in summaries


def test_an_archived_clients_deadlines_and_messages_are_left_out(seeded):
    """Archiving a client removes its deadlines and replies, but not money it still owes."""
    book, _unpaid = seeded.book, seeded.unpaid
    archive_client(book, "Acme Inc", force=True)  # it owes money: refused without force
    kinds = sorted(e.kind for e in calendar_entries(book))
    assert kinds == ["due", "reminder"]


def test_summaries_show_the_open_amount_in_the_freelancers_locale(seeded):
    """The due-date event names the invoice, what is still open and the client."""
    book, unpaid = seeded.book, seeded.unpaid
    [due] = [e for e in calendar_entries(book) if e.kind == "due"]
    assert due.summary == f"Invoice {unpaid['number']} due: €800.00 (Acme Inc)"


def parsed(path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_written_file_parses_with_all_day_dates_and_utc_reply_slots(seeded, tmp_path):
    """Dates are VALUE=DATE all-day events ending the next day; a reply owed is a UTC slot."""
    book, unpaid = seeded.book, seeded.unpaid
    target = tmp_path / "clientkit.ics"
    result = write_calendar(book, target)
    calendar = Calendar.from_ical(target.read_bytes())
    assert str(calendar["VERSION"]) == "2.0"
    assert "clientkit" in str(calendar["PRODID"])
    events = parsed(target)
    assert sorted(events) == sorted(view["uid"] for view in result["events"])
    due = events[f"due-invoice-{unpaid['id']}@clientkit"]
    assert due["DTSTART"].params["VALUE"] == "DATE"
    assert due.decoded("DTSTART") == date(2026, 11, 20)
    assert due.decoded("DTEND") == date(2026, 11, 21)
    assert due.decoded("DTSTAMP") == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    [reply] = [e for e in events.values() if "Logo colours?" in str(e["SUMMARY"])]
    assert reply.decoded("DTSTART") == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_uids_and_dates_are_the_same_on_a_second_run(seeded, tmp_path):
    """Re-importing a newer file updates events: same UIDs, same days, no duplicates."""
    book = seeded.book
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    write_calendar(book, first)
    write_calendar(book, second)
    starts = [{uid: e.decoded("DTSTART") for uid, e in parsed(p).items()} for p in (first, second)]
    assert starts[0] == starts[1]
    uids = [str(e["UID"]) for e in Calendar.from_ical(first.read_bytes()).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 6


def test_the_next_reminder_keeps_its_uid_while_it_moves_to_the_next_level(seeded, tmp_path):
    """Once the friendly reminder is sent (23 Nov), the same event moves to the second's day:
    its schedule day (due + 7 = 27 Nov) and a full gap after the friendly one: 30 Nov."""
    book, unpaid = seeded.book, seeded.unpaid
    uid = f"reminder-invoice-{unpaid['id']}@clientkit"
    send_reminders(book, OutboxMailer(tmp_path / "outbox"), attach=False)
    assert by_uid(book)[uid] == ("reminder", date(2026, 11, 30))
    [event] = [e for e in calendar_entries(book) if e.uid == uid]
    assert event.summary == f"Second reminder: invoice {unpaid['number']} (Acme Inc)"
    later = dataclasses.replace(book, clock=clock_from_text("2026-12-20"))
    assert by_uid(later)[uid] == ("reminder", date(2026, 12, 20))  # the second, now
    [event] = [e for e in calendar_entries(later) if e.uid == uid]
    assert event.summary.startswith("Second reminder")  # never skipped to the final


SENT_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # each level "sent" in facts went out then


def facts(due: date, *sent: str, status: str = "issued", paid: int = 0) -> OverdueInvoice:
    reminders = {
        level: ReminderState(index, "sent", None, SENT_AT) for index, level in enumerate(sent)
    }
    return OverdueInvoice(
        1,
        "2026-0001",
        status,
        "EUR",
        None,
        due,
        10_000,
        paid,
        None,
        None,
        None,
        1,
        "Acme",
        "",
        "ap@acme.example",
        "en_US",
        reminders,
    )


@pytest.mark.parametrize(
    ("invoice", "expected"),
    [
        (facts(date(2026, 12, 1)), Step(1, "friendly")),  # not due yet: due + 1
        (facts(date(2026, 11, 20)), Step(1, "friendly")),  # due now: today
        (facts(date(2026, 11, 20), "friendly"), Step(7, "second")),
        (facts(date(2026, 11, 13)), Step(1, "friendly")),  # 10 days, nothing sent: friendly
        (facts(date(2026, 11, 13), "friendly", "second"), Step(14, "final")),
        (facts(date(2026, 11, 1), "friendly"), Step(7, "second")),  # the gap decides the day
        (facts(date(2026, 11, 1), "friendly", "second", "final"), None),
        (facts(date(2026, 11, 20), status="paid"), None),
        (facts(date(2026, 11, 20), paid=10_000), None),
    ],
)
def test_next_reminder_follows_the_schedule_rule(invoice, expected):
    """The level after the highest sent: today when its day has come, else the later of its
    schedule day and a gap of 7 days after the last reminder."""
    today = date(2026, 11, 23)
    got = next_reminder(invoice, today, SCHEDULE, 7)
    if expected is None:
        assert got is None
        return
    step, day = got  # type: ignore[misc]
    assert step == expected
    after_gap = SENT_AT.date() + timedelta(days=7) if invoice.reminders else today
    assert day == max(today, invoice.due_date + timedelta(days=expected.days), after_gap)


def test_the_file_is_private_and_never_replaced_without_force(seeded, tmp_path):
    """Mode 0600; an existing file is refused and kept as it was; --force replaces it."""
    book = seeded.book
    target = tmp_path / "feed.ics"
    target.write_bytes(b"my own calendar")
    with pytest.raises(Refused, match="already exists; pass --force"):
        write_calendar(book, target)
    assert target.read_bytes() == b"my own calendar"
    write_calendar(book, target, force=True)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    fresh = tmp_path / "new.ics"
    write_calendar(book, fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_a_missing_folder_is_bad_input(seeded, tmp_path):
    """Writing into a folder that does not exist is refused as bad input."""
    book = seeded.book
    with pytest.raises(BadInput, match="does not exist"):
        write_calendar(book, tmp_path / "nowhere" / "feed.ics")


def test_an_empty_book_writes_a_valid_calendar_with_no_events(book, tmp_path):
    """No data still gives a parseable VCALENDAR."""
    result = write_calendar(book, tmp_path / "empty.ics")
    assert result["events"] == []
    assert Calendar.from_ical((tmp_path / "empty.ics").read_bytes()).walk("VEVENT") == []
