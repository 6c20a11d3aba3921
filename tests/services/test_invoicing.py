"""Invoices as a freelancer relies on them: drafts, deposits, gapless numbers, credit notes."""

import subprocess
import sys
from decimal import Decimal

import pytest
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import Refused
from clientkit.services.invoicing import (
    add_line,
    create_invoice,
    credit_invoice,
    delete_invoice,
    issue_invoice,
    show_invoice,
)
from clientkit.services.lists import list_invoices
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import add_revision, log_time
from clientkit.storage.models import Invoice, Payment
from tests.drafts import billable_draft


def _project(
    book: Book,
    *,
    price: str = "1500",
    currency: str | None = None,
    client: str = "Acme",
    vat_id: str = "",
    deposit: str | None = "30%",
) -> str:
    set_profile(book, vat_id="SK2020123457")  # an invoice charging VAT names it (BR-S-02)
    add_client(book, client, vat_id=vat_id, currency=currency)
    add_project(
        book,
        client,
        "Brand",
        TermsInput(
            price=price, deposit=deposit, currency=currency, revisions=1, revision_fee="150"
        ),
    )
    return "Brand"


def test_a_draft_bills_the_price_and_extra_revisions_with_vat_per_line(book):
    project = _project(book)
    add_revision(book, project, "first")
    add_revision(book, project, "second")
    draft = create_invoice(book, project, vat="20%")
    assert [(line["kind"], line["amount"], line["vat_rate"]) for line in draft["lines"]] == [
        ("price", Decimal("1500.00"), "20"),
        ("revision", Decimal("150.00"), "20"),
    ]
    assert (draft["subtotal"], draft["vat"], draft["total"]) == (
        Decimal("1650.00"),
        Decimal("330.00"),
        Decimal("1980.00"),
    )
    assert (draft["number"], draft["status"]) == (None, "draft")


def test_deposits_are_deducted_as_paid_amount_not_as_a_line_and_vat_stays_whole(book):
    project = _project(book)
    record_deposit(book, project, "450")
    draft = create_invoice(book, project, vat="20%")
    assert [line["kind"] for line in draft["lines"]] == ["price"]
    assert (draft["total"], draft["deposits"], draft["balance"]) == (
        Decimal("1800.00"),
        Decimal("450.00"),
        Decimal("1350.00"),
    )
    issued = issue_invoice(book, str(draft["id"]))
    assert (issued["vat"], issued["paid"], issued["balance"]) == (
        Decimal("300.00"),
        Decimal("450.00"),
        Decimal("1350.00"),
    )
    # The deposit is now the invoice's: a second invoice does not deduct it again.
    again = create_invoice(book, project)
    assert again["deposits"] == Decimal("0.00")


def test_a_deposit_larger_than_the_invoice_is_split_and_the_rest_kept(book):
    project = _project(book, price="100")
    record_deposit(book, project, "250")
    issued = issue_invoice(book, str(create_invoice(book, project)["id"]))
    assert (issued["status"], issued["paid"], issued["balance"]) == (
        "paid",
        Decimal("100.00"),
        Decimal("0.00"),
    )
    follow_up = create_invoice(book, project)  # the price is billed: nothing new to bill
    assert follow_up["lines"] == []
    draft = add_line(book, str(follow_up["id"]), "Extra work", "100")
    assert draft["deposits"] == Decimal("100.00")  # 150 left, capped at the total
    with book.read() as session:
        amounts = sorted(p.amount_minor for p in session.exec(select(Payment)))
    assert amounts == [100_00, 150_00]


def test_issuing_assigns_the_yearly_number_and_due_date(book):
    project = _project(book)
    first = issue_invoice(book, str(billable_draft(book, project, "1500")["id"]))
    second = issue_invoice(book, str(billable_draft(book, project, "1500")["id"]))
    assert (first["number"], second["number"]) == ("2026-0001", "2026-0002")
    assert (str(first["issue_date"]), str(first["due_date"])) == ("2026-11-23", "2026-12-07")


def test_an_issued_invoice_cannot_be_edited_or_deleted(book):
    project = _project(book)
    number = issue_invoice(book, str(create_invoice(book, project)["id"]))["number"]
    with pytest.raises(Refused, match=r"frozen.*credit note"):
        add_line(book, number, "More", "10")
    with pytest.raises(Refused, match="never deleted"):
        delete_invoice(book, number)
    with pytest.raises(Refused, match="already issued"):
        issue_invoice(book, number)
    assert show_invoice(book, number)["total"] == Decimal("1500.00")


