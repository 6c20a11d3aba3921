"""kill -9 at random moments during long writes leaves a sound book, as before or after, never half.

Each test first runs the command to the end to learn how long it takes, then
kills fresh runs at random moments within that time (the seed is in every
failure message, to replay it) and checks the book at once: integrity_check,
row counts all-or-nothing, invoices fully issued or not at all, and that the
next command works.
"""

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import insert

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client
from clientkit.services.export import export_book
from clientkit.services.invoicing import issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import TimeEntry, utcnow
from tests.conftest import TODAY, _fresh_pg_database
from tests.drafts import billable_draft
from tests.reliability.checks import integrity, invoice_problems
from tests.reliability.sample import book_counts, fill_book
from tests.reliability.workers import ISSUER, clientkit, python, run_until_killed, timed_run

pytestmark = pytest.mark.slow  # real processes; tens of seconds

KILLS = 4  # kills that must land per test
ATTEMPTS = 8  # runs that may finish before their kill, on a suddenly faster machine


def _rng() -> tuple[random.Random, int]:
    seed = int(os.environ.get("CLIENTKIT_CRASH_SEED") or random.SystemRandom().randrange(10**9))
    return random.Random(seed), seed  # noqa: S311 (moments to kill at, not secrets)


def _usable(db: str) -> bool:
    """The next command works at once on the book."""
    listed = timed_run(clientkit(db, "client", "list", "--json"))[0]
    return listed.code == 0 and isinstance(json.loads(listed.stdout), list)


class Aim:
    """Kill moments between start-up and the end of a run; aims earlier after a miss."""

    def __init__(self, start: float, took: float) -> None:
        seed = int(os.environ.get("CLIENTKIT_CRASH_SEED") or random.SystemRandom().randrange(10**9))
        self.rng = random.Random(seed)  # noqa: S311 (moments to kill at, not secrets)
        self.seed, self.start, self.took = seed, start, took
        self.landed = 0

    def moment(self) -> float:
        return self.rng.uniform(self.start * 0.5, self.took)

    def record(self, code: int) -> bool:
        """Count a run's outcome; True once enough kills landed."""
        if code == -9:
            self.landed += 1
        else:
            self.took = max(self.start * 0.6, self.took * 0.7)
        return self.landed >= KILLS


def _startup_and_run(argv: list[str], db: str | None = None) -> tuple[float, float]:
    """How long clientkit takes to start and open a book, and how long `argv` takes in all.

    Kills aimed between the two land while the command writes, not while Python starts.
    """
    book_db = db or argv[argv.index("--db") + 1]
    started = timed_run(clientkit(book_db, "client", "list"))
    finished = timed_run(argv)
    assert started[0].code == 0, started[0].stderr
    assert finished[0].code == 0, finished[0].stderr
    return started[1], max(finished[1], started[1] * 1.1)


