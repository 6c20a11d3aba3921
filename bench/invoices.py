"""Invoice PDF batch figures: 200 issued EUR invoices, each with the EPC QR and Factur-X XML.

Builds a SQLite book in a temporary CLIENTKIT_HOME (removed afterwards) with 200
issued invoices of 4 lines at two VAT rates, then prints the median and p90 ms per
invoice of render_invoice (layout, QR, CII XML with XSD check, PDF/A-3 embedding)
over the batch, after a warm-up, in wall-clock and in CPU time (the two agree on an
idle machine; on a shared one the CPU figure is the honest one), and the wall time
of the whole `invoice pdf --all`
use case (loading, rendering in up to 4 worker processes, writing the files) divided
by the number of invoices. Also the median of `invoice issue` (the write transaction that
numbers the invoice and stores its frozen documents) and of `invoice pdf NUMBER` for one
issued invoice (the use case: find it, read or render its PDF, write the file).

With --json it prints only the rendering's medians per invoice as JSON (bench/run.py
compares them with InvoiceGenerator's); --db keeps that book in a file, so a second
call renders the invoices already issued there instead of issuing them again.

    python bench/invoices.py [--count 200]
    python bench/invoices.py --json [--count 100] [--db /tmp/batch.db]
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(action: Callable[[], object], wall: list[float], cpu: list[float]) -> object:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    cpu.append((time.process_time() - start_cpu) * 1000)
    wall.append((time.perf_counter() - start) * 1000)
    return result


def _medians(name: str, wall: list[float], cpu: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(wall):.1f} ms wall, "
        f"{statistics.median(cpu):.1f} ms CPU ({len(wall)} runs)"
    )


def issue_invoices(book: Any, count: int, wall: list[float], cpu: list[float]) -> None:
    """`count` issued EUR invoices of three lines at two VAT rates, each to its own client;
    the time of each `invoice issue` is added to `wall` and `cpu`."""
    from clientkit.services.clients import add_client
    from clientkit.services.invoicing import add_line, create_invoice, issue_invoice
    from clientkit.services.profile import set_profile
    from clientkit.services.projects import TermsInput, add_project

    set_profile(
        book,
        name="Jana Nováková",
        business="Štúdio Nováková",
        iban="SK3112000000198742637541",
        bic="TATRSKBX",
        vat_id="SK2020123457",
        address="Hlavná 1\n811 01 Bratislava",
        email="jana@example.sk",
    )
    for n in range(count):
        client = f"Klient {n} s.r.o."
        add_client(book, client, locale="sk_SK", address=f"Ulica {n}\nKošice")
        add_project(book, client, f"Projekt {n}", TermsInput(price=f"{1000 + n}.50", deposit="0"))
        draft = str(create_invoice(book, f"Projekt {n}", vat="20%")["id"])
        add_line(book, draft, "Ďalšie revízie", "150", quantity="2", vat="20%")
        add_line(book, draft, "Komunikácia nad rámec", "45.50", quantity="1.75", vat="10%")
        add_line(book, draft, "Zmena rozsahu: ikony", "333.33", vat="10%")
        _timed(lambda draft=draft: issue_invoice(book, draft), wall, cpu)


def render_all(book: Any) -> tuple[list[float], list[float]]:
    """Wall and CPU ms of render_invoice for every invoice of the book, after a warm-up."""
    from sqlmodel import select

    from clientkit.documents.invoice_pdf import render_invoice
    from clientkit.services.invoice_documents import load_documents
    from clientkit.storage.models import Invoice

    with book.read() as session:
        docs = load_documents(session, list(session.exec(select(Invoice).order_by(Invoice.id))))
    render_invoice(docs[0])  # warm-up: fonts, XSD, imports
    wall, cpu = [], []
    for doc in docs:
        start, start_cpu = time.perf_counter(), time.process_time()
        render_invoice(doc)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def batch_json(count: int, db: Path) -> None:
    """Print the rendering's medians per invoice as JSON, issuing the invoices first if
    the book at `db` has none yet."""
    from clientkit.clock import clock_from_text
    from clientkit.services.book import open_book

    fresh = not db.exists()
    book = open_book(f"sqlite:///{db}", clock_from_text("2026-11-23"))
    if fresh:
        issue_invoices(book, count, [], [])
    wall, cpu = render_all(book)
    book.engine.dispose()
    print(
        json.dumps(
            {
                "wall_ms": statistics.median(wall),
                "cpu_ms": statistics.median(cpu),
                "count": len(wall),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="only the rendering, as JSON")
    parser.add_argument("--db", type=Path, help="SQLite file for the batch's book (--json)")
    options = parser.parse_args()
    count = options.count
    with tempfile.TemporaryDirectory() as home:
        os.environ["CLIENTKIT_HOME"] = home
        if options.json:
            batch_json(count, options.db or Path(home) / "bench.db")
            return
        from clientkit.clock import clock_from_text
        from clientkit.services.book import open_book
        from clientkit.services.stored_documents import write_invoice_pdf, write_invoice_pdfs

        issue_wall: list[float] = []
        issue_cpu: list[float] = []
        book = open_book(f"sqlite:///{Path(home) / 'bench.db'}", clock_from_text("2026-11-23"))
        issue_invoices(book, count, issue_wall, issue_cpu)
        print(_medians("invoice issue (number, deposits, frozen documents)", issue_wall, issue_cpu))
        wall, cpu = render_all(book)
        wall.sort()
        print(
            f"render_invoice, {len(wall)} invoices with QR + Factur-X: "
            f"median {statistics.median(wall):.1f} ms wall (p90 {wall[len(wall) * 9 // 10]:.1f}),"
            f" median {statistics.median(cpu):.1f} ms CPU per invoice"
        )
        # Wall time counts waiting for a busy CPU; CPU time is what an idle machine shows.

        start = time.perf_counter()
        result = write_invoice_pdfs(book, output=str(Path(home) / "batch"))
        wall = (time.perf_counter() - start) * 1000
        print(
            f"invoice pdf --all ({len(result['written'])} files, load + render + write): "
            f"{wall / max(1, len(result['written'])):.1f} ms per invoice"
        )

        one = Path(home) / "one"
        write_invoice_pdf(book, "2026-0001", output=f"{one}{os.sep}")  # warm-up
        pdf_wall: list[float] = []
        pdf_cpu: list[float] = []
        for n in range(1, min(count, 50) + 1):
            number = f"2026-{n:04d}"
            _timed(
                lambda number=number: write_invoice_pdf(
                    book, number, output=f"{one}{os.sep}", force=True
                ),
                pdf_wall,
                pdf_cpu,
            )
        print(
            _medians(
                "invoice pdf NUMBER of an issued invoice (find, PDF, write)", pdf_wall, pdf_cpu
            )
        )
        book.engine.dispose()


if __name__ == "__main__":
    main()
