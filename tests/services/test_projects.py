"""Projects: terms parsed exactly, the deposit policy, and the moves from draft to closed."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from clientkit.domain.errors import InvalidValue
from clientkit.services.cancellation import cancel_project
from clientkit.services.clients import add_client, archive_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.lists import list_projects
from clientkit.services.project_show import show_project
from clientkit.services.projects import (
    TermsInput,
    add_project,
    move_project,
)
from clientkit.storage.models import Project


@pytest.fixture
def acme(book):  # type: ignore[no-untyped-def]
    add_client(book, "Acme")
    return book


def _projects(book) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(func.count()).select_from(Project)).one()


def test_a_project_stores_every_term_exactly(acme):
    """Price, revisions, fees, deposit, communication budget and percentages come back exact."""
    view = add_project(
        acme,
        "Acme",
        "Logo",
        TermsInput(
            price="1500.50",
            revisions=2,
            revision_fee="150",
            deposit="30%",
            comm_budget="5h",
            comm_rate="60",
            rush_fee="25%",
            cancel_fee="20%",
            late_fee="1.5%",
            payment_days=30,
            deadline="2026-12-20",
        ),
    )
    assert view["status"] == "draft"
    assert view["price"] == Decimal("1500.50")
    assert view["hourly_rate"] is None
    assert (view["revisions_included"], view["revision_fee"]) == (2, Decimal("150.00"))
    assert view["deposit_required"] == Decimal("450.15")
    assert (view["comm_budget_minutes"], view["comm_rate"]) == (300, Decimal("60.00"))
    assert (view["rush_fee_percent"], view["cancel_fee_percent"], view["late_fee_percent"]) == (
        "25%",
        "20%",
        "1.5%",
    )
    assert (view["payment_days"], view["deadline"]) == (30, date(2026, 12, 20))
    assert view["notices"] == []
    assert show_project(acme, "Logo")["price"] == Decimal("1500.50")


def test_an_hourly_project_takes_its_deposit_from_the_estimate(acme):
    """10 estimated hours at 80.00 with a 25% deposit require 200.00 up front."""
    view = add_project(
        acme, "Acme", "Dev", TermsInput(hourly="80", estimate_hours="10", deposit="25%")
    )
    assert (view["hourly_rate"], view["estimate_minutes"], view["deposit_required"]) == (
        Decimal("80.00"),
        600,
        Decimal("200.00"),
    )


def test_a_deposit_given_as_an_amount_is_required_as_is(acme):
    """--deposit 400 means 400.00, whatever the price."""
    view = add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="400"))
    assert view["deposit_required"] == Decimal("400.00")


def test_without_deposit_the_configured_tier_applies_and_is_announced(acme):
    """A 1500.00 project with no --deposit takes the 30% tier and says so."""
    view = add_project(acme, "Acme", "Logo", TermsInput(price="1500"))
    assert view["deposit_required"] == Decimal("450.00")
    assert view["notices"] == [
        "deposit policy: 30% of the project (€450.00) due before work starts"
    ]
    small = add_project(acme, "Acme", "Card", TermsInput(price="800"))
    assert small["deposit_required"] == Decimal("160.00")


def test_the_currency_precision_governs_project_amounts(acme):
    """A JPY project refuses decimals; its amounts have no decimal places."""
    view = add_project(
        acme, "Acme", "Tokyo", TermsInput(price="150000", currency="JPY", deposit="30%")
    )
    assert (view["currency"], view["price"], view["deposit_required"]) == (
        "JPY",
        Decimal("150000"),
        Decimal("45000"),
    )
    with pytest.raises(InvalidValue, match="at most 0 decimal places"):
        add_project(acme, "Acme", "Osaka", TermsInput(price="100.5", currency="JPY"))


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (TermsInput(price="1500", hourly="80"), "either --price or --hourly"),
        (TermsInput(price="1e3"), "invalid amount"),
        (TermsInput(price="1,500"), "invalid amount"),
        (TermsInput(price="-1500"), "negative"),
        (TermsInput(deposit="thirty%"), "invalid percentage"),
        (TermsInput(deposit="101%"), "at most 100%"),
        (TermsInput(comm_budget="5"), "invalid duration"),
        (TermsInput(revisions=-1), "must not be negative"),
        (TermsInput(payment_days=-1), "must not be negative"),
        # A due date 2**63 days after issue was an OverflowError; 10**6 revisions one in show.
        (TermsInput(payment_days=2**63 - 1), "payment days must be at most 3650"),
        (TermsInput(revisions=1001), "revisions must be at most 1000, not 1001"),
        (TermsInput(deadline="next friday"), "invalid date"),
        (TermsInput(estimate_hours="lots"), "invalid estimate"),
        (TermsInput(currency="EURO"), "unknown currency"),
    ],
)
def test_malformed_terms_are_refused_and_nothing_is_stored(acme, terms, message):
    """Every malformed term is bad input and leaves the book without the project."""
    with pytest.raises(InvalidValue, match=message):
        add_project(acme, "Acme", "Logo", terms)
    assert _projects(acme) == 0


def test_no_project_for_an_archived_client(acme):
    """An archived client takes no new work (exit 1)."""
    archive_client(acme, "Acme")
    with pytest.raises(Refused, match="archived"):
        add_project(acme, "Acme", "Logo", TermsInput(price="100"))


def test_a_project_moves_from_draft_to_active_to_delivered_to_closed(acme):
    """start, deliver and close change the status and stamp today's date."""
    add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="0"))
    started = move_project(acme, "Logo", "start")
    assert (started["status"], started["started_on"]) == ("active", date(2026, 11, 23))
    delivered = move_project(acme, "Logo", "deliver")
    assert (delivered["status"], delivered["delivered_on"]) == ("delivered", date(2026, 11, 23))
    assert move_project(acme, "Logo", "close")["status"] == "closed"


