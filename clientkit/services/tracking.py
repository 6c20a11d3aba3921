"""During the project: revisions, time and the running timer, written through Core.

These are the everyday commands (`log`, `revision add`, `timer start/stop`), each run as a
fresh process many times a day: they read and write through Core tables
(storage/write_tables.py, storage/usage_queries.py) in `Book.write_core`, so they import
neither the ORM, SQLModel nor pydantic (tests/test_import_hygiene.py keeps it so). A project
is a Core row here: its attributes are the project table's columns, as on the ORM object.
"""

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from clientkit.domain.billing import billed_from, communication_line
from clientkit.domain.dates import check_happened, parse_date, wall_text
from clientkit.domain.durations import (
    check_correction,
    check_entry_minutes,
    format_minutes,
    parse_signed_duration,
)
from clientkit.domain.risk.facts import OPEN_STATUSES  # the statuses work is logged in
from clientkit.domain.terms import (
    COMMUNICATION_KINDS,
    TIME_KINDS,
    RevisionCount,
    communication_rate_minor,
    communication_use,
    revision_count,
)
from clientkit.domain.text import check_name, check_no_controls
from clientkit.domain.wording import said, said_in
from clientkit.i18n import format_money, money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.name_lookup import project_id_named
from clientkit.services.views import Noticed, optional_money
from clientkit.storage import write_tables
from clientkit.storage.core_writes import delete_rows, insert_row, update_rows
from clientkit.storage.tables import project as project_table
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import (
    billed_lines,
    minutes_logged,
    project_row,
    project_usage,
    unbilled_minutes,
)


class RevisionView(Noticed):
    """A revision just logged, against the revisions included and what extras cost."""

    id: int
    project_id: int
    project: str
    number: int
    description: str
    revisions_included: int | None
    extra: int
    revision_fee: Decimal | None
    extra_fee: Decimal
    currency: str


class TimeEntryView(Noticed):
    """A time entry just logged, with the project's minutes so far and its budget."""

    id: int
    project_id: int
    project: str
    kind: str
    minutes: int
    date: date
    note: str
    work_minutes: int
    comm_minutes: int
    comm_budget_minutes: int | None


class TimerView(TypedDict):
    """The running timer: what it times and for how long."""

    project_id: int
    project: str
    kind: str
    started_at: datetime
    elapsed_seconds: int
    note: str


def _project(db: Connection, project_id: int) -> Any:
    """The project's row (its id, title, status, currency and terms), read through Core."""
    return project_row(db, project_id)


def _open_project(db: Connection, ref: str) -> Any:
    project = _project(db, project_id_named(db, ref))
    if project.status not in OPEN_STATUSES:
        raise Refused(f"project {project.title!r} is {project.status}; reopen work elsewhere")
    return project


def add_revision(book: Book, project_ref: str, description: str) -> RevisionView:
    """Log a revision; says at once when it goes beyond those included and what it costs."""
    check_name(description, "description")
    revisions = write_tables.revision
    with book.write_core() as db:
        project = _open_project(db, project_ref)
        used = db.execute(
            select(func.count()).where(revisions.c.project_id == project.id)
        ).scalar_one()
        number = used + 1
        revision_id = insert_row(
            db,
            revisions,
            project_id=project.id,
            number=number,
            description=description,
            requested_on=book.clock.today(),
        )
        count = revision_count(terms_of(project), number)
        return {
            "id": revision_id,
            "project_id": project.id,
            "project": project.title,
            "number": number,
            "description": description,
            "revisions_included": count.included,
            "extra": count.extra,
            "revision_fee": optional_money(project.revision_fee_minor, project.currency),
            "extra_fee": money(count.extra_fee_minor, project.currency),
            "currency": project.currency,
            "notices": _revision_notices(project, count),
        }


def _revision_notices(project: Any, count: RevisionCount) -> list[str]:
    if count.is_extra:
        fee = project.revision_fee_minor
        each = format_money(fee, project.currency) if fee else said("no fee agreed")
        return [
            said(
                "revision %(number)s of %(included)s included: %(each)s extra will be billed"
                " (%(extra)s extra so far, %(fees)s)",
                number=count.number,
                included=count.included,
                each=each,
                extra=count.extra,
                fees=format_money(count.extra_fee_minor, project.currency),
            )
        ]
    if count.at_limit:
        return [
            said(
                "revision %(number)s of %(included)s included: the next one is billed",
                number=count.number,
                included=count.included,
            )
        ]
    return []


