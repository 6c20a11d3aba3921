"""Running many real clientkit processes at once against one book, and killing them."""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import TODAY


@dataclass
class Run:
    argv: list[str]
    code: int
    stdout: str
    stderr: str


def clientkit(db: str, *args: str) -> list[str]:
    """argv of the real entry point on the book at `db`."""
    return [sys.executable, "-m", "clientkit", "--db", db, *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def environment() -> dict[str, str]:
    return {**os.environ, "CLIENTKIT_TODAY": TODAY}


def run_concurrently(jobs: list[list[list[str]]], timeout: float = 300) -> list[Run]:
    """Start every job at once; a job is a list of commands run one after the other."""
    runs: list[Run] = []
    lock = threading.Lock()

    def work(commands: list[list[str]]) -> None:
        for argv in commands:
            done = subprocess.run(
                argv,
                capture_output=True,
                text=True,
                env=environment(),
                timeout=timeout,
                check=False,
            )
            with lock:
                runs.append(Run(argv, done.returncode, done.stdout, done.stderr))

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return runs


def failures(runs: list[Run]) -> list[str]:
    """Every run that did not exit 0 or said anything about a locked or busy book."""
    bad = []
    for run in runs:
        said = (run.stderr + run.stdout).lower()
        if run.code != 0 or "locked" in said or "busy" in said or "traceback" in said:
            bad.append(f"{run.argv[3:]} -> {run.code}: {run.stderr.strip()[-300:]}")
    return bad


ISSUER = """
import sys
from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.invoicing import issue_invoice

book = open_book(sys.argv[1], clock_from_text(sys.argv[2]))
for ref in sys.argv[3:]:
    issue_invoice(book, ref)
    print("issued", ref, flush=True)
"""


def issuing(db: str, refs: list[str]) -> list[list[str]]:
    """One process issuing the drafts `refs`, one transaction each."""
    return [python(ISSUER, db, TODAY, *refs)]


def run_until_killed(argv: list[str], delay: float, *, after_lines: int = 0) -> int:
    """Start `argv`; SIGKILL it (and its children) `delay` seconds after it printed
    `after_lines` lines, unless it ended first. Returns the exit code: -9 when the kill landed.
    """
    process = subprocess.Popen(
        argv,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert process.stdout is not None
    for _ in range(after_lines):
        if not process.stdout.readline():
            break
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    process.stdout.close()
    return process.returncode


def timed_run(argv: list[str]) -> tuple[Run, float]:
    """Run to the end, returning the result and how long it took (to aim the kills)."""
    started = time.monotonic()
    done = subprocess.run(
        argv, capture_output=True, text=True, env=environment(), timeout=600, check=False
    )
    return Run(argv, done.returncode, done.stdout, done.stderr), time.monotonic() - started


WRITER = """
import sys
from pathlib import Path
from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.invoicing import add_line, create_invoice, issue_invoice
from clientkit.services.tracking import log_time

db, today, what, project, stop = sys.argv[1:6]
book = open_book(db, clock_from_text(today))
for n in range(5000):
    if Path(stop).exists():
        break
    if what == "issue":
        draft = create_invoice(book, project)
        if not draft["lines"]:  # the price is on an earlier invoice: bill a retainer month
            draft = add_line(book, str(draft["id"]), "Retainer month", "100")
        issue_invoice(book, str(draft["id"]))
    else:
        log_time(book, project, "15m", "work")
    print(what, n, flush=True)
"""


def writer(db: str, what: str, project: str, stop: Path) -> list[str]:
    """A process that issues invoices or logs time, one transaction each, until `stop` exists."""
    return python(WRITER, db, TODAY, what, project, str(stop))


def start(argv: list[str]) -> subprocess.Popen[str]:
    """A background writer whose output the test reads."""
    return subprocess.Popen(
        argv, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen[str]) -> Run:
    stdout, stderr = process.communicate(timeout=600)
    return Run([str(a) for a in process.args], process.returncode, stdout, stderr)  # type: ignore[union-attr]
