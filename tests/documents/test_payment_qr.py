"""The payment QR codes of an issued invoice, read from its stored PDF as a payer's bank app
reads them: PAY by square and/or EPC for EUR to a client in Slovakia (as the profile chooses),
QR Platba (SPAYD) for CZK, EPC for EUR elsewhere; every field checked, the amount being the
balance due at issue."""

from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import add_line, create_invoice, issue_invoice, show_invoice
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.stored_documents import write_invoice_pdf
from tests.documents.payment_codes import (
    epc_fields,
    kind_of,
    page_codes,
    pay_by_square_fields,
    spayd_fields,
)
from tests.documents.test_invoice_pdf import _text

IBAN = "SK3112000000198742637541"
BIC = "TATRSKBX"
BUSINESS = "Štúdio Nováková"
DUE = "20261207"  # the fixed today, 2026-11-23, and 14 payment days


def _seller(book: Book, **changes: str) -> None:
    profile = {
        "name": "Jana Nováková",
        "business": BUSINESS,
        "vat_id": "SK2020123457",  # the invoices charge VAT (EN 16931 BR-S-02)
        "street": "Hlavná 1",
        "postcode": "811 01",
        "city": "Bratislava",
        "country": "SK",
        "iban": IBAN,
        "bic": BIC,
    }
    set_profile(book, **{**profile, **changes})  # type: ignore[arg-type]


def _issued(
    book: Book,
    *,
    country: str,
    locale: str,
    currency: str = "EUR",
    rate: str | None = None,
    deposit: str = "300",
) -> str:
    """An invoice of 1,309.99 (1,000 at 20 % and 99.99 at 10 % VAT) less the deposit paid."""
    add_client(book, "Client", currency=currency, locale=locale, country=country)
    add_project(
        book, "Client", "Logo", TermsInput(price="1000", deposit=deposit, currency=currency)
    )
    if deposit != "0":
        record_deposit(book, "Logo", deposit)
    draft = str(create_invoice(book, "Logo", vat="20%")["id"])
    add_line(book, draft, "Icons", "33.33", quantity="3", vat="10%")
    return str(issue_invoice(book, draft, rate=rate)["number"])


def _codes(book: Book, number: str, tmp_path: Path) -> dict[str, bytes]:
    """The codes on the invoice's PDF as stored at issue, by standard."""
    written = write_invoice_pdf(book, number, output=str(tmp_path / "invoice.pdf"))
    codes = page_codes(Path(written["path"]), tmp_path)
    kinds = [kind_of(code) for code in codes]
    assert len(set(kinds)) == len(kinds), kinds
    return dict(zip(kinds, codes, strict=True))


def _balance(book: Book, number: str) -> str:
    return f"{show_invoice(book, number)['balance']:.2f}"


def _assert_pay_by_square(code: bytes, balance: str, reference: str) -> None:
    assert pay_by_square_fields(code) == {
        "invoice_id": "",
        "payments": "1",
        "type": "1",  # a payment order
        "amount": balance,
        "currency": "EUR",
        "due_date": DUE,
        "variable_symbol": "20260001",
        "constant_symbol": "",
        "specific_symbol": "",
        "originators_reference": "",
        "note": reference,
        "accounts": "1",
        "iban": IBAN,
        "bic": BIC,
        "standing_order": "0",
        "direct_debit": "0",
        "beneficiary_name": "Studio Novakova",  # without diacritics, which bank apps garble
        "beneficiary_street": "",
        "beneficiary_city": "",
    }


def _assert_epc(code: bytes, balance: str, reference: str) -> None:
    assert epc_fields(code) == {
        "service": "BCD",
        "version": "002",
        "charset": "1",  # UTF-8
        "identification": "SCT",
        "bic": BIC,
        "name": BUSINESS,
        "iban": IBAN,
        "amount": f"EUR{balance}",
        "purpose": "",
        "structured_reference": "",
        "text": reference,
    }


@pytest.mark.parametrize(
    ("choice", "kinds"),
    [
        ("pay-by-square", ["pay-by-square"]),
        ("epc", ["epc"]),
        ("both", ["pay-by-square", "epc"]),
    ],
)
def test_a_slovak_eur_invoice_carries_the_codes_the_profile_chooses(book, tmp_path, choice, kinds):
    """PAY by square, EPC or both, each asking for the balance due with the variable symbol."""
    _seller(book, slovak_qr=choice)
    number = _issued(book, country="SK", locale="sk_SK")
    codes = _codes(book, number, tmp_path)
    assert list(codes) == kinds
    balance = _balance(book, number)
    assert balance == "1009.99"
    if "pay-by-square" in codes:
        _assert_pay_by_square(codes["pay-by-square"], balance, "20260001")
    if "epc" in codes:
        _assert_epc(codes["epc"], balance, "20260001")


