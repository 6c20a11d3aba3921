"""Contract PDF figures: template rendering, PDF layout, and the whole `contract pdf` use case.

Prints medians (ms) over several runs, in one process after a warm-up (fonts registered,
templates compiled), for: rendering the shipped German template to text, laying that text
out as a PDF, and generate_contract end to end (read the book, render, write the file,
store the row), on a SQLite book in a temporary CLIENTKIT_HOME that is removed afterwards.

    python bench/contracts.py [--runs 50]
"""

import argparse
import os
import tempfile
from pathlib import Path

from common import median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as home:
        os.environ["CLIENTKIT_HOME"] = home
        from clientkit.clock import clock_from_text
        from clientkit.documents.contract_pdf import render_contract_pdf
        from clientkit.documents.markup import mark_value
        from clientkit.documents.templating import render
        from clientkit.services.book import open_book
        from clientkit.services.clients import add_client
        from clientkit.services.contracts import ContractRequest, generate_contract
        from clientkit.services.profile import set_profile
        from clientkit.services.projects import TermsInput, add_project
        from clientkit.services.tracking import add_scope_item

        book = open_book(f"sqlite:///{Path(home) / 'bench.db'}", clock_from_text("2026-11-23"))
        set_profile(book, name="Jana Nováková", iban="SK3112000000198742637541")
        add_client(book, "Acme GmbH", locale="de_DE")
        terms = TermsInput(
            price="1500",
            revisions=2,
            revision_fee="150",
            deposit="30%",
            comm_budget="5h",
            comm_rate="80",
            rush_fee="25%",
            cancel_fee="20%",
            late_fee="1.5%",
            deadline="2027-01-15",
        )
        add_project(book, "Acme GmbH", "Logo", terms)
        for item in ("Wortmarke", "Bildmarke", "Styleguide", "Visitenkarten"):
            add_scope_item(book, "Logo", item, hours="4")
        first = generate_contract(book, "Logo", ContractRequest())
        values = _values(book)
        text = render("contract.de.txt", values, finalize=mark_value)

        figures = {
            "template -> text": median_ms(
                lambda: render("contract.de.txt", values, finalize=mark_value), runs
            ),
            "text -> PDF bytes": median_ms(lambda: render_contract_pdf(text), runs),
            "contract pdf (end to end)": median_ms(
                lambda: generate_contract(book, "Logo", ContractRequest()), runs
            ),
        }
        size = Path(first["path"]).stat().st_size
        book.engine.dispose()
    for label, value in figures.items():
        print(f"{label:<28} {value:8.1f} ms (median of {runs})")
    print(f"{'PDF size':<28} {size / 1024:8.1f} KiB")


def _values(book: object) -> dict[str, object]:
    from clientkit.services.contracts import contract_values
    from clientkit.storage.models import Client, Profile, Project

    with book.read() as session:  # type: ignore[attr-defined]
        project = session.get(Project, 1)
        return contract_values(
            session,
            project,
            session.get(Client, project.client_id),
            session.get(Profile, 1),
            "de_DE",
            book.clock.today(),
        )  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
