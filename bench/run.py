"""clientkit against its anchors: issue 20's table, measured in one run.

Every row of issue 20 is measured on SPEC section 9's large book (1,000,000 time entries)
and on a book of the same shape with 10,000, next to its anchor measured in the same
run: `watson add` (and `watson report -a`) on a frames file of 10,000 frames, and
InvoiceGenerator rendering one invoice with a QR payment code (one whole process, and a
batch). Each row prints clientkit's median, the anchor's, the ratio, the target and
whether it is met, with peak memory. The anchors live in their own venv
(bench/anchors.txt, made on first use; see bench/anchors.py).

Each command is a fresh process, as a user runs it, at least 5 times after a warm-up
round. Rounds interleave everything: each round runs the anchors, then every clientkit
command on both books, so load from other processes hits clientkit and its anchor
alike. Peak memory is the child's own maximum resident set (wait4); the TUI's is its
VmHWM (bench/tui_first_screen.py measures it in tmux, 120x40).

    python bench/run.py [--runs 5] [--book PATH] [--today YYYY-MM-DD] [--anchors DIR]
                        [--only ROW[,ROW...]]

The commands that write (log, revision, message, timer, pay, deposit, contract pdf) add
small rows to the books on every run; payments and deposits are 0.01 on an invoice and a
project with far more left to pay, so later runs find the same room.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from anchors import DEFAULT_DIR, ensure_venv, frames

HERE = Path(__file__).resolve().parent
SMALL_SCALE = 0.01  # the large book's shape with 10,000 time entries
BATCH = 50  # invoices per batch, for clientkit and InvoiceGenerator alike
BATCH_PAIRS = 3
BOOKS = ("large", "small")
WATSON_ADD = ("add", "-f", "10:00", "-t", "10:30", "proj", "+tag")
BOOK_LABEL = {"large": "1M", "small": "10k"}


@dataclass(frozen=True)
class Sample:
    """One run: wall and CPU (user + system) seconds, and peak resident memory in KiB."""

    wall: float
    cpu: float
    peak: int


@dataclass(frozen=True)
class Target:
    """What a row promises: at most `ratio` times its anchor, at most `seconds`, under
    `mib` of peak memory (each only when given)."""

    text: str
    ratio: float | None = None
    seconds: float | None = None
    mib: float | None = None

    def met(self, wall: float, ratio: float | None, peak_kib: int) -> bool:
        return (
            (self.ratio is None or (ratio is not None and ratio <= self.ratio))
            and (self.seconds is None or wall <= self.seconds)
            and (self.mib is None or peak_kib / 1024 < self.mib)
        )


EVERYDAY = Target("<= 1.0x (aim 200 ms)", ratio=1.0)
DOCUMENT = Target("<= 1.5x, < 100 MiB", ratio=1.5, mib=100)


@dataclass
class Row:
    """One line of the table: a clientkit command on both books, or a special case."""

    key: str  # what --only names
    label: str
    args: list[str]  # clientkit's arguments; {P} {C} {INV} {OUT} are filled per book
    anchor: str | None
    target: Target | None
    fallback: list[str] | None = None  # run instead when `args --help` fails
    also: str | None = None  # a second anchor whose ratio is printed too
    note: str = ""
    samples: dict[str, list[Sample]] = field(default_factory=lambda: {b: [] for b in BOOKS})
    failure: str = ""


def rows() -> list[Row]:
    everyday = [
        Row("log", "log P 30m", ["log", "{P}", "30m"], "watson add", EVERYDAY),
        Row(
            "revision",
            "revision add P TEXT",
            ["revision", "add", "{P}", "bench: one more change"],
            "watson add",
            EVERYDAY,
        ),
        Row(
            "message",
            "message add C --inbound",
            ["message", "add", "{C}", "--inbound", "--subject", "bench"],
            "watson add",
            EVERYDAY,
        ),
        Row("timer", "timer start P", ["timer", "start", "{P}"], "watson add", EVERYDAY),
        Row("timer", "timer stop", ["timer", "stop"], "watson add", EVERYDAY),
        Row("pay", "pay INV 0.01", ["pay", "{INV}", "0.01"], "watson add", EVERYDAY),
        Row("deposit", "deposit P 0.01", ["deposit", "{P}", "0.01"], "watson add", EVERYDAY),
        Row("project-show", "project show P", ["project", "show", "{P}"], "watson add", EVERYDAY),
        Row(
            "client-show",
            "client show C",
            ["client", "show", "{C}"],
            "watson add",
            EVERYDAY,
            also="watson report",
        ),
        Row(
            "client-list",
            "client list",
            ["client", "list"],
            "watson add",
            EVERYDAY,
            also="watson report",
        ),
    ]
    documents = [
        Row(
            "invoice-pdf",
            "invoice pdf INV",
            ["invoice", "pdf", "{INV}", "-o", "{OUT}/invoice.pdf", "--force"],
            "InvoiceGenerator",
            DOCUMENT,
        ),
        Row(
            "contract-pdf",
            "contract pdf P",
            ["contract", "pdf", "{P}", "-o", "{OUT}/contract.pdf", "--force"],
            "InvoiceGenerator",
            DOCUMENT,
        ),
    ]
    lists = [
        Row(
            "invoice-list",
            "invoice list --all",
            ["invoice", "list", "--all"],
            None,
            Target("< 1.5 s, < 100 MiB", seconds=1.5, mib=100),
            fallback=["invoice", "list"],
        ),
        Row(
            "invoice-list",
            "invoice list --all --json",
            ["invoice", "list", "--all", "--json"],
            None,
            Target("< 1.5 s, < 100 MiB", seconds=1.5, mib=100),
            fallback=["invoice", "list", "--json"],
        ),
        Row("report", "report", ["report"], None, Target("< 0.5 s", seconds=0.5)),
    ]
    reference = [Row("reference", 'python -c "import typer"', ["-c", "import typer"], None, None)]
    return reference + everyday + documents + lists


SPECIAL = ("invoice-batch", "tui", "build")


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


@dataclass(frozen=True)
class Targets:
    """What the commands of one book act on, chosen where the work is heaviest."""

    project: int  # the active project with the most time entries
    project_entries: int
    client: int  # the client with the most invoices
    client_invoices: int
    invoice: str  # the issued invoice with the most left to pay
    invoice_open_minor: int


def choose_targets(db: Path) -> Targets:
    with sqlite3.connect(db) as connection:
        project = connection.execute(
            "SELECT p.id, count(t.id) FROM project p JOIN time_entry t ON t.project_id = p.id"
            " WHERE p.status = 'active' GROUP BY p.id ORDER BY count(t.id) DESC, p.id LIMIT 1"
        ).fetchone()
        client = connection.execute(
            "SELECT client_id, count(*) FROM invoice GROUP BY client_id"
            " ORDER BY count(*) DESC, client_id LIMIT 1"
        ).fetchone()
        invoice = connection.execute(
            "SELECT i.number, i.total_minor - coalesce((SELECT sum(p.amount_minor)"
            " FROM payment p WHERE p.invoice_id = i.id AND p.voided_at IS NULL), 0) AS open"
            " FROM invoice i WHERE i.status = 'issued' AND i.kind = 'invoice'"
            " ORDER BY open DESC, i.id LIMIT 1"
        ).fetchone()
    if project is None or client is None or invoice is None:
        raise SystemExit(f"{db} lacks an active project, a client or an issued invoice")
    return Targets(*project, *client, *invoice)


def sizes(db: Path) -> dict[str, int]:
    tables = ("client", "project", "time_entry", "invoice", "payment", "message")
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@dataclass
class Book:
    name: str
    db: Path
    env: dict[str, str]
    targets: Targets
    out: Path


def fill(args: list[str], book: Book) -> list[str]:
    values = {
        "{P}": str(book.targets.project),
        "{C}": str(book.targets.client),
        "{INV}": book.targets.invoice,
        "{OUT}": str(book.out),
    }
    filled = []
    for arg in args:
        for key, value in values.items():
            arg = arg.replace(key, value)
        filled.append(arg)
    return filled


def command_line(row: Row, book: Book) -> list[str]:
    if row.args[0] == "-c":
        return [sys.executable, *row.args]
    return [*clientkit_command(), *fill(row.args, book)]


def probe(row: Row, book: Book, scratch: Path) -> None:
    """Fall back to the plain command, or mark the row missing, if clientkit lacks it."""
    if row.args[0] == "-c":
        return
    words = [a for a in row.args if "{" not in a]
    words = words[: next((i for i, a in enumerate(words) if a == "-o"), len(words))]
    _, code, _ = measure([*clientkit_command(), *words, "--help"], book.env, scratch)
    if code == 0:
        return
    if row.fallback is None:
        row.failure = "n/a (command missing)"
        return
    row.note = f"`{' '.join(row.args)}` does not exist here: ran `{' '.join(row.fallback)}`"
    row.args = row.fallback
    row.label = " ".join(row.fallback)


class Anchors:
    """The anchors' commands, each a whole process measured like clientkit's."""

    def __init__(self, bin_dir: Path, scratch: Path) -> None:
        self.bin = bin_dir
        self.scratch = scratch
        self.watson_dir = scratch / "watson"
        self.watson_dir.mkdir()
        self.frames = frames()
        (self.watson_dir / "frames").write_text(self.frames)
        self.env = {**os.environ, "WATSON_DIR": str(self.watson_dir)}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env.pop("PYTHONPATH", None)
        self.samples: dict[str, list[Sample]] = {}

    def command(self, name: str) -> list[str]:
        return {
            "watson add": [str(self.bin / "watson"), *WATSON_ADD],
            "watson report": [str(self.bin / "watson"), "report", "-a"],
            "InvoiceGenerator": [
                str(self.bin / "python"),
                str(HERE / "anchor_invoicegenerator.py"),
                str(self.scratch / "ig"),
            ],
        }[name]

    def sample(self, name: str, keep: bool) -> None:
        if name == "watson add":  # always 10,000 frames: take back the frame the last add made
            (self.watson_dir / "frames").write_text(self.frames)
        sample, code, error = measure(self.command(name), self.env, self.scratch)
        if code != 0:
            raise SystemExit(f"anchor {name} failed ({code}): {error}")
        if keep:
            self.samples.setdefault(name, []).append(sample)

    def batch(self, count: int) -> dict[str, float]:
        done = subprocess.run(
            [*self.command("InvoiceGenerator"), "--count", str(count)],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return dict(json.loads(done.stdout))


def clientkit_batch(count: int, db: Path, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(HERE / "invoices.py"), "--json", f"--count={count}", f"--db={db}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench/invoices.py --json failed: {done.stderr[-500:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def median(samples: list[Sample], what: str = "wall") -> float:
    return statistics.median(getattr(s, what) for s in samples)


def peak(samples: list[Sample]) -> int:
    return max(s.peak for s in samples)


@dataclass
class Results:
    build: Sample | None = None
    build_note: str = ""
    batch: list[tuple[dict[str, float], dict[str, float]]] = field(default_factory=list)
    tui: dict[str, list[object]] = field(default_factory=dict)


def run_rounds(
    todo: list[Row],
    books: list[Book],
    anchors: Anchors | None,
    tui_run: Callable[[Book], object] | None,
    runs: int,
    scratch: Path,
    results: Results,
) -> None:
    """Round 0 warms the page cache and bytecode; then `runs` interleaved rounds."""
    needed = sorted({n for row in todo for n in (row.anchor, row.also) if n})
    if not todo and tui_run is None:
        return
    for round_ in range(runs + 1):
        keep = round_ > 0
        if anchors:
            for name in needed:
                anchors.sample(name, keep)
        for row in todo:
            if row.failure:
                continue
            for book in books:
                sample, code, error = measure(command_line(row, book), book.env, scratch)
                if code != 0:
                    row.failure = f"failed (exit {code}): {error}"[:90]
                    break
                if keep:
                    row.samples[book.name].append(sample)
        if tui_run:
            for book in books:
                result = tui_run(book)
                if keep:
                    results.tui.setdefault(book.name, []).append(result)
        print(f"  round {round_} of {runs} done", file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.0f} ms"


def line(label: str, book: str, figure: str, mib: str, anchor: str, ratio: str, *rest: str) -> str:
    """One row of the table; `rest` is the target and whether it is met."""
    target, met = (*rest, "", "")[:2]
    text = (
        f"{label:<26} {book:<4} {figure:<17} {mib:>7}  {anchor:<24} {ratio:>12}  {target:<22} {met}"
    )
    return text.rstrip()


def verdict(target: Target | None, wall: float, ratio: float | None, peak_kib: int) -> str:
    if target is None:
        return ""
    return "yes" if target.met(wall, ratio, peak_kib) else "NO"


def print_rows(todo: list[Row], anchors: Anchors | None, tally: list[bool]) -> list[str]:
    notes = []
    for row in todo:
        if row.failure:
            print(line(row.label, "", row.failure, "", "", ""))
            continue
        if row.note:
            notes.append(row.note)
        anchor = anchors.samples.get(row.anchor, []) if anchors and row.anchor else []
        second = anchors.samples.get(row.also, []) if anchors and row.also else []
        for index, name in enumerate(BOOKS):
            samples = row.samples[name]
            wall, cpu, top = median(samples), median(samples, "cpu"), peak(samples)
            ratio = wall / median(anchor) if anchor else None
            cpu_ratio = f" ({cpu / median(anchor, 'cpu'):.2f})" if anchor else ""
            shown = verdict(row.target, wall, ratio, top)
            if shown:
                tally.append(shown == "yes")
            extra = f" ({wall / median(second):.2f}x {row.also})" if second else ""
            print(
                line(
                    row.label if index == 0 else "",
                    BOOK_LABEL[name],
                    f"{ms(wall)} ({cpu * 1000:5.0f})",
                    f"{top / 1024:.0f} MiB",
                    (f"{row.anchor} {median(anchor) * 1000:.0f} ms" if anchor else "")
                    if index == 0
                    else "",
                    f"{ratio:.2f}x{cpu_ratio}" if ratio else "-",
                    (row.target.text if row.target else "") if index == 0 else "",
                    shown + extra,
                )
            )
    return notes


def print_batch(results: Results, tally: list[bool]) -> None:
    if not results.batch:
        return
    ours = statistics.median(c["wall_ms"] for c, _ in results.batch)
    ours_cpu = statistics.median(c["cpu_ms"] for c, _ in results.batch)
    theirs = statistics.median(a["wall_ms"] for _, a in results.batch)
    theirs_cpu = statistics.median(a["cpu_ms"] for _, a in results.batch)
    ratio = ours / theirs
    met = ratio <= 1 / 1.5
    tally.append(met)
    print(
        line(
            "invoice batch, per invoice",
            "-",
            f"{ours:6.1f} ms ({ours_cpu:5.1f})",
            "",
            f"InvoiceGenerator {theirs:.1f} ms",
            f"{ratio:.2f}x ({ours_cpu / theirs_cpu:.2f})",
            "<= 0.67x (1.5x faster)",
            "yes" if met else "NO",
        )
    )


def print_tui(results: Results, tally: list[bool]) -> list[str]:
    notes = []
    target = Target("< 0.6 s, < 100 MiB", seconds=0.6, mib=100)
    for index, name in enumerate(BOOKS):
        runs = results.tui.get(name)
        if not runs:
            continue
        risks = statistics.median(r.risks for r in runs)  # type: ignore[attr-defined]
        top = max(r.peak for r in runs)  # type: ignore[attr-defined]
        shown = verdict(target, risks, None, top)
        tally.append(shown == "yes")
        print(
            line(
                "TUI cold start to risks" if index == 0 else "",
                BOOK_LABEL[name],
                f"{ms(risks)}",
                f"{top / 1024:.0f} MiB",
                "",
                "-",
                target.text if index == 0 else "",
                shown,
            )
        )
        paint = statistics.median(r.paint for r in runs)  # type: ignore[attr-defined]
        lists = statistics.median(r.lists for r in runs)  # type: ignore[attr-defined]
        notes.append(
            f"TUI on the {BOOK_LABEL[name]} book: dashboard painted at {paint * 1000:.0f} ms, "
            f"its lists in at {lists * 1000:.0f} ms, its risks at {risks * 1000:.0f} ms"
        )
    return notes


def print_build(results: Results, tally: list[bool]) -> None:
    if results.build is None:
        if results.build_note:
            print(line("demo --large (build)", "1M", results.build_note, "", "", ""))
        return
    build = results.build
    met = build.wall < 15
    tally.append(met)
    print(
        line(
            "demo --large (build)",
            "1M",
            f"{build.wall:6.1f} s ({build.cpu:5.1f})",
            f"{build.peak / 1024:.0f} MiB",
            "",
            "-",
            "< 15 s",
            "yes" if met else "NO",
        )
    )


def report(
    todo: list[Row],
    anchors: Anchors | None,
    results: Results,
    books: list[Book],
    runs: int,
    started: str,
    load_before: str,
) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nclientkit against its anchors, {started} UTC")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average {load_before} at the start, {load} at the end"
    )
    for book in books:
        size = sizes(book.db)
        t = book.targets
        print(
            f"{BOOK_LABEL[book.name]} book: {size['client']:,} clients, {size['project']:,} "
            f"projects, {size['time_entry']:,} time entries, {size['invoice']:,} invoices; "
            f"P = project {t.project} ({t.project_entries:,} entries), C = client {t.client} "
            f"({t.client_invoices:,} invoices), INV = {t.invoice} "
            f"({t.invoice_open_minor / 100:,.2f} open)"
        )
    if anchors and anchors.samples:
        shown = "; ".join(
            f"{name} {median(s) * 1000:.0f} ms (cpu {median(s, 'cpu') * 1000:.0f}, "
            f"{peak(s) / 1024:.0f} MiB)"
            for name, s in sorted(anchors.samples.items())
        )
        print(f"anchors: {shown}")
        print(
            "  watson: 10,000 frames; InvoiceGenerator: one invoice with a QR payment code "
            "to PDF, whole process"
        )
    print(
        f"\nmedians of {runs} runs per book, wall (cpu) and the largest peak; ratio = "
        "clientkit's wall / the anchor's (the same of cpu); met is judged on wall time\n"
    )
    header = line("row", "book", "clientkit (cpu)", "peak", "anchor", "ratio", "target", "met")
    print(header)
    print("-" * len(header))
    tally: list[bool] = []
    notes = print_rows(todo, anchors, tally)
    print_batch(results, tally)
    notes += print_tui(results, tally)
    print_build(results, tally)
    print(f"\ntargets met: {sum(tally)} of {len(tally)}")
    for note in notes:
        print(f"- {note}")


def select(only: list[str] | None) -> tuple[list[Row], set[str]]:
    known = {row.key for row in rows()} | set(SPECIAL)
    if not only:
        return rows(), set(SPECIAL)
    wanted = {key.strip() for part in only for key in part.split(",") if key.strip()}
    unknown = wanted - known
    if unknown:
        raise SystemExit(
            f"unknown row(s): {', '.join(sorted(unknown))}; rows: {', '.join(sorted(known))}"
        )
    return [row for row in rows() if row.key in wanted], wanted & set(SPECIAL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per command (at least 5)")
    parser.add_argument(
        "--book", type=Path, help="SQLite file of a large book to reuse (built there if missing)"
    )
    parser.add_argument("--today", help="fix today (YYYY-MM-DD) for building and commands")
    parser.add_argument(
        "--anchors",
        type=Path,
        default=DEFAULT_DIR,
        help=f"the anchors' venv (default {DEFAULT_DIR})",
    )
    parser.add_argument(
        "--only",
        action="append",
        help="rows to run, comma-separated or repeated: "
        + ", ".join(sorted({r.key for r in rows()} | set(SPECIAL))),
    )
    options = parser.parse_args()
    runs = max(5, options.runs)
    todo, special = select(options.only)
    started = f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    results = Results()
    with tempfile.TemporaryDirectory(prefix="clientkit-bench-") as tmp:
        root = Path(tmp)
        needs_books = bool(todo) or "tui" in special
        large_db = options.book.resolve() if options.book else root / "large.db"
        home = root / "home"
        large_env = environment(home, large_db, options.today)
        if not large_db.exists() and (needs_books or "build" in special):
            print(f"building the large book in {large_db} ...", file=sys.stderr, flush=True)
            results.build = build_large(large_env, root)
        elif "build" in special:
            if options.only:  # asked for by name: time a fresh build beside the reused book
                print("building a fresh large book to time it ...", file=sys.stderr, flush=True)
                fresh = root / "build.db"
                results.build = build_large(environment(home, fresh, options.today), root)
                fresh.unlink()
            else:
                results.build_note = "not built (--book reused; --only build times one)"
        books: list[Book] = []
        if needs_books:
            small_db = root / "small.db"
            small_env = environment(home, small_db, options.today)
            build_small(small_db, small_env, root)
            for name, db, env in (("large", large_db, large_env), ("small", small_db, small_env)):
                out = root / f"out-{name}"
                out.mkdir()
                books.append(Book(name, db, env, choose_targets(db), out))
            for book in books:  # no timer left running by an interrupted earlier run
                measure([*clientkit_command(), "timer", "stop"], book.env, root)
        anchors = None
        if any(row.anchor for row in todo) or "invoice-batch" in special:
            anchors = Anchors(ensure_venv(options.anchors), root)
        for row in todo:
            probe(row, books[0], root)
        terminal = None
        tui_run = None
        if "tui" in special:
            from tui_first_screen import TuiTerminal, tui_environment

            terminal = TuiTerminal()
            tui_envs = {b.name: tui_environment(b.db, home, options.today) for b in books}

            def tui_run(book: Book) -> object:
                assert terminal is not None
                return terminal.run(clientkit_command(), tui_envs[book.name])

        try:
            run_rounds(todo, books, anchors, tui_run, runs, root, results)
        finally:
            if terminal:
                terminal.close()
        if "invoice-batch" in special and anchors:
            env = environment(home, root / "batch.db", options.today)
            for _ in range(BATCH_PAIRS):
                theirs = anchors.batch(BATCH)
                ours = clientkit_batch(BATCH, root / "batch.db", env)
                results.batch.append((ours, theirs))
        report(todo, anchors, results, books, runs, started, load_before)


if __name__ == "__main__":
    main()
