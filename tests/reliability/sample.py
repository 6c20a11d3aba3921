"""A small book with a row in every table, built through the services as a user would."""

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import add_line, create_invoice, credit_invoice, issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.risk_acks import ack_risk
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from clientkit.services.tracking import (
    add_revision,
    log_time,
    start_timer,
)
from clientkit.storage.models import Contract, Reminder, utcnow
from clientkit.storage.transfer_queries import book_tables

HOSTILE_CLIENT = "<img src=x onerror=alert(1)> & ‏שלום 🎨"


def fill_book(book: Book) -> None:
    """Three clients in EUR, JPY and USD (one with every structured party field, one with only
    an old free-text address); paid, part-paid, overpaid, credited and draft invoices; buyer
    and order references on a project and an invoice."""
    set_profile(
        book,
        name="Jana Nováková",
        email="jana@studio.test",
        iban="SK3112000000198742637541",
        currency="EUR",
        locale="en_US",
        street="Obchodná 24",
        postcode="811 06",
        city="Bratislava",
        country="SK",
        reg_id="36281395",
        vat_id="SK2020273893",
        phone="+421 2 1234 5678",
    )
    add_client(
        book,
        "Acme & Sons",
        email="billing@acme.test",
        currency="EUR",
        budget="2000",
        street="Torstraße 140",
        postcode="10119",
        city="Berlin",
        country="DE",
        reg_id="HRB 187654 B",
        tax_id="27/123/45678",
        vat_id="DE298765435",
        contact="Lena Vogel",
        phone="+49 30 2345 6789",
        endpoint="0088:4000001123452",
    )
    add_client(book, "Tokyo Kaisha", currency="JPY")
    add_client(book, HOSTILE_CLIENT, currency="USD", address="1 Main St\nSpringfield")
    add_project(
        book,
        "Acme & Sons",
        "Brand identity",
        TermsInput(
            price="1500",
            revisions=2,
            revision_fee="150",
            deposit="30%",
            comm_budget="3h",
            comm_rate="60",
            late_fee="1.5%",
            deadline="2026-12-20",
            buyer_ref="04011000-1234512345-06",
        ),
    )
    add_project(book, "Tokyo Kaisha", "App", TermsInput(hourly="8000", estimate_hours="10"))
    add_project(book, HOSTILE_CLIENT, "=cmd|' /C calc'!A0", TermsInput(price="999.99"))
    add_scope_item(book, "Brand identity", "Logo")
    for title in ("Brand identity", "App", "3"):
        move_project(book, title, "start")
    record_deposit(book, "Brand identity", "450")
    change = add_scope_item(book, "Brand identity", "Social media kit", price="300")
    approve_scope_item(book, str(change["id"]), "2026-11-20")
    for label in ("Bolder logo", "Other blue", "Third round"):
        add_revision(book, "Brand identity", label)
    log_time(book, "Brand identity", "1h30m", "call", note="kick-off")
    log_time(book, "Brand identity", "2h", "meeting")
    log_time(book, "App", "7h45m", "work", on="2026-11-20")
    log_time(book, "3", "45m", "email", note="-2+3 cells")
    add_message(
        book,
        "Acme & Sons",
        "inbound",
        subject="Can we change the colours?",
        at="2026-11-21T09:15:00+01:00",
        body="Dobrý deň,\n\tthe blue is off; „ďakujem“.",
    )
    add_message(book, "Acme & Sons", "outbound", subject="Re: colours")
    add_message(book, HOSTILE_CLIENT, "inbound", subject="@SUM(1+1)", body="=HYPERLINK(1)")
    _bill(book)
    _contract_and_reminder(book)
    start_timer(book, "App", "work", note="sprint")
    ack_risk(book, "no_contract", project_ref="App", reason="Signed by e-mail", until="2026-12-31")


def _bill(book: Book) -> None:
    brand = create_invoice(book, "Brand identity", vat="20%")
    issue_invoice(book, str(brand["id"]))
    # Paid the day before the invoice was issued: it happens (a payment on the quote), confirmed.
    pay_invoice(
        book, str(brand["id"]), "500", on="2026-11-22", method="bank transfer", confirmed=True
    )
    app = create_invoice(book, "App", order_ref="PO-2026-7")
    issue_invoice(book, str(app["id"]))
    pay_invoice(book, str(app["id"]), "70000", on="2026-11-23")  # overpaid: client credit
    usd = create_invoice(book, "3")
    add_line(book, str(usd["id"]), "Rush fee", "12.35", quantity="1.5")
    issue_invoice(book, str(usd["id"]))
    credit_invoice(book, str(usd["id"]), reason="cancelled by the client")
    draft = create_invoice(book, "Brand identity")
    add_line(book, str(draft["id"]), "Extra banner", "80", quantity="2", vat="20%")


def _contract_and_reminder(book: Book) -> None:
    with book.write() as session:
        session.add(
            Contract(
                project_id=1,
                template="contract",
                lang="en_US",
                values_json='{"price": "1500.00"}',
                sha256="ab" * 32,
                path="contracts/brand-identity.pdf",
                signed_on=book.clock.today(),
            )
        )
        session.add(
            Reminder(
                invoice_id=1,
                level="friendly",
                status="sent",
                message_id="<r1@studio.test>",
                intent_at=utcnow(),
                sent_at=utcnow(),
            )
        )


def counts(connection: Connection) -> dict[str, int]:
    """Rows per table."""
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in book_tables()
    }


def book_counts(book: Book) -> dict[str, int]:
    with book.engine.connect() as connection:
        return counts(connection)


def every_table_has_rows(book: Book) -> list[str]:
    """Names of tables the sample left empty (should be none)."""
    return [name for name, rows in book_counts(book).items() if rows == 0]
