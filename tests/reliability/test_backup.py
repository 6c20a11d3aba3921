"""Backups and exports taken while other processes write are consistent, sound, private copies."""

import stat
import subprocess
from pathlib import Path

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client
from clientkit.services.import_ import import_path
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from tests.conftest import TODAY
from tests.reliability.checks import integrity, invoice_problems
from tests.reliability.sample import book_counts
from tests.reliability.workers import clientkit, failures, finish, start, timed_run, writer

pytestmark = pytest.mark.slow  # real processes; tens of seconds


def _busy_book(db: str) -> Book:
    book = open_book(db, clock_from_text(TODAY))
    set_profile(book, name="Jana")
    add_client(book, "Acme")
    add_project(book, "Acme", "Retainer", TermsInput(price="100", deposit="0"))
    add_project(book, "Acme", "Hours", TermsInput(hourly="80"))
    return book


def _writers(db: str, stop: Path) -> list[subprocess.Popen[str]]:
    """Two processes issuing invoices and two logging time until `stop` exists."""
    writers = [start(writer(db, "issue", "Retainer", stop)) for _ in range(2)]
    writers += [start(writer(db, "log", "Hours", stop)) for _ in range(2)]
    for process in writers:
        assert process.stdout is not None
        process.stdout.readline()  # every writer has committed once: the book is busy
    return writers


def _stop(writers: list[subprocess.Popen[str]], stop: Path) -> list[str]:
    still_writing = all(process.poll() is None for process in writers)
    stop.touch()
    problems = failures([finish(process) for process in writers])
    return problems if still_writing else [*problems, "a writer stopped early"]


def test_backups_taken_during_writes_are_sound_consistent_snapshots(tmp_path: Path):
    """Three backups while four processes write: each passes integrity, numbers match series."""
    db = f"sqlite:///{tmp_path / 'book.db'}"
    book = _busy_book(db)
    writers = _writers(db, tmp_path / "stop")
    copies = []
    for n in range(3):
        copy = tmp_path / f"copy-{n}.db"
        made = timed_run(clientkit(db, "backup", "-o", str(copy)))[0]
        assert made.code == 0, made.stderr
        copies.append(copy)
    assert _stop(writers, tmp_path / "stop") == []
    seen = []
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        copied = open_book(f"sqlite:///{copy}", clock_from_text(TODAY))
        assert integrity(copied) == []
        assert invoice_problems(copied) == []
        seen.append(book_counts(copied)["time_entry"])
        copied.engine.dispose()
    assert seen == sorted(seen)
    assert seen[0] > 0
    assert book_counts(book)["time_entry"] >= seen[-1]
    book.engine.dispose()


def test_an_export_taken_during_writes_imports_as_a_consistent_book(db_url, tmp_path: Path):
    """export reads one snapshot: its rows import cleanly and its numbers match its series."""
    book = _busy_book(db_url)
    writers = _writers(db_url, tmp_path / "stop")
    exported = timed_run(clientkit(db_url, "export", "-o", str(tmp_path / "out")))[0]
    assert exported.code == 0, exported.stderr
    assert _stop(writers, tmp_path / "stop") == []
    restored = open_book(f"sqlite:///{tmp_path / 'restored.db'}", clock_from_text(TODAY))
    assert import_path(restored, tmp_path / "out")["status"] == "imported"
    assert invoice_problems(restored) == []
    assert integrity(restored) == []
    restored.engine.dispose()
    book.engine.dispose()
