"""`profile set --slovak-qr`: shown in `profile show` and --json, a bad choice refused with exit
2; and through the CLI, the invoice PDF of a Slovak client carries the chosen code."""

from pathlib import Path

from tests.cli.helpers import one_json, refused
from tests.documents.payment_codes import kind_of, page_codes, pay_by_square_fields

IBAN = "SK3112000000198742637541"


def test_the_slovak_qr_choice_defaults_to_both_and_is_shown(invoke):
    assert one_json(invoke("profile", "show", "--json").stdout)["slovak_qr"] == "both"
    view = one_json(invoke("profile", "set", "--slovak-qr", "pay-by-square", "--json").stdout)
    assert view["slovak_qr"] == "pay-by-square"
    shown = invoke("profile", "show").stdout
    assert any(line.split() == ["slovak", "qr", "pay-by-square"] for line in shown.splitlines())


def test_an_unknown_slovak_qr_choice_is_refused_and_the_profile_kept(invoke):
    invoke("profile", "set", "--slovak-qr", "epc")
    line = refused(invoke, "profile", "set", "--slovak-qr", "square")
    assert "expected one of pay-by-square, epc, both" in line
    assert one_json(invoke("profile", "show", "--json").stdout)["slovak_qr"] == "epc"


def test_the_issued_pdf_of_a_slovak_client_carries_the_chosen_code(invoke, tmp_path):
    for args in (
        ("profile", "set", "--name", "Jana", "--vat-id", "SK2020123457", "--country", "SK"),
        ("profile", "set", "--iban", IBAN, "--slovak-qr", "pay-by-square"),
        ("client", "add", "Tatra", "--country", "SK", "--locale", "sk_SK", "--currency", "EUR"),
        ("project", "add", "Tatra", "Logo", "--price", "1000", "--deposit", "0"),
        ("invoice", "create", "Logo", "--vat", "23%"),
        ("invoice", "issue", "1"),
    ):
        result = invoke(*args)
        assert result.code == 0, result.stderr
    written = one_json(
        invoke("invoice", "pdf", "2026-0001", "-o", str(tmp_path / "i.pdf"), "--json").stdout
    )
    (code,) = page_codes(Path(written["path"]), tmp_path)
    assert kind_of(code) == "pay-by-square"
    fields = pay_by_square_fields(code)
    assert (fields["amount"], fields["iban"], fields["bic"]) == ("1230.00", IBAN, "")
    assert (fields["variable_symbol"], fields["beneficiary_name"]) == ("20260001", "Jana")
