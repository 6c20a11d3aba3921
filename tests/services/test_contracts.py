"""Contracts from a project's terms: a clause per set term, none for unset ones, kept hashed."""

import hashlib
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from clientkit import paths
from clientkit.services.clients import add_client, edit_client
from clientkit.services.contracts import (
    ContractRequest,
    generate_contract,
    list_contract_templates,
    show_contract,
    sign_contract,
)
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.scope_items import add_scope_item
from clientkit.storage.models import Contract

ALL_TERMS = TermsInput(
    price="1500",
    revisions=2,
    revision_fee="150",
    deposit="30%",
    comm_budget="5h",
    comm_rate="80",
    rush_fee="25%",
    cancel_fee="20%",
    late_fee="1.5%",
    payment_days=14,
    deadline="2027-01-15",
)
BARE_TERMS = TermsInput(price="1500", deposit="0%")

# Per language: words of the clauses that only appear when their term is set.
OPTIONAL_CLAUSES = {
    "en_US": {
        "rush": "Rush work",
        "cancel": "Cancellation",
        "late": "Late payment",
        "comm": "Communication",
        "revisions": "Revisions",
        "deposit": "Deposit",
    },
    "de_DE": {
        "rush": "Eilaufträge",
        "cancel": "Stornierung",
        "late": "Zahlungsverzug",
        "comm": "Kommunikation",
        "revisions": "Korrekturen",
        "deposit": "Anzahlung",
    },
    "sk_SK": {
        "rush": "Urgentná práca",
        "cancel": "Zrušenie zákazky",
        "late": "Omeškanie s platbou",
        "comm": "Komunikácia",
        "revisions": "Úpravy",
        "deposit": "Záloha",
    },
}


def _setup(
    book,
    terms: TermsInput = ALL_TERMS,
    *,
    client: str = "Acme GmbH",  # type: ignore[no-untyped-def]
    locale: str = "de_DE",
    freelancer: str = "Jana Nováková",
) -> str:
    set_profile(
        book,
        name=freelancer,
        address="Hlavná 1\n811 01 Bratislava",
        iban="SK31 1200 0000 1987 4263 7541",
    )
    add_client(book, client, locale=locale, currency="EUR")
    view = add_project(book, client, "Logo & Web", terms)
    add_scope_item(book, "Logo & Web", "Logo in drei Varianten", hours="10")
    add_scope_item(book, "Logo & Web", "Landingpage", price="500")
    return str(view["id"])


def _text(path: str | Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())  # lines and columns joined: sentences read whole


def _contracts_dir() -> Path:
    return paths.output_dir() / "contracts"


def _rows(book) -> list[Contract]:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return list(session.exec(select(Contract).order_by(Contract.id)).all())


def test_a_german_contract_names_the_parties_scope_price_and_revision_fee(book):
    project = _setup(book)
    view = generate_contract(book, project, ContractRequest())
    text = _text(view["path"])
    assert view["lang"] == "de_DE"
    assert view["template"] == "contract.de.txt"
    assert "Jana Nováková" in text
    assert "Acme GmbH" in text
    assert "• Logo in drei Varianten (geschätzter Aufwand: 10 Stunden)" in text
    assert "• Landingpage: 500,00 €" in text
    assert "Festpreis von 1.500,00 € vereinbart" in text
    assert "Im Preis sind 2 Korrekturrunden enthalten" in text
    assert "Jede weitere Korrekturrunde wird mit 150,00 € berechnet" in text
    assert "Anzahlung von 450,00 € (30 % des Festpreises)" in text
    assert "5 Stunden Kommunikation" in text
    assert "80,00 € pro Stunde" in text
    assert "Eilzuschlag von 25 %" in text
    assert "Stornogebühr von 20 %" in text
    assert "Verzugsgebühr von 1,5 %" in text
    assert "bis zum 15. Januar 2027" in text
    assert "IBAN SK3112000000198742637541" in text


@pytest.mark.parametrize("lang", sorted(OPTIONAL_CLAUSES))
def test_every_set_term_has_its_clause_in_each_shipped_language(book, lang):
    project = _setup(book)
    text = _text(generate_contract(book, project, ContractRequest(lang=lang))["path"])
    for word in OPTIONAL_CLAUSES[lang].values():
        assert word in text, word


