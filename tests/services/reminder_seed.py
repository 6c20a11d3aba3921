"""Test data for reminders: a profile and issued invoices a given number of days overdue."""

import itertools
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.lists import list_clients
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import Reminder

SENDER = "Jana Novak <jana@novak.example>"
_titles = itertools.count(1)


def freelancer(book: Book) -> None:
    """The sender: name, e-mail and bank account for the payment instructions."""
    set_profile(
        book,
        name="Jana Novak",
        business="Novak Design",
        email="jana@novak.example",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
    )
    book.config.setdefault("smtp", {})["from"] = SENDER


def overdue_invoice(
    book: Book,
    client: str = "Acme Inc",
    *,
    days_overdue: int,
    email: str = "ap@acme.example",
    locale: str = "en_US",
    price: str = "800",
    late_fee: str | None = None,
    payment_days: int = 14,
) -> dict[str, Any]:
    """Issue an invoice for `client` whose due date lies `days_overdue` days before today."""
    if client not in {c["name"] for c in list_clients(book)}:
        add_client(book, client, email=email, locale=locale)
    title = f"Work {next(_titles)}"
    add_project(
        book, client, title, TermsInput(price=price, late_fee=late_fee, payment_days=payment_days)
    )
    draft = create_invoice(book, title)
    issued_on = book.clock.today() - timedelta(days=days_overdue + payment_days)
    return issue_invoice(book, str(draft["id"]), on=issued_on)


def reminders_of_invoice(book: Book, invoice_id: int) -> list[dict[str, Any]]:
    """The reminder rows of one invoice, oldest first."""
    query = select(Reminder).where(col(Reminder.invoice_id) == invoice_id)
    with book.read() as session:
        return [
            {
                "id": r.id,
                "level": r.level,
                "status": r.status,
                "channel": r.channel,
                "message_id": r.message_id,
                "sent_at": r.sent_at,
                "error": r.error,
            }
            for r in session.scalars(query.order_by(col(Reminder.id)))
        ]


def reminded(book: Book, invoice_id: int, *levels: str, days_ago: int = 7) -> None:
    """Record `levels` as sent for the invoice `days_ago` days before now, as an earlier run
    would have: the ladder then offers the next level once the gap has passed."""
    sent_at = book.clock.now() - timedelta(days=days_ago)
    with book.write() as session:
        for level in levels:
            session.add(
                Reminder(
                    invoice_id=invoice_id,
                    level=level,
                    status="sent",
                    channel="email",
                    message_id=f"<{level}-{invoice_id}@seed>",
                    sent_at=sent_at,
                    intent_at=sent_at,
                    created_at=sent_at,
                    updated_at=sent_at,
                )
            )
