"""Time entries after the fact: listing them, correcting one, removing one.

What an issued invoice bills cannot change. Invoices bill logged time in aggregate, not entry
by entry: `invoice create` sums every entry of the project logged so far (work minutes for an
hourly project's hours line, communication minutes for the line beyond the budget), less what
the project's earlier invoices billed. So an issued invoice (not credited) with such a line
rests on every entry of that family that existed when its draft was made: those entries are
frozen (their note aside, which no invoice shows). Entries logged after the draft, or moved
onto the project or into the family since, are the next invoice's and can change freely.
"""

from datetime import date
from typing import TypedDict

from sqlmodel import Session

from clientkit.domain.dates import check_happened, parse_date
from clientkit.domain.durations import check_entry_minutes, parse_duration
from clientkit.domain.terms import COMMUNICATION_KINDS
from clientkit.domain.text import check_no_controls
from clientkit.domain.wording import said
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lookup import find_client, find_project, find_time_entry
from clientkit.services.tracking import check_kind
from clientkit.services.views import Noticed, stored
from clientkit.storage.models import Client, Project, TimeEntry, utcnow
from clientkit.storage.time_queries import (
    BillingInvoice,
    TimeFilter,
    TimeRow,
    billing_invoices,
    drafts_billing_minutes,
    time_rows,
    time_sums,
)

DEFAULT_LIMIT = 50
OPEN_STATUSES = ("draft", "active", "delivered")


class TimeEntryRow(TypedDict):
    """One time entry, with its project and client, and the issued invoice that bills it."""

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
    billed_by: str | None  # number of the issued invoice it is frozen by


class TimeListView(TypedDict):
    """The newest `limit` matching entries, with the count and minutes of all that match."""

    entries: list[TimeEntryRow]
    count: int
    total_minutes: int
    limit: int
    more: int  # matching entries not in `entries`


class TimeEntryResult(TimeEntryRow, Noticed):
    """An entry just corrected."""


class DeletedTimeEntry(TimeEntryRow, Noticed):
    """The entry as it was before it was deleted."""

    deleted: bool


def list_time(
    book: Book,
    *,
    project: str | None = None,
    client: str | None = None,
    start: str | None = None,
    end: str | None = None,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> TimeListView:
    """The newest entries matching every filter given, and the totals of all that match."""
    if limit < 1:
        raise BadInput(f"invalid limit {limit}: must be at least 1")
    with book.read() as session:
        where = _filter(session, project, client, start, end, kind)
        rows = time_rows(session, where, limit)
        count, minutes = time_sums(session, where)
        invoices = billing_invoices(session, {row.project_id for row in rows})
        return {
            "entries": [_row_view(row, invoices) for row in rows],
            "count": count,
            "total_minutes": minutes,
            "limit": limit,
            "more": count - len(rows),
        }


def _filter(
    session: Session,
    project: str | None,
    client: str | None,
    start: str | None,
    end: str | None,
    kind: str | None,
) -> TimeFilter:
    first = None if start is None else parse_date(start)
    last = None if end is None else parse_date(end)
    if first is not None and last is not None and first > last:
        raise BadInput(f"invalid period: --from {first} is after --to {last}")
    if kind is not None:
        check_kind(kind)
    return TimeFilter(
        project_id=None if project is None else stored(find_project(session, project).id),
        client_id=None if client is None else stored(find_client(session, client).id),
        start=first,
        end=last,
        kind=kind,
    )


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
    moved = "project_id" in changed or _family(entry.kind) != _family(
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
    invoice = _billed_by(entry, billing_invoices(session, [entry.project_id]))
    if invoice is None:
        return
    what = "work hours" if invoice.line_kind == "hours" else "communication time"
    raise Refused(
        f"cannot {verb} time entry {entry.id}: issued invoice {invoice.number} bills it (the "
        f"project's {what}, as logged when the invoice was drafted); credit the invoice "
        "first, or log a correcting entry"
    )


def _billed_by(entry: TimeEntry | TimeRow, invoices: list[BillingInvoice]) -> BillingInvoice | None:
    """The first issued invoice that summed this entry's minutes: one of its project, with a
    line for the entry's family, drafted once the entry existed (see the module docstring)."""
    for invoice in invoices:
        if (
            invoice.project_id == entry.project_id
            and invoice.line_kind == _family(entry.kind)
            and entry.created_at <= invoice.drafted_at
        ):
            return invoice
    return None


def _family(kind: str) -> str:
    """The kind of invoice line that bills minutes of this kind."""
    return "communication" if kind in COMMUNICATION_KINDS else "hours"


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
    row = TimeRow(
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
    return _row_view(row, billing_invoices(session, [entry.project_id]))


def _row_view(row: TimeRow, invoices: list[BillingInvoice]) -> TimeEntryRow:
    invoice = _billed_by(row, invoices)
    return {
        "id": row.id,
        "day": row.day,
        "project_id": row.project_id,
        "project": row.project,
        "client_id": row.client_id,
        "client": row.client,
        "kind": row.kind,
        "minutes": row.minutes,
        "billable": row.billable,
        "note": row.note,
        "billed_by": None if invoice is None else invoice.number,
    }
