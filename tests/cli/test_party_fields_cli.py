"""Structured parties through the CLI: street, post code, city, country, registration, tax and
VAT ids, contact and phone on `profile set`, `client add` and `client edit`, checked as typed,
and an e-invoice refused for a party without a country."""

from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, refused

PARTY = {
    "--street": ("street", "Obchodná 24"),
    "--postcode": ("postcode", "811 06"),
    "--city": ("city", "Bratislava"),
    "--country": ("country", "SK"),
    "--reg-id": ("reg_id", "36123456"),
    "--tax-id": ("tax_id", "2020273893"),
    "--vat-id": ("vat_id", "SK2020273893"),
    "--contact": ("contact", "Peter Kováč"),
    "--phone": ("phone", "+421 2 1234 5678"),
}


def _options() -> list[str]:
    return [word for option, (_, value) in PARTY.items() for word in (option, value)]


def _expected() -> dict[str, str]:
    return dict(PARTY.values())


def test_profile_set_stores_each_party_field_and_shows_it_in_json_under_its_name(invoke):
    done = invoke("profile", "set", *_options(), "--json")
    assert done.code == 0, done.stderr
    shown = one_json(invoke("profile", "show", "--json").stdout)
    assert {key: shown[key] for key in _expected()} == _expected()
    assert "Obchodná 24" in invoke("profile", "show").stdout


def test_client_add_and_show_carry_each_party_field_under_its_name(invoke):
    done = invoke("client", "add", "Kovac", *_options(), "--json")
    assert done.code == 0, done.stderr
    added = one_json(done.stdout)
    assert {key: added[key] for key in _expected()} == _expected()
    shown = one_json(invoke("client", "show", "Kovac", "--json").stdout)
    assert {key: shown[key] for key in _expected()} == _expected()
    listed = one_json(invoke("client", "list", "--json").stdout)[0]
    assert {key: listed[key] for key in _expected()} == _expected()
    text = invoke("client", "show", "Kovac").stdout
    assert "811 06" in text
    assert "Peter Kováč" in text


def test_client_edit_changes_and_clears_party_fields(invoke):
    invoke("client", "add", "Kovac", "--city", "Bratislava", "--phone", "123 456")
    done = invoke(
        "client", "edit", "Kovac", "--city", "Košice", "--country", "sk", "--phone", "", "--json"
    )
    assert done.code == 0, done.stderr
    edited = one_json(done.stdout)
    assert (edited["city"], edited["country"], edited["phone"]) == ("Košice", "SK", "")


def test_ibans_and_vat_ids_are_stored_compact_and_upper_case(invoke):
    invoke(
        "profile",
        "set",
        "--iban",
        "sk31 1200 0000 1987 4263 7541",
        "--vat-id",
        "sk 2020 273 893",
        "--bic",
        "tatrskbx",
    )
    shown = one_json(invoke("profile", "show", "--json").stdout)
    assert (shown["iban"], shown["vat_id"], shown["bic"]) == (
        "SK3112000000198742637541",
        "SK2020273893",
        "TATRSKBX",
    )


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--vat-id", "SK2020273894", "not a valid VAT number (check digit)"),
        ("--vat-id", "DE12345678", "not a valid VAT number (wrong length)"),
        ("--vat-id", "2020273893", "starts with the country code"),
        ("--vat-id", "QQ12345678", "unknown country code QQ"),
        ("--country", "ZZ", "not an ISO 3166-1 country code"),
        ("--country", "Slovakia", "not an ISO 3166-1 country code"),
        ("--phone", "call me", "not a phone number"),
        ("--postcode", "!!", "not a post code"),
        ("--street", "Main St\x1b[2J", "control characters"),
    ],
)
def test_a_bad_party_field_is_exit_2_naming_the_value_and_why_and_adds_no_client(
    invoke, option, value, why
):
    invoke("client", "add", "Other")
    line = refused(invoke, "client", "add", "Acme", option, value)
    assert why in line
    if option != "--street":
        assert f"{option} {value}" in line


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--iban", "SK3112000000198742637542", "--iban SK3112000000198742637542: not a valid IBAN"),
        ("--iban", "SK31", "not a valid IBAN"),
        ("--bic", "TATR", "--bic TATR: not a valid BIC"),
        ("--vat-id", "SK2020273894", "--vat-id SK2020273894: not a valid VAT number (check digit)"),
        ("--country", "XX", "--country XX: not an ISO 3166-1 country code"),
    ],
)
def test_a_bad_bank_or_party_field_leaves_the_profile_unchanged(invoke, option, value, why):
    invoke("profile", "set", "--name", "Jana", "--iban", "SK3112000000198742637541")
    before = invoke("profile", "show", "--json").stdout
    assert why in refused(invoke, "profile", "set", "--name", "Eva", option, value)
    assert invoke("profile", "show", "--json").stdout == before