@pytest.mark.parametrize("lang", sorted(OPTIONAL_CLAUSES))
def test_a_clause_whose_term_is_unset_is_left_out_not_printed_empty(book, lang):
    book.config["defaults"].pop("revisions")  # no default revision limit either
    project = _setup(book, BARE_TERMS)
    text = _text(generate_contract(book, project, ContractRequest(lang=lang))["path"])
    for clause, word in OPTIONAL_CLAUSES[lang].items():
        assert word not in text, clause
    assert "None" not in text
    assert "25" not in text
    assert "%" not in text


def test_an_hourly_project_states_the_rate_and_the_estimate(book):
    project = _setup(
        book, TermsInput(hourly="80", estimate_hours="20", deposit="0%"), locale="en_US"
    )
    text = _text(generate_contract(book, project, ContractRequest())["path"])
    assert "at €80.00 per hour" in text
    assert "estimated at 20 hours (€1,600.00)" in text
    assert "(by default at €80.00 per hour)" in text  # change requests


def test_a_fixed_price_includes_its_communication_budget_and_prices_the_rest(book):
    project = _setup(book, ALL_TERMS, locale="en_US")
    text = _text(generate_contract(book, project, ContractRequest())["path"])
    assert "The price includes 5 hours of communication" in text
    assert "Communication time beyond this budget is billed at €80.00 per hour." in text


# Per language: the hourly communication sentence at €60.00, and the fixed-price one it replaces.
HOURLY_COMMUNICATION = {
    "en_US": ("is recorded as working time and billed at €60.00 per hour", "of communication"),
    "de_DE": ("wird als Arbeitszeit erfasst und mit 60,00 € pro Stunde berechnet", "Stunden Komm"),
    "sk_SK": ("účtuje sa sadzbou 60,00 € za hodinu", "komunikáciu v rozsahu"),
}


@pytest.mark.parametrize("lang", sorted(HOURLY_COMMUNICATION))
def test_an_hourly_contract_bills_communication_as_working_time_with_nothing_included(book, lang):
    """An hourly project with a communication budget and rate: the clause says communication
    is billed at the communication rate, and never that the price includes any of it."""
    terms = TermsInput(hourly="80", deposit="0%", comm_budget="5h", comm_rate="60")
    project = _setup(book, terms)
    text = _text(generate_contract(book, project, ContractRequest(lang=lang))["path"])
    billed, included = HOURLY_COMMUNICATION[lang]
    assert billed in text
    assert included not in text


def test_an_hourly_contract_without_a_communication_rate_bills_it_at_the_hourly_rate(book):
    project = _setup(book, TermsInput(hourly="80", deposit="0%"), locale="en_US")
    text = _text(generate_contract(book, project, ContractRequest())["path"])
    assert (
        "Communication (calls, meetings, e-mail and chat) is recorded as working time and "
        "billed at €80.00 per hour."
    ) in text


def test_the_stored_hash_is_the_hash_of_the_written_file_and_values_are_plain(book):
    project = _setup(book)
    view = generate_contract(book, project, ContractRequest())
    data = Path(view["path"]).read_bytes()
    assert data.startswith(b"%PDF")
    (row,) = _rows(book)
    assert row.sha256 == hashlib.sha256(data).hexdigest() == view["sha256"]
    assert Path(row.path) == Path(view["path"])
    assert Path(view["path"]).parent == _contracts_dir().resolve()
    values = json.loads(row.values_json)
    assert values["terms"]["price"] == "1.500,00\u00a0€"  # Babel's no-break space
    assert values["terms"]["rush_fee"] == "25\u00a0%"
    assert values["client"]["name"] == "Acme GmbH"
    assert [item["description"] for item in values["scope"]] == [
        "Logo in drei Varianten",
        "Landingpage",
    ]