def test_by_default_a_slovak_client_gets_both_codes_each_captioned(book, tmp_path):
    _seller(book)
    number = _issued(book, country="SK", locale="en_US")
    codes = _codes(book, number, tmp_path)
    assert list(codes) == ["pay-by-square", "epc"]
    # An English invoice's reference is its number; the variable symbol is still its digits.
    _assert_pay_by_square(codes["pay-by-square"], "1009.99", number)
    _assert_epc(codes["epc"], "1009.99", number)
    text = _text(tmp_path / "invoice.pdf")
    assert "PAY by square" in text
    assert "EPC QR" in text


def test_a_czech_czk_invoice_carries_qr_platba_with_the_variable_symbol(book, tmp_path):
    """CZK with VAT needs the rate to the accounting currency (EUR) when it is issued."""
    _seller(book)
    number = _issued(book, country="CZ", locale="cs_CZ", currency="CZK", rate="0.04")
    codes = _codes(book, number, tmp_path)
    assert list(codes) == ["spayd"]
    assert spayd_fields(codes["spayd"]) == {
        "SPD": "1.0",
        "ACC": f"{IBAN}+{BIC}",
        "AM": _balance(book, number),
        "CC": "CZK",
        "RN": "Studio Novakova",
        "DT": DUE,
        "MSG": "20260001",
        "X-VS": "20260001",
    }
    assert _balance(book, number) == "1009.99"


def test_a_czk_invoice_without_a_bic_names_only_the_iban(book, tmp_path):
    _seller(book, bic="")
    number = _issued(book, country="CZ", locale="cs_CZ", currency="CZK", rate="0.04")
    assert spayd_fields(_codes(book, number, tmp_path)["spayd"])["ACC"] == IBAN


def test_a_german_eur_invoice_carries_only_the_epc_code(book, tmp_path):
    _seller(book, slovak_qr="pay-by-square")  # a choice for Slovak clients only
    number = _issued(book, country="DE", locale="de_DE")
    codes = _codes(book, number, tmp_path)
    assert list(codes) == ["epc"]
    _assert_epc(codes["epc"], _balance(book, number), number)


def test_the_codes_ask_for_the_total_less_the_deposit(book, tmp_path):
    """Total 1,309.99 less the deposit of 300 paid before issue: each code asks for 1,009.99;
    without a deposit, for the total."""
    _seller(book)
    number = _issued(book, country="SK", locale="sk_SK", deposit="300")
    assert show_invoice(book, number)["total"] == Decimal("1309.99")
    codes = _codes(book, number, tmp_path)
    assert pay_by_square_fields(codes["pay-by-square"])["amount"] == "1009.99"
    assert epc_fields(codes["epc"])["amount"] == "EUR1009.99"


def test_without_a_deposit_the_codes_ask_for_the_total(book, tmp_path):
    _seller(book)
    number = _issued(book, country="SK", locale="sk_SK", deposit="0")
    codes = _codes(book, number, tmp_path)
    assert pay_by_square_fields(codes["pay-by-square"])["amount"] == "1309.99"
    assert epc_fields(codes["epc"])["amount"] == "EUR1309.99"


def test_other_currencies_carry_no_code(book, tmp_path):
    _seller(book)
    number = _issued(book, country="PL", locale="pl_PL", currency="PLN", rate="0.23")
    assert _codes(book, number, tmp_path) == {}


def test_an_invoice_with_two_codes_stays_on_one_page(book, tmp_path):
    _seller(book)
    number = _issued(book, country="SK", locale="sk_SK")
    written = write_invoice_pdf(book, number, output=str(tmp_path / "invoice.pdf"))
    assert len(PdfReader(written["path"]).pages) == 1


def test_a_payment_after_issue_leaves_the_issued_code_as_it_was(book, tmp_path):
    """The code is part of the PDF frozen at issue: it asks for the balance of that day."""
    _seller(book)
    number = _issued(book, country="SK", locale="sk_SK")
    pay_invoice(book, number, "9.99")
    assert show_invoice(book, number)["balance"] == Decimal("1000.00")
    codes = _codes(book, number, tmp_path)
    assert pay_by_square_fields(codes["pay-by-square"])["amount"] == "1009.99"
