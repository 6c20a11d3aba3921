"""Advance invoices as a freelancer relies on them: a numbered invoice asks for the deposit,
recording the deposit pays it, the final invoice deducts it by VAT rate, and money that comes
after the final invoice was issued counts against it."""

from decimal import Decimal

import pytest
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.domain.errors import InvalidValue
from clientkit.services.advances import request_advance
from clientkit.services.book import Book, open_book
from clientkit.services.cancellation import cancel_project
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.export import export_book
from clientkit.services.history import history, undo
from clientkit.services.import_ import import_path
from clientkit.services.invoicing import (
    create_invoice,
    credit_invoice,
    issue_invoice,
    remove_line,
    show_invoice,
)
from clientkit.services.lists import list_invoices
from clientkit.services.payment_records import list_payments, void_payment
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.reminders import preview
from clientkit.services.stored_documents import write_invoice_pdf
from clientkit.services.tracking import log_time
from clientkit.storage.models import Invoice, InvoiceLine, Payment
from tests.conftest import TODAY, _fresh_pg_database
from tests.services.reminder_seed import freelancer, overdue_invoice

SELLER = {
    "name": "Jana Nováková",
    "business": "Štúdio Nováková",
    "street": "Obchodná 24",
    "postcode": "811 06",
    "city": "Bratislava",
    "country": "SK",
    "vat_id": "SK2020273893",
    "iban": "SK3112000000198742637541",
    "locale": "sk_SK",
}
BUYER = {
    "company": "Acme s.r.o.",
    "street": "Hlavná 12",
    "postcode": "040 01",
    "city": "Košice",
    "country": "SK",
    "vat_id": "SK2120046819",
    "locale": "sk_SK",
}


@pytest.fixture
def studio(book: Book) -> Book:
    """A Slovak freelancer charging VAT and a Slovak company's project of 1,500 (30 % deposit)."""
    set_profile(book, **SELLER)  # type: ignore[arg-type]
    add_client(book, "Acme", **BUYER)  # type: ignore[arg-type]
    add_project(book, "Acme", "Brand", TermsInput(price="1500", deposit="30%"))
    return book


def _plain(notices: list[str]) -> list[str]:
    """Notices with Babel's no-break spaces in amounts read as plain ones."""
    return [notice.replace("\xa0", " ").replace("\u202f", " ") for notice in notices]


def _rows(book: Book) -> dict[str, int]:
    with book.read() as session:
        return {
            model.__name__: len(session.exec(select(model)).all())
            for model in (Invoice, InvoiceLine, Payment)
        }


def test_a_deposit_request_issues_the_next_number_of_the_series_with_vat(studio):
    """30 % of 1,500 is 450 net; at 20 % VAT the advance invoice asks for 540."""
    advance = request_advance(studio, "Brand", percent="30", vat="20%")
    assert (advance["number"], advance["kind"], advance["status"]) == (
        "2026-0001",
        "advance",
        "issued",
    )
    assert [(line["kind"], line["amount"], line["vat_rate"]) for line in advance["lines"]] == [
        ("advance", Decimal("450.00"), "20")
    ]
    assert (advance["subtotal"], advance["vat"], advance["total"], advance["balance"]) == (
        Decimal("450.00"),
        Decimal("90.00"),
        Decimal("540.00"),
        Decimal("540.00"),
    )
    assert advance["delivered"] is None  # paid before the supply it is for
    final = issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    assert final["number"] == "2026-0002"  # its own line in the series


def test_an_amount_is_asked_for_net_and_a_percent_may_be_typed_with_its_sign(studio):
    assert request_advance(studio, "Brand", amount="200", vat="10%")["total"] == Decimal("220.00")
    assert request_advance(studio, "Brand", percent="10%", vat="20%")["subtotal"] == Decimal(
        "150.00"
    )


def test_the_vat_rate_defaults_to_the_one_invoice_create_uses(studio):
    studio.config.setdefault("invoice", {})["default_vat"] = "23%"
    assert request_advance(studio, "Brand", amount="100")["lines"][0]["vat_rate"] == "23"


def test_a_reverse_charge_client_gets_an_advance_at_0_percent_with_the_note(book):
    set_profile(book, **SELLER, reverse_charge=True)  # type: ignore[arg-type]
    add_client(
        book, "Alpen", company="Alpen GmbH", country="AT", vat_id="ATU13585627", locale="de_AT"
    )
    add_project(book, "Alpen", "Catalogue", TermsInput(price="2000", deposit="0"))
    advance = request_advance(book, "Catalogue", percent="50", vat="20%")
    assert (advance["vat"], advance["total"], advance["reverse_charge"]) == (
        Decimal("0.00"),
        Decimal("1000.00"),
        True,
    )
    assert any("reverse charge applies" in notice for notice in advance["notices"])