def test_cyrillic_and_slovak_names_survive_into_the_pdf_text(book):
    project = _setup(book, client="Иван Петров", locale="sk_SK", freelancer="Ľubomír Šťastný")
    view = generate_contract(book, project, ContractRequest())
    text = _text(view["path"])
    assert "Иван Петров" in text
    assert "Ľubomír Šťastný" in text
    assert "Zmluva o poskytovaní služieb" in text
    assert "pevná cena 1 500,00 €" in text


def test_a_hostile_client_name_is_literal_in_the_pdf_and_harmless_in_the_file_name(book):
    hostile = '<b>Acme & Sons</b> <img src="/etc/passwd">'
    project = _setup(book, client=hostile, locale="en_US")
    view = generate_contract(book, project, ContractRequest())
    assert hostile in _text(view["path"])
    path = Path(view["path"])
    assert path.parent == _contracts_dir().resolve()
    assert path.name == "b-acme-sons-b-img-src-etc-passwd-logo-web.pdf"


def test_a_new_contract_never_overwrites_an_earlier_one(book):
    project = _setup(book)
    first = generate_contract(book, project, ContractRequest())
    before = Path(first["path"]).read_bytes()
    second = generate_contract(book, project, ContractRequest(lang="en_US"))
    assert Path(second["path"]).name == "acme-gmbh-logo-web-2.pdf"
    assert Path(first["path"]).read_bytes() == before
    assert len(_rows(book)) == 2


def test_an_existing_output_file_is_refused_unless_forced(book, tmp_path):
    project = _setup(book)
    target = tmp_path / "mine.pdf"
    target.write_bytes(b"keep me")
    with pytest.raises(Refused, match="already exists; pass --force"):
        generate_contract(book, project, ContractRequest(output=str(target)))
    assert target.read_bytes() == b"keep me"
    assert _rows(book) == []
    view = generate_contract(book, project, ContractRequest(output=str(target), force=True))
    assert hashlib.sha256(target.read_bytes()).hexdigest() == view["sha256"]


def test_an_output_folder_that_does_not_exist_is_bad_input(book, tmp_path):
    project = _setup(book)
    with pytest.raises(BadInput, match="does not exist"):
        generate_contract(book, project, ContractRequest(output=str(tmp_path / "no" / "c.pdf")))


def _user_template(name: str, text: str) -> None:
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_an_undefined_value_in_a_template_writes_nothing_and_names_the_value(book):
    project = _setup(book)
    _user_template("contract.de.txt", "# Vertrag\n{{ client.name }} zahlt {{ terms.bonus }}.\n")
    with pytest.raises(BadInput, match="'bonus' is not defined") as caught:
        generate_contract(book, project, ContractRequest())
    assert "contract.de.txt, line 2" in str(caught.value)
    assert not _contracts_dir().exists() or not list(_contracts_dir().iterdir())
    assert _rows(book) == []


