"""Correcting a client: every field, the budget cleared, the currency, and unarchiving."""

from decimal import Decimal

import pytest
from sqlmodel import select

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, archive_client, edit_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, Refused
from clientkit.services.history import undo
from clientkit.services.invoicing import create_invoice, delete_invoice
from clientkit.services.lists import list_clients
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.storage.models import Client


@pytest.fixture
def acme(book):  # type: ignore[no-untyped-def]
    add_client(book, "Acme", email="a@acme.test", currency="EUR", budget="2000")
    return book


def _row(book) -> Client:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(Client)).one()


def test_every_field_of_a_client_can_be_changed(acme):
    view = edit_client(
        acme,
        "Acme",
        name="Acme Ltd",
        email="billing@acme.test",
        company="Acme Holdings",
        address="1 Main St\nSpringfield",
        vat_id="SK2020123457",
        currency="CZK",
        locale="cs_CZ",
        budget_minor="50000",
    )
    assert (view["name"], view["email"], view["company"]) == (
        "Acme Ltd",
        "billing@acme.test",
        "Acme Holdings",
    )
    assert (view["address"], view["vat_id"]) == ("1 Main St\nSpringfield", "SK2020123457")
    assert (view["currency"], view["locale"], view["budget"]) == (
        "CZK",
        "cs_CZ",
        Decimal("50000.00"),
    )


def test_none_clears_the_budget(acme):
    assert edit_client(acme, "Acme", budget_minor="none")["budget"] is None


def test_no_change_at_all_is_bad_input(acme):
    with pytest.raises(BadInput, match="nothing to change"):
        edit_client(acme, "Acme")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "EURO"}, "EURO"),
        ({"locale": "xx_XX_bad"}, "xx_XX_bad"),
        ({"budget_minor": "lots"}, "lots"),
        ({"email": "not an e-mail"}, "e-mail"),
    ],
)
def test_bad_client_edits_change_nothing(acme, changes, message):
    before = _row(acme)
    with pytest.raises(InvalidValue, match=message):
        edit_client(acme, "Acme", **changes)
    assert _row(acme) == before


def test_an_archived_client_is_brought_back_and_takes_work_again(acme):
    archive_client(acme, "Acme")
    with pytest.raises(Refused, match=r"is archived; edit it back.*client edit 1 --unarchive"):
        add_project(acme, "Acme", "Logo", TermsInput(price="100"))
    view = edit_client(acme, "Acme", unarchive=True)
    assert view["archived"] is False
    assert [client["name"] for client in list_clients(acme)] == ["Acme"]
    add_project(acme, "Acme", "Logo", TermsInput(price="100"))


def test_the_currency_stays_while_an_invoice_in_it_counts_toward_the_client(acme):
    add_project(acme, "Acme", "Logo", TermsInput(price="100", deposit="0"))
    move_project(acme, "Logo", "start")
    draft = create_invoice(acme, "Logo")["id"]
    with pytest.raises(Refused, match=f"has draft invoice {draft} in EUR; the currency stays"):
        edit_client(acme, "Acme", currency="USD")
    delete_invoice(acme, str(draft))
    record_deposit(acme, "Logo", "10")
    with pytest.raises(Refused, match="has payments in EUR"):
        edit_client(acme, "Acme", currency="USD")
    assert _row(acme).currency == "EUR"


def test_a_currency_with_other_minor_units_needs_the_budget_again(acme):
    with pytest.raises(BadInput, match=r"budget is in EUR: give it again in JPY \(--budget\)"):
        edit_client(acme, "Acme", currency="JPY")
    view = edit_client(acme, "Acme", currency="JPY", budget_minor="300000")
    assert (view["currency"], view["budget"]) == ("JPY", Decimal("300000"))
    assert edit_client(acme, "Acme", currency="USD", budget_minor="none")["currency"] == "USD"


def test_unarchiving_is_undone(acme):
    archive_client(acme, "Acme")
    before = _row(acme)
    edit_client(acme, "Acme", unarchive=True)
    undo(acme)
    assert _row(acme) == before
