"""Reminder figures: the overdue query, planning (query + templates), and one full send.

Prints medians (ms) in one process after a warm-up. Planning and the query run on
the book named by --db (e.g. the large book of `clientkit demo --large`); without
--db, on a small book of 200 overdue invoices built in a temporary CLIENTKIT_HOME.
The send figure writes one reminder (invoice PDF attached) to a temporary outbox on
a throwaway book, so the book given with --db is only read, never changed.

    python bench/reminders.py [--db URL] [--today 2026-11-23] [--runs 10]
"""

import argparse
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import median_ms


def small_book(home: Path, today: str, count: int):  # type: ignore[no-untyped-def]
    from clientkit.clock import clock_from_text
    from clientkit.services.book import open_book
    from clientkit.services.clients import add_client
    from clientkit.services.invoicing import create_invoice, issue_invoice
    from clientkit.services.profile import set_profile
    from clientkit.services.projects import TermsInput, add_project

    book = open_book(f"sqlite:///{home / 'bench.db'}", clock_from_text(today))
    set_profile(book, name="Jana Novak", email="jana@novak.example", iban="DE89370400440532013000")
    for number in range(count):
        locale = "de_DE" if number % 2 else "en_US"
        add_client(book, f"Client {number}", email=f"ap{number}@c.example", locale=locale)
        add_project(
            book,
            f"Client {number}",
            f"Work {number}",
            TermsInput(price="1234.50", late_fee="1.5%", payment_days=14),
        )
        draft = create_invoice(book, f"Work {number}")
        issued = book.clock.today() - timedelta(days=14 + 1 + number % 30)
        issue_invoice(book, str(draft["id"]), on=issued)
    return book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=None)
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("CLIENTKIT_HOME", scratch)
        from clientkit.clock import clock_from_text
        from clientkit.services.book import open_book
        from clientkit.services.mailer import OutboxMailer
        from clientkit.services.reminders import plan_reminders, schedule_of, send_reminders
        from clientkit.storage.reminder_queries import overdue_invoices

        if args.db:
            book = open_book(args.db, clock_from_text(args.today))
        else:
            book = small_book(Path(scratch), args.today, 200)
        cutoff = book.clock.today() - timedelta(days=schedule_of(book.config)[0].days)

        def query() -> object:
            with book.read() as session:
                return overdue_invoices(session, cutoff)

        due = len(plan_reminders(book).due)
        figures = {
            "overdue query": median_ms(query, args.runs),
            f"plan ({due} reminders rendered)": median_ms(lambda: plan_reminders(book), args.runs),
        }
        sender_home = Path(scratch) / "send"
        sender_home.mkdir()
        send_book = small_book(sender_home, args.today, 1)
        send_book.config["smtp"]["from"] = "jana@novak.example"
        start = time.perf_counter()
        sent = send_reminders(send_book, OutboxMailer(sender_home / "outbox"))
        figures["send one to outbox (PDF attached)"] = (time.perf_counter() - start) * 1000
        assert len(sent["sent"]) == 1
        for label, value in figures.items():
            print(f"{label:<40} {value:8.1f} ms")


if __name__ == "__main__":
    main()