def test_a_sandbox_escape_attempt_is_refused_and_writes_nothing(book):
    project = _setup(book)
    _user_template("contract.de.txt", "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(Refused, match="sandbox"):
        generate_contract(book, project, ContractRequest())
    assert _rows(book) == []


def test_a_user_template_overrides_the_shipped_contract(book):
    project = _setup(book)
    _user_template("contract.de.txt", "# Mein Vertrag\nMit {{ client.name }}.\n")
    view = generate_contract(book, project, ContractRequest())
    assert _text(view["path"]).startswith("Mein Vertrag Mit Acme GmbH.")
    origins = {(t["name"], t["origin"], t["active"]) for t in list_contract_templates()}
    assert ("contract.de.txt", "user", True) in origins
    assert ("contract.de.txt", "shipped", False) in origins


def test_a_template_named_by_file_name_sets_the_language_of_the_figures(book):
    project = _setup(book, locale="en_US")
    view = generate_contract(book, project, ContractRequest(template="contract.de.txt"))
    assert view["lang"] == "de"
    assert "1.500,00 €" in _text(view["path"])


def test_a_client_language_without_a_template_falls_back_to_english_with_a_notice(book):
    project = _setup(book, locale="fr_FR")
    view = generate_contract(book, project, ContractRequest())
    assert view["template"] == "contract.en.txt"
    assert view["notices"] == ["no 'contract' template in fr_FR; the contract is in English"]
    assert "€1,500.00" in _text(view["path"])


def test_an_explicit_language_without_a_template_is_bad_input(book):
    project = _setup(book)
    with pytest.raises(BadInput, match="no 'contract' template in fr_FR"):
        generate_contract(book, project, ContractRequest(lang="fr_FR"))


def test_without_the_freelancers_name_no_contract_is_made(book):
    add_client(book, "Acme")
    add_project(book, "Acme", "Site", BARE_TERMS)
    with pytest.raises(Refused, match="profile has no name"):
        generate_contract(book, "Site", ContractRequest())
    assert _rows(book) == []


def test_signing_records_the_date_and_the_project_shows_it(book):
    project = _setup(book)
    generate_contract(book, project, ContractRequest())
    assert show_project(book, project)["contract_signed"] is None
    signed = sign_contract(book, project, "2026-11-20")
    assert signed["signed_on"] == date(2026, 11, 20)
    assert show_project(book, project)["contract_signed"] == date(2026, 11, 20)


def test_signing_defaults_to_today(book):
    project = _setup(book)
    generate_contract(book, project, ContractRequest())
    assert sign_contract(book, project)["signed_on"] == book.clock.today()


def test_signing_twice_is_refused_and_keeps_the_first_date(book):
    project = _setup(book)
    generate_contract(book, project, ContractRequest())
    sign_contract(book, project, "2026-11-20")
    with pytest.raises(Refused, match="already signed on 2026-11-20"):
        sign_contract(book, project, "2026-11-21")
    assert show_project(book, project)["contract_signed"] == date(2026, 11, 20)


def test_signing_without_a_contract_is_refused(book):
    project = _setup(book)
    with pytest.raises(Refused, match="no contract yet"):
        sign_contract(book, project)


def test_a_signature_date_in_the_future_is_bad_input(book):
    project = _setup(book)
    generate_contract(book, project, ContractRequest())
    with pytest.raises(BadInput, match="in the future"):
        sign_contract(book, project, "2026-12-01")


def test_show_gives_the_signed_values_and_hash_even_after_a_newer_version(book):
    project = _setup(book)
    signed = generate_contract(book, project, ContractRequest())
    sign_contract(book, project, "2026-11-20")
    newer = generate_contract(book, project, ContractRequest(lang="en_US"))
    assert "already signed on 2026-11-20" in newer["notices"][0]
    shown = show_contract(book, project)
    assert shown["sha256"] == signed["sha256"]
    assert shown["signed_on"] == date(2026, 11, 20)
    assert shown["values"]["terms"]["price"] == "1.500,00\u00a0€"
    assert shown["file_matches"] is True
    Path(signed["path"]).write_bytes(b"tampered")
    assert show_contract(book, project)["file_matches"] is False


def test_show_without_any_contract_is_not_found(book):
    project = _setup(book)
    with pytest.raises(NotFound):
        show_contract(book, project)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en_US", ("Reg. no.: HRB 123456", "Phone: +49 30 1234567", "Germany")),
        ("de_DE", ("Registernummer: HRB 123456", "Telefon: +49 30 1234567", "Deutschland")),
        ("sk_SK", ("IČO: HRB 123456", "Tel.: +49 30 1234567", "Nemecko")),
    ],
)
def test_a_contract_prints_the_structured_address_ids_and_contact_of_each_party(
    book, locale, words
):
    _setup(book, locale=locale)
    set_profile(book, street="Obchodná 24", postcode="811 06", city="Bratislava", reg_id="3612")
    edit_client(
        book,
        "Acme GmbH",
        company="Acme GmbH",
        street="Torstraße 140",
        postcode="10119",
        city="Berlin",
        country="DE",
        reg_id="HRB 123456",
        tax_id="27/123/45678",
        contact="Lena Vogel",
        phone="+49 30 1234567",
    )
    text = _text(generate_contract(book, "Logo & Web", ContractRequest())["path"])
    for expected in (
        "Torstraße 140",
        "10119 Berlin",
        "Lena Vogel",
        "Obchodná 24",
        "811 06 Bratislava",
        "27/123/45678",
        *words,
    ):
        assert expected in text, expected
    assert "Hlavná 1" not in text  # the structured address replaces the old free text