@pytest.mark.parametrize(
    ("amount", "percent", "message"),
    [
        ("100", "10", "either --amount or --percent, not both"),
        (None, None, "the agreed deposit: --percent 30"),
        (None, "0", "more than 0 and at most 100"),
        (None, "101", "at most 100%"),
        (None, "-5", "must not be negative"),
        ("0", None, "must be more than zero"),
        ("1500.01", None, "more than is left of the project's"),
    ],
)
def test_bad_requests_are_refused_as_bad_input_and_change_nothing(studio, amount, percent, message):
    before, entries = _rows(studio), len(history(studio))
    with pytest.raises(InvalidValue, match=message):  # BadInput among them: exit 2
        request_advance(studio, "Brand", amount=amount, percent=percent, vat="20%")
    assert (_rows(studio), len(history(studio))) == (before, entries)


def test_what_is_left_of_the_price_shrinks_with_each_advance_asked_for(studio):
    request_advance(studio, "Brand", amount="1000", vat="20%")
    with pytest.raises(BadInput, match=r"more than is left .* \(500,00\xa0€"):
        request_advance(studio, "Brand", amount="600", vat="20%")
    assert request_advance(studio, "Brand", amount="500", vat="20%")["subtotal"] == Decimal(
        "500.00"
    )


def test_a_cancelled_project_takes_no_advance_invoice(studio):
    cancel_project(studio, "Brand")
    with pytest.raises(BadInput, match="is cancelled"):
        request_advance(studio, "Brand", percent="30", vat="20%")


def test_a_percentage_needs_a_price_or_an_estimate(studio):
    add_project(studio, "Acme", "Support", TermsInput(hourly="60", deposit="0"))
    with pytest.raises(BadInput, match="no price or estimate"):
        request_advance(studio, "Support", percent="30", vat="20%")
    assert request_advance(studio, "Support", amount="300", vat="20%")["total"] == Decimal("360.00")


def test_recording_the_deposit_pays_the_advance_invoice(studio):
    advance = request_advance(studio, "Brand", percent="30", vat="20%")
    recorded = record_deposit(studio, "Brand", "540")
    assert recorded["invoice_id"] == advance["id"]
    assert "540,00 € pays advance invoice 2026-0001 in full" in _plain(recorded["notices"])
    paid = show_invoice(studio, "2026-0001")
    assert (paid["status"], paid["paid"], paid["balance"]) == (
        "paid",
        Decimal("540.00"),
        Decimal("0.00"),
    )
    assert show_project(studio, "Brand")["deposit_received"] == Decimal("540.00")


def test_a_deposit_pays_the_oldest_open_advance_unless_one_is_named(studio):
    request_advance(studio, "Brand", amount="100", vat="20%")  # 2026-0001: 120
    request_advance(studio, "Brand", amount="200", vat="20%")  # 2026-0002: 240
    record_deposit(studio, "Brand", "240", advance_ref="2026-0002")
    assert [show_invoice(studio, n)["status"] for n in ("2026-0001", "2026-0002")] == [
        "issued",
        "paid",
    ]
    record_deposit(studio, "Brand", "50")
    assert show_invoice(studio, "2026-0001")["balance"] == Decimal("70.00")


def test_more_than_the_advance_asks_waits_as_a_deposit_for_the_final_invoice(studio):
    request_advance(studio, "Brand", percent="30", vat="20%")
    recorded = record_deposit(studio, "Brand", "600")
    waits = "60,00 € waits as a deposit for the project's next invoice"
    assert waits in _plain(recorded["notices"])
    final = issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    assert (final["total"], final["deposits"], final["balance"]) == (
        Decimal("1260.00"),
        Decimal("60.00"),
        Decimal("1200.00"),
    )


def test_a_deposit_naming_an_invoice_the_book_lacks_says_so_and_records_nothing(studio):
    """`--advance 2026-0099` (no such number or id): the lookup's own sentence, nothing kept."""
    request_advance(studio, "Brand", amount="100", vat="20%")
    before = _rows(studio)
    with pytest.raises(NotFound) as caught:
        record_deposit(studio, "Brand", "50", advance_ref="2026-0099")
    assert str(caught.value) == ("no invoice '2026-0099': give its number (e.g. 2026-0001) or id")
    assert _rows(studio) == before


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("2026-0002", "is not an advance invoice"),
        ("2026-0003", "is not one of project 'Brand'"),
        ("2026-0001", "is paid: it takes no deposit"),
    ],
)
def test_a_deposit_naming_what_is_not_an_open_advance_of_the_project_is_bad_input(
    studio, ref, message
):
    request_advance(studio, "Brand", amount="100", vat="20%")
    record_deposit(studio, "Brand", "120")
    add_project(studio, "Acme", "Other", TermsInput(price="400", deposit="0"))
    issue_invoice(studio, str(create_invoice(studio, "Other", vat="20%")["id"]))  # 2026-0002
    add_project(studio, "Acme", "Third", TermsInput(price="500", deposit="0"))
    request_advance(studio, "Third", amount="100", vat="20%")  # 2026-0003
    before = _rows(studio)
    with pytest.raises(BadInput, match=message):
        record_deposit(studio, "Brand", "50", advance_ref=ref)
    assert _rows(studio) == before


