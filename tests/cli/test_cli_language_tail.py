"""The command line's last English lines, said in the profile's language (Slovak, Ukrainian):
the IBAN, BIC, VAT id and electronic-address checks, template and config errors, `time import`,
amounts joined by "and", and the labels the history stores. English stays as it was; what is
said before a command opens its book (a config.toml that cannot be read) stays English."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from clientkit import paths
from tests.cli.helpers import home_db, refused

NBSP = "\u00a0"
IMPORTERS = Path(__file__).parents[1] / "data" / "importers"


def _lines(stdout: str) -> list[str]:
    return [line.rstrip() for line in stdout.replace(NBSP, " ").splitlines()]


def _error(line: str) -> str:
    return line.rstrip("\n")


# What `profile set` says of a bank account, a BIC, a VAT id, an electronic address and a
# country it cannot take: the option and the value as typed, then why, in the profile's words.
CHECKS = {
    "sk_SK": [
        "error: --iban SK00123: neplatný IBAN (nesprávna kontrolná číslica)",
        "error: --bic XXXX: neplatný BIC (nesprávna dĺžka)",
        "error: --vat-id SK2020273894: neplatné IČ DPH (nesprávna kontrolná číslica)",
        "error: --endpoint 0088:123: neplatné číslo GLN (nesprávna dĺžka)",
        "error: --endpoint 9930:SK2020273893: SK2020273893 nie je IČ DPH schémy 9930",
        "error: --endpoint foo: toto nie je elektronická adresa (SCHEME:ID, napr."
        " 9950:SK2020273893)",
        "error: --country XX: toto nie je kód krajiny podľa ISO 3166-1 (dve písmená, napr. SK"
        " alebo DE)",
    ],
    "uk_UA": [
        "error: --iban SK00123: недійсний IBAN (неправильна контрольна цифра)",
        "error: --bic XXXX: недійсний BIC (неправильна довжина)",
        "error: --vat-id SK2020273894: недійсний номер платника ПДВ (неправильна контрольна цифра)",
        "error: --endpoint 0088:123: недійсний номер GLN (неправильна довжина)",
        "error: --endpoint 9930:SK2020273893: SK2020273893 не є номером платника ПДВ схеми 9930",
        "error: --endpoint foo: це не електронна адреса (SCHEME:ID, наприклад, 9950:SK2020273893)",
        "error: --country XX: це не код країни за ISO 3166-1 (дві літери, наприклад, SK або DE)",
    ],
    "en_US": [
        "error: --iban SK00123: not a valid IBAN (check digit)",
        "error: --bic XXXX: not a valid BIC (wrong length)",
        "error: --vat-id SK2020273894: not a valid VAT number (check digit)",
        "error: --endpoint 0088:123: not a valid GLN (wrong length)",
        "error: --endpoint 9930:SK2020273893: SK2020273893 is not a VAT number of scheme 9930",
        "error: --endpoint foo: not an electronic address (SCHEME:ID, e.g. 9950:SK2020273893)",
        "error: --country XX: not an ISO 3166-1 country code (two letters, such as SK or DE)",
    ],
}


@pytest.mark.parametrize("locale", sorted(CHECKS))
def test_iban_bic_vat_id_and_electronic_address_checks_say_why_in_the_profiles_language(
    invoke, locale: str
):
    invoke("profile", "set", "--locale", locale, "--currency", "EUR")
    lines = [
        refused(invoke, "profile", "set", *args)
        for args in (
            ("--iban", "SK00123"),
            ("--bic", "XXXX"),
            ("--vat-id", "SK2020273894"),
            ("--endpoint", "0088:123"),
            ("--endpoint", "9930:SK2020273893"),
            ("--endpoint", "foo"),
            ("--country", "XX"),
        )
    ]
    assert [_error(line) for line in lines] == CHECKS[locale]


def test_a_vat_exemption_not_offered_names_the_choices_joined_by_the_languages_or(invoke):
    invoke("profile", "set", "--locale", "sk_SK", "--currency", "EUR")
    line = refused(invoke, "profile", "set", "--vat-exemption", "foo")
    assert _error(line) == (
        "error: neplatné oslobodenie od DPH 'foo': očakáva sa none alebo small-business"
    )
    invoke("profile", "set", "--locale", "uk_UA")
    line = refused(invoke, "profile", "set", "--vat-exemption", "foo")
    assert (
        _error(line)
        == "error: недійсне звільнення від ПДВ 'foo': очікується none або small-business"
    )


def _contract_book(invoke: Any, locale: str) -> Path:
    """A freelancer in `locale` whose client reads English, and their templates folder."""
    for args in (
        ("profile", "set", "--name", "Jana", "--locale", locale, "--currency", "EUR"),
        ("client", "add", "Acme", "--currency", "EUR", "--locale", "en_US"),
        ("project", "add", "Acme", "Site", "--price", "1000"),
    ):
        assert invoke(*args).code == 0, args
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "sk_SK",
            [
                "error: šablóna contract.en.txt, riadok 2: hodnota 'nobody' nie je definovaná",
                "error: šablóna s názvom 'nope' neexistuje; pozrite `clientkit contract templates`",
            ],
        ),
        (
            "uk_UA",
            [
                "error: шаблон contract.en.txt, рядок 2: значення 'nobody' не визначено",
                "error: шаблону з назвою 'nope' немає; перегляньте `clientkit contract templates`",
            ],
        ),
        (
            "en_US",
            [
                "error: template contract.en.txt, line 2: value 'nobody' is not defined",
                "error: no template named 'nope'; see `clientkit contract templates`",
            ],
        ),
    ],
)
def test_a_broken_template_of_your_own_is_named_with_its_line_in_the_profiles_language(
    invoke, locale: str, expected: list[str]
):
    folder = _contract_book(invoke, locale)
    (folder / "contract.en.txt").write_text("Contract\nDear {{ nobody }}\n", encoding="utf-8")
    lines = [
        refused(invoke, "contract", "pdf", "Site"),
        refused(invoke, "contract", "pdf", "Site", "--template", "nope"),
    ]
    assert [_error(line) for line in lines] == expected


def test_a_template_syntax_error_frames_jinjas_own_words_in_the_profiles_language(invoke):
    """Where the error is (template, line) is Slovak; what Jinja says is wrong stays Jinja's."""
    folder = _contract_book(invoke, "sk_SK")
    (folder / "contract.en.txt").write_text("Contract {% if %}\n", encoding="utf-8")
    line = refused(invoke, "contract", "pdf", "Site")
    assert line.startswith("error: šablóna contract.en.txt, riadok 1: ")


