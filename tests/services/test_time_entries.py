"""Time entries listed by project, client, period and kind; corrected and removed unless an
issued invoice bills them; and `timer switch`, which logs one timer and starts the next."""

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.invoicing import create_invoice, credit_invoice, issue_invoice
from clientkit.services.lists import list_time
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.time_entries import delete_time, edit_time
from clientkit.services.tracking import log_time, start_timer, switch_timer, timer_status
from clientkit.storage.models import ProjectMinutes, TimeEntry


@pytest.fixture
def studio(book: Book) -> Book:
    """Acme with an hourly project `Hours` (80.00/h, 1 h communication budget at 60.00/h)
    and a fixed-price `Site`; Bohemia with an hourly `Guide`; all active."""
    add_client(book, "Acme")
    add_client(book, "Bohemia")
    add_project(
        book,
        "Acme",
        "Hours",
        TermsInput(hourly="80", deposit="0", comm_budget="1h", comm_rate="60"),
    )
    add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="0"))
    add_project(book, "Bohemia", "Guide", TermsInput(hourly="50", deposit="0"))
    for title in ("Hours", "Site", "Guide"):
        move_project(book, title, "start")
    return book


def _at(book: Book, text: str) -> Book:
    return replace(book, clock=clock_from_text(text))


def _minutes(book: Book) -> dict[int, tuple[int, int]]:
    """The totals the triggers keep, per project: (work, communication)."""
    with book.read() as session:
        rows = session.exec(select(ProjectMinutes)).all()
        return {row.project_id: (row.work_minutes, row.comm_minutes) for row in rows}


def _summed(book: Book) -> dict[int, tuple[int, int]]:
    """The same totals summed from the entries themselves."""
    totals: dict[int, tuple[int, int]] = {}
    with book.read() as session:
        for entry in session.exec(select(TimeEntry)).all():
            work, comm = totals.get(entry.project_id, (0, 0))
            if entry.kind == "work":
                work += entry.minutes
            else:
                comm += entry.minutes
            totals[entry.project_id] = (work, comm)
    return totals


def _entries(book: Book) -> list[tuple[int, int, str, int, date, str, bool]]:
    with book.read() as session:
        rows = session.exec(select(TimeEntry).order_by(TimeEntry.id)).all()  # type: ignore[arg-type]
        return [(e.id, e.project_id, e.kind, e.minutes, e.day, e.note, e.billable) for e in rows]  # type: ignore[misc]


def test_list_shows_newest_first_with_project_client_and_the_total(studio):
    """Entries come newest day first, each with its project and client, and a total."""
    log_time(studio, "Hours", "2h", "work", note="layout", on="2026-11-02")
    log_time(studio, "Guide", "30m", "call", on="2026-11-10")
    log_time(studio, "Site", "1h", "work", on="2026-11-05")
    view = list_time(studio)
    assert [(e["day"], e["project"], e["client"]) for e in view["entries"]] == [
        (date(2026, 11, 10), "Guide", "Bohemia"),
        (date(2026, 11, 5), "Site", "Acme"),
        (date(2026, 11, 2), "Hours", "Acme"),
    ]
    assert (view["count"], view["total_minutes"], view["more"]) == (3, 210, 0)
    assert view["entries"][2]["note"] == "layout"


def test_list_filters_by_project_client_period_and_kind(studio):
    """Each filter narrows the list, and the count and total follow it."""
    log_time(studio, "Hours", "2h", "work", on="2026-11-02")
    log_time(studio, "Hours", "15m", "email", on="2026-11-03")
    log_time(studio, "Site", "1h", "work", on="2026-11-05")
    log_time(studio, "Guide", "30m", "call", on="2026-11-10")

    def ids(**filters: str) -> list[str]:
        return [e["project"] + "/" + e["kind"] for e in list_time(studio, **filters)["entries"]]

    assert ids(project="Hours") == ["Hours/email", "Hours/work"]
    assert ids(client="Acme") == ["Site/work", "Hours/email", "Hours/work"]
    assert ids(start="2026-11-03", end="2026-11-05") == ["Site/work", "Hours/email"]
    assert ids(kind="call") == ["Guide/call"]
    assert list_time(studio, client="Acme", kind="work")["total_minutes"] == 180


