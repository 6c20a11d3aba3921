"""The cost of the integrity check before a process's first write, on books of three sizes.

For each book (the demo book, the large book's shape at a tenth and at full size) prints its
size, the median of `PRAGMA quick_check` alone, and the median of a first write (`add_client`
on a freshly opened book, as one CLI process does) with the check and without it
(QUICK_CHECK_MAX_BYTES = 0). Books are built with the demo builder in a temporary
directory (the full-size one takes ~30 s), or the full-size one is reused with --book.

    python bench/integrity_check.py [--runs 7] [--book /tmp/large.db] [--scales 0.1,1]
"""

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_ms

from clientkit.services.book import open_book
from clientkit.services.clients import add_client
from clientkit.storage import engine

TODAY = "2026-11-23"
BUILD = (
    "import sys\n"
    "from clientkit.clock import clock_from_text\n"
    "from clientkit.services.book import open_book\n"
    "from clientkit.demo.build import build_demo\n"
    "book = open_book(sys.argv[1], clock_from_text(sys.argv[2]))\n"
    "scale = float(sys.argv[3])\n"
    "build_demo(book, large=scale > 0, **({'scale': scale} if scale > 0 else {}))\n"
)


def build(db: Path, scale: float) -> None:
    """The demo book (scale 0) or the large book's shape at `scale`, in a child process."""
    command = [sys.executable, "-c", BUILD, f"sqlite:///{db}", TODAY, str(scale)]
    subprocess.run(command, check=True)


def quick_check(db: Path) -> None:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
    finally:
        connection.close()


def first_write(db: Path, counter: list[int]) -> None:
    """Open the book and add one client: what `clientkit client add` does after start-up."""
    book = open_book(f"sqlite:///{db}")
    counter[0] += 1
    add_client(book, f"Bench client {counter[0]:06d}")
    book.engine.dispose()


def measure(label: str, db: Path, runs: int) -> None:
    counter = [0]
    limit = engine.QUICK_CHECK_MAX_BYTES
    first_write(db, counter)  # warm-up: imports, page cache
    check = median_ms(lambda: quick_check(db), runs)
    engine.QUICK_CHECK_MAX_BYTES = 1 << 62
    checked = median_ms(lambda: first_write(db, counter), runs)
    engine.QUICK_CHECK_MAX_BYTES = 0
    unchecked = median_ms(lambda: first_write(db, counter), runs)
    engine.QUICK_CHECK_MAX_BYTES = limit
    size = db.stat().st_size / 1024 / 1024
    used = "checked" if db.stat().st_size <= limit else "not checked (over the limit)"
    print(
        f"{label:<24} {size:>8.1f} MB  quick_check {check:>7.1f} ms  first write "
        f"{checked:>7.1f} ms with, {unchecked:>7.1f} ms without  -> {used}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--book", type=Path, help="a full-size large book to reuse (a copy)")
    parser.add_argument("--scales", default="0.1,1", help="large-book scales to build")
    options = parser.parse_args()
    print(
        f"limit: quick_check before the first write on books up to "
        f"{engine.QUICK_CHECK_MAX_BYTES / 1024 / 1024:.0f} MB; medians of {options.runs} runs"
    )
    with tempfile.TemporaryDirectory() as scratch:
        books = [("demo book", 0.0)] + [
            (f"large book x{scale}", float(scale)) for scale in options.scales.split(",")
        ]
        for label, scale in books:
            db = Path(scratch) / f"book-{scale}.db"
            if scale == 1.0 and options.book is not None:
                shutil.copy(options.book, db)
            else:
                build(db, scale)
            measure(label, db, options.runs)
            db.unlink()


if __name__ == "__main__":
    main()
