"""Many clientkit processes on one book at once: every write kept, numbers gapless, never "locked".

8 processes issue invoices through `clientkit invoice issue`, 6 log time through
`clientkit log`, and one sends the overdue reminders through `clientkit remind
--outbox`, all at the same moment, on a SQLite file and (when configured) on
PostgreSQL.
"""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import Invoice, InvoiceSeries, Reminder, Revision, TimeEntry
from tests.conftest import TODAY
from tests.drafts import billable_draft
from tests.reliability.workers import clientkit, failures, run_concurrently

pytestmark = pytest.mark.slow  # real processes; tens of seconds

ISSUERS, PER_ISSUER = 8, 2
LOGGERS, PER_LOGGER = 6, 2
OVERDUE = 3  # issued in October, so `remind` has final notices to write


def _prepare(book: Book) -> list[int]:
    """A client with a fixed-price project and an hourly one; the drafts to issue; 3 overdue."""
    set_profile(book, name="Jana", email="jana@studio.test")
    add_client(book, "Acme", email="billing@acme.test")
    add_project(book, "Acme", "Retainer", TermsInput(price="100", deposit="0"))
    add_project(book, "Acme", "Hours", TermsInput(hourly="80"))
    for _ in range(OVERDUE):
        issue_invoice(book, str(billable_draft(book, "Retainer")["id"]), on=date(2026, 10, 1))
    return [billable_draft(book, "Retainer")["id"] for _ in range(ISSUERS * PER_ISSUER)]


def _scalar(book: Book, query) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return int(session.execute(query).scalar_one())


def test_many_processes_on_one_book_keep_every_write_and_gapless_numbers(db_url, tmp_path: Path):
    """15 writers at once all succeed; rows add up; numbers are unique and gapless."""
    book = open_book(db_url, clock_from_text(TODAY))
    drafts = _prepare(book)
    jobs = [
        [clientkit(db_url, "invoice", "issue", str(ref)) for ref in drafts[n::ISSUERS]]
        for n in range(ISSUERS)
    ]
    jobs += [
        [
            clientkit(db_url, "log", "Hours", f"{15 + n}m", "--kind", "work")
            for _ in range(PER_LOGGER)
        ]
        for n in range(LOGGERS)
    ]
    jobs.append([clientkit(db_url, "remind", "--outbox", str(tmp_path / "outbox"))])

    runs = run_concurrently(jobs)

    assert failures(runs) == []
    assert len(runs) == ISSUERS * PER_ISSUER + LOGGERS * PER_LOGGER + 1
    logged = sum((15 + n) * PER_LOGGER for n in range(LOGGERS))
    assert _scalar(book, select(func.count()).select_from(TimeEntry)) == LOGGERS * PER_LOGGER
    assert _scalar(book, select(func.sum(TimeEntry.minutes))) == logged
    total = OVERDUE + ISSUERS * PER_ISSUER
    with book.read() as session:
        numbers = sorted(session.execute(select(Invoice.number)).scalars())
        statuses = set(session.execute(select(Invoice.status)).scalars())
        series = session.get(InvoiceSeries, "2026")
        assert series is not None
        assert series.last_seq == total
    assert numbers == [f"2026-{n:04d}" for n in range(1, total + 1)]
    assert statuses == {"issued"}
    assert _scalar(book, select(func.count()).select_from(Reminder)) == OVERDUE
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == OVERDUE
    book.engine.dispose()


def test_two_processes_issuing_the_same_draft_issue_it_once(db_url):
    """A race on one draft: one process numbers it, the other is refused; no number is lost."""
    book = open_book(db_url, clock_from_text(TODAY))
    set_profile(book, name="Jana")
    add_client(book, "Acme")
    add_project(book, "Acme", "Retainer", TermsInput(price="100", deposit="0"))
    draft = str(create_invoice(book, "Retainer")["id"])
    runs = run_concurrently([[clientkit(db_url, "invoice", "issue", draft)] for _ in range(2)])
    assert sorted(run.code for run in runs) == [0, 1], [r.stderr for r in runs]
    refused = next(run for run in runs if run.code == 1)
    assert "frozen" in refused.stderr or "issued" in refused.stderr
    with book.read() as session:
        assert list(session.execute(select(Invoice.number)).scalars()) == ["2026-0001"]
        series = session.get(InvoiceSeries, "2026")
        assert series is not None
        assert series.last_seq == 1
    book.engine.dispose()


def test_revisions_logged_at_once_are_numbered_without_duplicates(db_url):
    """Six processes add a revision to one project at once: numbers 1..6, each once."""
    book = open_book(db_url, clock_from_text(TODAY))
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="100", revisions=2))
    runs = run_concurrently(
        [[clientkit(db_url, "revision", "add", "Logo", f"round {n}")] for n in range(6)]
    )
    assert failures(runs) == []
    with book.read() as session:
        numbers = sorted(session.execute(select(Revision.number)).scalars())
    assert numbers == [1, 2, 3, 4, 5, 6]
    book.engine.dispose()
