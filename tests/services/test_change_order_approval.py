"""Approving a change order applies what the signed document says: its deadline and its price."""

import re
import subprocess
from datetime import date, datetime
from decimal import Decimal

from clientkit.services.change_orders import ChangeOrderRequest, render_change_order
from clientkit.services.clients import add_client
from clientkit.services.history import undo
from clientkit.services.invoicing import create_invoice
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.scope_items import add_scope_item, approve_scope_item

MOVES = re.compile(r"The deadline moves from (\w+ \d+, \d{4}) to (\w+ \d+, \d{4})")
PRICE = re.compile(r"fixed price of €([\d,.]+), in addition")


def _setup(book) -> str:  # type: ignore[no-untyped-def]
    set_profile(book, name="Jana Nováková")
    add_client(book, "Acme", locale="en_US", currency="EUR")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", deposit="0", deadline="2027-01-29"))
    move_project(book, "Logo", "start")
    return str(add_scope_item(book, "Logo", "Extra page", price="300")["id"])


def _document(path: str) -> str:
    done = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def test_approving_moves_the_deadline_the_signed_order_states(book):
    scope_id = _setup(book)
    text = _document(render_change_order(book, scope_id, ChangeOrderRequest(days=5))["path"])
    old, new = (_day(found) for found in MOVES.search(text).groups())  # type: ignore[union-attr]
    assert show_project(book, "Logo")["deadline"] == old
    view = approve_scope_item(book, scope_id)
    assert show_project(book, "Logo")["deadline"] == new == view["deadline"]
    assert view["deadline_before"] == old
    assert view["notices"][0] == (
        f"the deadline of 'Logo' moves from {old} to {new}, as the change order says"
    )


def test_the_price_the_order_states_is_billed_on_top_of_the_project_price(book):
    scope_id = _setup(book)
    path = render_change_order(book, scope_id, ChangeOrderRequest(price="350"))["path"]
    price = Decimal(PRICE.search(_document(path)).group(1).replace(",", ""))  # type: ignore[union-attr]
    view = approve_scope_item(book, scope_id)
    assert view["price"] == price
    lines = create_invoice(book, "Logo")["lines"]
    assert [(line["kind"], line["amount"]) for line in lines] == [
        ("price", Decimal("1500.00")),
        ("change", price),
    ]


def test_only_the_latest_order_counts(book):
    scope_id = _setup(book)
    render_change_order(book, scope_id, ChangeOrderRequest(days=30))
    render_change_order(book, scope_id, ChangeOrderRequest())  # re-issued: deadline unchanged
    view = approve_scope_item(book, scope_id)
    assert view["deadline"] == view["deadline_before"] == date(2027, 1, 29)


def test_a_copy_rendered_after_approval_changes_nothing(book):
    scope_id = _setup(book)
    render_change_order(book, scope_id, ChangeOrderRequest(days=5))
    approve_scope_item(book, scope_id)
    render_change_order(book, scope_id, ChangeOrderRequest(days=40))
    assert show_project(book, "Logo")["deadline"] == date(2027, 2, 3)


def test_approval_without_an_order_leaves_the_deadline(book):
    scope_id = _setup(book)
    view = approve_scope_item(book, scope_id)
    assert view["deadline"] == date(2027, 1, 29)
    assert view["notices"] == [
        "its price €300.00 is billed as a line of its own on the project's next invoice"
    ]


def test_undoing_the_approval_moves_the_deadline_back(book):
    scope_id = _setup(book)
    render_change_order(book, scope_id, ChangeOrderRequest(days=5))
    approve_scope_item(book, scope_id)
    undo(book)
    assert show_project(book, "Logo")["deadline"] == date(2027, 1, 29)