def _big_export(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """An export of the sample book plus 30,000 time entries (a long import)."""
    source = open_book(f"sqlite:///{tmp_path / 'source.db'}", clock_from_text(TODAY))
    fill_book(source)
    now, day = utcnow(), clock_from_text(TODAY).today()
    with source.write() as session:
        session.execute(
            insert(TimeEntry),
            [
                {
                    "project_id": 1 + n % 3,
                    "kind": "work",
                    "minutes": 1 + n % 90,
                    "day": day,
                    "billable": True,
                    "note": f"entry {n}",
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(30_000)
            ],
        )
    export_book(source, tmp_path / "export")
    counts = book_counts(source)
    source.engine.dispose()
    return tmp_path / "export", counts


def _fresh_target(db_url: str, tmp_path: Path, attempt: int) -> tuple[str, Book]:
    """A new empty book on the engine under test."""
    url = (
        _fresh_pg_database()
        if db_url.startswith("postgresql")
        else f"sqlite:///{tmp_path / f'target-{attempt}.db'}"
    )
    return url, open_book(url, clock_from_text(TODAY))


def test_import_killed_at_random_moments_leaves_the_book_empty_or_complete(db_url, tmp_path):
    """After every kill the book is sound and holds nothing or everything; then import finishes."""
    export, expected = _big_export(tmp_path)
    url, book = db_url, open_book(db_url, clock_from_text(TODAY))
    empty = book_counts(book)
    start, took = _startup_and_run(
        clientkit(f"sqlite:///{tmp_path / 'scratch.db'}", "import", str(export))
    )
    aim = Aim(start, took)
    for attempt in range(ATTEMPTS):
        code = run_until_killed(clientkit(url, "import", str(export)), aim.moment())
        counts = book_counts(book)
        where = f"seed {aim.seed}, attempt {attempt}, exit {code}"
        assert integrity(book) == [], where
        assert counts in (empty, expected), where
        assert invoice_problems(book) == [], where
        assert _usable(url), where
        if aim.record(code):
            break
        if counts == expected:  # this one finished: aim the next kill at a new empty book
            book.engine.dispose()
            url, book = _fresh_target(db_url, tmp_path, attempt)
    assert aim.landed, f"seed {aim.seed}: no kill landed"
    final = timed_run(clientkit(url, "import", str(export)))[0]
    assert final.code == 0, final.stderr
    assert book_counts(book) == expected
    book.engine.dispose()


def test_demo_force_killed_at_random_moments_leaves_a_whole_demo_book(tmp_path, demo_book_file):
    """`demo --force` replaces the book in one transaction: killed, the old demo is intact."""
    shutil.copy(demo_book_file, tmp_path / "book.db")  # the book a first `clientkit demo` made
    db = f"sqlite:///{tmp_path / 'book.db'}"
    start, took = _startup_and_run(clientkit(db, "demo", "--force"))
    book = open_book(db, clock_from_text(TODAY))
    whole = book_counts(book)
    aim = Aim(start, took)
    for attempt in range(ATTEMPTS):
        code = run_until_killed(clientkit(db, "demo", "--force"), aim.moment())
        where = f"seed {aim.seed}, attempt {attempt}, exit {code}"
        assert integrity(book) == [], where
        assert book_counts(book) == whole, where
        assert invoice_problems(book) == [], where
        assert _usable(db), where
        if aim.record(code):
            break
    assert aim.landed, f"seed {aim.seed}: no kill landed"
    book.engine.dispose()


def _drafts(book: Book, count: int) -> list[int]:
    set_profile(book, name="Jana")
    add_client(book, "Acme")
    add_project(book, "Acme", "Retainer", TermsInput(price="100", deposit="0"))
    return [billable_draft(book, "Retainer")["id"] for _ in range(count)]


def test_a_batch_of_issues_killed_at_random_moments_issues_each_invoice_wholly_or_not(db_url):
    """Every invoice is a draft without a number or issued with one; the series has no gap."""
    book = open_book(db_url, clock_from_text(TODAY))
    drafts = [str(i) for i in _drafts(book, 60)]
    batch = python(ISSUER, db_url, TODAY)
    start, took = _startup_and_run([*batch, *drafts[:10]], db_url)
    each = (took - start) / 10
    rng, seed = _rng()
    landed = 0
    for attempt in range(KILLS):
        left = [ref for ref in drafts[10:] if _is_draft(book, ref)]
        # After a random number of issues, at a random moment inside the next one.
        code = run_until_killed(
            [*batch, *left], rng.uniform(0, each), after_lines=rng.randrange(len(left) // 2)
        )
        where = f"seed {seed}, attempt {attempt}, exit {code}"
        landed += code == -9
        assert integrity(book) == [], where
        assert invoice_problems(book) == [], where
    assert landed, f"seed {seed}: no kill landed"
    left = [ref for ref in drafts if _is_draft(book, ref)]
    if left:
        issued = timed_run(clientkit(db_url, "invoice", "issue", left[0], "--json"))[0]
        assert issued.code == 0, issued.stderr
        assert json.loads(issued.stdout)["number"] == f"2026-{61 - len(left):04d}"
    assert invoice_problems(book) == []
    book.engine.dispose()


def _is_draft(book: Book, ref: str) -> bool:
    from clientkit.storage.models import Invoice

    with book.read() as session:
        invoice = session.get(Invoice, int(ref))
        return invoice is not None and invoice.status == "draft"


def _complete_pdfs(folder: Path) -> list[str]:
    """Names of the PDFs in `folder` that are not complete, readable documents."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    broken = []
    for path in sorted(folder.glob("*.pdf")):
        try:
            if len(PdfReader(path).pages) < 1:
                broken.append(path.name)
        except (PdfReadError, OSError, ValueError):
            broken.append(path.name)
    return broken


BATCH = 150


def test_a_batch_of_invoice_pdfs_killed_at_random_moments_leaves_no_half_file(tmp_path):
    """`invoice pdf --all` killed midway: every PDF written is whole; the next run finishes."""
    db = f"sqlite:///{tmp_path / 'book.db'}"
    book = open_book(db, clock_from_text(TODAY))
    set_profile(
        book,
        name="Jana",
        email="jana@studio.test",
        address="Street 1",
        iban="SK3112000000198742637541",
    )
    add_client(book, "Acme", email="billing@acme.test", address="Main 1")
    add_project(book, "Acme", "Retainer", TermsInput(price="100", deposit="0"))
    # Issued documents are stored at issue and only copied out here (~2 ms each): enough of
    # them that the batch runs long enough for a kill to land inside it.
    for _ in range(BATCH):
        issue_invoice(book, str(billable_draft(book, "Retainer")["id"]))
    folder = Path(os.environ["CLIENTKIT_HOME"]) / "documents" / "invoices"
    scratch = tmp_path / "scratch"
    start, took = _startup_and_run(clientkit(db, "invoice", "pdf", "--all", "-o", str(scratch)))
    aim = Aim(start, took)
    for attempt in range(ATTEMPTS):
        code = run_until_killed(clientkit(db, "invoice", "pdf", "--all"), aim.moment())
        where = f"seed {aim.seed}, attempt {attempt}, exit {code}"
        assert integrity(book) == [], where
        assert _complete_pdfs(folder) == [], where
        assert _usable(db), where
        if aim.record(code):
            break
    assert aim.landed, f"seed {aim.seed}: no kill landed"
    final = timed_run(clientkit(db, "invoice", "pdf", "--all"))[0]
    assert final.code == 0, final.stderr
    assert _complete_pdfs(folder) == []
    assert len(list(folder.glob("*.pdf"))) == BATCH
    book.engine.dispose()
