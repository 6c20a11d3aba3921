"""Figures on SPEC section 9's large book: median whole-process times and peak memory.

Builds the large book once with `clientkit demo --large` (timed) in a temporary
CLIENTKIT_HOME, or reuses the SQLite file given with --book (building it there first if
the file does not exist yet, so the next run can skip the build). A second book of the
same shape with 10,000 time entries shows how the commands scale with history.

Each command is run as a fresh process, as a user runs it, at least 5 times; runs of the
different commands are interleaved so that load from other processes on a shared machine
hits them alike. Peak memory is the child's own maximum resident set size (wait4).
Last, risk evaluation alone (facts and rules, then rendering) is timed inside one process.

    python bench/run.py [--runs 5] [--book PATH] [--today YYYY-MM-DD]
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

SMALL_SCALE = 0.01  # the large book's shape with 10,000 time entries


@dataclass(frozen=True)
class Sample:
    """One run: wall and CPU (user + system) seconds, and peak resident memory in KiB."""

    wall: float
    cpu: float
    peak: int


@dataclass
class Case:
    """One command line measured on both books."""

    label: str
    args: list[str]
    probe: list[str] | None  # `--help` of the command; None: always present
    missing: bool = False
    large: list[Sample] = field(default_factory=list)
    small: list[Sample] = field(default_factory=list)
    failure: str = ""


def clientkit_command() -> list[str]:
    """The installed entry point, as a user runs it (else `python -m clientkit`).

    The script beside this interpreter comes first: a version manager's shim found on
    PATH (pyenv's is a bash script) would add its own start-up to every figure."""
    beside = Path(sys.executable).parent / "clientkit"
    script = str(beside) if beside.exists() else shutil.which("clientkit") or ""
    return [script] if script and Path(script).exists() else [sys.executable, "-m", "clientkit"]


def environment(home: Path, db: Path, today: str | None) -> dict[str, str]:
    env = {**os.environ, "CLIENTKIT_HOME": str(home), "CLIENTKIT_DB": f"sqlite:///{db}"}
    env.pop("CLIENTKIT_TODAY", None)
    # A user's Python caches clientkit's bytecode after the first run; a machine that forbids
    # it would make every run recompile the package and measure the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if today:
        env["CLIENTKIT_TODAY"] = today
    return env


def measure(command: list[str], env: dict[str, str], scratch: Path) -> tuple[Sample, int, str]:
    """The sample, exit code and last stderr line of one whole process."""
    with open(scratch / "out", "wb") as out, open(scratch / "err", "wb+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        last = err.read().decode(errors="replace").strip().splitlines()[-1:]
    peak = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)  # bytes on macOS
    sample = Sample(elapsed, usage.ru_utime + usage.ru_stime, peak)
    return sample, child.returncode, last[0] if last else ""


def build_large(env: dict[str, str], scratch: Path) -> Sample:
    """Run `clientkit demo --large` once."""
    sample, code, error = measure([*clientkit_command(), "demo", "--large"], env, scratch)
    if code != 0:
        raise SystemExit(f"clientkit demo --large failed ({code}): {error}")
    return sample


def build_small(db: Path, env: dict[str, str], scratch: Path) -> None:
    """The 10,000-entry book, through the same builder at a hundredth of the size.

    In a child process: this one stays small, because a child's peak RSS as the kernel
    reports it includes the memory of the parent it was forked from."""
    script = (
        "import sys\n"
        "from clientkit.clock import clock_from_text\n"
        "from clientkit.services.book import open_book\n"
        "from clientkit.demo.build import build_demo\n"
        "book = open_book(sys.argv[1], clock_from_text(sys.argv[2] or None))\n"
        f"build_demo(book, large=True, scale={SMALL_SCALE})\n"
    )
    command = [sys.executable, "-c", script, f"sqlite:///{db}", env.get("CLIENTKIT_TODAY", "")]
    _, code, error = measure(command, env, scratch)
    if code != 0:
        raise SystemExit(f"building the 10,000-entry book failed ({code}): {error}")


def busiest_active_project(db: Path) -> tuple[int, int]:
    """(id, time entries) of the active project with the most history: the slowest `log`."""
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT p.id, count(t.id) FROM project p JOIN time_entry t ON t.project_id = p.id"
            " WHERE p.status = 'active' GROUP BY p.id ORDER BY count(t.id) DESC, p.id LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit(f"{db} has no active project with time entries")
    return int(row[0]), int(row[1])


def sizes(db: Path) -> dict[str, int]:
    tables = ("client", "project", "time_entry", "invoice", "payment", "message")
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


IN_PROCESS = """
import json, statistics, sys, time
from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.risks import FindingRenderer, findings
book = open_book(sys.argv[1], clock_from_text(sys.argv[2] or None))
evaluation, rendering = [], []
for _ in range(int(sys.argv[3]) + 1):
    with book.snapshot() as connection:
        start = time.perf_counter()
        found = findings(book, connection)
        middle = time.perf_counter()
        [FindingRenderer("en_US")(finding) for finding in found]
        end = time.perf_counter()
    evaluation.append(middle - start)
    rendering.append(end - middle)
print(json.dumps([statistics.median(evaluation[1:]), statistics.median(rendering[1:]), len(found)]))
"""


def in_process(db: Path, env: dict[str, str], runs: int) -> tuple[float, float, int]:
    """Median seconds of risk evaluation (facts queried, rules applied, sorted) and of
    rendering the findings, in one warm process after a first round; and the findings."""
    command = [
        sys.executable,
        "-c",
        IN_PROCESS,
        f"sqlite:///{db}",
        env.get("CLIENTKIT_TODAY", ""),
        str(runs),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"in-process risk evaluation failed: {done.stderr[-500:]}")
    evaluation, rendering, count = json.loads(done.stdout)
    return evaluation, rendering, count


def cases() -> list[Case]:
    log = ["log", "{P}", "30m", "--kind", "call"]
    return [
        Case('python -c "import typer" (reference)', ["-c", "import typer"], None),
        Case("clientkit --help", ["--help"], None),
        Case("clientkit risks", ["risks"], ["risks", "--help"]),
        Case("clientkit risks --json", ["risks", "--json"], ["risks", "--help"]),
        Case("clientkit report", ["report"], ["report", "--help"]),
        Case("clientkit log P 30m --kind call", log, ["log", "--help"]),
        Case(
            "clientkit invoice list --overdue --json",
            ["invoice", "list", "--overdue", "--json"],
            ["invoice", "list", "--help"],
        ),
    ]


def command_line(case: Case, project: int) -> list[str]:
    if case.args[0] == "-c":
        return [sys.executable, *case.args]
    return [*clientkit_command(), *(str(project) if a == "{P}" else a for a in case.args)]


def run_all(
    todo: list[Case], runs: int, books: dict[str, tuple[dict[str, str], int]], scratch: Path
) -> None:
    """Warm up once, then `runs` interleaved rounds over every command and both books."""
    for case in todo:
        if case.probe is not None:
            env = books["large"][0]
            _, code, _ = measure([*clientkit_command(), *case.probe], env, scratch)
            case.missing = code != 0
    for round_ in range(runs + 1):
        for case in todo:
            if case.missing or case.failure:
                continue
            for name, (env, project) in books.items():
                sample, code, error = measure(command_line(case, project), env, scratch)
                if code != 0:
                    case.failure = f"failed (exit {code}): {error}"[:70]
                    break
                if round_:  # round 0 warms the page cache and bytecode
                    getattr(case, name).append(sample)


def ms(samples: list[Sample], what: str = "wall") -> float:
    return statistics.median(getattr(s, what) for s in samples) * 1000


def mib(samples: list[Sample]) -> float:
    return max(s.peak for s in samples) / 1024


def report(
    todo: list[Case],
    runs: int,
    build: Sample | None,
    large: dict[str, int],
    small: dict[str, int],
    projects: dict[str, int],
    evaluation: tuple[float, float, int],
) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"clientkit benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load}"
    )
    print(
        f"large book: {large['client']:,} clients, {large['project']:,} projects, "
        f"{large['time_entry']:,} time entries, {large['invoice']:,} invoices, "
        f"{large['payment']:,} payments, {large['message']:,} messages"
    )
    print(f"small book: {small['time_entry']:,} time entries (same shape, 1/100)")
    print(
        f"log goes to the busiest active project: {projects['large']:,} entries on the large "
        f"book, {projects['small']:,} on the small one"
    )
    if build:
        print(
            f"build: clientkit demo --large  {build.wall:.1f} s wall, {build.cpu:.1f} s CPU, "
            f"peak {build.peak / 1024:.0f} MiB"
        )
    print(
        f"\nmedians of {runs} whole-process runs: wall time (and CPU time, user + system) on "
        "each book;\npeak = the largest resident set of the runs on the 1M book\n"
    )
    header = (
        f"{'command':<42} {'1M book (cpu)':>17} {'peak':>8} {'10k book (cpu)':>17} "
        f"{'1M/10k wall, cpu':>17}"
    )
    print(header)
    print("-" * len(header))
    for case in todo:
        if case.missing:
            print(f"{case.label:<42} n/a (command missing)")
        elif case.failure:
            print(f"{case.label:<42} {case.failure}")
        else:
            big, little = ms(case.large), ms(case.small)
            print(
                f"{case.label:<42} {big:>6.0f} ms ({ms(case.large, 'cpu'):>5.0f}) "
                f"{mib(case.large):>4.0f} MiB {little:>6.0f} ms ({ms(case.small, 'cpu'):>5.0f}) "
                f"{big / little:>9.2f}x, {ms(case.large, 'cpu') / ms(case.small, 'cpu'):.2f}x"
            )
    facts, rendering, count = evaluation
    print(
        f"\nin process on the 1M book (median of {runs} warm rounds): risk evaluation "
        f"{facts * 1000:.0f} ms (facts queried, rules applied, sorted: {count:,} findings), "
        f"rendering them {rendering * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (at least 5)")
    parser.add_argument(
        "--book", type=Path, help="SQLite file of a large book to reuse (built there if missing)"
    )
    parser.add_argument("--today", help="fix today (YYYY-MM-DD) for building and commands")
    options = parser.parse_args()
    runs = max(5, options.runs)
    with tempfile.TemporaryDirectory(prefix="clientkit-bench-") as tmp:
        root = Path(tmp)
        large_db = options.book.resolve() if options.book else root / "large.db"
        small_db = root / "small.db"
        large_env = environment(root / "home", large_db, options.today)
        small_env = environment(root / "home", small_db, options.today)
        build = None
        if not large_db.exists():
            print(f"building the large book in {large_db} ...", flush=True)
            build = build_large(large_env, root)
        build_small(small_db, small_env, root)
        large_project, large_entries = busiest_active_project(large_db)
        small_project, small_entries = busiest_active_project(small_db)
        todo = cases()
        books = {"large": (large_env, large_project), "small": (small_env, small_project)}
        run_all(todo, runs, books, root)
        evaluation = in_process(large_db, large_env, runs)
        report(
            todo,
            runs,
            build,
            sizes(large_db),
            sizes(small_db),
            {"large": large_entries, "small": small_entries},
            evaluation,
        )


if __name__ == "__main__":
    main()
