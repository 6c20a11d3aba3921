"""Migration 0013: invoices issued before it keep the delivery date they printed."""

from datetime import date

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.storage.migrate import alembic_config
from tests.storage.kept_totals import downgrade_to, reopened


def test_issued_invoices_keep_the_delivery_date_they_printed_and_drafts_get_none(book: Book):
    """They printed the project's delivery date, else their issue date; drafts printed none."""
    add_client(book, "Acme")
    for title in ("Delivered", "Running", "Drafted"):
        add_project(book, "Acme", title, TermsInput(price="100", deposit="0"))
        move_project(book, title, "start")
    move_project(book, "Delivered", "deliver", on=date(2026, 11, 2))
    for title in ("Delivered", "Running"):
        issue_invoice(book, str(create_invoice(book, title)["id"]), date(2026, 11, 20))
    create_invoice(book, "Drafted")
    before = ScriptDirectory.from_config(alembic_config()).get_revision("0013").down_revision
    downgrade_to(book, str(before))
    with book.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("invoice")}
    assert "delivered_on" not in columns
    again = reopened(book)
    with again.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT project.title, invoice.delivered_on, invoice.period_start, "
                "invoice.vat_exemption, invoice.exchange_rate FROM invoice "
                "JOIN project ON project.id = invoice.project_id ORDER BY invoice.id"
            )
        ).all()
        profile = connection.execute(text("SELECT vat_exemption FROM profile")).all()
    again.engine.dispose()
    delivered = [(title, str(day) if day else None) for title, day, *_ in rows]
    assert delivered == [
        ("Delivered", "2026-11-02"),
        ("Running", "2026-11-20"),
        ("Drafted", None),
    ]
    assert {(row[2], row[3], row[4]) for row in rows} == {(None, "", None)}
    assert profile in ([], [("none",)])
