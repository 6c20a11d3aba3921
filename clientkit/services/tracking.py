"""During the project: scope items and change requests, revisions, time and the running timer."""

from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import func
from sqlmodel import Session, select

from clientkit.domain.dates import check_happened, parse_date, wall_text
from clientkit.domain.durations import (
    check_correction,
    check_entry_minutes,
    format_minutes,
    parse_hours,
    parse_signed_duration,
)
from clientkit.domain.money import parse_minor
from clientkit.domain.terms import (
    COMMUNICATION_KINDS,
    TIME_KINDS,
    RevisionCount,
    communication_use,
    revision_count,
)
from clientkit.domain.text import check_name, check_no_controls
from clientkit.domain.wording import said, said_in
from clientkit.i18n import currency_digits, format_money, money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused
from clientkit.services.invoicing import communication_to_bill
from clientkit.services.lookup import find_project, find_scope_item
from clientkit.services.views import Noticed, ScopeView, optional_money, scope_view, stored
from clientkit.storage.models import Project, Revision, RunningTimer, ScopeItem, TimeEntry, utcnow
from clientkit.storage.queries import project_usage
from clientkit.storage.terms import terms_of
from clientkit.storage.time_queries import unbilled_minutes

OPEN_STATUSES = ("draft", "active", "delivered")


class ScopeResult(ScopeView, Noticed):
    """A scope item just added; a change request says what to do before starting it."""


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


def _open_project(session: Session, ref: str) -> Project:
    project = find_project(session, ref)
    if project.status not in OPEN_STATUSES:
        raise Refused(f"project {project.title!r} is {project.status}; reopen work elsewhere")
    return project


def add_scope_item(
    book: Book,
    project_ref: str,
    description: str,
    *,
    price: str | None = None,
    hours: str | None = None,
) -> ScopeResult:
    """A deliverable; added after kickoff it is a change request, priced separately."""
    check_name(description, "description")
    with book.write() as session:
        project = _open_project(session, project_ref)
        digits = currency_digits(project.currency)
        item = ScopeItem(
            project_id=project.id,  # type: ignore[arg-type]
            description=description,
            price_minor=None if price is None else parse_minor(price, digits),
            estimate_minutes=None if hours is None else parse_hours(hours),
            change_request=project.status != "draft",
        )
        session.add(item)
        session.flush()
        return {
            **scope_view(item, project.currency),
            "notices": _change_request_notices(session, project, item),
        }


def _change_request_notices(session: Session, project: Project, item: ScopeItem) -> list[str]:
    if not item.change_request:
        return []
    count = session.exec(
        select(func.count())
        .select_from(ScopeItem)
        .where(
            ScopeItem.project_id == project.id,
            ScopeItem.change_request == True,  # noqa: E712
        )
    ).one()
    price = (
        format_money(item.price_minor, project.currency)
        if item.price_minor is not None
        else said("not priced yet")
    )
    return [
        said(
            "change request %(number)s after kickoff (%(price)s): get the change order signed"
            " before starting it",
            number=count,
            price=price,
        )
    ]


class ApprovedChange(ScopeView, Noticed):
    """A change request just approved, and what its change order changed on the project."""

    project: str
    deadline_before: date | None
    deadline: date | None  # the project's deadline now


def approve_scope_item(book: Book, item_ref: str, on: str | None = None) -> ApprovedChange:
    """Record that the client signed the change order, and apply what the order says: the
    deadline it moves to (`scope order --days`); its price is billed as a line of its own."""
    with book.write() as session:
        item = find_scope_item(session, item_ref)
        project = session.get(Project, item.project_id)
        assert project is not None
        if not item.change_request:
            raise Refused(f"scope item {item.id} is part of the original scope, not a change")
        item.approved_on = parse_date(on) if on is not None else book.clock.today()
        item.updated_at = utcnow()
        session.add(item)
        before = project.deadline
        if item.order_deadline is not None and item.order_deadline != before:
            project.deadline = item.order_deadline
            project.updated_at = utcnow()
            session.add(project)
        return {
            **scope_view(item, project.currency),
            "project": project.title,
            "deadline_before": before,
            "deadline": project.deadline,
            "notices": _approval_notices(item, project, before),
        }


