"""When the billed supply happened: the days of the work an invoice bills, or what the user
says (EN 16931 BT-72, BG-14), kept on the invoice and on the credit note that cancels it."""

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import (
    add_line,
    create_invoice,
    credit_invoice,
    issue_invoice,
    show_invoice,
)
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import add_revision, log_time
from clientkit.storage.models import Invoice

NO_DATED_WORK = (
    "no dated work is billed: the delivery date will be the issue date; "
    "give another with invoice create --delivered DATE or --period FROM..TO"
)


def _hourly(book: Book) -> str:
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(hourly="50", deposit="0", comm_rate="40"))
    return "Site"


def _supply(view: dict) -> tuple[date | None, date | None, date | None]:  # type: ignore[type-arg]
    return view["period_start"], view["period_end"], view["delivered"]


def test_a_draft_states_the_first_and_last_day_of_the_work_it_bills(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-20")
    log_time(book, project, "1h", "work", on="2026-02-10")
    log_time(book, project, "30m", "call", on="2026-02-05")
    draft = create_invoice(book, project)
    assert _supply(draft) == (date(2026, 2, 5), date(2026, 2, 20), None)
    assert NO_DATED_WORK not in draft["notices"]


def test_work_on_one_day_is_a_delivery_date_not_a_period(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-10")
    log_time(book, project, "1h", "work", on="2026-02-10")
    assert _supply(create_invoice(book, project)) == (None, None, date(2026, 2, 10))


def test_the_next_invoice_states_only_the_days_of_the_work_logged_since(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-10")
    issue_invoice(book, str(create_invoice(book, project)["id"]))
    log_time(book, project, "1h", "work", on="2026-03-03")
    log_time(book, project, "1h", "work", on="2026-03-09")
    log_time(book, project, "1h", "work", on="2026-02-01", billable=False)
    assert _supply(create_invoice(book, project)) == (date(2026, 3, 3), date(2026, 3, 9), None)


def test_the_work_of_a_credited_invoice_is_billed_again_with_its_days(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-10")
    first = issue_invoice(book, str(create_invoice(book, project)["id"]))
    log_time(book, project, "1h", "work", on="2026-03-03")
    second = issue_invoice(book, str(create_invoice(book, project)["id"]))
    credit_invoice(book, str(first["number"]))
    log_time(book, project, "1h", "work", on="2026-03-20")
    draft = create_invoice(book, project)
    assert [line["quantity"] for line in draft["lines"]] == ["3.00"]  # 2 h again, 1 h new
    assert _supply(draft) == (date(2026, 2, 10), date(2026, 3, 20), None)
    assert _supply(second) == (None, None, date(2026, 3, 3))


def test_a_fixed_price_states_the_days_of_all_the_projects_work_and_extra_revisions(book):
    add_client(book, "Acme")
    terms = TermsInput(price="1500", deposit="0", revisions=1, revision_fee="100")
    add_project(book, "Acme", "Logo", terms)
    log_time(book, "Logo", "3h", "work", on="2026-01-12")
    log_time(book, "Logo", "3h", "work", on="2026-01-20")
    for day in ("2026-01-15", "2026-01-28"):
        add_revision(replace(book, clock=clock_from_text(day)), "Logo", f"round {day}")
    draft = create_invoice(book, "Logo")
    assert [line["kind"] for line in draft["lines"]] == ["price", "revision"]
    # The first revision is included in the price; the second, billed, was on 28 January.
    assert _supply(draft) == (date(2026, 1, 12), date(2026, 1, 28), None)


def test_a_fixed_price_without_dated_work_takes_the_projects_delivery_date_and_says_so(book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", deposit="0"))
    move_project(book, "Logo", "start")
    move_project(book, "Logo", "deliver", on=date(2026, 11, 20))
    draft = create_invoice(book, "Logo")
    assert _supply(draft) == (None, None, date(2026, 11, 20))
    assert (
        "no dated work is billed: the delivery date is the project's delivery date, 2026-11-20"
        in draft["notices"]
    )


def test_without_any_date_the_invoice_is_delivered_the_day_it_is_issued_as_the_draft_said(book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", deposit="0"))
    draft = create_invoice(book, "Logo")
    assert NO_DATED_WORK in draft["notices"]
    assert _supply(draft) == (None, None, None)
    issued = issue_invoice(book, str(draft["id"]), date(2026, 11, 21))
    assert _supply(issued) == (None, None, date(2026, 11, 21))


def test_a_period_or_delivery_date_given_replaces_the_work_days(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-10")
    given = create_invoice(book, project, period="2026-02-01..2026-02-28")
    assert _supply(given) == (date(2026, 2, 1), date(2026, 2, 28), None)
    assert _supply(issue_invoice(book, str(given["id"]))) == _supply(given)
    add_client(book, "Beta")
    add_project(book, "Beta", "Audit", TermsInput(price="900", deposit="0"))
    delivered = create_invoice(book, "Audit", delivered="2026-03-02")
    assert _supply(delivered) == (None, None, date(2026, 3, 2))
    assert NO_DATED_WORK not in delivered["notices"]


@pytest.mark.parametrize(
    ("period", "delivered", "why"),
    [
        ("2026-02-20..2026-02-10", None, "is after"),
        ("2026-02-10", None, "FROM..TO"),
        (None, "2026-02-30", "invalid date"),
        ("2026-02-01..2026-02-28", "2026-03-02", "not both"),
    ],
)
def test_a_bad_period_or_delivery_date_is_refused_and_drafts_nothing(book, period, delivered, why):
    project = _hourly(book)
    with pytest.raises(InvalidValue, match=why):
        create_invoice(book, project, period=period, delivered=delivered)
    with book.read() as session:
        assert session.exec(select(Invoice)).all() == []


def test_a_credit_note_keeps_the_supply_dates_of_the_invoice_it_cancels(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-10")
    log_time(book, project, "2h", "work", on="2026-02-12")
    issued = issue_invoice(book, str(create_invoice(book, project)["id"]))
    note = credit_invoice(book, str(issued["number"]))
    assert _supply(note) == _supply(issued) == (date(2026, 2, 10), date(2026, 2, 12), None)
    assert note["credits"] == issued["number"]


def test_lines_added_later_keep_the_drafts_period(book):
    project = _hourly(book)
    log_time(book, project, "2h", "work", on="2026-02-10")
    log_time(book, project, "2h", "work", on="2026-02-12")
    draft = create_invoice(book, project)
    add_line(book, str(draft["id"]), "Hosting", "20")
    assert _supply(show_invoice(book, str(draft["id"]))) == _supply(draft)
