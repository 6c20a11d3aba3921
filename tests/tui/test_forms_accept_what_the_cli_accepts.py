"""A form field refuses exactly what its service refuses, with the service's own sentence.

No pilot: a form's fields (and their validators) are built without running the app, and each
case types the same text into the field and into the service the form saves through.
"""

from collections.abc import Callable
from typing import Any

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import add_line, create_invoice
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.scope_items import add_scope_item
from clientkit.tui.screens.form import FormScreen
from clientkit.tui.screens.line_form import LineForm
from clientkit.tui.screens.payment_form import PaymentForm
from clientkit.tui.screens.project_form import ProjectForm
from clientkit.tui.screens.scope_form import ScopeForm

PROJECT = "Brand identity"  # the studio's started fixed-price project, in EUR


def _quantity(book: Book, text: str) -> Any:
    draft = create_invoice(book, PROJECT)
    return add_line(book, str(draft["id"]), "Photos", "45.90", quantity=text)


def _unit_price(book: Book, text: str) -> Any:
    return add_line(book, str(create_invoice(book, PROJECT)["id"]), "Photos", text)


def _estimate(book: Book, text: str) -> Any:
    return add_project(book, "Acme", "Site", TermsInput(hourly="80", estimate_hours=text))


def _deposit_term(book: Book, text: str) -> Any:
    return add_project(book, "Acme", "Site", TermsInput(price="1500", deposit=text))


def _scope_hours(book: Book, text: str) -> Any:
    return add_scope_item(book, PROJECT, "Social kit", hours=text)


def _deposit_received(book: Book, text: str) -> Any:
    return record_deposit(book, PROJECT, text)


FIELDS: dict[str, tuple[Callable[[], FormScreen], str, Callable[[Book, str], Any]]] = {
    "line quantity": (lambda: LineForm("1", "EUR"), "quantity", _quantity),
    "line unit price": (lambda: LineForm("1", "EUR"), "amount", _unit_price),
    "project estimate": (lambda: ProjectForm("Acme", "EUR"), "estimate", _estimate),
    "project deposit": (lambda: ProjectForm("Acme", "EUR"), "deposit", _deposit_term),
    "scope hours": (lambda: ScopeForm(PROJECT, "EUR"), "hours", _scope_hours),
    "deposit received": (
        lambda: PaymentForm(PROJECT, "EUR", deposit=True),
        "amount",
        _deposit_received,
    ),
}


def _form_says(field: str, text: str) -> list[str]:
    form, name, _ = FIELDS[field]
    spec = next(spec for spec in form().fields() if spec.name == name)
    assert spec.validator is not None
    return list(spec.validator.validate(text).failure_descriptions)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("line quantity", "2.12345"),
        ("line quantity", "10000000000"),
        ("line quantity", "1e3"),
        ("line unit price", "0"),
        ("project estimate", "200000"),
        ("project estimate", "0.001"),
        ("project deposit", "12.345"),
        ("project deposit", "101%"),
        ("scope hours", "1e3"),
        ("deposit received", "0"),
    ],
)
def test_the_form_refuses_what_the_service_refuses_with_its_sentence(studio, field, text):
    """Quantity 2.12345 or 10000000000, estimate 200000: the form says what the CLI would."""
    with pytest.raises(InvalidValue) as refused:
        FIELDS[field][2](studio, text)
    assert _form_says(field, text) == [str(refused.value)]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("line quantity", "2.5"),
        ("line unit price", "-10"),
        ("project estimate", "100000"),
        ("project deposit", "450"),
        ("scope hours", "1h30m"),
        ("deposit received", "450"),
    ],
)
def test_the_form_accepts_what_the_service_accepts(studio, field, text):
    """A value the service stores is never refused by the form."""
    assert _form_says(field, text) == []
    FIELDS[field][2](studio, text)