def test_paying_an_advance_invoice_with_pay_records_a_deposit(studio):
    request_advance(studio, "Brand", percent="30", vat="20%")
    paid = pay_invoice(studio, "2026-0001", "540")
    assert paid["status"] == "paid"
    assert [row["kind"] for row in list_payments(studio)] == ["deposit"]


def _paid_advance(book: Book, amount: str, vat: str) -> str:
    advance = request_advance(book, "Brand", amount=amount, vat=vat)
    record_deposit(book, "Brand", str(advance["total"]))
    return str(advance["number"])


def test_the_final_invoice_deducts_each_paid_advance_by_vat_rate(studio):
    """Advances at 20 % and 10 %: the final invoice's VAT breakdown is the VAT still owed; the
    deduction lines are in the (Slovak) client's language."""
    first = _paid_advance(studio, "300", "20%")
    second = _paid_advance(studio, "100", "10%")
    draft = create_invoice(studio, "Brand", vat="20%")
    assert [
        (line["description"], line["amount"], line["vat_rate"], line["kind"])
        for line in draft["lines"]
    ] == [
        ("Brand", Decimal("1500.00"), "20", "price"),
        (f"Odpočet zálohovej faktúry {first}", Decimal("-300.00"), "20", "advance"),
        (f"Odpočet zálohovej faktúry {second}", Decimal("-100.00"), "10", "advance"),
    ]
    assert [(row["vat_rate"], row["base"], row["vat"]) for row in draft["vat_summary"]] == [
        ("10", Decimal("-100.00"), Decimal("-10.00")),
        ("20", Decimal("1200.00"), Decimal("240.00")),
    ]
    final = issue_invoice(studio, str(draft["id"]))
    # 1,800 billed in all: 360 + 110 paid on the advances, 1,330 on the final invoice.
    assert (final["total"], final["paid"], final["balance"]) == (
        Decimal("1330.00"),
        Decimal("0.00"),
        Decimal("1330.00"),
    )
    again = create_invoice(studio, "Brand", vat="20%")
    assert not [line for line in again["lines"] if line["kind"] == "advance"]  # deducted once


def test_an_unpaid_advance_is_not_deducted_and_the_notices_say_so(studio):
    request_advance(studio, "Brand", percent="30", vat="20%")
    draft = create_invoice(studio, "Brand", vat="20%")
    assert [line["kind"] for line in draft["lines"]] == ["price"]
    said = "advance invoice 2026-0001 is not paid yet (540,00 € due), so it is not deducted"
    assert any(notice.startswith(said) for notice in _plain(draft["notices"]))
    issued = issue_invoice(studio, str(draft["id"]))
    assert any(notice.startswith(said) for notice in _plain(issued["notices"]))


def test_a_final_invoice_wholly_paid_in_advance_totals_zero_and_is_issued_paid(studio):
    _paid_advance(studio, "1500", "20%")
    draft = create_invoice(studio, "Brand", vat="20%")
    assert draft["total"] == Decimal("0.00")
    final = issue_invoice(studio, str(draft["id"]))
    assert (final["status"], final["balance"]) == ("paid", Decimal("0.00"))


def test_an_advance_larger_than_a_draft_waits_for_the_projects_next_invoice(studio):
    add_project(studio, "Acme", "Support", TermsInput(hourly="60", estimate_hours="20"))
    advance = request_advance(studio, "Support", amount="1000", vat="20%")
    record_deposit(studio, "Support", "1200")
    log_time(studio, "Support", "5h", "work")
    draft = create_invoice(studio, "Support", vat="20%")
    assert [line["kind"] for line in draft["lines"]] == ["hours"]
    said = f"advance invoice {advance['number']} (1 000,00 € net) is more than this draft bills"
    assert any(notice.startswith(said) for notice in _plain(draft["notices"]))


def test_a_draft_whose_advance_payment_was_voided_is_not_issued(studio):
    _paid_advance(studio, "300", "20%")
    draft = create_invoice(studio, "Brand", vat="20%")
    void_payment(studio, "1", reason="bounced")  # paid after the advance's issue: voidable
    assert show_invoice(studio, "2026-0001")["status"] == "issued"
    with pytest.raises(Refused, match=r"line 2 .* deducts advance invoice 2026-0001, which is"):
        issue_invoice(studio, str(draft["id"]))
    remove_line(studio, str(draft["id"]), 2)
    assert issue_invoice(studio, str(draft["id"]))["total"] == Decimal("1800.00")