def test_a_runaway_template_is_stopped_with_its_reason_in_the_profiles_language(invoke):
    folder = _contract_book(invoke, "sk_SK")
    grows = (
        "{% set items = [] %}{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% if items.append(j) %}{% endif %}{% endfor %}{% endfor %}\n"
    )
    (folder / "contract.en.txt").write_text(grows, encoding="utf-8")
    stopped = invoke("contract", "pdf", "Site")
    assert (stopped.code, _error(stopped.stderr)) == (
        1,
        "error: šablóna contract.en.txt, riadok 1: zastavené, lebo šablóna vložila viac ako"
        " 100 000 položiek do jedného objektu list; zjednodušte šablónu",
    )


def _config(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("locale", "severity", "tiers"),
    [
        (
            "sk_SK",
            "error: konfigurácia [risk.severity] no_contract = 'loud': očakáva sa jedna z možností"
            " info, warning, critical",
            "error: konfigurácia [deposit] tiers: {'up_to': '1000'} nemá percento, napr. percent ="
            ' "30%"',
        ),
        (
            "uk_UA",
            "error: конфігурація [risk.severity] no_contract = 'loud': очікується один із"
            " варіантів info, warning, critical",
            "error: конфігурація [deposit] tiers: {'up_to': '1000'} не має відсотка, наприклад,"
            ' percent = "30%"',
        ),
        (
            "en_US",
            "error: config [risk.severity] no_contract = 'loud': expected one of info, warning,"
            " critical",
            "error: config [deposit] tiers: {'up_to': '1000'} has no percent, e.g. percent ="
            ' "30%"',
        ),
    ],
)
def test_a_config_value_a_command_cannot_use_is_named_in_the_profiles_language(
    invoke, locale: str, severity: str, tiers: str
):
    invoke("profile", "set", "--locale", locale, "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    _config('[risk.severity]\nno_contract = "loud"\n')
    assert _error(refused(invoke, "risks")) == severity
    _config('[deposit]\ntiers = [{up_to = "1000"}]\n')
    assert _error(refused(invoke, "project", "add", "Acme", "Logo", "--price", "100")) == tiers


def test_a_config_file_that_cannot_be_read_stays_english_as_no_profile_was_read(invoke):
    """config.toml is read before the book opens, so its syntax is reported in English."""
    invoke("profile", "set", "--locale", "sk_SK", "--currency", "EUR")
    _config("x = \n")
    done = invoke("client", "list")
    assert done.code == 2
    assert done.stderr.startswith(f"error: {paths.config_path()}: not valid TOML (")


def _studio(invoke: Any, locale: str) -> None:
    for args in (
        ("profile", "set", "--locale", locale, "--currency", "EUR"),
        ("client", "add", "Acme", "--currency", "EUR"),
        ("client", "add", "Bolt", "--currency", "EUR"),
        ("project", "add", "Acme", "Website", "--price", "1500", "--comm-budget", "1h"),
        ("project", "add", "Bolt", "Logo Redesign", "--price", "800", "--deposit", "0"),
    ):
        assert invoke(*args).code == 0, args


# What `import --from watson --dry-run` says of the sample frames: how many entries in how many
# source projects, the table's header, the outcome, what was skipped, and the notices.
WATSON_REVIEW = {
    "sk_SK": [
        "watson {path}: 6 záznamov v 3 zdrojových projektoch",
        "zdrojový projekt  projekt v clientkit       záznamy  čas    druhy"
        "                               nové",
        "Website           Website (Acme, #1)        4        3h36m  hovor 45m, e-mail 21m,"
        " práca 2h30m  4",
        "personal          NEPRIRADENÉ               1        1h     práca 1h"
        "                            -",
        "logo redesign     Logo Redesign (Bolt, #2)  1        1h     stretnutie 1h"
        "                       1",
        "skúšobný beh: importovalo by sa 5 záznamov, 1 nepriradený záznam (1h) sa neimportoval;"
        " nič sa nezmenilo",
        "vynechané {path}:40: po zaokrúhlení nula minút",
        "! neimportované, v clientkit nie je projekt pre 'personal': pridajte projekt alebo ho"
        ' priraďte cez --map "názov v zdroji=projekt v clientkit"',
        "! Website: komunikácia 1h06m z rozpočtu 1h, o 6m viac (sadzba nebola dohodnutá)",
    ],
    "uk_UA": [
        "watson {path}: 6 записів у 3 проєктах джерела",
        "проєкт у джерелі  проєкт у clientkit        записи  час    види"
        "                                   нові",
        "Website           Website (Acme, #1)        4       3h36m  дзвінок 45m, e-mail 21m,"
        " робота 2h30m  4",
        "personal          НЕ ЗІСТАВЛЕНО             1       1h     робота 1h"
        "                              -",
        "logo redesign     Logo Redesign (Bolt, #2)  1       1h     зустріч 1h"
        "                             1",
        "пробний запуск: було б імпортовано 5 записів, 1 не зіставлений запис (1h) не"
        " імпортовано; нічого не змінено",
        "пропущено {path}:40: після округлення нуль хвилин",
        "! не імпортовано, у clientkit немає проєкту для 'personal': додайте проєкт або"
        ' зіставте його через --map "назва в джерелі=проєкт у clientkit"',
        "! Website: комунікація 1h06m із бюджету 1h, перевищено на 6m (ставку не погоджено)",
    ],
    "en_US": [
        "watson {path}: 6 entries in 3 source projects",
        "source project  clientkit project         entries  time   kinds"
        "                            new",
        "Website         Website (Acme, #1)        4        3h36m  call 45m, email 21m, work"
        " 2h30m  4",
        "personal        UNMAPPED                  1        1h     work 1h"
        "                          -",
        "logo redesign   Logo Redesign (Bolt, #2)  1        1h     meeting 1h"
        "                       1",
        "dry run: would import 5 entries, 1 unmapped (1h) not imported; nothing changed",
        "skipped {path}:40: rounds to zero minutes",
        "! not imported, no clientkit project for 'personal': add the project or map it with"
        ' --map "source name=clientkit project"',
        "! Website: communication 1h06m of 1h budget, 6m over (no rate agreed)",
    ],
}


@pytest.mark.parametrize("locale", sorted(WATSON_REVIEW))
def test_a_time_import_review_says_its_table_outcome_and_skips_in_the_profiles_language(
    invoke, monkeypatch, locale: str
):
    monkeypatch.setenv("COLUMNS", "200")  # each line whole, none wrapped
    _studio(invoke, locale)
    path = str(IMPORTERS / "watson" / "frames")
    done = invoke("import", "--from", "watson", path, "--dry-run")
    assert done.code == 0, done.stderr
    assert _lines(done.stdout) == [line.format(path=path) for line in WATSON_REVIEW[locale]]


def test_a_time_import_says_what_it_imported_and_what_it_skipped_in_slovak(invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # each line whole, none wrapped
    _studio(invoke, "sk_SK")
    path = str(IMPORTERS / "klog" / "times.klg")
    said = _lines(invoke("import", "--from", "klog", path).stdout)
    assert said[0] == f"klog {path}: 7 záznamov v 4 zdrojových projektoch"
    assert said[6:8] == [
        "importované: 6 záznamov, 1 nepriradený záznam (1h) sa neimportoval",
        f"vynechané {path}:12: otvorený interval 13:00 - ? (ešte beží) sa neimportuje",
    ]
    again = _lines(invoke("import", "--from", "klog", path, "--dry-run").stdout)
    assert again[6] == (
        "skúšobný beh: importovalo by sa 0 záznamov, 6 záznamov už bolo importovaných,"
        " 1 nepriradený záznam (1h) sa neimportoval; nič sa nezmenilo"
    )


@pytest.mark.parametrize(
    ("locale", "source", "missing", "broken"),
    [
        (
            "sk_SK",
            "error: neznámy zdroj 'toggl': očakáva sa jedna z možností watson, klog, timewarrior",
            "error: {path}: taký súbor neexistuje",
            "error: {path}:1: záznam musí začínať dátumom (RRRR-MM-DD), nájdené 'hello'",
        ),
        (
            "uk_UA",
            "error: невідоме джерело 'toggl': очікується один із варіантів watson, klog,"
            " timewarrior",
            "error: {path}: такого файлу немає",
            "error: {path}:1: запис має починатися з дати (РРРР-ММ-ДД), знайдено 'hello'",
        ),
    ],
)
def test_what_time_import_refuses_is_said_in_the_profiles_language(
    invoke, tmp_path, locale: str, source: str, missing: str, broken: str
):
    _studio(invoke, locale)
    nowhere = str(tmp_path / "nowhere.klg")
    bad = tmp_path / "bad.klg"
    bad.write_text("hello\n", encoding="utf-8")
    lines = [
        refused(invoke, "import", "--from", "toggl", nowhere),
        refused(invoke, "import", "--from", "klog", nowhere),
        refused(invoke, "import", "--from", "klog", str(bad)),
    ]
    assert [_error(line) for line in lines] == [
        source,
        missing.format(path=nowhere),
        broken.format(path=bad),
    ]


# What `risks` says of a client silent for 44 days since the due date of an EUR and a CZK
# invoice: the overdue amounts of the two currencies, joined by the language's "and".
SILENT = {
    "sk_SK": "Klient sa neozval 44 dní od splatnosti 2026-12-07 a po splatnosti je 5 000,00 CZK a"
    " 1 000,00 € na 2 faktúrach.",
    "uk_UA": "Клієнт мовчить 44 дні від строку оплати 2026-12-07, а прострочено 5 000,00 CZK і"
    " 1 000,00 EUR за 2 рахунками.",
    "en_US": "No word from the client for 44 days since the due date on 2026-12-07, with"
    " CZK5,000.00 and €1,000.00 overdue on 2 invoices.",
}


@pytest.mark.parametrize("locale", sorted(SILENT))
def test_amounts_in_several_currencies_are_joined_by_the_profiles_and(invoke, monkeypatch, locale):
    monkeypatch.setenv("COLUMNS", "300")  # each line whole, none wrapped
    for args in (
        ("profile", "set", "--name", "Jana", "--locale", locale, "--currency", "EUR"),
        ("client", "add", "Acme", "--currency", "EUR"),
        ("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0"),
        ("project", "add", "Acme", "Logo", "--price", "5000", "--currency", "CZK"),
        ("invoice", "create", "Site"),
        ("invoice", "issue", "1"),
        ("invoice", "create", "Logo"),
        ("invoice", "issue", "2"),
    ):
        assert invoke(*args).code == 0, args
    said = [line.strip() for line in _lines(invoke("risks", today="2027-01-20").stdout)]
    assert SILENT[locale] in said


def _issued_book(invoke: Any, locale: str) -> None:
    for args in (
        ("profile", "set", "--name", "Jana", "--locale", locale, "--currency", "EUR"),
        ("client", "add", "Acme", "--currency", "EUR"),
        ("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0"),
        ("invoice", "create", "Site"),
        ("invoice", "issue", "1"),
    ):
        assert invoke(*args).code == 0, args


@pytest.mark.parametrize(
    ("locale", "label", "refusal"),
    [
        (
            "sk_SK",
            "uloženie dokumentov faktúr vystavených skôr, než sa uchovávali: 2026-0001",
            "error: #5 `invoice issue 1` sa nedá vrátiť: zmena pridelila faktúre číslo; vystavené"
            " doklady a to, na čom stoja, sa nedajú vrátiť",
        ),
        (
            "uk_UA",
            "збереження документів рахунків, виставлених до того, як їх почали зберігати:"
            " 2026-0001",
            "error: #5 `invoice issue 1` не можна скасувати: присвоєно номер рахунку; виставлені"
            " документи й те, на чому вони ґрунтуються, не можна скасувати",
        ),
        (
            "en_US",
            "keep the documents of 2026-0001, issued before they were kept",
            "error: cannot undo #5 `invoice issue 1`: it numbered an invoice; issued documents and"
            " what they rest on cannot be undone",
        ),
    ],
)
def test_the_history_says_its_own_labels_and_undo_its_refusals_in_the_profiles_language(
    invoke, monkeypatch, tmp_path, locale: str, label: str, refusal: str
):
    """A label clientkit wrote (not a command typed) is stored in English and said at display;
    an invoice issued before its documents were kept gets them on its first `invoice pdf`."""
    monkeypatch.setenv("COLUMNS", "200")  # each line whole, none wrapped
    _issued_book(invoke, locale)
    undone = invoke("undo")
    assert (undone.code, _error(undone.stderr)) == (1, refusal)
    connection = sqlite3.connect(home_db())
    with connection:
        connection.execute("DELETE FROM issued_document")  # as a book of an older version
    connection.close()
    assert invoke("invoice", "pdf", "2026-0001", "-o", str(tmp_path / "a.pdf")).code == 0
    entry = _lines(invoke("history", "--limit", "1").stdout)[0]
    assert entry == f"#6  2026-11-23 12:00  {label}"
    stored = sqlite3.connect(home_db()).execute("SELECT label FROM history ORDER BY id DESC")
    assert stored.fetchone()[0] == "keep the documents of 2026-0001, issued before they were kept"


def test_an_import_of_an_export_is_named_not_undoable_in_the_profiles_language(
    invoke, monkeypatch, tmp_path
):
    monkeypatch.setenv("COLUMNS", "200")  # each line whole, none wrapped
    invoke("profile", "set", "--locale", "sk_SK", "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    target = f"sqlite:///{tmp_path / 'other.db'}"
    assert invoke("--db", target, "import", str(tmp_path / "out")).code == 0
    entry = _lines(invoke("--db", target, "history", "--limit", "1").stdout)[0]
    assert entry.endswith("(nedá sa vrátiť: import exportu)")
    undone = invoke("--db", target, "undo")
    assert _error(undone.stderr).endswith(
        "sa nedá vrátiť: zapísal sa hromadne (import exportu), preto sa nedá vrátiť"
    )
