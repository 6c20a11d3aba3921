"""Clients: add, list, show, edit, archive, and the money figures behind them."""

from decimal import Decimal

import pytest
from sqlalchemy import event, func
from sqlmodel import select

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import (
    add_client,
    archive_client,
    edit_client,
    show_client,
)
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.lists import list_clients
from clientkit.services.message_records import add_message
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import log_time
from clientkit.storage.models import Client


def _count_clients(book) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(func.count()).select_from(Client)).one()


def test_a_client_takes_the_profile_currency_and_locale_by_default(book):
    """Without --currency/--locale the client inherits the profile's."""
    set_profile(book, currency="CHF", locale="de_CH")
    view = add_client(book, "Acme", email="billing@acme.test")
    assert (view["currency"], view["locale"], view["email"]) == (
        "CHF",
        "de_CH",
        "billing@acme.test",
    )
    assert view["balance"] == Decimal("0.00")


def test_a_client_keeps_its_own_currency_and_budget(book):
    """--currency is normalised and --budget is parsed in that currency's precision."""
    view = add_client(book, "Tanaka KK", currency="jpy", locale="ja_JP", budget="150000")
    assert view["currency"] == "JPY"
    assert view["budget"] == Decimal("150000")
    with pytest.raises(InvalidValue, match="at most 0 decimal places"):
        add_client(book, "Sato", currency="JPY", budget="10.5")


@pytest.mark.parametrize(
    "email",
    [
        "a@acme.test\r\nBcc: x@evil.test",
        "a@acme.test\n",
        "a@acme.test\x00",
        "a@acme.test,x@evil.test",
        "Acme <a@acme.test>",
    ],
)
def test_e_mails_with_line_breaks_nul_or_lists_are_refused(book, email):
    """Header injection and extra recipients are refused before anything is stored."""
    with pytest.raises(InvalidValue):
        add_client(book, "Acme", email=email)
    assert _count_clients(book) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "XXY"}, "unknown currency"),
        ({"locale": "zz"}, "unknown locale"),
        ({"budget": "1,500"}, "invalid amount"),
        ({"budget": "-5"}, "negative"),
        ({"company": "Evil\x1b[2J"}, "control characters"),
    ],
)
def test_bad_client_fields_are_refused(book, changes, message):
    """Unknown currencies and locales, malformed budgets and control characters are refused."""
    with pytest.raises(InvalidValue, match=message):
        add_client(book, "Acme", **changes)
    assert _count_clients(book) == 0


def test_a_second_client_with_the_same_name_is_refused(book):
    """Names identify clients, so a duplicate is refused (exit 1)."""
    add_client(book, "Acme")
    with pytest.raises(Refused, match="already exists"):
        add_client(book, "Acme")


def test_clients_are_listed_newest_first_and_archived_ones_hidden(book):
    """list shows active clients, the latest added first; --archived includes the archived
    ones."""
    for name in ("Zeta", "Acme", "Mono"):
        add_client(book, name)
    archived = archive_client(book, "Mono")
    assert archived["archived"] is True
    assert [c["name"] for c in list_clients(book)] == ["Acme", "Zeta"]
    assert [c["name"] for c in list_clients(book, include_archived=True)] == [
        "Mono",
        "Acme",
        "Zeta",
    ]


def test_a_client_is_found_by_id_name_or_unambiguous_prefix(book):
    """show accepts an id, a name in any case, or a prefix matching one client."""
    first = add_client(book, "Acme Studio")
    add_client(book, "Acme Labs")
    add_client(book, "Bureau")
    assert show_client(book, str(first["id"]))["name"] == "Acme Studio"
    assert show_client(book, "acme labs")["name"] == "Acme Labs"
    assert show_client(book, "bur")["name"] == "Bureau"
    with pytest.raises(BadInput, match="ambiguous"):
        show_client(book, "Acme")
    with pytest.raises(NotFound, match="no client named 'Nobody'"):
        show_client(book, "Nobody")


def test_editing_changes_the_given_fields_and_validates_them(book):
    """edit changes what is given, keeps the rest, refuses a clashing name or bad e-mail."""
    add_client(book, "Acme", email="old@acme.test", company="Acme GmbH")
    add_client(book, "Other")
    view = edit_client(book, "Acme", email="new@acme.test", budget_minor="2500.50")
    assert (view["email"], view["company"], view["budget"]) == (
        "new@acme.test",
        "Acme GmbH",
        Decimal("2500.50"),
    )
    with pytest.raises(Refused, match="already exists"):
        edit_client(book, "Acme", name="Other")
    with pytest.raises(InvalidValue):
        edit_client(book, "Acme", email="x@y.z\r\nBcc: a@b.c")
    assert show_client(book, "Acme")["email"] == "new@acme.test"


