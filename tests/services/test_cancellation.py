"""Cancelling a project: the contract's fee, the draft with the work done, deposits as paid."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from clientkit.domain.billing import Line
from clientkit.domain.errors import InvalidValue
from clientkit.services.cancellation import cancel_project
from clientkit.services.clients import add_client
from clientkit.services.contracts import ContractRequest, generate_contract
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import Refused
from clientkit.services.invoicing import (
    create_draft,
    create_invoice,
    credit_invoice,
    issue_invoice,
)
from clientkit.services.lookup import find_project
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import log_time
from clientkit.storage.models import Invoice, Project


@pytest.fixture
def acme(book):  # type: ignore[no-untyped-def]
    add_client(book, "Acme")
    return book


def _fixed(book, basis: str = "price", deposit: str = "0%") -> None:  # type: ignore[no-untyped-def]
    add_project(
        book,
        "Acme",
        "Logo",
        TermsInput(price="1500", cancel_fee="20%", cancel_fee_basis=basis, deposit=deposit),
    )
    move_project(book, "Logo", "start")


def _lines(view) -> list[tuple[str, Decimal]]:  # type: ignore[no-untyped-def]
    return [(line["kind"], line["amount"]) for line in view["lines"]]


def _invoice_count(book) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return int(session.exec(select(func.count()).select_from(Invoice)).one())


def test_cancel_states_the_fee_on_the_price_and_stores_the_status(acme):
    _fixed(acme)
    view = cancel_project(acme, "Logo")
    assert (view["status"], view["invoice"]) == ("cancelled", None)
    assert view["cancellation"] == {
        "percent": "20%",
        "basis": "price",
        "value": Decimal("1500.00"),
        "invoiced": Decimal("0.00"),
        "base": Decimal("1500.00"),
        "fee": Decimal("300.00"),
        "currency": "EUR",
    }
    assert view["notices"] == ["cancellation fee per contract: 20% of the price = €300.00"]
    shown = show_project(acme, "Logo")
    assert (shown["status"], shown["cancel_fee_basis"]) == ("cancelled", "price")
    assert _invoice_count(acme) == 0


def _milestone(book, amount_minor: int) -> None:  # type: ignore[no-untyped-def]
    """Issue an invoice billing part of the price by hand (a milestone)."""
    with book.write() as session:
        project = find_project(session, "Logo")
        draft = create_draft(
            book, session, project, [Line("Milestone 1", Decimal(1), amount_minor, kind="manual")]
        )
    issue_invoice(book, str(draft["id"]))


def test_on_the_remainder_basis_issued_invoices_reduce_the_base(acme):
    """600 of the 1,500 price was invoiced: the fee is 20 % of the 900 left."""
    _fixed(acme, "remainder")
    _milestone(acme, 600_00)
    view = cancel_project(acme, "Logo")
    fee = view["cancellation"]
    assert (fee["invoiced"], fee["base"], fee["fee"]) == (
        Decimal("600.00"),
        Decimal("900.00"),
        Decimal("180.00"),
    )
    assert view["notices"] == [
        "cancellation fee per contract: 20% of the unbilled remainder of the price (€900.00)"
        " = €180.00"
    ]


def test_extras_already_invoiced_do_not_reduce_the_remainder(acme):
    """A billed revision fee is not part of the price: only price, hours and manual lines are."""
    _fixed(acme, "remainder")
    with acme.write() as session:
        project = find_project(session, "Logo")
        draft = create_draft(
            acme, session, project, [Line("Extra revision", Decimal(1), 150_00, kind="revision")]
        )
    issue_invoice(acme, str(draft["id"]))
    assert cancel_project(acme, "Logo")["cancellation"]["fee"] == Decimal("300.00")


def test_a_credited_invoice_no_longer_counts_as_invoiced(acme):
    _fixed(acme, "remainder")
    issued = issue_invoice(acme, str(create_invoice(acme, "Logo")["id"]))
    credit_invoice(acme, issued["number"])
    assert cancel_project(acme, "Logo")["cancellation"]["fee"] == Decimal("300.00")


def test_remainder_after_the_whole_price_was_invoiced_is_no_fee(acme):
    _fixed(acme, "remainder")
    issue_invoice(acme, str(create_invoice(acme, "Logo")["id"]))
    view = cancel_project(acme, "Logo")
    assert (view["cancellation"]["base"], view["cancellation"]["fee"]) == (
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_invoice_drafts_the_fee_with_vat_and_deducts_the_deposit_as_paid_not_as_a_line(acme):
    set_profile(acme, vat_id="SK2020123457")  # an invoice charging VAT names it (BR-S-02)
    _fixed(acme, deposit="30%")
    record_deposit(acme, "Logo", "450")
    view = cancel_project(acme, "Logo", invoice=True, vat="20%")
    draft = view["invoice"]
    assert view["invoice_id"] == draft["id"]
    assert (draft["status"], draft["number"]) == ("draft", None)
    assert [(line["kind"], line["amount"], line["vat_rate"]) for line in draft["lines"]] == [
        ("cancellation", Decimal("300.00"), "20")
    ]
    assert (draft["subtotal"], draft["vat"], draft["total"]) == (
        Decimal("300.00"),
        Decimal("60.00"),
        Decimal("360.00"),
    )
    assert (draft["deposits"], draft["balance"]) == (Decimal("360.00"), Decimal("0.00"))
    assert view["notices"] == [
        "cancellation fee per contract: 20% of the price = €300.00",
        "no dated work is billed: the delivery date is the project's cancellation date, 2026-11-23",
        "fixed price: work done is not billed beyond the cancellation fee; add other lines "
        f"with `clientkit invoice add-line {draft['id']} ...`",
        "deposits of €450.00 received: €360.00 will be deducted when the draft is issued",
        "€90.00 of deposits exceeds the draft: refund it or keep it as the client's credit",
    ]
    issued = issue_invoice(acme, str(draft["id"]))
    assert (issued["status"], issued["paid"], issued["balance"]) == (
        "paid",
        Decimal("360.00"),
        Decimal("0.00"),
    )


def test_an_hourly_cancellation_bills_the_fee_on_the_estimate_plus_the_work_logged(acme):
    add_project(
        acme,
        "Acme",
        "Site",
        TermsInput(hourly="80", estimate_hours="20", cancel_fee="25%", deposit="0%"),
    )
    move_project(acme, "Site", "start")
    log_time(acme, "Site", "6h30m", "work")
    log_time(acme, "Site", "1h", "call")  # communication is not the work line
    view = cancel_project(acme, "Site", invoice=True)
    assert _lines(view["invoice"]) == [
        ("cancellation", Decimal("400.00")),
        ("hours", Decimal("520.00")),
    ]
    assert view["invoice"]["lines"][1]["quantity"] == "6.50"
    assert view["invoice"]["total"] == Decimal("920.00")
    assert view["notices"][0] == (
        "cancellation fee per contract: 25% of the estimated value = €400.00"
    )


def test_hours_on_an_earlier_invoice_are_not_billed_again_on_cancellation(acme):
    """4 h invoiced in October, 6.5 h logged by the cancellation: the draft bills 2.5 h."""
    add_project(
        acme,
        "Acme",
        "Site",
        TermsInput(hourly="80", estimate_hours="20", cancel_fee="25%", deposit="0%"),
    )
    move_project(acme, "Site", "start")
    log_time(acme, "Site", "4h", "work")
    issue_invoice(acme, str(create_invoice(acme, "Site")["id"]))
    log_time(acme, "Site", "2h30m", "work")
    view = cancel_project(acme, "Site", invoice=True)
    hours = [line for line in view["invoice"]["lines"] if line["kind"] == "hours"]
    assert [(line["quantity"], line["amount"]) for line in hours] == [("2.50", Decimal("200.00"))]
    assert "the work line bills only the hours logged since" in " ".join(view["notices"])


def test_an_hourly_project_without_estimate_gets_no_fee_and_says_why(acme):
    add_project(acme, "Acme", "Site", TermsInput(hourly="80", cancel_fee="25%", deposit="0%"))
    move_project(acme, "Site", "start")
    log_time(acme, "Site", "2h", "work")
    view = cancel_project(acme, "Site", invoice=True)
    assert view["cancellation"]["fee"] == Decimal("0.00")
    assert view["notices"][0] == (
        "no cancellation fee: the contract's 25% is a share of the "
        "estimated value, and this hourly project has no estimate"
    )
    assert _lines(view["invoice"]) == [("hours", Decimal("160.00"))]


def test_a_cancelled_project_can_be_billed_later_but_only_once(acme):
    _fixed(acme)
    cancel_project(acme, "Logo")
    billed = cancel_project(acme, "Logo", invoice=True)
    assert _lines(billed["invoice"]) == [("cancellation", Decimal("300.00"))]
    with pytest.raises(Refused, match=f"already billed on draft {billed['invoice_id']}"):
        cancel_project(acme, "Logo", invoice=True)
    assert _invoice_count(acme) == 1
    assert show_project(acme, "Logo")["status"] == "cancelled"


def test_cancelling_a_cancelled_project_again_without_invoice_is_refused(acme):
    _fixed(acme)
    cancel_project(acme, "Logo")
    with pytest.raises(Refused, match="is cancelled; cannot cancel it"):
        cancel_project(acme, "Logo")


def test_a_closed_project_cannot_be_cancelled_nor_billed_as_cancelled(acme):
    _fixed(acme)
    move_project(acme, "Logo", "close")
    with pytest.raises(Refused, match="is closed; cannot cancel it"):
        cancel_project(acme, "Logo", invoice=True)
    assert show_project(acme, "Logo")["status"] == "closed"
    assert _invoice_count(acme) == 0


def test_a_failing_draft_leaves_the_project_uncancelled(acme):
    """Cancel and bill are one transaction: bad VAT input changes nothing at all."""
    _fixed(acme)
    with pytest.raises(InvalidValue):
        cancel_project(acme, "Logo", invoice=True, vat="twenty")
    assert show_project(acme, "Logo")["status"] == "active"
    assert _invoice_count(acme) == 0


def test_cancel_records_the_day_of_the_book_clock(acme):
    _fixed(acme)
    cancel_project(acme, "Logo")
    with acme.read() as session:
        project = session.exec(select(Project)).one()
    assert project.cancelled_on == date(2026, 11, 23)


def test_invoice_create_still_refuses_a_cancelled_project(acme):
    """An ordinary draft would bill the whole price of work that stopped."""
    _fixed(acme)
    cancel_project(acme, "Logo")
    with pytest.raises(Refused, match="bill the cancellation instead"):
        create_invoice(acme, "Logo")


def _contract_text(book, lang: str) -> str:  # type: ignore[no-untyped-def]
    path = generate_contract(book, "Logo", ContractRequest(lang=lang))["path"]
    done = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("lang", "price_basis", "remainder_basis"),
    [
        (
            "en_US",
            "fee of 20% of the agreed price; a deposit already paid is credited",
            "fee of 20% of the part of the agreed price not yet invoiced "
            "at the time of cancellation",
        ),
        (
            "de_DE",
            "Stornogebühr von 20 % des vereinbarten Festpreises; eine bereits geleistete Anzahlung",
            "Stornogebühr von 20 % des bei der Stornierung noch nicht in Rechnung "
            "gestellten Teils des vereinbarten Festpreises",
        ),
        (
            "sk_SK",
            "storno poplatok vo výške 20 % z dohodnutej ceny; už uhradená záloha",
            "storno poplatok vo výške 20 % z časti dohodnutej ceny, "
            "ktorá ku dňu zrušenia ešte nebola vyfakturovaná",
        ),
    ],
)
def test_the_contract_states_the_basis_of_the_cancellation_fee(
    book, lang, price_basis, remainder_basis
):
    set_profile(book, name="Jana Nováková")
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", cancel_fee="20%", deposit="0%"))
    assert price_basis in _contract_text(book, lang)
    add_client(book, "Beta")
    add_project(
        book,
        "Beta",
        "Logo 2",
        TermsInput(price="1500", cancel_fee="20%", deposit="0%", cancel_fee_basis="remainder"),
    )
    path = generate_contract(book, "Logo 2", ContractRequest(lang=lang))["path"]
    done = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    assert remainder_basis in " ".join(done.stdout.split())


def test_an_unknown_basis_is_refused_when_the_project_is_added(acme):
    with pytest.raises(InvalidValue, match="expected price or remainder"):
        add_project(acme, "Acme", "Logo", TermsInput(price="1500", cancel_fee_basis="rest"))
