"""Draft lines corrected: changed or removed with totals recomputed; issued lines stay frozen."""

from decimal import Decimal

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.history import undo
from clientkit.services.invoicing import (
    add_line,
    create_invoice,
    credit_invoice,
    edit_line,
    issue_invoice,
    remove_line,
    show_invoice,
)
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project


def _draft(book: Book) -> str:
    """A draft with three lines: the price (1500), 'Hosting' 2 × 100, 'Discount' -50, at 20 %."""
    set_profile(book, name="Jana", vat_id="SK2020123457")  # an invoice charging VAT names it
    add_client(book, "Acme")
    add_project(book, "Acme", "Brand", TermsInput(price="1500"))
    ref = str(create_invoice(book, "Brand", vat="20%")["id"])
    add_line(book, ref, "Hosting", "100", quantity="2", vat="20%")
    add_line(book, ref, "Discount", "-50", vat="20%")
    return ref


def _totals(view) -> tuple[Decimal, Decimal, Decimal]:  # type: ignore[no-untyped-def]
    return view["subtotal"], view["vat"], view["total"]


def test_editing_a_line_recomputes_its_amount_and_the_totals(book):
    ref = _draft(book)
    view = edit_line(book, ref, 2, quantity="3", price="120", description="Hosting 2027")
    line = view["lines"][1]
    assert (line["description"], line["quantity"], line["amount"]) == (
        "Hosting 2027",
        "3",
        Decimal("360.00"),
    )
    assert _totals(view) == (Decimal("1810.00"), Decimal("362.00"), Decimal("2172.00"))


def test_edited_totals_equal_those_of_a_draft_built_with_the_same_lines(book):
    ref = _draft(book)
    edited = edit_line(book, ref, 3, price="-75", vat="10%")
    add_project(book, "Acme", "Twin", TermsInput(price="1500"))
    twin = str(create_invoice(book, "Twin", vat="20%")["id"])
    add_line(book, twin, "Hosting", "100", quantity="2", vat="20%")
    add_line(book, twin, "Discount", "-75", vat="10%")
    assert _totals(edited) == _totals(show_invoice(book, twin))
    assert edited["vat_summary"] == show_invoice(book, twin)["vat_summary"]


def test_removing_a_line_renumbers_the_rest_without_gaps(book):
    ref = _draft(book)
    view = remove_line(book, ref, 2)
    assert [line["position"] for line in view["lines"]] == [1, 2]
    assert view["lines"][1]["description"] == "Discount"
    assert _totals(view) == (Decimal("1450.00"), Decimal("290.00"), Decimal("1740.00"))


def test_the_last_line_of_a_draft_can_be_removed(book):
    ref = _draft(book)
    for _ in range(3):
        view = remove_line(book, ref, 1)
    assert view["lines"] == []
    assert view["total"] == Decimal("0.00")


def test_an_unknown_position_is_bad_input_naming_the_lines_there_are(book):
    ref = _draft(book)
    with pytest.raises(BadInput, match="no line 4: its lines are 1 to 3"):
        edit_line(book, ref, 4, price="10")
    with pytest.raises(BadInput, match="no line 0"):
        remove_line(book, ref, 0)
    assert len(show_invoice(book, ref)["lines"]) == 3


def test_bad_values_and_an_empty_edit_change_nothing(book):
    ref = _draft(book)
    before = show_invoice(book, ref)
    for kwargs in (
        {"price": "abc"},
        {"price": "0"},
        {"quantity": "0"},
        {"quantity": "-1"},
        {"vat": "120%"},
        {"description": ""},
        {},
    ):
        with pytest.raises(InvalidValue):
            edit_line(book, ref, 2, **kwargs)
    assert show_invoice(book, ref) == before


@pytest.mark.parametrize("state", ["issued", "paid", "credited"])
def test_the_lines_of_an_issued_paid_or_credited_invoice_are_frozen(book, state):
    ref = _draft(book)
    number = issue_invoice(book, ref)["number"]
    if state == "paid":
        pay_invoice(book, number, "2106")
    if state == "credited":
        credit_invoice(book, number)
    before = show_invoice(book, number)
    assert before["status"] == state
    with pytest.raises(Refused, match=f"invoice {number} is {state}: its lines are frozen"):
        edit_line(book, number, 1, price="1")
    with pytest.raises(Refused, match="its lines are frozen"):
        remove_line(book, number, 1)
    assert show_invoice(book, number) == before


def test_an_issued_invoice_says_to_credit_it_and_draft_a_new_one(book):
    number = issue_invoice(book, _draft(book))["number"]
    with pytest.raises(Refused) as caught:
        remove_line(book, number, 1)
    assert str(caught.value) == (
        f"invoice {number} is issued: its lines are frozen; credit it and draft a new one"
    )


def test_a_credit_notes_lines_are_frozen_too(book):
    number = issue_invoice(book, _draft(book))["number"]
    note = credit_invoice(book, number)["number"]
    with pytest.raises(Refused, match=f"credit note {note} is issued: its lines are frozen"):
        edit_line(book, note or "", 1, price="1")


def test_undo_brings_back_an_edited_or_removed_line_in_its_place(book):
    ref = _draft(book)
    before = show_invoice(book, ref)
    edit_line(book, ref, 2, price="999", quantity="1.5")
    undo(book)
    assert show_invoice(book, ref) == before
    remove_line(book, ref, 1)
    undo(book)
    assert show_invoice(book, ref) == before
