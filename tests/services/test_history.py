"""The book's history and `undo`: every change listed; the latest reverted, or refused with why."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from clientkit.services.book import acting
from clientkit.services.clients import add_client, edit_client, show_client
from clientkit.services.errors import Refused
from clientkit.services.history import history, undo
from clientkit.services.invoicing import create_invoice, delete_invoice, issue_invoice
from clientkit.services.payments import pay_invoice
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import log_time


@pytest.fixture
def site(book):  # type: ignore[no-untyped-def]
    """Acme with an active fixed-price project Site, each step labelled as the CLI would."""
    with acting("client add Acme"):
        add_client(book, "Acme")
    with acting("project add Acme Site --price 1000"):
        add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="0"))
    with acting("project start Site"):
        move_project(book, "Site", "start")
    return book


def test_each_change_is_listed_newest_first_with_its_rows_before_and_after(site):
    """`history` names each command and shows the columns it changed, before and after."""
    entries = history(site)
    assert [entry["label"] for entry in entries] == [
        "project start Site",
        "project add Acme Site --price 1000",
        "client add Acme",
    ]
    (change,) = entries[0]["changes"]
    assert (change["table"], change["op"], change["key"]) == ("project", "update", {"id": 1})
    assert change["before"]["status"] == "draft"
    assert change["after"]["status"] == "active"
    assert change["after"]["started_on"] == "2026-11-23"
    added = entries[1]["changes"][0]
    assert added["op"] == "insert"
    assert added["after"]["price_minor"] == 100000  # money stays integer minor units


def test_undo_reverts_the_latest_change_and_says_which(site):
    """Undoing `project start` puts the project back to draft and names the command."""
    view = undo(site)
    assert view["undone"]["label"] == "project start Site"
    assert show_project(site, "Site")["status"] == "draft"
    latest = history(site)[0]
    assert latest["undoes"] == view["undone"]["id"]
    assert latest["id"] == view["entry"]
    assert history(site)[1]["undone_by"] == latest["id"]


def test_undo_again_walks_back_through_earlier_changes(site):
    """Three undos take back the start, the project and the client, in that order."""
    labels = [undo(site)["undone"]["label"] for _ in range(3)]
    assert labels == ["project start Site", "project add Acme Site --price 1000", "client add Acme"]
    with pytest.raises(Refused, match=r"^nothing to undo$"):
        undo(site)


def test_undo_on_an_empty_book_says_there_is_nothing_to_undo(book):
    """Nothing was ever changed: refused with one plain sentence."""
    with pytest.raises(Refused, match=r"^nothing to undo$"):
        undo(book)


def test_undoing_logged_time_takes_it_out_of_the_project_totals(site):
    """The kept totals follow the base rows: 2h logged and undone leave 0 minutes used."""
    log_time(site, "Site", "2h", "work")
    assert show_project(site, "Site")["work_minutes"] == 120
    undo(site)
    assert show_project(site, "Site")["work_minutes"] == 0


def test_deleting_a_draft_invoice_can_be_undone_with_its_lines(site):
    """The draft and every line of it come back exactly."""
    draft = create_invoice(site, "Site")
    delete_invoice(site, str(draft["id"]))
    undo(site)
    from clientkit.services.invoicing import show_invoice

    back = show_invoice(site, str(draft["id"]))
    assert (back["total"], len(back["lines"])) == (draft["total"], len(draft["lines"]))


def test_issuing_an_invoice_cannot_be_undone(site):
    """Issuing numbers a legal document: undo refuses and says so."""
    draft = create_invoice(site, "Site")
    with acting("invoice issue 1"):
        issue_invoice(site, str(draft["id"]))
    with pytest.raises(Refused, match=r"^cannot undo #\d+ `invoice issue 1`: it (issued|numbered)"):
        undo(site)


def test_a_payment_on_an_issued_invoice_cannot_be_undone(site):
    """The payment touched an issued invoice: undo refuses (a payment is voided instead)."""
    issued = issue_invoice(site, str(create_invoice(site, "Site")["id"]))
    with acting("pay"):
        pay_invoice(site, issued["number"], "100")
    with pytest.raises(Refused, match="issued invoice"):
        undo(site)


def test_a_change_written_in_bulk_cannot_be_undone(site):
    """Raw SQL inside a write is recorded as bulk: its rows were not seen one by one."""
    with acting("raw"), site.write() as session:
        session.execute(text("UPDATE client SET email = 'x@example.com'"))
    assert history(site)[0]["bulk"]
    with pytest.raises(Refused, match=r"^cannot undo #\d+ `raw`: it was written in bulk"):
        undo(site)


def test_undo_refuses_when_the_rows_changed_outside_the_history(site):
    """A row changed behind clientkit's back is never overwritten by undo."""
    edit_client(site, "Acme", email="a@example.com")
    with site.engine.begin() as connection:
        connection.execute(text("UPDATE client SET email = 'b@example.com'"))
    with pytest.raises(Refused, match="client 1 has changed since, outside clientkit's history"):
        undo(site)
    assert show_client(site, "Acme")["email"] == "b@example.com"


def test_a_refused_undo_records_nothing(site):
    """Refusing leaves the history as it was."""
    issue_invoice(site, str(create_invoice(site, "Site")["id"]))
    before = history(site)
    with pytest.raises(Refused):
        undo(site)
    assert history(site) == before


def test_the_history_cannot_be_rewritten(site):
    """UPDATE and DELETE on the history table fail, even from an SQL shell."""
    for statement in ("UPDATE history SET label = 'x'", "DELETE FROM history"):
        with pytest.raises(DBAPIError, match="append-only"), site.engine.begin() as connection:
            connection.execute(text(statement))
    assert len(history(site)) == 3


def test_the_history_is_limited_to_the_newest_entries(site):
    """`limit` keeps the newest entries."""
    assert [entry["label"] for entry in history(site, 1)] == ["project start Site"]
