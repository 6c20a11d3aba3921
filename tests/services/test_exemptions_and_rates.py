"""Why 0 % lines carry no VAT (shown per line, fixed at issue), the profile's small-business
exemption, and the VAT of a foreign-currency invoice in the accounting currency."""

from decimal import Decimal

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput
from clientkit.services.export import export_book
from clientkit.services.import_ import import_path
from clientkit.services.invoicing import (
    add_line,
    create_invoice,
    credit_invoice,
    issue_invoice,
    show_invoice,
)
from clientkit.services.profile import set_profile, show_profile
from clientkit.services.projects import TermsInput, add_project
from tests.services.test_transfer import _empty_book_like

DE_SENTENCE = "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."


def _draft(book: Book, client: str = "Acme", *, currency: str = "EUR", **client_fields: str):
    add_client(book, client, currency=currency, **client_fields)
    add_project(book, client, "Site", TermsInput(price="1000", deposit="0", currency=currency))
    return create_invoice(book, "Site", vat="20%")


def _exemptions(view: dict) -> list:  # type: ignore[type-arg]
    return [line["exemption"] for line in view["lines"]]


def test_a_small_business_invoices_without_vat_and_prints_its_countrys_sentence(book):
    set_profile(
        book, name="Jana", tax_id="12/345/67890", locale="de_DE", vat_exemption="small-business"
    )
    assert show_profile(book)["vat_exemption"] == "small-business"
    draft = _draft(book, locale="de_DE")
    assert (draft["vat"], draft["lines"][0]["vat_rate"]) == (Decimal("0.00"), "0")
    assert any("small-business VAT exemption" in notice for notice in draft["notices"])
    added = add_line(book, str(draft["id"]), "Hosting", "20", vat="19%")
    assert added["vat"] == Decimal("0.00")
    assert _exemptions(added) == [{"category": "E", "code": None, "reason": DE_SENTENCE}] * 2


def test_the_small_business_sentence_is_in_the_invoice_language(book):
    set_profile(book, name="Jana", vat_id="", tax_id="1234567890", locale="sk_SK")
    set_profile(book, vat_exemption="small-business")
    sk = _draft(book, "Klient", locale="sk_SK")
    assert _exemptions(sk)[0]["reason"] == "Nie som platiteľ DPH."


def test_claiming_the_exemption_after_drafting_zeroes_the_vat_when_issued(book):
    set_profile(book, name="Jana", tax_id="12/345/67890", locale="de_DE")
    draft = _draft(book, locale="de_DE")
    assert draft["vat"] == Decimal("200.00")
    set_profile(book, vat_exemption="small-business")
    issued = issue_invoice(book, str(draft["id"]))
    assert (issued["vat"], issued["total"]) == (Decimal("0.00"), Decimal("1000.00"))
    assert "small-business VAT exemption applies now" in issued["notices"][0]
    set_profile(book, vat_exemption="none")
    assert _exemptions(show_invoice(book, str(issued["number"])))[0]["reason"] == DE_SENTENCE


def test_an_unknown_exemption_is_refused(book):
    with pytest.raises(BadInput, match="expected none or small-business"):
        set_profile(book, vat_exemption="kleinunternehmer")


def test_a_0_percent_line_to_a_client_outside_the_eu_is_an_export(book):
    set_profile(book, name="Jana", vat_id="SK2020123457")
    draft = _draft(book, "Globex", locale="en_US")
    exempt = add_line(book, str(draft["id"]), "Licence", "100", vat="0%")
    assert _exemptions(exempt) == [
        None,
        {"category": "G", "code": "VATEX-EU-G", "reason": "Exempt: export outside the EU"},
    ]


def test_a_0_percent_line_of_a_vat_registered_seller_at_home_is_exempt(book):
    set_profile(book, name="Jana", vat_id="SK2020123457")
    draft = _draft(book, "Klient", locale="sk_SK")
    exempt = add_line(book, str(draft["id"]), "Školenie", "100", vat="0%")
    assert _exemptions(exempt)[1] == {
        "category": "E",
        "code": None,
        "reason": "Oslobodené od DPH",
    }


