"""Whole-process start-up figures: `clientkit --help` and an everyday write, small vs large book.

Prints medians of wall time over several runs (each a fresh process, as a user runs it) for
`python -c "import typer"`, `clientkit --help` and `clientkit log P 30m --kind call` on a
small book and on a book with a million time entries, then the two ratios the README quotes.

    python bench/startup.py [--runs 9] [--entries 1000000]

The large book is built here with plain sqlite3 executemany on a migrated file (not the ORM),
in a temporary directory that is removed afterwards.
"""

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from run import clientkit_command

TODAY = "2026-11-23"
STAMP = "2026-11-23 09:00:00.000000"
CLIENTS = 5_000
PROJECTS = 20_000
BUSY_ENTRIES = 100_000  # on project "Busy": a worst case for per-project sums


def environment(home: Path, db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CLIENTKIT_HOME": str(home),
        "CLIENTKIT_DB": f"sqlite:///{db}",
        "CLIENTKIT_TODAY": TODAY,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process; a failure stops the run.

    CPU time is reported too because on a shared machine other processes stretch wall time.
    """
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, _children_cpu() - cpu_before


def migrated_book(path: Path, env: dict[str, str]) -> None:
    """A migrated book with client Acme and project P, made by the CLI itself."""
    base = clientkit_command()
    for args in (
        ["client", "add", "Acme"],
        [
            "project",
            "add",
            "Acme",
            "P",
            "--hourly",
            "80",
            "--comm-budget",
            "10h",
            "--comm-rate",
            "60",
            "--deposit",
            "0",
        ],
        ["project", "start", "P"],
    ):
        run(base + args, env)
    assert path.exists()


def _rows(count: int, first_project: int, projects: int) -> Iterator[tuple[object, ...]]:
    kinds = ("work", "work", "work", "call", "email", "meeting", "chat")
    for index in range(count):
        yield (
            STAMP,
            STAMP,
            first_project + index % projects,
            kinds[index % len(kinds)],
            15 + index % 90,
            f"2026-{1 + index % 11:02d}-{1 + index % 28:02d}",
            1,
            "",
        )


def fill_large(path: Path, entries: int) -> None:
    """Add 5,000 clients, 20,000 projects and `entries` time entries with bulk INSERTs."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")  # building a throwaway benchmark file
    with connection:
        connection.executemany(
            "INSERT INTO client (created_at, updated_at, name, email, company, address, vat_id,"
            " currency, locale, archived) VALUES (?, ?, ?, '', '', '', '', 'EUR', 'en_US', 0)",
            ((STAMP, STAMP, f"Client {n:05d}") for n in range(CLIENTS)),
        )
        first_client = connection.execute(
            "SELECT min(id) FROM client WHERE name LIKE 'Client %'"
        ).fetchone()[0]
        connection.executemany(
            "INSERT INTO project (created_at, updated_at, client_id, title, status, currency,"
            " hourly_rate_minor, payment_days) VALUES (?, ?, ?, ?, 'active', 'EUR', 8000, 14)",
            (
                (STAMP, STAMP, first_client + n % CLIENTS, f"Project {n:05d}")
                for n in range(PROJECTS - 1)
            ),
        )
        connection.execute(
            "INSERT INTO project (created_at, updated_at, client_id, title, status, currency,"
            " hourly_rate_minor, comm_budget_minutes, comm_rate_minor, payment_days)"
            " VALUES (?, ?, ?, 'Busy', 'active', 'EUR', 8000, 600, 6000, 14)",
            (STAMP, STAMP, first_client),
        )
        busy = connection.execute("SELECT id FROM project WHERE title = 'Busy'").fetchone()[0]
        insert = (
            "INSERT INTO time_entry (created_at, updated_at, project_id, kind, minutes,"
            " day, billable, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        spread = max(0, entries - BUSY_ENTRIES)
        # Ids 1..PROJECTS are P (made by the CLI, id 1) and the bulk projects: P gets its
        # share of entries like any project of the large book.
        connection.executemany(insert, _rows(spread, 1, PROJECTS))
        connection.executemany(insert, _rows(min(entries, BUSY_ENTRIES), busy, 1))
    connection.execute("ANALYZE")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per command (at least 7)")
    parser.add_argument("--entries", type=int, default=1_000_000, help="time entries, large book")
    options = parser.parse_args()
    runs = max(7, options.runs)
    base = clientkit_command()
    with tempfile.TemporaryDirectory(prefix="clientkit-bench-") as tmp:
        root = Path(tmp)
        small_db, large_db = root / "small.db", root / "large.db"
        small_env = environment(root / "home", small_db)
        large_env = environment(root / "home", large_db)
        migrated_book(small_db, small_env)
        migrated_book(large_db, large_env)
        started = time.perf_counter()
        fill_large(large_db, options.entries)
        built = time.perf_counter() - started
        count = sqlite3.connect(large_db).execute("SELECT count(*) FROM time_entry").fetchone()[0]
        print(
            f"large book: {count:,} time entries, {PROJECTS:,} projects, {CLIENTS:,} clients "
            f"(built in {built:.1f} s)"
        )

        log = [*base, "log", "P", "30m", "--kind", "call"]
        cases = {
            'python -c "import typer"': ([sys.executable, "-c", "import typer"], small_env),
            "clientkit --help": ([*base, "--help"], small_env),
            "log P 30m --kind call (small book)": (log, small_env),
            f"log P 30m --kind call ({count:,} entries)": (log, large_env),
            f"log Busy 30m --kind call (Busy has {min(count, BUSY_ENTRIES):,})": (
                [*base, "log", "Busy", "30m", "--kind", "call"],
                large_env,
            ),
        }
        samples: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for command, env in cases.values():
            run(command, env)  # warm the page cache and bytecode before timing
        for _ in range(runs):  # interleaved, so load on a shared machine hits all cases alike
            for name, (command, env) in cases.items():
                wall, used = run(command, env)
                samples[name].append(wall)
                cpu[name].append(used)

    print(f"\nmedian of {runs} whole-process runs: wall time (min-max), CPU time (user+sys)")
    width = max(len(name) for name in samples)
    for name, values in samples.items():
        print(
            f"  {name:<{width}}  {median_ms(values):7.1f} ms"
            f"  ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
            f"  cpu {median_ms(cpu[name]):6.1f} ms"
        )
    names = list(samples)
    typer_ms, help_ms, small_ms, large_ms = (median_ms(samples[n]) for n in names[:4])
    print(f"\n  --help / import typer      {help_ms / typer_ms:5.2f}x  (target <= 2.5x)")
    print(f"  log (large) / log (small)  {large_ms / small_ms:5.2f}x  (target ~1.0x)")
    print(f"  log (small)                {small_ms:7.1f} ms (target < 350 ms)")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