def test_a_bad_edit_leaves_the_client_unchanged(invoke):
    invoke("client", "add", "Acme", "--vat-id", "SK2020273893", "--city", "Nitra")
    before = invoke("client", "show", "Acme", "--json").stdout
    line = refused(invoke, "client", "edit", "Acme", "--city", "Trnava", "--vat-id", "SK1")
    assert "--vat-id SK1: not a valid VAT number" in line
    assert invoke("client", "show", "Acme", "--json").stdout == before


def _client_without_country(invoke) -> None:  # type: ignore[no-untyped-def]
    """A Slovak seller, and a client whose locale names no country and who has no VAT id."""
    for args in (
        ("profile", "set", "--name", "Jana", "--country", "SK", "--vat-id", "SK2020273893"),
        ("client", "add", "ACME Ltd", "--locale", "en"),
        ("project", "add", "ACME Ltd", "Site", "--price", "800"),
        ("invoice", "create", "Site"),
    ):
        done = invoke(*args)
        assert done.code == 0, done.stderr


def test_issuing_for_a_client_without_a_country_is_refused_with_how_to_set_it(invoke):
    _client_without_country(invoke)
    done = invoke("invoice", "issue", "1")
    assert done.code == 1
    assert_one_error_line(done.stderr)
    assert (
        "client ACME Ltd has no country: set it with clientkit client edit 'ACME Ltd' --country SK"
        in done.stderr
    )
    assert one_json(invoke("invoice", "show", "1", "--json").stdout)["status"] == "draft"
    assert invoke("client", "edit", "ACME Ltd", "--country", "GB").code == 0
    assert invoke("invoice", "issue", "1").code == 0


def test_an_issued_invoice_keeps_the_country_it_was_issued_with(invoke, tmp_path: Path):
    """The client lost its country after issue: the issued invoice is served as issued (with
    GB), while the next credit note, which would need the country, is refused."""
    _client_without_country(invoke)
    invoke("client", "edit", "ACME Ltd", "--country", "GB")
    assert invoke("invoice", "issue", "1").code == 0
    invoke("client", "edit", "ACME Ltd", "--country", "")
    assert invoke("invoice", "pdf", "2026-0001", "-o", str(tmp_path / "x.pdf")).code == 0
    done = invoke("invoice", "export", "2026-0001", "--ubl", "-o", str(tmp_path / "x.xml"))
    assert done.code == 0, done.stderr
    assert (
        b"<cbc:IdentificationCode>GB</cbc:IdentificationCode>" in (tmp_path / "x.xml").read_bytes()
    )
    refused = invoke("invoice", "credit", "2026-0001")
    assert refused.code == 1
    assert_one_error_line(refused.stderr)
    assert "client ACME Ltd has no country" in refused.stderr


def test_a_seller_without_a_country_is_refused_too(invoke):
    invoke("profile", "set", "--name", "Jana", "--locale", "en")
    invoke("client", "add", "Acme", "--country", "DE")
    invoke("project", "add", "Acme", "Site", "--price", "800")
    invoke("invoice", "create", "Site")
    done = invoke("invoice", "issue", "1")
    assert done.code == 1
    assert "your profile has no country: set it with clientkit profile set --country" in (
        done.stderr
    )