def test_list_stops_at_the_limit_and_counts_the_rest(studio):
    """Only `limit` entries are returned; count, total and `more` cover every match."""
    for day in range(1, 6):
        log_time(studio, "Hours", "1h", "work", on=f"2026-11-0{day}")
    view = list_time(studio, limit=2)
    assert [e["day"].day for e in view["entries"]] == [5, 4]
    assert (view["count"], view["total_minutes"], view["more"], view["limit"]) == (5, 300, 3, 2)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"start": "2026-13-01"}, "invalid date '2026-13-01'"),
        ({"end": "yesterday"}, "invalid date 'yesterday'"),
        ({"start": "2026-11-05", "end": "2026-11-01"}, "is after --to"),
        ({"kind": "lunch"}, "invalid kind 'lunch'"),
        ({"project": "Nope"}, "no project"),
        ({"client": "Nobody"}, "no client"),
    ],
)
def test_bad_list_filters_are_bad_input(studio, filters, message):
    """A malformed date, a reversed period, an unknown kind or name is refused as bad input."""
    with pytest.raises(InvalidValue, match=message):
        list_time(studio, **filters)


def test_edit_corrects_duration_day_kind_note_and_billable(studio):
    """Every field given is changed; the others stay."""
    entry = log_time(studio, "Hours", "2h", "work", note="layot", on="2026-11-02")
    view = edit_time(
        studio,
        str(entry["id"]),
        duration="1h30m",
        day="2026-11-03",
        kind="meeting",
        note="layout review",
        billable=False,
    )
    assert (view["minutes"], view["day"], view["kind"], view["note"], view["billable"]) == (
        90,
        date(2026, 11, 3),
        "meeting",
        "layout review",
        False,
    )
    assert view["notices"] == []
    assert _entries(studio)[0][2:] == ("meeting", 90, date(2026, 11, 3), "layout review", False)


def test_an_edit_moving_minutes_between_projects_and_kinds_keeps_the_totals_right(studio):
    """The kept work and communication totals of both projects follow an entry moved across
    projects and kinds, and match the sums of the entries."""
    moved = log_time(studio, "Hours", "2h", "work")
    log_time(studio, "Hours", "30m", "call")
    log_time(studio, "Guide", "1h", "work")
    hours, guide = moved["project_id"], moved["project_id"] + 2
    edit_time(studio, str(moved["id"]), project="Guide", kind="email", duration="45m")
    assert _minutes(studio)[hours] == (0, 30)
    assert _minutes(studio)[guide] == (60, 45)
    assert {k: v for k, v in _minutes(studio).items() if v != (0, 0)} == _summed(studio)
    assert show_project(studio, "Hours")["work_minutes"] == 0


def test_delete_removes_the_entry_and_its_minutes(studio):
    """A deleted entry is gone and its minutes leave the project's totals."""
    kept = log_time(studio, "Hours", "1h", "work")
    gone = log_time(studio, "Hours", "2h", "work")
    view = delete_time(studio, str(gone["id"]))
    assert (view["deleted"], view["minutes"], view["project"]) == (True, 120, "Hours")
    assert [row[0] for row in _entries(studio)] == [kept["id"]]
    assert _minutes(studio)[kept["project_id"]] == (60, 0)


@pytest.mark.parametrize("ref", ["99", "x", "", "1.5", "²"])
def test_an_unknown_or_malformed_entry_id_is_bad_input_and_changes_nothing(studio, ref):
    """Edit and delete of an id that is not an entry are bad input; the book is unchanged."""
    log_time(studio, "Hours", "1h", "work")
    before = _entries(studio)
    with pytest.raises(BadInput):
        edit_time(studio, ref, note="x")
    with pytest.raises(BadInput):
        delete_time(studio, ref)
    assert _entries(studio) == before


