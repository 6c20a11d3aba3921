"""Scope and change requests, revisions, time and the timer, with limits announced at once."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.domain.errors import Implausible, InvalidValue
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from clientkit.services.tracking import (
    add_revision,
    log_time,
    start_timer,
    stop_timer,
    timer_status,
)
from clientkit.storage.models import TimeEntry


@pytest.fixture
def logo(book):  # type: ignore[no-untyped-def]
    """A 1500.00 project with 2 revisions at 150.00, a 1-hour call budget at 60.00/h."""
    add_client(book, "Acme")
    add_project(
        book,
        "Acme",
        "Logo",
        TermsInput(
            price="1500",
            revisions=2,
            revision_fee="150",
            comm_budget="1h",
            comm_rate="60",
            deposit="0",
        ),
    )
    return book


def _entries(book) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(func.count()).select_from(TimeEntry)).one()


def test_scope_before_kickoff_is_scope_and_after_it_a_change_request(logo):
    """Items added to a draft are the original scope; after start they are change requests."""
    original = add_scope_item(logo, "Logo", "Three concepts", price="900", hours="6")
    assert (original["change_request"], original["notices"]) == (False, [])
    assert original["estimate_minutes"] == 360
    move_project(logo, "Logo", "start")
    change = add_scope_item(logo, "Logo", "Animated version", price="400")
    assert change["change_request"] is True
    assert change["price"] == Decimal("400.00")
    assert change["notices"] == [
        "change request 1 after kickoff (€400.00): get the change order signed before starting it"
    ]


def test_approving_a_change_request_stamps_the_date(logo):
    """scope approve records when the client signed the change order."""
    move_project(logo, "Logo", "start")
    change = add_scope_item(logo, "Logo", "Favicon")
    assert approve_scope_item(logo, str(change["id"]))["approved_on"] == date(2026, 11, 23)
    other = add_scope_item(logo, "Logo", "Print kit")
    assert approve_scope_item(logo, str(other["id"]), "2026-11-20")["approved_on"] == date(
        2026, 11, 20
    )


def test_original_scope_cannot_be_approved_as_a_change(logo):
    """Approving an item of the original scope is refused."""
    item = add_scope_item(logo, "Logo", "Three concepts")
    with pytest.raises(Refused, match="original scope"):
        approve_scope_item(logo, str(item["id"]))
    with pytest.raises(BadInput, match="no scope item"):
        approve_scope_item(logo, "999")


def test_the_third_of_two_revisions_prints_its_count_and_fee(logo):
    """At the limit the next is announced as billable; beyond it the fee is stated."""
    assert add_revision(logo, "Logo", "Bigger type")["notices"] == []
    second = add_revision(logo, "Logo", "Other blue")
    assert second["notices"] == ["revision 2 of 2 included: the next one is billed"]
    third = add_revision(logo, "Logo", "Back to red")
    assert third["notices"][0].startswith("revision 3 of 2 included: €150.00 extra will be billed")
    assert (third["number"], third["extra"], third["extra_fee"]) == (3, 1, Decimal("150.00"))
    assert third["currency"] == "EUR"
    assert add_revision(logo, "Logo", "Again")["extra_fee"] == Decimal("300.00")
    assert show_project(logo, "Logo")["revisions_used"] == 4


def test_communication_over_budget_prints_the_overage_and_its_cost(logo):
    """45m then 30m of calls against 1h: 15 minutes over, 15.00 to bill."""
    assert log_time(logo, "Logo", "45m", "call")["notices"] == []
    view = log_time(logo, "Logo", "30m", "call")
    assert view["comm_minutes"] == 75
    assert view["notices"] == [
        "communication 1h15m of 1h budget: 15m over (15m from this entry), €15.00 to bill"
    ]


def test_work_time_never_counts_against_the_communication_budget(logo):
    """Work minutes are tallied apart from communication."""
    view = log_time(logo, "Logo", "3h", "work", note="sketches", on="2026-11-20")
    assert (view["work_minutes"], view["comm_minutes"], view["notices"]) == (180, 0, [])
    assert view["date"] == date(2026, 11, 20)


@pytest.mark.parametrize(
    ("duration", "kind", "on", "message"),
    [
        ("1e3", "call", None, "invalid duration"),
        ("0m", "call", None, "longer than zero"),
        ("90", "work", None, "invalid duration"),
        ("30m", "lunch", None, "invalid kind"),
        ("30m", "work", "23.11.2026", "invalid date"),
    ],
)
def test_malformed_time_entries_are_refused_and_nothing_is_logged(
    logo, duration, kind, on, message
):
    """Bad durations, kinds and dates are bad input and log nothing."""
    with pytest.raises(InvalidValue, match=message):
        log_time(logo, "Logo", duration, kind, on=on)
    assert _entries(logo) == 0


def test_a_negative_entry_corrects_time_of_its_kind_down_to_zero_not_below(logo):
    """-1h on 3h of work leaves 2h; -3h more would go below zero and logs nothing."""
    log_time(logo, "Logo", "3h", "work")
    log_time(logo, "Logo", "30m", "call")
    view = log_time(logo, "Logo", "-1h", "work")
    assert (view["minutes"], view["work_minutes"], view["comm_minutes"]) == (-60, 120, 30)
    with pytest.raises(InvalidValue, match="below zero"):
        log_time(logo, "Logo", "-3h", "work")
    with pytest.raises(InvalidValue, match="below zero"):
        log_time(logo, "Logo", "-31m", "call")
    assert _entries(logo) == 3


@pytest.mark.parametrize(
    ("duration", "on"), [("17h", None), ("1h", "2026-11-24"), ("1h", "2025-11-01")]
)
def test_an_implausible_entry_is_logged_only_when_confirmed(logo, duration, on):
    """17 hours, tomorrow, or more than a year ago: refused as unconfirmed, taken confirmed."""
    with pytest.raises(Implausible):
        log_time(logo, "Logo", duration, "work", on=on)
    assert _entries(logo) == 0
    log_time(logo, "Logo", duration, "work", on=on, confirmed=True)
    assert _entries(logo) == 1


def test_no_time_is_logged_on_a_closed_project(logo):
    """A closed project takes no more time (exit 1)."""
    move_project(logo, "Logo", "start")
    move_project(logo, "Logo", "close")
    with pytest.raises(Refused, match="closed"):
        log_time(logo, "Logo", "30m", "work")


def _at(book, text: str):  # type: ignore[no-untyped-def]
    return replace(book, clock=clock_from_text(text))


def test_a_timer_runs_from_start_to_stop_into_a_time_entry(logo):
    """Started at 10:00 and stopped at 10:45, the timer logs 45 minutes of the kind given."""
    started = start_timer(_at(logo, "2026-11-23T10:00:00"), "Logo", "call", "kickoff")
    assert started["started_at"] == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    status = timer_status(_at(logo, "2026-11-23T10:30:00"))
    assert status is not None
    assert (status["project"], status["elapsed_seconds"]) == ("Logo", 1800)
    stopped = stop_timer(_at(logo, "2026-11-23T10:45:00"))
    assert (stopped["minutes"], stopped["kind"], stopped["note"]) == (45, "call", "kickoff")
    assert stopped["date"] == date(2026, 11, 23)
    assert timer_status(logo) is None
    assert _entries(logo) == 1


def test_only_one_timer_runs_at_a_time(logo):
    """A second start is refused while a timer runs; stop without a timer is refused."""
    start_timer(_at(logo, "2026-11-23T10:00:00"), "Logo", "work")
    with pytest.raises(Refused, match="already running on 'Logo'"):
        start_timer(_at(logo, "2026-11-23T10:05:00"), "Logo", "call")
    stop_timer(_at(logo, "2026-11-23T10:20:00"))
    with pytest.raises(Refused, match="no timer is running"):
        stop_timer(logo)


def test_a_timer_stopped_within_seconds_logs_one_minute(logo):
    """A very short timer still records at least one minute."""
    start_timer(_at(logo, "2026-11-23T10:00:00"), "Logo", "email")
    assert stop_timer(_at(logo, "2026-11-23T10:00:10"))["minutes"] == 1


@pytest.mark.parametrize(("stop", "minutes"), [("10:02:29", 2), ("10:02:30", 3), ("10:01:30", 2)])
def test_timer_minutes_round_half_up(logo, stop, minutes):
    """2m30s logs 3 minutes and 1m30s logs 2: half a minute rounds up, never to even."""
    start_timer(_at(logo, "2026-11-23T10:00:00"), "Logo", "work")
    assert stop_timer(_at(logo, f"2026-11-23T{stop}"))["minutes"] == minutes


def test_a_timer_over_budget_announces_the_overage(logo):
    """Stopping a call timer that crosses the budget prints the overage like log does, at what
    the invoice bills for it (10m is 0.17 h × €60.00 = €10.20)."""
    log_time(logo, "Logo", "50m", "call")
    start_timer(_at(logo, "2026-11-23T10:00:00"), "Logo", "call")
    view = stop_timer(_at(logo, "2026-11-23T10:20:00"))
    assert view["notices"] == [
        "communication 1h10m of 1h budget: 10m over (10m from this entry), €10.20 to bill"
    ]
