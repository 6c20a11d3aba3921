"""Backup, export and import on a book of the large book's shape: median wall, CPU, peak memory.

    python bench/transfer.py                 # scale 0.1 (100,000 time entries), 3 runs
    python bench/transfer.py --scale 1       # SPEC section 9's full book (1,000,000 entries)

Each command runs as a fresh process, interleaved with the others, `--runs` times.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from run import Sample, clientkit_command, environment, measure, sizes


def build(db: Path, scale: float, env: dict[str, str], scratch: Path) -> None:
    """The large book's builder at `scale`, in a child (this process stays small)."""
    script = (
        "import sys\n"
        "from clientkit.clock import clock_from_text\n"
        "from clientkit.services.book import open_book\n"
        "from clientkit.demo.build import build_demo\n"
        "book = open_book(sys.argv[1], clock_from_text(sys.argv[2]))\n"
        "build_demo(book, large=True, scale=float(sys.argv[3]))\n"
    )
    command = [sys.executable, "-c", script, f"sqlite:///{db}", env["CLIENTKIT_TODAY"], str(scale)]
    _, code, error = measure(command, env, scratch)
    if code != 0:
        raise SystemExit(f"building the book failed ({code}): {error}")


def cases(tmp: Path, run: int) -> list[tuple[str, list[str]]]:
    """(label, arguments) of the commands of one round."""
    restored = f"sqlite:///{tmp / f'restored-{run}.db'}"
    return [
        ("backup -o FILE", ["backup", "-o", str(tmp / f"backup-{run}.db")]),
        ("export -o DIR (json)", ["export", "-o", str(tmp / f"json-{run}")]),
        (
            "export -o DIR --format csv",
            ["export", "-o", str(tmp / f"csv-{run}"), "--format", "csv"],
        ),
        ("import DIR (into an empty book)", ["--db", restored, "import", str(tmp / "json-0")]),
        ("import DIR (again: nothing to do)", ["--db", restored, "import", str(tmp / "json-0")]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--today", default="2026-11-23")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clientkit-bench-") as name:
        tmp = Path(name)
        db = tmp / "book.db"
        env = environment(tmp / "home", db, args.today)
        build(db, args.scale, env, tmp)
        samples: dict[str, list[Sample]] = {}
        for run in range(args.runs):
            for label, arguments in cases(tmp, run):
                sample, code, error = measure([*clientkit_command(), *arguments], env, tmp)
                if code != 0:
                    raise SystemExit(f"{label} failed ({code}): {error}")
                samples.setdefault(label, []).append(sample)
        rows = sum(sizes(db).values())
        print(
            f"book at scale {args.scale}: {rows:,} rows in the main tables, "
            f"{db.stat().st_size / 2**20:.0f} MiB; {args.runs} runs, medians"
        )
        print(f"{'command':<36}{'wall s':>9}{'cpu s':>9}{'peak MiB':>10}")
        for label, taken in samples.items():
            print(
                f"{label:<36}{statistics.median(s.wall for s in taken):>9.1f}"
                f"{statistics.median(s.cpu for s in taken):>9.1f}"
                f"{max(s.peak for s in taken) / 1024:>10.0f}"
            )


if __name__ == "__main__":
    main()