def test_unknown_id_is_reported_as_not_found(studio):
    """An id that is a number but no entry says so."""
    with pytest.raises(NotFound, match="no time entry with id 99"):
        delete_time(studio, "99")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration": "0m"}, "invalid duration"),
        ({"duration": "soon"}, "invalid duration"),
        ({"day": "2026-02-30"}, "invalid date"),
        ({"kind": "lunch"}, "invalid kind"),
        ({"note": "line\nbreak"}, "note"),
        ({"project": "Nope"}, "no project"),
        ({}, "nothing to change"),
    ],
)
def test_bad_edits_are_bad_input_and_change_nothing(studio, change, message):
    """A bad value, an unknown project or no change at all is refused; the entry is as it was."""
    entry = log_time(studio, "Hours", "1h", "work")
    before = _entries(studio)
    with pytest.raises(InvalidValue, match=message):
        edit_time(studio, str(entry["id"]), **change)
    assert _entries(studio) == before


def test_time_cannot_move_onto_a_closed_project(studio):
    """Moving an entry to a closed project is refused."""
    entry = log_time(studio, "Hours", "1h", "work")
    move_project(studio, "Site", "deliver")
    move_project(studio, "Site", "close")
    with pytest.raises(Refused, match="'Site' is closed"):
        edit_time(studio, str(entry["id"]), project="Site")


def _issued_hours_invoice(book: Book) -> str:
    draft = create_invoice(book, "Hours")
    number = issue_invoice(book, str(draft["id"]))["number"]
    assert number is not None
    return number


def test_hours_an_issued_invoice_bills_cannot_be_edited_or_deleted(studio):
    """Work logged before an issued hours invoice was drafted is frozen: edit and delete are
    refused naming the invoice; the note may still change; the book is otherwise unchanged."""
    billed = log_time(studio, "Hours", "2h", "work")
    number = _issued_hours_invoice(studio)
    ref = str(billed["id"])
    for attempt in (
        lambda: edit_time(studio, ref, duration="1h"),
        lambda: edit_time(studio, ref, project="Guide"),
        lambda: edit_time(studio, ref, billable=False),
        lambda: delete_time(studio, ref),
    ):
        with pytest.raises(Refused, match=f"issued invoice {number} bills it"):
            attempt()
    assert _entries(studio)[0][3] == 120
    assert edit_time(studio, ref, note="kickoff")["note"] == "kickoff"
    assert list_time(studio)["entries"][0]["billed_by"] == number


def test_time_logged_after_the_invoice_or_not_billed_by_it_stays_editable(studio):
    """Work logged after the invoice, calls a fixed price includes (no communication line) and
    time on a fixed-price project are not on the invoice and can change."""
    log_time(studio, "Hours", "2h", "work")
    call = log_time(studio, "Site", "20m", "call")
    site = log_time(studio, "Site", "1h", "work")
    _issued_hours_invoice(studio)
    later = log_time(studio, "Hours", "1h", "work")
    for entry in (call, site, later):
        assert edit_time(studio, str(entry["id"]), duration="10m")["billed_by"] is None
    delete_time(studio, str(later["id"]))


def test_time_moved_onto_an_invoiced_project_is_new_there_and_stays_editable(studio):
    """An entry moved to a project (or from work to a call) after that project's invoice was
    drafted is not on that invoice: it stays editable, and the next invoice bills it."""
    site = log_time(studio, "Site", "1h", "work")
    log_time(studio, "Hours", "2h", "work")
    _issued_hours_invoice(studio)
    moved = edit_time(studio, str(site["id"]), project="Hours")
    assert moved["billed_by"] is None
    assert edit_time(studio, str(site["id"]), kind="call")["billed_by"] is None
    edit_time(studio, str(site["id"]), kind="work")
    lines = create_invoice(studio, "Hours")["lines"]
    assert [(line["kind"], line["quantity"]) for line in lines] == [("hours", "1.00")]


