"""A reminder asks for the same payment reference as the invoice it chases."""

import re

from clientkit.services.reminders import plan_reminders
from tests.services.reminder_seed import freelancer, overdue_invoice


def _reference(body: str, label: str = "Reference") -> str:
    found = re.search(rf"{label}:\s+(\S+)", body)
    assert found, body
    return found.group(1)


def test_a_slovak_clients_reminder_quotes_the_variable_symbol(book):
    """The invoice printed VS 20260001, so the reminder's transfer details say the same."""
    freelancer(book)
    number = overdue_invoice(book, "Klient s.r.o.", locale="sk_SK", days_overdue=10)["number"]
    assert number == "2026-0001"
    (draft,) = plan_reminders(book).due
    assert _reference(draft.body, "Variabilný symbol") == "20260001"


def test_other_reminders_quote_the_invoice_number(book):
    freelancer(book)
    number = overdue_invoice(book, days_overdue=10)["number"]
    (draft,) = plan_reminders(book).due
    assert _reference(draft.body) == number