def log_time(
    book: Book,
    project_ref: str,
    duration: str,
    kind: str,
    *,
    note: str = "",
    on: str | None = None,
    billable: bool = True,
    confirmed: bool = False,
) -> TimeEntryView:
    """Log minutes of work or communication; says at once when communication goes over budget.
    A negative duration corrects time logged too high; a future day, an entry over 16 hours or
    a day more than a year ago is taken only `confirmed`."""
    minutes = check_entry_minutes(parse_signed_duration(duration), confirmed=confirmed)
    today = book.clock.today()
    day = parse_date(on) if on is not None else today
    check_happened(day, today, said("time entry date"), confirmed=confirmed)
    return _record_time(book, project_ref, minutes, kind, note=note, day=day, billable=billable)


def _record_time(
    book: Book,
    project_ref: str,
    minutes: int,
    kind: str,
    *,
    note: str,
    day: date,
    billable: bool = True,
) -> TimeEntryView:
    check_kind(kind)
    check_no_controls(note, "note")
    with book.write_core() as db:
        project = _open_project(db, project_ref)
        if minutes < 0:
            logged = minutes_logged(db, project.id, kind)
            what = said(
                "%(kind)s on %(project)s",
                kind=said_in("time kind", kind),
                project=repr(project.title),
            )
            check_correction(minutes, logged, what)
        return _logged(db, project, kind, minutes, day, note, billable)


def _logged(
    db: Connection,
    project: Any,
    kind: str,
    minutes: int,
    day: date,
    note: str,
    billable: bool = True,
) -> TimeEntryView:
    """Insert the time entry; its view, with the project's minutes so far and any notice."""
    entry_id = insert_row(
        db,
        write_tables.time_entry,
        project_id=project.id,
        kind=kind,
        minutes=minutes,
        day=day,
        note=note,
        billable=billable,
    )
    usage = project_usage(db, [project.id])[project.id]
    notices = []
    if kind in COMMUNICATION_KINDS and billable:
        # The budget and the bill count billable time only: a call given free uses neither.
        counted = usage.comm_minutes - unbilled_minutes(db, project.id)[1]
        notices = _budget_notices(db, project, counted, minutes)
    return {
        "id": entry_id,
        "project_id": project.id,
        "project": project.title,
        "kind": kind,
        "minutes": minutes,
        "date": day,
        "note": note,
        "work_minutes": usage.work_minutes,
        "comm_minutes": usage.comm_minutes,
        "comm_budget_minutes": project.comm_budget_minutes,
        "notices": notices,
    }


def check_kind(kind: str) -> None:
    """A time entry's kind is one of TIME_KINDS (exit 2 listing them otherwise)."""
    if kind not in TIME_KINDS:
        raise BadInput(f"invalid kind {kind!r}: expected one of {', '.join(TIME_KINDS)}")


def _budget_notices(db: Connection, project: Any, used: int, just_logged: int) -> list[str]:
    use = communication_use(terms_of(project), used)
    before = communication_use(terms_of(project), used - just_logged)
    if use.budget_minutes is None or use.over_minutes == 0:
        return []
    new_over = use.over_minutes - before.over_minutes
    cost = communication_to_bill(db, project, used)
    return [
        said(
            "communication %(used)s of %(budget)s budget: %(over)s over (%(new)s from this"
            " entry), %(cost)s",
            used=format_minutes(used),
            budget=format_minutes(use.budget_minutes),
            over=format_minutes(use.over_minutes),
            new=format_minutes(new_over),
            cost=cost,
        )
    ]


def communication_to_bill(db: Any, project: Any, comm_minutes: int) -> str:
    """What the project's next draft bills for communication once `comm_minutes` are logged,
    as a notice says it: that line's amount, to the cent (or that there is nothing to bill).
    `project` is its ORM object or Core row; `db` a session or connection."""
    terms = terms_of(project)
    if not communication_rate_minor(terms):
        return said("no rate agreed")
    billed = billed_from(billed_lines(db, project.id))
    line = communication_line(terms, project.title, comm_minutes, billed)
    if line is None:
        return said("all of it billed")
    return said("%(amount)s to bill", amount=format_money(line.amount_minor, project.currency))