def test_communication_an_issued_invoice_bills_is_frozen_too(studio):
    """An invoice billing communication rests on every call logged before: on an hourly project
    even a call within the budget, since all of its communication is billed as time."""
    call = log_time(studio, "Hours", "20m", "call")
    number = _issued_hours_invoice(studio)
    with pytest.raises(Refused, match=f"{number} bills it .*communication time"):
        delete_time(studio, str(call["id"]))


def test_a_credited_invoice_frees_its_time_again(studio):
    """Once the invoice is credited, its entries can be corrected."""
    billed = log_time(studio, "Hours", "2h", "work")
    number = _issued_hours_invoice(studio)
    credit_invoice(studio, number, reason="wrong hours")
    assert edit_time(studio, str(billed["id"]), duration="1h")["minutes"] == 60


def test_editing_time_a_draft_already_bills_says_to_recreate_the_draft(studio):
    """A draft summed the hours when it was made; a correction after it says so."""
    entry = log_time(studio, "Hours", "2h", "work")
    draft = create_invoice(studio, "Hours")
    view = edit_time(studio, str(entry["id"]), duration="3h")
    assert view["notices"] == [
        f"draft invoice {draft['id']} still bills the time as it was: delete and create the "
        "draft again to bill the corrected time"
    ]
    assert edit_time(studio, str(entry["id"]), note="only the note")["notices"] == []


def test_switch_logs_the_running_timer_and_starts_the_next(studio):
    """The first timer becomes an entry of its elapsed minutes; the second runs from now."""
    start_timer(_at(studio, "2026-11-23T10:00:00"), "Hours", "work", "design")
    view = switch_timer(_at(studio, "2026-11-23T10:40:00"), "Guide", "call", "intro")
    stopped = view["stopped"]
    assert stopped is not None
    assert (stopped["project"], stopped["kind"], stopped["minutes"], stopped["note"]) == (
        "Hours",
        "work",
        40,
        "design",
    )
    assert (view["started"]["project"], view["started"]["kind"]) == ("Guide", "call")
    status = timer_status(_at(studio, "2026-11-23T10:50:00"))
    assert status is not None
    assert (status["project"], status["elapsed_seconds"], status["note"]) == ("Guide", 600, "intro")


def test_switch_with_no_timer_running_simply_starts(studio):
    """Nothing runs: switch starts the timer and logs nothing."""
    view = switch_timer(studio, "Site", "work")
    assert view["stopped"] is None
    assert view["started"]["project"] == "Site"
    assert _entries(studio) == []


def test_a_refused_switch_keeps_the_running_timer_and_logs_nothing(studio):
    """An unknown project, a bad kind or note, or a closed project leaves the first timer
    running and logs nothing."""
    start_timer(_at(studio, "2026-11-23T10:00:00"), "Hours", "work")
    move_project(studio, "Site", "deliver")
    move_project(studio, "Site", "close")
    for project, kind, note in (
        ("Nope", "work", ""),
        ("Guide", "lunch", ""),
        ("Guide", "work", "a\nb"),
    ):
        with pytest.raises(InvalidValue):
            switch_timer(studio, project, kind, note)
    with pytest.raises(Refused):
        switch_timer(studio, "Site", "work")
    status = timer_status(studio)
    assert status is not None
    assert status["project"] == "Hours"
    assert _entries(studio) == []


def test_start_while_a_timer_runs_names_it_and_offers_switch(studio):
    """The refusal says what runs, since when, and how to switch instead."""
    start_timer(_at(studio, "2026-11-23T10:00:00"), "Hours", "meeting")
    with pytest.raises(Refused) as refused:
        start_timer(studio, "Guide", "work")
    assert str(refused.value) == (
        "a timer is already running on 'Hours' (meeting since 2026-11-23 10:00); "
        "stop it first, or add --switch to log it and start this one"
    )
