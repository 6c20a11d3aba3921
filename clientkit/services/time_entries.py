"""Time entries after the fact: listing them, correcting one, removing one.

What an issued invoice bills cannot change. Invoices bill logged time in aggregate, not entry
by entry: `invoice create` sums every entry of the project logged so far (work minutes for an
hourly project's hours line, communication minutes for the line beyond the budget), less what
the project's earlier invoices billed. So an issued invoice (not credited) with such a line
rests on every entry of that family that existed when its draft was made: those entries are
frozen (their note aside, which no invoice shows). Entries logged after the draft, or moved
onto the project or into the family since, are the next invoice's and can change freely.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from clientkit.domain.dates import check_happened, parse_date
from clientkit.domain.durations import check_entry_minutes, parse_duration
from clientkit.domain.risk.facts import OPEN_STATUSES
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lists import TimeEntryRow, billed_by, entry_view, family
from clientkit.services.lookup import find_project, find_time_entry
from clientkit.services.tracking import check_kind
from clientkit.services.views import Noticed, stored
from clientkit.storage.list_queries import billing_invoices
from clientkit.storage.models import Client, Project, TimeEntry, utcnow
from clientkit.storage.time_queries import drafts_billing_minutes


@dataclass(frozen=True)
class _Entry:
    """An entry with its project's title and client, as its view reads it."""

    id: int
    day: date
    project_id: int
    project: str
    client_id: int
    client: str
    kind: str
    minutes: int
    billable: bool
    note: str
    created_at: datetime


class TimeEntryResult(TimeEntryRow, Noticed):
    """An entry just corrected."""


class DeletedTimeEntry(TimeEntryRow, Noticed):
    """The entry as it was before it was deleted."""

    deleted: bool


def edit_time(
    book: Book,
    entry_ref: str,
    *,
    duration: str | None = None,
    day: str | None = None,
    kind: str | None = None,
    note: str | None = None,
    project: str | None = None,
    billable: bool | None = None,
    confirmed: bool = False,
) -> TimeEntryResult:
    """Correct an entry; refused when an issued invoice bills it (its note can still change).
    A length over 16 hours, a day in the future or more than a year ago: only `confirmed`."""
    wanted = _parsed(duration, day, kind, billable)
    if duration is not None:
        check_entry_minutes(parse_duration(duration), confirmed=confirmed)
    if day is not None:
        check_happened(
            parse_date(day), book.clock.today(), said("time entry date"), confirmed=confirmed
        )
    if note is not None:
        check_no_controls(note, "note")
    if not wanted and note is None and project is None:
        raise BadInput(
            "nothing to change: give --duration, --day, --kind, --note, --project "
            "or --billable/--no-billable"
        )
    with book.write() as session:
        entry = find_time_entry(session, entry_ref)
        target = entry.project_id
        if project is not None:
            target = wanted["project_id"] = stored(_open_project(session, project).id)
        projects = {entry.project_id, target}
        changed = {name: value for name, value in wanted.items() if getattr(entry, name) != value}
        if changed:
            _refuse_if_billed(session, entry, "change")
        _apply(entry, changed, note)
        session.add(entry)
        session.flush()
        notices = _draft_notices(session, projects) if changed else []
        return {**_entry_view(session, entry), "notices": notices}


def _parsed(
    duration: str | None, day: str | None, kind: str | None, billable: bool | None
) -> dict[str, object]:
    """The new values given, checked, by column."""
    wanted: dict[str, object] = {}
    if duration is not None:
        wanted["minutes"] = parse_duration(duration)
    if day is not None:
        wanted["day"] = parse_date(day)
    if kind is not None:
        check_kind(kind)
        wanted["kind"] = kind
    if billable is not None:
        wanted["billable"] = billable
    return wanted


def _apply(entry: TimeEntry, changed: dict[str, object], note: str | None) -> None:
    moved = "project_id" in changed or family(entry.kind) != family(
        str(changed.get("kind", entry.kind))
    )
    for name, value in changed.items():
        setattr(entry, name, value)
    if moved:
        # To the invoices it is time logged now on its project or family (see the module
        # docstring): no invoice drafted before summed it there.
        entry.created_at = utcnow()
    if note is not None:
        entry.note = note
    entry.updated_at = utcnow()


def delete_time(book: Book, entry_ref: str) -> DeletedTimeEntry:
    """Remove an entry; refused when an issued invoice bills it."""
    with book.write() as session:
        entry = find_time_entry(session, entry_ref)
        _refuse_if_billed(session, entry, "delete")
        view = _entry_view(session, entry)
        session.delete(entry)
        session.flush()
        notices = _draft_notices(session, {entry.project_id})
        return {**view, "deleted": True, "notices": notices}


def _open_project(session: Session, ref: str) -> Project:
    project = find_project(session, ref)
    if project.status not in OPEN_STATUSES:
        raise Refused(f"project {project.title!r} is {project.status}; time cannot move onto it")
    return project


def _refuse_if_billed(session: Session, entry: TimeEntry, verb: str) -> None:
    invoice = billed_by(entry, billing_invoices(session, [entry.project_id]))
    if invoice is None:
        return
    what = "work hours" if invoice.line_kind == "hours" else "communication time"
    raise Refused(
        f"cannot {verb} time entry {entry.id}: issued invoice {invoice.number} bills it (the "
        f"project's {what}, as logged when the invoice was drafted); credit the invoice "
        "first, or log a correcting entry"
    )


def _draft_notices(session: Session, project_ids: set[int]) -> list[str]:
    """A draft summed the minutes logged when it was made: after a correction it bills the
    old figures until it is made again."""
    ids = drafts_billing_minutes(session, project_ids)
    if not ids:
        return []
    listed = ", ".join(str(invoice_id) for invoice_id in ids)
    plural = "s" if len(ids) > 1 else ""
    return [
        f"draft invoice{plural} {listed} still bill{'' if plural else 's'} the time as it was: "
        "delete and create the draft again to bill the corrected time"
    ]


def _entry_view(session: Session, entry: TimeEntry) -> TimeEntryRow:
    project = session.get(Project, entry.project_id)
    assert project is not None
    client = session.get(Client, project.client_id)
    assert client is not None
    row = _Entry(
        id=stored(entry.id),
        day=entry.day,
        project_id=entry.project_id,
        project=project.title,
        client_id=stored(client.id),
        client=client.name,
        kind=entry.kind,
        minutes=entry.minutes,
        billable=entry.billable,
        note=entry.note,
        created_at=entry.created_at,
    )
    return entry_view(row, billing_invoices(session, [entry.project_id]))
