"""First-use cost of the gettext catalogs: compiling a language's .po in memory.

Each run is a fresh process that first does what rendering an invoice does anyway (imports
the PDF module, formats a date, a number and an amount with Babel), then times the first
language's labels (Babel's catalog reader is imported then) and a second language's. Prints
the minimum and the median (ms) over the runs; the minimum is the cost itself, the median
what a shared machine adds to it.

    python bench/translations.py [--runs 15]
"""

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

PROBE = """
import time
from datetime import date
from decimal import Decimal
import clientkit.documents.invoice_pdf as invoice_pdf
from clientkit.i18n import format_date, format_decimal, money_formatter
format_date(date(2026, 1, 1), "de_DE"); format_decimal(Decimal(1), "de_DE")
money_formatter("EUR", "de_DE")(100)
start = time.perf_counter()
invoice_pdf.labels_for("de_DE")
first = time.perf_counter()
invoice_pdf.labels_for("uk_UA")
second = time.perf_counter()
print((first - start) * 1000, (second - first) * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    root = Path(__file__).resolve().parent.parent
    firsts, seconds = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=root
        )
        first, second = (float(value) for value in done.stdout.split())
        firsts.append(first)
        seconds.append(second)
    for label, values in (("first language", firsts), ("another language", seconds)):
        print(f"{label:<17} min {min(values):5.2f} ms   median {statistics.median(values):5.2f} ms")


if __name__ == "__main__":
    main()
