"""Correcting a project: title and terms, what issued invoices freeze, and reopening it."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from clientkit.domain.errors import InvalidValue
from clientkit.services.cancellation import cancel_project
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, Refused
from clientkit.services.history import undo
from clientkit.services.invoicing import (
    create_invoice,
    credit_invoice,
    delete_invoice,
    issue_invoice,
)
from clientkit.services.project_edits import ProjectChanges, edit_project, reopen_project
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import add_revision, log_time
from clientkit.storage.models import Project


@pytest.fixture
def acme(book):  # type: ignore[no-untyped-def]
    add_client(book, "Acme")
    add_project(
        book,
        "Acme",
        "Logo",
        TermsInput(
            price="1500",
            revisions=1,
            revision_fee="150",
            deposit="0",
            rush_fee="25%",
            deadline="2027-01-29",
        ),
    )
    return book


def _edit(book, ref: str = "Logo", clear: tuple[str, ...] = (), title=None, **terms):  # type: ignore[no-untyped-def]
    changes = ProjectChanges(title=title, terms=TermsInput(**terms), clear=frozenset(clear))
    return edit_project(book, ref, changes)


def _row(book, title: str = "Logo") -> Project:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(Project).where(Project.title == title)).one()


def test_every_term_project_add_takes_can_be_changed(acme):
    view = _edit(
        acme,
        price="1800.50",
        estimate_hours="12",
        revisions=3,
        revision_fee="90",
        deposit="40%",
        comm_budget="2h",
        comm_rate="50",
        rush_fee="10%",
        cancel_fee="20%",
        cancel_fee_basis="remainder",
        late_fee="1.5%",
        payment_days=30,
        deadline="2027-02-03",
        currency="CZK",
    )
    assert view["price"] == Decimal("1800.50")
    assert (view["estimate_minutes"], view["revisions_included"]) == (720, 3)
    assert (view["revision_fee"], view["comm_rate"]) == (Decimal("90.00"), Decimal("50.00"))
    assert view["deposit_required"] == Decimal("720.20")
    assert view["comm_budget_minutes"] == 120
    assert (view["rush_fee_percent"], view["cancel_fee_percent"]) == ("10%", "20%")
    assert (view["cancel_fee_basis"], view["late_fee_percent"]) == ("remainder", "1.5%")
    assert (view["payment_days"], view["deadline"], view["currency"]) == (
        30,
        date(2027, 2, 3),
        "CZK",
    )
    assert {"price", "deadline", "currency"} <= set(view["changed"])


def test_the_title_changes_but_stays_unique_within_the_client(acme):
    add_project(acme, "Acme", "Site", TermsInput(price="100"))
    assert _edit(acme, title="Logo refresh")["title"] == "Logo refresh"
    with pytest.raises(BadInput, match="already has a project titled 'Site'"):
        _edit(acme, "Logo refresh", title="site")
    assert _edit(acme, "Logo refresh", title="Logo refresh")["changed"] == []


def test_none_clears_an_optional_term(acme):
    view = _edit(acme, clear=("deadline", "revisions", "rush_fee", "revision_fee"))
    assert view["deadline"] is None
    assert (view["revisions_included"], view["revision_fee"], view["rush_fee_percent"]) == (
        None,
        None,
        None,
    )


def test_a_term_that_is_not_optional_cannot_be_cleared(acme):
    with pytest.raises(BadInput, match="currency cannot be cleared"):
        _edit(acme, clear=("currency",))


def test_setting_an_hourly_rate_drops_the_price(acme):
    view = _edit(acme, hourly="80")
    assert (view["price"], view["hourly_rate"]) == (None, Decimal("80.00"))


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({}, "nothing to change"),
        ({"price": "10", "hourly": "5"}, "either --price or --hourly"),
        ({"price": "abc"}, "abc"),
        ({"deadline": "2027-13-01"}, "invalid date"),
        ({"revisions": -1}, "revisions must not be negative"),
        ({"revisions": 2**63 - 1}, "revisions must be at most 1000"),
        ({"payment_days": 3651}, "payment days must be at most 3650"),
        ({"late_fee": "lots"}, "lots"),
        ({"currency": "XXX1"}, "XXX1"),
        ({"title": "  "}, "project title"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(acme, terms, message):
    before = _row(acme)
    terms = dict(terms)  # the parameters are shared by the SQLite and PostgreSQL runs
    title = terms.pop("title", None)
    with pytest.raises(InvalidValue, match=message):
        _edit(acme, title=title, **terms)
    assert _row(acme) == before


def test_a_currency_change_keeps_each_amount_s_value(acme):
    view = _edit(acme, currency="JPY")
    assert (view["currency"], view["price"], view["revision_fee"]) == (
        "JPY",
        Decimal("1500"),
        Decimal("150"),
    )


def test_an_amount_without_an_exact_value_in_the_new_currency_must_be_given_again(acme):
    _edit(acme, price="1500.50")
    with pytest.raises(BadInput, match=r"price 1500.50 has no exact amount in JPY.*--price"):
        _edit(acme, currency="JPY")
    assert _edit(acme, currency="JPY", price="1501")["price"] == Decimal("1501")


def _issued(book) -> str:  # type: ignore[no-untyped-def]
    move_project(book, "Logo", "start")
    draft = create_invoice(book, "Logo")
    return issue_invoice(book, str(draft["id"]))["number"] or ""


def test_the_price_an_issued_invoice_bills_cannot_change(acme):
    number = _issued(acme)
    for terms in ({"price": "2000"}, {"hourly": "80"}):
        with pytest.raises(Refused, match=f"invoice {number} already bills the price; credit"):
            _edit(acme, **terms)
    assert _row(acme).price_minor == 150000
    _edit(acme, deadline="2027-03-01", late_fee="2%", revision_fee="120")  # not billed yet


def test_the_hourly_rate_is_frozen_once_hours_are_issued(book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Dev", TermsInput(hourly="80", deposit="0"))
    move_project(book, "Dev", "start")
    log_time(book, "Dev", "2h", "work")
    number = issue_invoice(book, str(create_invoice(book, "Dev")["id"]))["number"]
    with pytest.raises(Refused, match=f"invoice {number} already bills hours"):
        _edit(book, "Dev", hourly="90")


def test_the_revision_fee_is_frozen_once_extra_revisions_are_issued(acme):
    move_project(acme, "Logo", "start")
    for text in ("one", "two"):
        add_revision(acme, "Logo", text)
    number = issue_invoice(acme, str(create_invoice(acme, "Logo")["id"]))["number"]
    for terms in ({"revision_fee": "99"}, {"revisions": 3}):
        with pytest.raises(Refused, match=f"invoice {number} already bills extra revisions"):
            _edit(acme, **terms)


def test_a_credited_invoice_frees_the_term_it_billed(acme):
    number = _issued(acme)
    credit_invoice(acme, number)
    assert _edit(acme, price="2000")["price"] == Decimal("2000.00")


def test_a_draft_does_not_freeze_a_term_but_is_named_as_stale(acme):
    move_project(acme, "Logo", "start")
    draft = create_invoice(acme, "Logo")["id"]
    view = _edit(acme, price="2000")
    assert view["price"] == Decimal("2000.00")
    assert view["notices"] == [
        f"draft {draft} was made with the old terms: delete it and create it again "
        f"(invoice delete {draft}, invoice create)"
    ]


def test_the_currency_is_frozen_once_anything_was_invoiced_or_paid(acme):
    move_project(acme, "Logo", "start")
    draft = create_invoice(acme, "Logo")["id"]
    with pytest.raises(Refused, match=f"draft {draft} already bills the project in EUR"):
        _edit(acme, currency="USD")
    delete_invoice(acme, str(draft))
    record_deposit(acme, "Logo", "100")
    with pytest.raises(Refused, match="received money in EUR"):
        _edit(acme, currency="USD")
    assert _row(acme).currency == "EUR"


def test_an_edit_is_undone_as_a_whole(acme):
    before = _row(acme)
    _edit(acme, price="1", title="Other", clear=("deadline",))
    undo(acme)
    assert _row(acme) == before


@pytest.mark.parametrize("moves", [["start", "deliver"], ["start", "close"], ["start"]])
def test_a_finished_project_reopens_as_active_without_its_end_dates(acme, moves):
    for move in moves:
        move_project(acme, "Logo", move)
    if moves == ["start"]:
        cancel_project(acme, "Logo")
    view = reopen_project(acme, "Logo")
    row = _row(acme)
    assert view["status"] == row.status == "active"
    assert (row.delivered_on, row.closed_on, row.cancelled_on) == (None, None, None)
    assert row.started_on is not None


def test_a_project_cancelled_before_it_started_reopens_as_a_draft(acme):
    cancel_project(acme, "Logo")
    assert reopen_project(acme, "Logo")["status"] == "draft"


@pytest.mark.parametrize("moves", [[], ["start"]])
def test_an_open_project_is_not_reopened(acme, moves):
    for move in moves:
        move_project(acme, "Logo", move)
    with pytest.raises(BadInput, match="only a delivered, closed or cancelled project"):
        reopen_project(acme, "Logo")


def test_a_cancellation_an_invoice_bills_keeps_the_project_cancelled(acme):
    _edit(acme, cancel_fee="20%")
    move_project(acme, "Logo", "start")
    draft = cancel_project(acme, "Logo", invoice=True)["invoice_id"]
    with pytest.raises(Refused, match=f"draft {draft} bills the cancellation.*invoice delete"):
        reopen_project(acme, "Logo")
    number = issue_invoice(acme, str(draft))["number"]
    with pytest.raises(Refused, match=f"invoice {number} bills the cancellation.*credit it"):
        reopen_project(acme, "Logo")
    assert _row(acme).status == "cancelled"
    credit_invoice(acme, number or "")
    assert reopen_project(acme, "Logo")["status"] == "active"


def test_reopening_is_undone_back_to_the_finished_state(acme):
    move_project(acme, "Logo", "start")
    move_project(acme, "Logo", "deliver")
    before = _row(acme)
    reopen_project(acme, "Logo")
    undo(acme)
    assert _row(acme) == before
    assert show_project(acme, "Logo")["status"] == "delivered"


def test_the_value_an_issued_cancellation_fee_is_a_share_of_cannot_change(acme):
    _edit(acme, cancel_fee="20%")
    move_project(acme, "Logo", "start")
    draft = cancel_project(acme, "Logo", invoice=True)["invoice_id"]
    number = issue_invoice(acme, str(draft))["number"]
    for terms in ({"price": "3000"}, {"cancel_fee": "50%"}, {"cancel_fee_basis": "remainder"}):
        with pytest.raises(Refused, match=f"invoice {number} already bills the cancellation fee"):
            _edit(acme, **terms)
    assert _edit(acme, estimate_hours="10")["estimate_minutes"] == 600  # a price is the value