def test_an_unpaid_advance_is_cancelled_by_a_credit_note(studio):
    request_advance(studio, "Brand", percent="30", vat="20%")
    note = credit_invoice(studio, "2026-0001", reason="Not needed")
    assert (note["kind"], note["credits"], note["total"]) == (
        "credit_note",
        "2026-0001",
        Decimal("-540.00"),
    )
    cancelled = show_invoice(studio, "2026-0001")
    assert (cancelled["status"], cancelled["balance"]) == ("credited", Decimal("0.00"))
    assert [line["kind"] for line in create_invoice(studio, "Brand")["lines"]] == ["price"]
    assert request_advance(studio, "Brand", amount="1500", vat="20%")["number"] == "2026-0003"


def test_a_paid_advance_credited_returns_its_money_to_the_project_as_a_deposit(studio):
    _paid_advance(studio, "300", "20%")
    credit_invoice(studio, "2026-0001")
    final = issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    assert (final["total"], final["deposits"]) == (Decimal("1800.00"), Decimal("360.00"))


def test_an_advance_deducted_on_an_invoice_is_credited_only_after_that_invoice(studio):
    _paid_advance(studio, "300", "20%")
    draft = create_invoice(studio, "Brand", vat="20%")
    with pytest.raises(Refused, match=f"deducted on draft {draft['id']}"):
        credit_invoice(studio, "2026-0001")
    issue_invoice(studio, str(draft["id"]))
    with pytest.raises(Refused, match="deducted on invoice 2026-0002; credit invoice 2026-0002"):
        credit_invoice(studio, "2026-0001")
    credit_invoice(studio, "2026-0002")
    assert credit_invoice(studio, "2026-0001")["credits"] == "2026-0001"


def test_a_plain_deposit_with_no_advance_invoice_is_still_deducted_as_paid(studio):
    record_deposit(studio, "Brand", "450")
    final = issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    assert [line["kind"] for line in final["lines"]] == ["price"]
    assert (final["total"], final["deposits"], final["balance"]) == (
        Decimal("1800.00"),
        Decimal("450.00"),
        Decimal("1350.00"),
    )


def test_a_deposit_after_the_final_invoice_counts_against_its_balance_not_its_document(
    studio, tmp_path
):
    final = issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    number = str(final["number"])
    pdf_before = write_invoice_pdf(studio, number, output=str(tmp_path))
    record_deposit(studio, "Brand", "10")
    shown = show_invoice(studio, number)
    assert (shown["paid"], shown["balance"]) == (Decimal("10.00"), Decimal("1790.00"))
    assert [v["balance"] for v in list_invoices(studio)] == [Decimal("1790.00")]
    client = show_client(studio, "Acme")
    assert (client["received"], client["balance"]) == (Decimal("10.00"), Decimal("1790.00"))
    pdf_after = write_invoice_pdf(studio, number, output=str(tmp_path), force=True)
    assert pdf_after["sha256"] == pdf_before["sha256"]  # the document stays as issued


def test_a_late_deposit_lowers_what_the_reminder_asks_for(book):
    freelancer(book)
    invoice = overdue_invoice(book, days_overdue=10, price="800")
    record_deposit(book, str(invoice["project"]), "300")
    [reminder] = preview(book)["reminders"]
    assert reminder["balance"] == Decimal("500.00")


def test_a_deposit_absorbed_when_the_invoice_was_issued_is_still_not_voided(studio):
    record_deposit(studio, "Brand", "450")
    issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    with pytest.raises(Refused, match="states it as paid"):
        void_payment(studio, "1", reason="typo")


def test_a_deposit_request_and_the_deposit_paying_it_cannot_be_undone(studio):
    request_advance(studio, "Brand", percent="30", vat="20%")
    with pytest.raises(Refused, match="it issued invoice 2026-0001"):
        undo(studio)
    record_deposit(studio, "Brand", "540")
    with pytest.raises(Refused, match="payment of issued invoice 2026-0001"):
        undo(studio)


def test_an_export_brings_back_advance_invoices_and_the_lines_deducting_them(studio, tmp_path):
    _paid_advance(studio, "300", "20%")
    issue_invoice(studio, str(create_invoice(studio, "Brand", vat="20%")["id"]))
    export_book(studio, tmp_path / "out")
    url = _fresh_pg_database() if studio.dialect == "postgresql" else f"sqlite:///{tmp_path}/r.db"
    restored = open_book(url, clock_from_text(TODAY))
    import_path(restored, tmp_path / "out")
    assert list_invoices(restored) == list_invoices(studio)
    again = create_invoice(restored, "Brand", vat="20%")
    assert [line["kind"] for line in again["lines"]] == []  # deducted (and billed) already
    restored.engine.dispose()