def _approval_notices(item: ScopeItem, project: Project, before: date | None) -> list[str]:
    notices = []
    if project.deadline != before:
        was = "none" if before is None else before.isoformat()
        notices.append(
            said(
                "the deadline of %(project)s moves from %(was)s to %(deadline)s, as the change"
                " order says",
                project=repr(project.title),
                was=was,
                deadline=project.deadline,
            )
        )
    if item.price_minor is not None:
        notices.append(
            said(
                "its price %(price)s is billed as a line of its own on the project's next invoice",
                price=format_money(item.price_minor, project.currency),
            )
        )
    return notices


def add_revision(book: Book, project_ref: str, description: str) -> RevisionView:
    """Log a revision; says at once when it goes beyond those included and what it costs."""
    check_name(description, "description")
    with book.write() as session:
        project = _open_project(session, project_ref)
        used = session.exec(
            select(func.count()).select_from(Revision).where(Revision.project_id == project.id)
        ).one()
        revision = Revision(
            project_id=project.id,  # type: ignore[arg-type]
            number=used + 1,
            description=description,
            requested_on=book.clock.today(),
        )
        session.add(revision)
        session.flush()
        count = revision_count(terms_of(project), revision.number)
        return {
            "id": stored(revision.id),
            "project_id": revision.project_id,
            "project": project.title,
            "number": revision.number,
            "description": description,
            "revisions_included": count.included,
            "extra": count.extra,
            "revision_fee": optional_money(project.revision_fee_minor, project.currency),
            "extra_fee": money(count.extra_fee_minor, project.currency),
            "currency": project.currency,
            "notices": _revision_notices(project, count),
        }


def _revision_notices(project: Project, count: RevisionCount) -> list[str]:
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
    with book.write() as session:
        project = _open_project(session, project_ref)
        if minutes < 0:
            logged = _minutes_logged(session, stored(project.id), kind)
            what = said(
                "%(kind)s on %(project)s",
                kind=said_in("time kind", kind),
                project=repr(project.title),
            )
            check_correction(minutes, logged, what)
        entry = TimeEntry(
            project_id=project.id,  # type: ignore[arg-type]
            kind=kind,
            minutes=minutes,
            day=day,
            note=note,
            billable=billable,
        )
        session.add(entry)
        session.flush()
        return _time_view(session, project, entry)


def _minutes_logged(session: Session, project_id: int, kind: str) -> int:
    """Minutes of one kind logged on a project so far (corrections subtracted)."""
    total = session.exec(
        select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
            TimeEntry.project_id == project_id, TimeEntry.kind == kind
        )
    ).one()
    return int(total)


def check_kind(kind: str) -> None:
    """A time entry's kind is one of TIME_KINDS (exit 2 listing them otherwise)."""
    if kind not in TIME_KINDS:
        raise BadInput(f"invalid kind {kind!r}: expected one of {', '.join(TIME_KINDS)}")


def _time_view(session: Session, project: Project, entry: TimeEntry) -> TimeEntryView:
    project_id = stored(project.id)
    usage = project_usage(session, [project_id])[project_id]
    notices = []
    if entry.kind in COMMUNICATION_KINDS and entry.billable:
        # The budget and the bill count billable time only: a call given free uses neither.
        billable = usage.comm_minutes - unbilled_minutes(session, project_id)[1]
        notices = _budget_notices(session, project, billable, entry.minutes)
    return {
        "id": stored(entry.id),
        "project_id": project_id,
        "project": project.title,
        "kind": entry.kind,
        "minutes": entry.minutes,
        "date": entry.day,
        "note": entry.note,
        "work_minutes": usage.work_minutes,
        "comm_minutes": usage.comm_minutes,
        "comm_budget_minutes": project.comm_budget_minutes,
        "notices": notices,
    }


def _budget_notices(session: Session, project: Project, used: int, just_logged: int) -> list[str]:
    use = communication_use(terms_of(project), used)
    before = communication_use(terms_of(project), used - just_logged)
    if use.budget_minutes is None or use.over_minutes == 0:
        return []
    new_over = use.over_minutes - before.over_minutes
    cost = communication_to_bill(session, project, used)
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