def _billed_client(book, currency: str = "EUR"):  # type: ignore[no-untyped-def]
    add_client(book, "Acme", currency=currency)
    add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="0"))
    invoice = create_invoice(book, "Site")
    return issue_invoice(book, str(invoice["id"]))


def test_a_client_shows_balance_received_hours_and_effective_rate(book):
    """Balance is unpaid issued invoices; effective rate is money received per hour logged."""
    issued = _billed_client(book)
    pay_invoice(book, issued["number"], "400")
    log_time(book, "Site", "1h30m", "work")
    log_time(book, "Site", "30m", "call")
    view = show_client(book, "Acme")
    assert view["balance"] == Decimal("600.00")
    assert view["received"] == Decimal("400.00")
    assert view["hours_logged"] == Decimal("2.00")
    assert str(view["hours_logged"]) == "2.00"
    assert view["effective_rate"] == Decimal("200.00")
    assert [p["title"] for p in view["projects"]] == ["Site"]
    assert [(p["kind"], p["amount"]) for p in view["payments"]] == [("partial", Decimal("400.00"))]


def test_hours_logged_is_an_exact_decimal_rounded_half_up(book):
    """10 minutes show as 0.17 hours, a Decimal, never a float."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1000"))
    log_time(book, "Site", "10m", "work")
    hours = show_client(book, "Acme")["hours_logged"]
    assert isinstance(hours, Decimal)
    assert hours == Decimal("0.17")


def test_effective_rate_is_unknown_without_logged_time(book):
    """Money received but no hours logged gives no rate rather than a division by zero."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="30%"))
    record_deposit(book, "Site", "300")
    view = show_client(book, "Acme")
    assert (view["received"], view["effective_rate"]) == (Decimal("300.00"), None)


def test_overpayment_shows_as_client_credit(book):
    """Paying more than the balance leaves the excess as visible client credit."""
    issued = _billed_client(book)
    pay_invoice(book, issued["number"], "1250")
    view = show_client(book, "Acme")
    assert (view["balance"], view["credit"], view["received"]) == (
        Decimal("0.00"),
        Decimal("250.00"),
        Decimal("1250.00"),
    )


def test_money_in_another_currency_is_not_summed_into_the_client_figures(book):
    """A USD project of a EUR client never adds dollars to the euro balance."""
    add_client(book, "Acme", currency="EUR")
    add_project(book, "Acme", "Dollar job", TermsInput(price="500", currency="USD", deposit="0"))
    issue_invoice(book, str(create_invoice(book, "Dollar job")["id"]))
    record_deposit(book, "Dollar job", "100")
    view = show_client(book, "Acme")
    assert (view["balance"], view["received"]) == (Decimal("0.00"), Decimal("0.00"))


def test_listing_many_clients_costs_a_fixed_number_of_queries(book):
    """list runs one aggregate query per family, however many clients there are."""

    def statements_for_list() -> int:
        seen: list[str] = []

        def count(*args) -> None:  # type: ignore[no-untyped-def]
            seen.append(args[2])

        event.listen(book.engine, "before_cursor_execute", count)
        try:
            list_clients(book)
        finally:
            event.remove(book.engine, "before_cursor_execute", count)
        return len(seen)

    for name in ("A", "B"):
        add_client(book, name)
    few = statements_for_list()
    for index in range(30):
        add_client(book, f"Client {index}")
    assert statements_for_list() == few
    assert len(list_clients(book)) == 32


def test_per_client_figures_in_a_list_match_show(book):
    """The batched list figures equal each client's own show figures."""
    issued = _billed_client(book)
    pay_invoice(book, issued["number"], "100")
    add_client(book, "Quiet")
    add_message(book, "Quiet", "inbound", at="2026-11-20T10:00")
    listed = {c["name"]: c for c in list_clients(book)}
    for name in ("Acme", "Quiet"):
        shown = show_client(book, name)
        for key in ("balance", "received", "credit", "hours_logged", "effective_rate"):
            assert listed[name][key] == shown[key]
