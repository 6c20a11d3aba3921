"""TUI time to first screen on the large book (SPEC section 9), in a headless Textual pilot.

For each run a fresh app (via make_app, as the entry point builds it) starts at 80×24
and these moments are taken from the start of `run_test`:

- ready:     the app is running and the dashboard is mounted (header, footer, empty sections);
- lists:     overdue invoices, replies owed, active projects and the week have arrived;
- risks:     the risk findings have arrived too (the slowest section; loaded last).

It also times opening the clients screen (`c`) until its first page is shown.
Prints the median of each over the runs. The large book is built once (clientkit demo
--large) in a temporary CLIENTKIT_HOME, or taken from --db.

    python bench/tui_first_screen.py [--runs 7] [--db sqlite:////path/to/large.db] [--scale 1.0]
"""

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from typing import Any

LIST_SECTIONS = {"overdue", "awaiting", "projects", "week"}


async def one_run(book: Any) -> dict[str, float]:
    from clientkit.tui.app import make_app
    from clientkit.tui.messages import PageLoaded, SectionLoaded

    marks: dict[str, float] = {}
    seen: set[str] = set()
    start = time.perf_counter()

    def hook(message: Any) -> None:
        now = (time.perf_counter() - start) * 1000
        if isinstance(message, SectionLoaded):
            seen.add(message.section)
            if seen >= LIST_SECTIONS and "lists" not in marks:
                marks["lists"] = now
            if message.section == "risks":
                marks["risks"] = now
        if isinstance(message, PageLoaded) and "clients" in marks and "clients page" not in marks:
            marks["clients page"] = now - marks["clients"]

    app = make_app(book)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        marks["ready"] = (time.perf_counter() - start) * 1000
        while "risks" not in marks:
            await pilot.pause(0.01)
        marks["clients"] = (time.perf_counter() - start) * 1000
        await pilot.press("c")
        while "clients page" not in marks:
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
    del marks["clients"]
    return marks


def open_large(url: str | None, scale: float) -> Any:
    from clientkit.clock import clock_from_text
    from clientkit.demo.build import build_demo
    from clientkit.services.book import open_book

    clock = clock_from_text("2026-11-23")
    if url:
        return open_book(url, clock)
    book = open_book(None, clock)
    started = time.perf_counter()
    summary = build_demo(book, large=True, scale=scale)
    print(
        f"built the large book in {time.perf_counter() - started:.1f} s: "
        f"{summary['clients']} clients, {summary['projects']} projects, "
        f"{summary['time_entries']} time entries, {summary['invoices']} invoices"
    )
    return book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an existing large book (default: build one)")
    parser.add_argument("--scale", type=float, default=1.0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["CLIENTKIT_HOME"] = home
        book = open_large(options.db, options.scale)
        asyncio.run(one_run(book))  # warm-up: imports, CSS parsing, SQLite page cache
        runs = [asyncio.run(one_run(book)) for _ in range(options.runs)]
        book.engine.dispose()
    print(f"TUI on the large book, median of {options.runs} runs (ms):")
    for key in ("ready", "lists", "risks", "clients page"):
        print(f"  {key:<13} {statistics.median(run[key] for run in runs):8.1f}")


if __name__ == "__main__":
    main()