@pytest.mark.parametrize(
    ("moves", "refused", "message"),
    [
        ([], "deliver", "is draft; cannot deliver"),
        ([], "close", "is draft; cannot close"),
        (["start"], "start", "is active; cannot start"),
        (["start", "close"], "cancel", "is closed; cannot cancel"),
        (["cancel"], "start", "is cancelled; cannot start"),
    ],
)
def test_moves_from_the_wrong_status_are_refused(acme, moves, refused, message):
    """A move that makes no sense from the current status is refused (exit 1), status kept."""
    add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="0"))
    for move in moves:
        _move(acme, move)
    status = show_project(acme, "Logo")["status"]
    with pytest.raises(Refused, match=message):
        _move(acme, refused)
    assert show_project(acme, "Logo")["status"] == status


def _move(book, move):
    """Logo moved as the CLI moves it: cancelling has its own use case (with the fee)."""
    if move == "cancel":
        return cancel_project(book, "Logo")
    return move_project(book, "Logo", move)


def test_starting_without_contract_or_deposit_warns_at_once(acme):
    """Kickoff without a signed contract or the deposit prints both gaps."""
    add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="30%"))
    notices = move_project(acme, "Logo", "start")["notices"]
    assert notices == [
        "no signed contract yet: get it signed before doing the work",
        "deposit missing: €450.00 still due before work starts",
    ]


def test_projects_are_listed_with_filters(acme):
    """list shows the latest added first, filtered by client and status."""
    add_client(acme, "Bureau")
    add_project(acme, "Acme", "Logo", TermsInput(price="100"))
    add_project(acme, "Bureau", "Site", TermsInput(price="100"))
    move_project(acme, "Site", "start")
    assert [p["title"] for p in list_projects(acme)] == ["Site", "Logo"]
    assert [p["title"] for p in list_projects(acme, client_ref="Bureau")] == ["Site"]
    assert [p["title"] for p in list_projects(acme, status="draft")] == ["Logo"]


def test_a_project_is_named_by_id_or_unambiguous_title(acme):
    """show accepts an id or a title; an ambiguous title is bad input."""
    first = add_project(acme, "Acme", "Logo A", TermsInput(price="100"))
    add_project(acme, "Acme", "Logo B", TermsInput(price="100"))
    assert show_project(acme, str(first["id"]))["title"] == "Logo A"
    with pytest.raises(BadInput, match="ambiguous"):
        show_project(acme, "logo")