class SwitchView(TypedDict):
    """The timer that was stopped into a time entry (if one ran), and the one started."""

    stopped: TimeEntryView | None
    started: TimerView


def _running(db: Connection) -> Any:
    timer = write_tables.running_timer
    return db.execute(select(timer).order_by(timer.c.id).limit(1)).first()


def start_timer(book: Book, project_ref: str, kind: str, note: str = "") -> TimerView:
    """Start the one running timer; refused while another runs (`switch_timer` replaces it)."""
    check_kind(kind)
    check_no_controls(note, "note")
    with book.write_core() as db:
        running = _running(db)
        if running is not None:
            raise Refused(_already_running(db, running, book.zone))
        return _start(book, db, _open_project(db, project_ref), kind, note)


def switch_timer(book: Book, project_ref: str, kind: str, note: str = "") -> SwitchView:
    """Stop the running timer into a time entry, as `stop_timer` does, and start one on
    `project_ref`, in one transaction; with no timer running, simply start."""
    check_kind(kind)
    check_no_controls(note, "note")
    with book.write_core() as db:
        project = _open_project(db, project_ref)
        running = _running(db)
        if running is None:
            return {"stopped": None, "started": _start(book, db, project, kind, note)}
        stopped = _log_timer(book, db, running)
        # The one timer row is restarted in place rather than deleted and inserted again: on
        # SQLite the new row could reuse its id, which the history could not tell apart.
        timer = write_tables.running_timer
        started_at = book.clock.now()
        update_rows(
            db,
            timer,
            timer.c.id == running.id,
            project_id=project.id,
            kind=kind,
            note=note,
            started_at=started_at,
            updated_at=datetime.now(UTC),
        )
        view = _timer_view(book, project.id, project.title, kind, started_at, note)
        return {"stopped": stopped, "started": view}


def _already_running(db: Connection, running: Any, zone: tzinfo) -> str:
    """The refusal of a second timer: what runs, since when, and how to switch instead."""
    title = db.execute(
        select(project_table.c.title).where(project_table.c.id == running.project_id)
    ).scalar()
    shown = title if title is not None else running.project_id
    return (
        f"a timer is already running on {shown!r} ({running.kind} since "
        f"{wall_text(running.started_at, zone)}); stop it first, or add --switch to log "
        "it and start this one"
    )


def _start(book: Book, db: Connection, project: Any, kind: str, note: str) -> TimerView:
    started_at = book.clock.now()
    insert_row(
        db,
        write_tables.running_timer,
        project_id=project.id,
        kind=kind,
        started_at=started_at,
        note=note,
    )
    return _timer_view(book, project.id, project.title, kind, started_at, note)


def timer_status(book: Book) -> TimerView | None:
    with book.snapshot() as db:
        timer = _running(db)
        if timer is None:
            return None
        project = _project(db, timer.project_id)
        return _timer_view(
            book, timer.project_id, project.title, timer.kind, timer.started_at, timer.note
        )


def _timer_view(
    book: Book, project_id: int, title: str, kind: str, started_at: datetime, note: str
) -> TimerView:
    elapsed = max(0, int((book.clock.now() - started_at).total_seconds()))
    return {
        "project_id": project_id,
        "project": title,
        "kind": kind,
        "started_at": started_at,
        "elapsed_seconds": elapsed,
        "note": note,
    }


def stop_timer(book: Book) -> TimeEntryView:
    """Stop the running timer into a time entry (at least one minute)."""
    with book.write_core() as db:
        timer = _running(db)
        if timer is None:
            raise Refused("no timer is running")
        entry = _log_timer(book, db, timer)
        delete_rows(db, write_tables.running_timer, write_tables.running_timer.c.id == timer.id)
        return entry


def _log_timer(book: Book, db: Connection, timer: Any) -> TimeEntryView:
    """The running timer's elapsed minutes as a time entry, logged today."""
    project = _project(db, timer.project_id)
    seconds = int((book.clock.now() - timer.started_at).total_seconds())
    minutes = max(1, (seconds + 30) // 60)  # half a minute rounds up, like money
    return _logged(db, project, timer.kind, minutes, book.clock.today(), timer.note)
