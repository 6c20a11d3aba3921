"""The calendar feed: deadlines, due dates, next reminders and replies owed as an iCalendar file.

Each event's UID names what it is about (`due-invoice-12@clientkit`), never when
it was written, so importing a newer file updates the events a calendar app already
has instead of adding copies. The next reminder of an invoice keeps one UID while it
moves from level to level. The file is a snapshot: an event whose reason went away
(the invoice was paid) is simply absent from the next file.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TypedDict

from clientkit.domain.dates import wall_text
from clientkit.domain.reminders import OPEN_STATUS, Step, next_step, step_day
from clientkit.i18n import format_money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.outfiles import write_named
from clientkit.services.reminders import gap_of, get_profile_readonly, schedule_of, sent_days
from clientkit.storage import calendar_queries as queries
from clientkit.storage.reminder_queries import OverdueInvoice

DOMAIN = "clientkit"
PRODID = "-//clientkit//calendar feed//EN"
REPLY_SLOT = timedelta(minutes=15)
DEFAULT_REPLY_HOURS = 24
REMINDER_NAMES = {
    "friendly": "Friendly reminder",
    "second": "Second reminder",
    "final": "Final notice",
}


class EventView(TypedDict):
    """An event as JSON shows it: the day (or the instant, in the book's zone) in ISO 8601."""

    uid: str
    kind: str
    date: date | datetime
    all_day: bool
    summary: str


class CalendarFile(TypedDict):
    """The feed just written and its events."""

    path: str
    events: list[EventView]


@dataclass(frozen=True)
class Entry:
    """One calendar event: all-day when `start` is a date, a short slot when a date-time."""

    uid: str
    kind: str  # deadline, due, reminder, reply
    start: date | datetime
    summary: str
    description: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


def uid(kind: str, subject: str, subject_id: int) -> str:
    """A UID that stays the same for the same thing across runs: `due-invoice-7@clientkit`."""
    return f"{kind}-{subject}-{subject_id}@{DOMAIN}"


def next_reminder(
    invoice: OverdueInvoice,
    today: date,
    schedule: tuple[Step, ...],
    gap_days: int,
    zone: tzinfo = UTC,
) -> tuple[Step, date] | None:
    """The reminder an invoice gets next and its day: today when one is due now.

    The ladder's own rules (clientkit.domain.reminders): the step after the highest level
    sent, on its schedule day and no sooner than the gap after the last reminder.
    """
    if invoice.status != OPEN_STATUS or invoice.balance_minor <= 0:
        return None
    sent = sent_days(invoice, zone)
    step = next_step(sent, schedule)
    if step is None:
        return None
    return step, max(today, step_day(step, invoice.due_date, sent, gap_days))


def calendar_entries(book: Book) -> list[Entry]:
    """Every event of the feed, sorted by day (then UID)."""
    schedule = schedule_of(book.config)
    gap_days = gap_of(book.config)
    today = book.clock.today()
    reply_hours = int(
        book.config.get("risk", {}).get("awaiting_reply_warning_hours", DEFAULT_REPLY_HOURS)
    )
    with book.read() as session:
        locale = get_profile_readonly(session, book).locale
        deadlines = queries.project_deadlines(session)
        invoices = queries.unpaid_invoices(session)
        replies = queries.replies_owed(session)
    entries = [_deadline(row) for row in deadlines]
    for invoice in invoices:
        entries.append(_due(invoice, locale))
        upcoming = next_reminder(invoice, today, schedule, gap_days, book.zone)
        if upcoming is not None:
            entries.append(_reminder(invoice, *upcoming))
    zone = book.zone
    entries += [_reply(row, timedelta(hours=reply_hours), zone) for row in replies]
    return sorted(entries, key=lambda entry: _order(entry, zone))


def _order(entry: Entry, zone: tzinfo) -> tuple[date, str]:
    """By calendar day in the book's zone (a reply owed at 00:30 local is that day's)."""
    start = entry.start
    day = start.astimezone(zone).date() if isinstance(start, datetime) else start
    return day, entry.uid


def _deadline(row: queries.Deadline) -> Entry:
    return Entry(
        uid("deadline", "project", row.project_id),
        "deadline",
        row.deadline,
        f"Deadline: {row.title} ({row.client_name})",
        f"Project {row.title} for {row.client_name} ({row.status}) is due "
        f"{row.deadline.isoformat()}.",
    )


def _due(invoice: OverdueInvoice, locale: str) -> Entry:
    balance = format_money(invoice.balance_minor, invoice.currency, locale)
    total = format_money(invoice.total_minor, invoice.currency, locale)
    return Entry(
        uid("due", "invoice", invoice.invoice_id),
        "due",
        invoice.due_date,
        f"Invoice {invoice.number} due: {balance} ({invoice.client_name})",
        f"Invoice {invoice.number} to {invoice.client_name}: total {total}, open {balance}.",
    )


def _reminder(invoice: OverdueInvoice, step: Step, day: date) -> Entry:
    name = REMINDER_NAMES.get(step.level, step.level)
    return Entry(
        uid("reminder", "invoice", invoice.invoice_id),
        "reminder",
        day,
        f"{name}: invoice {invoice.number} ({invoice.client_name})",
        f"The {step.level} reminder is scheduled {step.days} days after the due "
        f"date ({invoice.due_date.isoformat()}); `clientkit remind` sends it.",
    )


def _reply(row: queries.ReplyOwed, within: timedelta, zone: tzinfo) -> Entry:
    about = f": {row.subject}" if row.subject else ""
    return Entry(
        uid("reply", "message", row.message_id),
        "reply",
        row.received_at + within,
        f"Reply owed to {row.client_name}{about}",
        f"{row.channel} from {row.client_name} received "
        f"{wall_text(row.received_at, zone)}, not answered yet.",
    )


def to_ical(entries: Iterable[Entry], stamp: datetime) -> bytes:
    """The entries as an RFC 5545 VCALENDAR: all-day events as VALUE=DATE, slots in UTC."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "clientkit")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("categories", [DOMAIN, entry.kind])
        event.add("dtstart", entry.start)
        if isinstance(entry.start, datetime):
            event.add("dtend", entry.start + REPLY_SLOT)
        else:
            event.add("dtend", entry.start + timedelta(days=1))  # DTEND of a day is exclusive
            event.add("transp", "TRANSPARENT")  # a marker, not a busy day
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def entry_view(entry: Entry) -> EventView:
    """An event as JSON shows it: the day (or the instant, in the book's zone) in ISO 8601."""
    return {
        "uid": entry.uid,
        "kind": entry.kind,
        "date": entry.start,
        "all_day": entry.all_day,
        "summary": entry.summary,
    }


def write_calendar(book: Book, target: Path, *, force: bool = False) -> CalendarFile:
    """Write the feed to `target` (mode 0600; an existing file only with `force`)."""
    if target.expanduser().is_dir():
        raise BadInput(f"{target} is a directory; name a file, e.g. {target / 'clientkit.ics'}")
    entries = calendar_entries(book)
    written = write_named(target, to_ical(entries, book.clock.now()), force=force)
    return {"path": str(written), "events": [entry_view(entry) for entry in entries]}