def test_a_draft_can_be_deleted_and_never_used_a_number(book):
    project = _project(book)
    draft = create_invoice(book, project)
    assert delete_invoice(book, str(draft["id"]))["deleted"] is True
    assert list_invoices(book) == []
    assert issue_invoice(book, str(create_invoice(book, project)["id"]))["number"] == "2026-0001"


def test_bad_lines_are_refused_and_change_nothing(book):
    draft = create_invoice(book, _project(book))
    for amount, qty in (("abc", "1"), ("10", "0"), ("10", "x"), ("0", "1"), ("1.001", "1")):
        with pytest.raises(InvalidValue):
            add_line(book, str(draft["id"]), "Thing", amount, quantity=qty)
    assert len(show_invoice(book, str(draft["id"]))["lines"]) == 1


def test_an_invoice_that_totals_zero_or_less_cannot_be_issued(book):
    draft = create_invoice(book, _project(book))
    add_line(book, str(draft["id"]), "Goodwill", "-1500")
    with pytest.raises(Refused, match="more than zero"):
        issue_invoice(book, str(draft["id"]))


def test_a_credit_note_has_its_own_number_and_cancels_the_invoice_to_the_cent(book):
    project = _project(book)
    draft = create_invoice(book, project, vat="19%")
    add_line(book, str(draft["id"]), "Icons", "33.33", quantity="3", vat="7%")
    original = issue_invoice(book, str(draft["id"]))
    note = credit_invoice(book, original["number"], reason="Wrong client")
    assert (note["number"], note["kind"], note["credits"]) == (
        "2026-0002",
        "credit_note",
        original["number"],
    )
    assert note["total"] == -original["total"]
    assert note["vat"] == -original["vat"]
    assert note["note"] == "Wrong client"
    credited = show_invoice(book, original["number"])
    assert (credited["status"], credited["balance"], credited["credited_by"]) == (
        "credited",
        Decimal("0.00"),
        "2026-0002",
    )
    with pytest.raises(Refused, match="already cancelled by credit note 2026-0002"):
        credit_invoice(book, original["number"])
    with pytest.raises(Refused, match="only invoices"):
        credit_invoice(book, note["number"])


def test_the_paid_part_of_a_credited_invoice_becomes_client_credit(book):
    project = _project(book)
    record_deposit(book, project, "450")
    number = issue_invoice(book, str(create_invoice(book, project)["id"]))["number"]
    pay_invoice(book, number, "200")
    before = show_client(book, "Acme")
    note = credit_invoice(book, number)
    after = show_client(book, "Acme")
    assert after["credit"] == before["credit"] + Decimal("200.00")
    assert after["received"] == before["received"]  # nothing counted twice
    assert after["balance"] == Decimal("0.00")
    assert any("€200.00 paid on 2026-0001 is now client credit" in n for n in note["notices"])
    # The deposit returns to the project and the corrected invoice deducts it again.
    assert create_invoice(book, project)["deposits"] == Decimal("450.00")


def test_a_draft_cannot_be_credited(book):
    draft = create_invoice(book, _project(book))
    with pytest.raises(Refused, match="delete the draft"):
        credit_invoice(book, str(draft["id"]))


def test_a_jpy_invoice_totals_in_whole_yen(book):
    project = _project(book, price="123457", currency="JPY", deposit="10000")
    record_deposit(book, project, "10000")
    draft = create_invoice(book, project, vat="10%")
    add_line(book, str(draft["id"]), "Rush", "1000", quantity="1.5", vat="10%")
    issued = issue_invoice(book, str(draft["id"]), rate="0.0062")
    assert (issued["subtotal"], issued["vat"], issued["total"]) == (
        Decimal("124957"),
        Decimal("12496"),
        Decimal("137453"),
    )
    assert issued["balance"] == Decimal("127453")
    note = credit_invoice(book, issued["number"])
    assert note["total"] == Decimal("-137453")
    with pytest.raises(InvalidValue, match="decimal"):
        add_line(book, str(create_invoice(book, project)["id"]), "Half", "0.5")