def test_a_seller_without_vat_or_tax_id_is_not_subject_to_vat(book):
    set_profile(book, name="Jana")
    draft = create_invoice_at_zero(book)
    assert _exemptions(draft) == [
        {"category": "O", "code": "VATEX-EU-O", "reason": "Not subject to VAT"}
    ]


def create_invoice_at_zero(book: Book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", TermsInput(price="1000", deposit="0"))
    return create_invoice(book, "Site", vat="0%")


def test_reverse_charge_lines_give_the_reason_in_the_clients_language(book):
    set_profile(book, name="Jana", vat_id="SK2020123457", reverse_charge=True)
    draft = _draft(book, "Müller GmbH", vat_id="DE123456788", locale="de_DE")
    assert _exemptions(draft) == [
        {
            "category": "AE",
            "code": "VATEX-EU-AE",
            "reason": "Steuerschuldnerschaft des Leistungsempfängers",
        }
    ]


def _usd(book: Book):
    set_profile(book, name="Jana", vat_id="SK2020123457", currency="EUR")
    return _draft(book, "Globex", currency="USD", locale="en_US")


def test_a_foreign_currency_invoice_with_vat_needs_the_exchange_rate(book):
    draft = _usd(book)
    with pytest.raises(BadInput, match=r"in USD with VAT: give the exchange rate to EUR"):
        issue_invoice(book, str(draft["id"]))
    assert show_invoice(book, str(draft["id"]))["status"] == "draft"


@pytest.mark.parametrize("rate", ["0", "-0.92", "abc", "0.92 EUR", "1e2"])
def test_a_rate_that_is_no_positive_number_is_refused(book, rate):
    draft = _usd(book)
    with pytest.raises(InvalidValue, match="invalid exchange rate"):
        issue_invoice(book, str(draft["id"]), rate=rate)
    assert show_invoice(book, str(draft["id"]))["number"] is None


def test_the_vat_is_stated_in_the_accounting_currency_at_the_rate_given(book):
    draft = _usd(book)
    add_line(book, str(draft["id"]), "Hosting", "10.05", vat="20%")
    issued = issue_invoice(book, str(draft["id"]), rate="0.9234")
    assert issued["vat"] == Decimal("202.01")
    # 202.01 USD x 0.9234 = 186.536034 EUR, half-up to the cent.
    assert (issued["exchange_rate"], issued["accounting_currency"], issued["accounting_vat"]) == (
        "0.9234",
        "EUR",
        Decimal("186.54"),
    )
    note = credit_invoice(book, str(issued["number"]))
    assert (note["exchange_rate"], note["accounting_vat"]) == ("0.9234", Decimal("-186.54"))


def test_a_rate_for_an_invoice_in_the_accounting_currency_is_refused(book):
    set_profile(book, name="Jana", currency="EUR")
    draft = _draft(book)
    with pytest.raises(BadInput, match="--rate is for an invoice in another currency"):
        issue_invoice(book, str(draft["id"]), rate="1")


def test_a_foreign_currency_invoice_without_vat_needs_no_rate(book):
    set_profile(book, name="Jana", currency="EUR")
    add_client(book, "Globex", currency="USD")
    add_project(book, "Globex", "Site", TermsInput(price="1000", deposit="0", currency="USD"))
    issued = issue_invoice(book, str(create_invoice(book, "Site", vat="0%")["id"]))
    assert (issued["exchange_rate"], issued["accounting_vat"]) == (None, None)


def test_an_export_carries_period_rate_and_exemption_into_a_new_book(book, tmp_path):
    set_profile(book, name="Jana", tax_id="12/345/67890", locale="de_DE")
    draft = _draft(book, "Globex", currency="USD", locale="en_US")
    issued = issue_invoice(book, str(draft["id"]), rate="0.92")
    set_profile(book, vat_exemption="small-business")
    export_book(book, tmp_path / "out")
    restored = _empty_book_like(book, tmp_path)
    import_path(restored, tmp_path / "out")
    assert show_invoice(restored, str(issued["number"])) == show_invoice(
        book, str(issued["number"])
    )
    assert show_profile(restored)["vat_exemption"] == "small-business"
    restored.engine.dispose()