class SwitchView(TypedDict):
    """The timer that was stopped into a time entry (if one ran), and the one started."""

    stopped: TimeEntryView | None
    started: TimerView


def start_timer(book: Book, project_ref: str, kind: str, note: str = "") -> TimerView:
    """Start the one running timer; refused while another runs (`switch_timer` replaces it)."""
    check_kind(kind)
    check_no_controls(note, "note")
    with book.write() as session:
        running = session.exec(select(RunningTimer)).first()
        if running is not None:
            raise Refused(_already_running(session, running, book.zone))
        return _start(book, session, _open_project(session, project_ref), kind, note)


def switch_timer(book: Book, project_ref: str, kind: str, note: str = "") -> SwitchView:
    """Stop the running timer into a time entry, as `stop_timer` does, and start one on
    `project_ref`, in one transaction; with no timer running, simply start."""
    check_kind(kind)
    check_no_controls(note, "note")
    with book.write() as session:
        project = _open_project(session, project_ref)
        running = session.exec(select(RunningTimer)).first()
        if running is None:
            return {"stopped": None, "started": _start(book, session, project, kind, note)}
        stopped = _log_timer(book, session, running)
        # The one timer row is restarted in place rather than deleted and inserted again: on
        # SQLite the new row could reuse its id, which the history could not tell apart.
        running.project_id = stored(project.id)
        running.kind = kind
        running.note = note
        running.started_at = book.clock.now()
        running.updated_at = utcnow()
        session.add(running)
        session.flush()
        return {"stopped": stopped, "started": _timer_view(book, running, project)}


def _already_running(session: Session, running: RunningTimer, zone: tzinfo) -> str:
    """The refusal of a second timer: what runs, since when, and how to switch instead."""
    other = session.get(Project, running.project_id)
    title = other.title if other else running.project_id
    return (
        f"a timer is already running on {title!r} ({running.kind} since "
        f"{wall_text(running.started_at, zone)}); stop it first, or add --switch to log "
        "it and start this one"
    )


def _start(book: Book, session: Session, project: Project, kind: str, note: str) -> TimerView:
    timer = RunningTimer(
        project_id=project.id,  # type: ignore[arg-type]
        kind=kind,
        started_at=book.clock.now(),
        note=note,
    )
    session.add(timer)
    session.flush()
    return _timer_view(book, timer, project)


def timer_status(book: Book) -> TimerView | None:
    with book.read() as session:
        timer = session.exec(select(RunningTimer)).first()
        if timer is None:
            return None
        project = session.get(Project, timer.project_id)
        assert project is not None
        return _timer_view(book, timer, project)


def _timer_view(book: Book, timer: RunningTimer, project: Project) -> TimerView:
    elapsed = max(0, int((book.clock.now() - timer.started_at).total_seconds()))
    return {
        "project_id": timer.project_id,
        "project": project.title,
        "kind": timer.kind,
        "started_at": timer.started_at,
        "elapsed_seconds": elapsed,
        "note": timer.note,
    }


def stop_timer(book: Book) -> TimeEntryView:
    """Stop the running timer into a time entry (at least one minute)."""
    with book.write() as session:
        timer = session.exec(select(RunningTimer)).first()
        if timer is None:
            raise Refused("no timer is running")
        entry = _log_timer(book, session, timer)
        session.delete(timer)
        session.flush()
        return entry


def _log_timer(book: Book, session: Session, timer: RunningTimer) -> TimeEntryView:
    """The running timer's elapsed minutes as a time entry, logged today."""
    project = session.get(Project, timer.project_id)
    assert project is not None
    seconds = int((book.clock.now() - timer.started_at).total_seconds())
    minutes = max(1, (seconds + 30) // 60)  # half a minute rounds up, like money
    entry = TimeEntry(
        project_id=project.id,  # type: ignore[arg-type]
        kind=timer.kind,
        minutes=minutes,
        day=book.clock.today(),
        note=timer.note,
    )
    session.add(entry)
    session.flush()
    return _time_view(session, project, entry)
