"""The InvoiceGenerator anchor: invoices with a QR payment code rendered to PDF.

Run by the bench environment's Python (InvoiceGenerator, qrcode and qrplatba installed
there, see bench/anchors.txt), never by clientkit's. Without --count it renders one
invoice and exits: bench/run.py times that whole process, as it times `clientkit invoice
pdf N`. With --count N it renders N invoices in one process after one warm-up and prints
JSON: the median wall and CPU milliseconds per invoice.

    python bench/anchor_invoicegenerator.py OUTDIR [--count N]
"""

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from InvoiceGenerator.api import Client, Creator, Invoice, Item, Provider
from InvoiceGenerator.pdf import SimpleInvoice

# Three lines at two VAT rates, the shape of bench/invoices.py's invoices.
LINES = (
    ("Further revisions", "2", "150", "20"),
    ("Communication beyond the budget", "1.75", "45.50", "10"),
    ("Change of scope: icons", "1", "333.33", "10"),
)


def invoice(number: int) -> Invoice:
    """One issued EUR invoice with a payment account, so the QR code has what it needs."""
    client = Client(f"Client {number} s.r.o.", address=f"Street {number}", city="Košice")
    provider = Provider(
        "Studio Nováková",
        address="Hlavná 1",
        city="Bratislava",
        zip_code="811 01",
        bank_account="SK3112000000198742637541",
        vat_id="SK2020123457",
    )
    made = Invoice(client, provider, Creator("Jana Nováková"))
    made.number = f"2026-{number:04d}"
    made.variable_symbol = str(number)
    made.currency_locale = "en_US"
    made.currency = "EUR"
    made.use_tax = True
    made.date = date(2026, 11, 23)
    made.taxable_date = made.date
    made.payback = made.date + timedelta(days=14)
    made.iban = "SK3112000000198742637541"
    made.swift = "TATRSKBX"
    for text, count, price, tax in LINES:
        made.add_item(Item(count, Decimal(price), description=text, tax=Decimal(tax)))
    return made


def render(number: int, out: Path) -> None:
    SimpleInvoice(invoice(number)).gen(str(out / f"invoice-{number}.pdf"), generate_qr_code=True)


def batch(count: int, out: Path) -> dict[str, float]:
    """Median wall and CPU ms per invoice over `count` invoices, after one warm-up."""
    render(0, out)
    wall, cpu = [], []
    for number in range(1, count + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        render(number, out)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return {"wall_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu), "count": count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory for the PDFs")
    parser.add_argument("--count", type=int, help="render a batch of N in one process")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    if options.count:
        json.dump(batch(options.count, options.out), sys.stdout)
    else:
        render(1, options.out)


if __name__ == "__main__":
    main()