def test_reverse_charge_puts_lines_at_zero_vat_with_the_note(book):
    set_profile(book, name="Jana", vat_id="SK2020123457", reverse_charge=True)
    project = _project(book, vat_id="DE123456788")
    draft = create_invoice(book, project, vat="20%")
    add_line(book, str(draft["id"]), "Icons", "100", vat="20%")
    issued = issue_invoice(book, str(draft["id"]))
    assert issued["reverse_charge"] is True
    assert {line["vat_rate"] for line in issued["lines"]} == {"0"}
    assert (issued["vat"], issued["total"]) == (Decimal("0.00"), Decimal("1600.00"))
    assert "Article 196" in issued["reverse_charge_note"]


def test_a_domestic_client_pays_vat_even_with_reverse_charge_enabled(book):
    set_profile(book, name="Jana", vat_id="SK2020123457", reverse_charge=True)
    draft = create_invoice(book, _project(book, vat_id="SK2020999992"), vat="20%")
    assert (draft["reverse_charge"], draft["vat"]) == (False, Decimal("300.00"))


def test_overdue_lists_only_issued_invoices_with_a_balance_past_due(book):
    project = _project(book)
    late = issue_invoice(
        book,
        str(billable_draft(book, project, "1500")["id"]),
        on=clock_from_text("2026-10-01").today(),
    )
    paid = issue_invoice(
        book,
        str(billable_draft(book, project, "1500")["id"]),
        on=clock_from_text("2026-10-02").today(),
    )
    pay_invoice(book, paid["number"], "1500")
    issue_invoice(book, str(billable_draft(book, project, "1500")["id"]))  # not yet due
    billable_draft(book, project, "1500")
    assert [v["number"] for v in list_invoices(book, overdue=True)] == [late["number"]]
    assert [v["number"] for v in list_invoices(book, client_ref="Acme", status="paid")] == [
        paid["number"]
    ]


WORKER = """
import sys
from clientkit.services.book import open_book
from clientkit.clock import clock_from_text
from clientkit.services.invoicing import issue_invoice
book = open_book(sys.argv[1], clock_from_text("2026-11-23"))
for ref in sys.argv[2:]:
    issue_invoice(book, ref)
"""


def test_six_processes_issuing_at_once_get_gapless_unique_numbers(db_url, tmp_path):
    """6 processes each issue 5 drafts on one book: numbers 2026-0001..0030, no gap, no twin."""
    book = open_book(db_url, clock_from_text("2026-11-23"))
    project = _project(book, deposit=None)
    drafts = [str(billable_draft(book, project, "1500")["id"]) for _ in range(30)]
    book.engine.dispose()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, *drafts[i::6]], stderr=subprocess.PIPE, text=True
        )
        for i in range(6)
    ]
    errors = [worker.communicate(timeout=240)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * 6, errors
    with book.read() as session:
        numbers = sorted(n for n in session.exec(select(Invoice.number)) if n)
    assert numbers == [f"2026-{seq:04d}" for seq in range(1, 31)]
    book.engine.dispose()


def test_a_monthly_invoice_of_an_hourly_project_bills_the_hours_since_the_last(book):
    """October's 10 h are invoiced; November's draft bills the 2.5 h logged since, once."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(hourly="80", deposit="0%"))
    log_time(book, "Site", "10h", "work")
    october = issue_invoice(book, str(create_invoice(book, "Site")["id"]))
    assert october["total"] == Decimal("800.00")
    log_time(book, "Site", "2h30m", "work")
    november = create_invoice(book, "Site")
    assert [(line["quantity"], line["amount"]) for line in november["lines"]] == [
        ("2.50", Decimal("200.00"))
    ]
    assert "bills what is new since" in november["notices"][-1]
    again = create_invoice(book, "Site")  # November's draft stands: nothing new
    assert again["lines"] == []
    assert "earlier invoices" in again["notices"][-1]


def test_hours_of_a_credited_invoice_can_be_billed_again(book):
    """A credit note cancels the invoice: its hours are unbilled once more."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(hourly="80", deposit="0%"))
    log_time(book, "Site", "3h", "work")
    wrong = issue_invoice(book, str(create_invoice(book, "Site")["id"]))
    credit_invoice(book, wrong["number"])
    redo = create_invoice(book, "Site")
    assert [(line["quantity"], line["amount"]) for line in redo["lines"]] == [
        ("3.00", Decimal("240.00"))
    ]
