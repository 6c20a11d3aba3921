"""The command line speaks the freelancer's own language, the profile's, where a `cli`
catalog exists (Slovak, Ukrainian): the text of the everyday commands and the errors met
most. `error:`, the exit codes and --json stay as they are, whatever the language."""

import json
from typing import Any

import pytest

from tests.cli.helpers import refused

NBSP = "\u00a0"  # Babel separates thousands and the currency sign with no-break spaces


def _text(stdout: str) -> list[str]:
    """The lines printed, no-break spaces shown as spaces, trailing blanks dropped."""
    return [line.rstrip() for line in stdout.replace(NBSP, " ").splitlines()]


def _book(invoke: Any, locale: str) -> dict[str, list[str]]:
    """A small book kept by a freelancer whose profile is in `locale`: the text each
    everyday command printed (every one exits 0)."""
    said = {}
    for args in (
        ("profile", "set", "--name", "Jana", "--currency", "EUR", "--locale", locale),
        ("client", "add", "Acme", "--currency", "EUR", "--email", "billing@acme.test"),
        ("project", "add", "Acme", "Brand", "--price", "1500", "--revisions", "1"),
        ("project", "start", "Brand"),
        ("log", "Brand", "2h"),
        ("invoice", "create", "Brand"),
        ("invoice", "issue", "1"),
        ("pay", "2026-0001", "100"),
        ("invoice", "list"),
        ("client", "list"),
        ("project", "list"),
        ("report",),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done)
        said[" ".join(args[:2])] = _text(done.stdout)
    return said


def test_a_slovak_profile_hears_the_everyday_commands_in_slovak(invoke):
    said = _book(invoke, "sk_SK")
    assert said["client add"] == ["klient 1 pridaný: Acme"]
    assert said["project add"][0] == "projekt 1 pridaný: Brand (Acme)"
    assert said["project start"] == [
        "projekt 1 Brand: aktívny",
        "! zmluva ešte nie je podpísaná: dajte ju podpísať skôr, než začnete pracovať",
        "! chýba záloha: pred začatím práce ešte treba uhradiť 450,00 €",
    ]
    assert said["log Brand"] == ["zaznamenané: 2h, práca, projekt Brand"]
    assert said["invoice create"] == [
        "vytvorené – koncept 1 pre klienta Acme: spolu 1 500,00 €, po odpočítaní záloh na"
        " úhradu 1 500,00 €"
    ]
    assert said["invoice issue"] == [
        "faktúra 2026-0001 vystavená klientovi Acme: spolu 1 500,00 €, na úhradu 1 500,00 €"
        " do 2026-12-07"
    ]
    assert said["pay 2026-0001"] == [
        "faktúra 2026-0001: uhradené 100,00 € z 1 500,00 €, zostáva 1 400,00 € (vystavená)"
    ]
    assert said["invoice list"] == [
        "id  číslo      stav       klient  splatnosť   spolu       zostatok",
        "1   2026-0001  vystavená  Acme    2026-12-07  1 500,00 €  1 400,00 €",
    ]
    header = " ".join(said["project list"][0].split())
    assert header == "id názov klient stav revízie komunikácia termín"
    assert said["report"][:3] == ["Prehľad: celé obdobie", "", "Peniaze:"]


def test_a_ukrainian_profile_hears_the_everyday_commands_in_ukrainian(invoke):
    said = _book(invoke, "uk_UA")
    assert said["client add"] == ["клієнта 1 додано: Acme"]
    assert said["project start"][0] == "проєкт 1 Brand: активний"
    assert said["log Brand"] == ["записано: 2h, робота, проєкт Brand"]
    assert said["invoice issue"] == [
        "рахунок 2026-0001 виставлено клієнту Acme: разом 1 500,00 EUR, до сплати"
        " 1 500,00 EUR до 2026-12-07"
    ]
    assert said["pay 2026-0001"] == [
        "рахунок 2026-0001: сплачено 100,00 EUR із 1 500,00 EUR, залишок 1 400,00 EUR (виставлений)"
    ]
    header = " ".join(said["invoice list"][0].split())
    assert header == "id номер стан клієнт сплатити до разом залишок"
    assert said["report"][0] == "Звіт: увесь час"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "sk_SK",
            [
                "error: neplatná suma 'abc': očakáva sa číslo, napr. 1500 alebo 1500.50",
                "error: klient s menom 'Acmx' neexistuje; mysleli ste: Acme (id 1)?",
                "error: neplatný dátum '2026-13-01': očakáva sa RRRR-MM-DD",
                "error: neplatné trvanie '1x': očakáva sa napr. 90m, 1h30m alebo 1.5h",
                "error: neplatné percento '12x': očakáva sa hodnota ako 30% alebo 1.5%",
                "error: faktúra '9' neexistuje: zadajte jej číslo (napr. 2026-0001) alebo id",
            ],
        ),
        (
            "uk_UA",
            [
                "error: недійсна сума 'abc': очікується число, наприклад, 1500 або 1500.50",
                "error: клієнта з ім'ям 'Acmx' немає; можливо, ви мали на увазі: Acme (id 1)?",
                "error: недійсна дата '2026-13-01': очікується РРРР-ММ-ДД",
                "error: недійсна тривалість '1x': очікується, наприклад, 90m, 1h30m або 1.5h",
                "error: недійсний відсоток '12x': очікується значення на кшталт 30% або 1.5%",
                "error: рахунку '9' немає: вкажіть його номер (наприклад, 2026-0001) або id",
            ],
        ),
    ],
)
def test_the_errors_met_most_are_in_the_profiles_language_after_an_english_prefix(
    invoke, locale: str, expected: list[str]
):
    """Bad input still exits 2 with one line on stderr and the book unchanged; only the
    sentence after `error: ` is translated."""
    invoke("profile", "set", "--locale", locale, "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    invoke("project", "add", "Acme", "Brand", "--price", "1500")
    lines = [
        refused(invoke, "project", "add", "Acme", "Logo", "--price", "abc"),
        refused(invoke, "client", "show", "Acmx"),
        refused(invoke, "log", "Brand", "1h", "--date", "2026-13-01"),
        refused(invoke, "log", "Brand", "1x"),
        refused(invoke, "project", "edit", "Brand", "--rush-fee", "12x"),
        refused(invoke, "invoice", "show", "9"),
    ]
    assert [line.rstrip("\n") for line in lines] == expected


def test_a_slip_asks_for_yes_in_the_profiles_language(invoke):
    invoke("profile", "set", "--locale", "sk_SK", "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    invoke("project", "add", "Acme", "Brand", "--price", "1500")
    line = refused(invoke, "log", "Brand", "1h", "--date", "2020-01-01")
    assert line == (
        "error: dátum záznamu času 2020-01-01 je viac ako rok dozadu; ak je to tak, spustite"
        " príkaz znova s --yes\n"
    )


def test_reminders_and_risks_summaries_are_in_the_profiles_language(invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # each line whole, none wrapped
    _book(invoke, "sk_SK")
    preview = _text(invoke("remind", "--dry-run", today="2026-12-10").stdout)
    assert preview[:2] == [
        "2026-12-10: odoslala by sa 1 upomienka",
        "- faktúra 2026-0001 pre Acme <billing@acme.test>: priateľská (3 dni po splatnosti)",
    ]
    risks = _text(invoke("risks").stdout)
    assert risks[-1] == "2 zistenia: 2 varovania"
    assert risks[1].split()[:2] == ["varovanie", "no_contract"]


# What `risks` says of the small book's project on 2026-12-10: started without a signed
# contract or the deposit, and its invoice three days overdue; each finding's level and code,
# the sentence saying what is wrong, and the next step.
FINDINGS = {
    "sk_SK": [
        "  varovanie  no_contract (Brand)",
        "             Projekt sa začal 2026-11-23 bez podpísanej zmluvy.",
        "             -> Dajte si podpísať zmluvu skôr, než budete pokračovať v práci"
        " (clientkit contract pdf, potom clientkit contract sign).",
        "  varovanie  no_deposit (Brand)",
        "             Prijatá záloha: 0,00 € z požadovaných 450,00 €; ešte chýba 450,00 €.",
        "             -> Pred pokračovaním v práci si vyžiadajte chýbajúcu zálohu (450,00 €).",
        "  varovanie  unpaid_overdue (Brand)",
        "             Faktúra 2026-0001 je 3 dni po splatnosti, neuhradené zostáva 1 400,00 €.",
        "             -> Pošlite priateľskú upomienku (clientkit remind --send).",
    ],
    "uk_UA": [
        "  попередження  no_contract (Brand)",
        "                Проєкт розпочато 2026-11-23 без підписаного договору.",
        "                -> Підпишіть договір, перш ніж працювати далі"
        " (clientkit contract pdf, потім clientkit contract sign).",
        "  попередження  no_deposit (Brand)",
        "                Отримано передоплату: 0,00 EUR із потрібних 450,00 EUR;"
        " бракує ще 450,00 EUR.",
        "                -> Перш ніж працювати далі, попросіть решту передоплати (450,00 EUR).",
        "  попередження  unpaid_overdue (Brand)",
        "                Рахунок 2026-0001 прострочено на 3 дні, не сплачено 1 400,00 EUR.",
        "                -> Надішліть дружнє нагадування (clientkit remind --send).",
    ],
    "en_US": [
        "  warning   no_contract (Brand)",
        "            The project started on 2026-11-23 without a signed contract.",
        "            -> Get the contract signed before doing more work"
        " (clientkit contract pdf, then clientkit contract sign).",
        "  warning   no_deposit (Brand)",
        "            Deposit received: €0.00 of €450.00 required; €450.00 still missing.",
        "            -> Ask for the missing deposit (€450.00) before continuing the work.",
        "  warning   unpaid_overdue (Brand)",
        "            Invoice 2026-0001 is 3 days overdue with €1,400.00 unpaid.",
        "            -> Send a friendly reminder (clientkit remind --send).",
    ],
}


@pytest.mark.parametrize("locale", sorted(FINDINGS))
def test_each_risk_finding_says_what_is_wrong_and_what_to_do_in_the_profiles_language(
    invoke, monkeypatch, locale
):
    monkeypatch.setenv("COLUMNS", "200")  # each line whole, none wrapped
    _book(invoke, locale)
    said = _text(invoke("risks", today="2026-12-10").stdout)
    assert said[1:-2] == FINDINGS[locale]
    found = json.loads(invoke("risks", "--json", today="2026-12-10").stdout)
    message = found[2]["message"]  # English words, the amount in the profile's locale
    assert message.startswith("Invoice 2026-0001 is 3 days overdue with ")
    assert found[2]["action"] == "Send a friendly reminder (clientkit remind --send)."


def _reads(invoke: Any) -> dict[str, Any]:
    commands = (
        ("client", "list"),
        ("client", "show", "Acme"),
        ("project", "show", "Brand"),
        ("invoice", "list"),
        ("invoice", "show", "1"),
        ("payment", "list"),
        ("report",),
    )
    return {" ".join(args): json.loads(invoke(*args, "--json").stdout) for args in commands}


def test_json_is_the_same_whatever_language_the_profile_speaks(invoke):
    """--json is for programs: switching the profile from Slovak to English changes no key,
    value or word of it."""
    _book(invoke, "sk_SK")
    slovak = _reads(invoke)
    invoke("profile", "set", "--locale", "en_US")
    assert _reads(invoke) == slovak


def test_notices_in_json_stay_english_for_a_slovak_profile(invoke):
    """A notice's amount is formatted in the profile's locale, its words stay English."""
    _book(invoke, "sk_SK")
    done = invoke("pay", "2026-0001", "1500", "--json")
    assert done.code == 0
    assert json.loads(done.stdout)["notices"] == [
        f"100,00{NBSP}€ beyond the balance kept as client credit"
    ]


def test_a_language_without_a_command_line_catalog_is_english_and_says_nothing_of_it(invoke):
    invoke("profile", "set", "--locale", "de_DE", "--currency", "EUR")
    done = invoke("client", "add", "Acme", "--currency", "EUR")
    assert (done.code, done.stdout) == (0, "client 1 added: Acme\n")
    assert refused(invoke, "client", "show", "Zeta") == "error: no client named 'Zeta'\n"


def test_every_field_and_column_of_the_everyday_commands_has_a_translated_label():
    """No English header is left in a Slovak or Ukrainian table: each is in words.LABELS."""
    from clientkit.cli import clients, invoices, payments, profile, projects, report
    from clientkit.cli.words import LABELS
    from clientkit.domain.parties import PARTY_FIELDS

    shown = {
        *clients.SHOW_FIELDS,
        *clients.LIST_COLUMNS,
        *projects.SHOW_FIELDS,
        *projects.LIST_COLUMNS,
        *invoices.SHOW_FIELDS,
        *invoices.LIST_COLUMNS,
        *payments.LIST_COLUMNS,
        *profile.FIELDS,
        *report.MONEY_COLUMNS,
        *report.RATE_COLUMNS,
        *PARTY_FIELDS,
    }
    assert shown - set(LABELS) - {"hours", "communication"} == set()  # report's own titles


# A sentence built of parts (the changes asked for; how many are unapproved) and one with
# figures in it, as `risks` says them of a project whose communication went over its budget
# and that got three change requests after kickoff.
COMPOSED = {
    "sk_SK": [
        "Komunikácia 2h z rozpočtu 1h (200 %): o 1h viac, na vyfakturovanie 50,00 €.",
        "3 požiadavky na zmenu po začatí v hodnote 500,00 € (50 % ceny); 3 neschválené klientom.",
        "-> Dajte si 3 neschválené dodatky naceniť a podpísať skôr, než prácu urobíte"
        " (clientkit scope approve).",
    ],
    "uk_UA": [
        "Комунікація 2h із бюджету 1h (200 %): перевищено на 1h, до виставлення 50,00 EUR.",
        "3 запити на зміни після старту вартістю 500,00 EUR (50 % ціни); 3 не схвалені клієнтом.",
        "-> Оцініть і підпишіть 3 несхвалені додаткові угоди, перш ніж виконувати роботу"
        " (clientkit scope approve).",
    ],
    "en_US": [
        "Communication 2h of the 1h budget (200%): 1h over, €50.00 to bill.",
        "3 change requests after kickoff worth €500.00 (50% of the price); 3 not approved by the"
        " client.",
        "-> Get the 3 unapproved change orders signed and priced before doing the work"
        " (clientkit scope approve).",
    ],
}


@pytest.mark.parametrize("locale", sorted(COMPOSED))
def test_a_finding_put_together_from_parts_is_said_whole_in_the_profiles_language(
    invoke, monkeypatch, locale
):
    monkeypatch.setenv("COLUMNS", "300")  # each line whole, none wrapped
    for args in (
        ("profile", "set", "--name", "Jana", "--currency", "EUR", "--locale", locale),
        ("client", "add", "Acme", "--currency", "EUR"),
        ("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0"),
        ("project", "edit", "Site", "--comm-budget", "1h", "--comm-rate", "50"),
        ("project", "start", "Site"),
        ("log", "Site", "2h", "--kind", "call"),
        ("scope", "add", "Site", "Dark mode", "--price", "300"),
        ("scope", "add", "Site", "Print styles", "--price", "200"),
        ("scope", "add", "Site", "Newsletter"),
    ):
        assert invoke(*args).code == 0, args
    said = [line.strip() for line in _text(invoke("risks").stdout)]
    assert set(COMPOSED[locale]) <= set(said)


# The first line each command printed, for a freelancer who signs a contract, takes a change
# request, times an hour, records a client's message and answers it, lists time, undoes.
DAY = {
    "sk_SK": {
        "scope add": "požiadavka na zmenu 1 pridaná: Dark mode",
        "scope approve": "požiadavka na zmenu 1 schválená 2026-11-23",
        "contract sign": "zmluva k projektu Site podpísaná 2026-11-20",
        "timer start": "časovač spustený: hovor, projekt Site",
        "timer stop": "zaznamenané: 1m, hovor, projekt Site",
        "message add": "prijatá správa 1 zaznamenaná pre klienta Acme",
        "message answer": "správa 1 zodpovedaná",
        "time list": "spolu 1m v 1 zázname",
        "undo": "vrátené #12 `message answer 1` (1 riadok)",
        "credit show": "Acme: preplatok 0,00 €, otvorený zostatok 0,00 €",
    },
    "uk_UA": {
        "scope add": "запит на зміну 1 додано: Dark mode",
        "scope approve": "запит на зміну 1 схвалено 2026-11-23",
        "contract sign": "договір до проєкту Site підписано 2026-11-20",
        "timer start": "таймер запущено: дзвінок, проєкт Site",
        "timer stop": "записано: 1m, дзвінок, проєкт Site",
        "message add": "вхідне повідомлення 1 записано для клієнта Acme",
        "message answer": "на повідомлення 1 відповіли",
        "time list": "разом 1m у 1 записі",
        "undo": "скасовано #12 `message answer 1` (1 рядок)",
        "credit show": "Acme: кредит 0,00 EUR, відкритий залишок 0,00 EUR",
    },
    "en_US": {
        "scope add": "change request 1 added: Dark mode",
        "scope approve": "change request 1 approved on 2026-11-23",
        "contract sign": "contract of Site signed on 2026-11-20",
        "timer start": "timer started: call on Site",
        "timer stop": "logged 1m call on Site",
        "message add": "inbound message 1 recorded for Acme",
        "message answer": "message 1 answered",
        "time list": "total 1m in 1 entry",
        "undo": "undid #12 `message answer 1` (1 row)",
        "credit show": "Acme: credit €0.00, open balance €0.00",
    },
}


@pytest.mark.parametrize("locale", sorted(DAY))
def test_scope_contract_timer_messages_time_undo_and_credit_speak_the_profiles_language(
    invoke, locale
):
    said = {}
    for args in (
        ("profile", "set", "--name", "Jana", "--currency", "EUR", "--locale", locale),
        ("client", "add", "Acme", "--currency", "EUR"),
        ("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0"),
        ("contract", "pdf", "Site"),
        ("contract", "sign", "Site", "--date", "2026-11-20"),
        ("project", "start", "Site"),
        ("scope", "add", "Site", "Dark mode", "--price", "300"),
        ("scope", "approve", "1"),
        ("timer", "start", "Site", "--kind", "call"),
        ("timer", "stop"),
        ("message", "add", "Acme", "--inbound", "--subject", "Hi", "--body", "Hello"),
        ("message", "answer", "1"),
        ("time", "list"),
        ("undo",),
        ("credit", "show", "Acme"),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)
        said[" ".join(args[:2])] = _text(done.stdout)
    for command, line in DAY[locale].items():
        shown = said[command][-1] if command == "time list" else said[command][0]
        assert shown == line, command


# What the scope, contract and message commands refuse, after the English `error: `.
REFUSALS = {
    "sk_SK": [
        "error: projekt 'Site' ešte nemá zmluvu; najprv spustite `clientkit contract pdf 1`",
        "error: dátum podpisu 2099-01-01 je v budúcnosti",
        "error: --search potrebuje text, ktorý má hľadať",
    ],
    "uk_UA": [
        "error: проєкт 'Site' ще не має договору; спершу виконайте `clientkit contract pdf 1`",
        "error: дата підпису 2099-01-01 у майбутньому",
        "error: --search потребує тексту для пошуку",
    ],
    "en_US": [
        "error: project 'Site' has no contract yet; run `clientkit contract pdf 1` first",
        "error: signature date 2099-01-01 is in the future",
        "error: --search needs some text to find",
    ],
}


@pytest.mark.parametrize("locale", sorted(REFUSALS))
def test_contract_and_message_refusals_are_in_the_profiles_language(invoke, locale):
    invoke("profile", "set", "--locale", locale, "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    invoke("project", "add", "Acme", "Site", "--price", "1000")
    unsigned = invoke("contract", "sign", "Site")
    assert unsigned.code == 1
    lines = [
        unsigned.stderr,
        refused(invoke, "contract", "sign", "Site", "--date", "2099-01-01"),
        refused(invoke, "message", "list", "--search", " "),
    ]
    assert [line.rstrip("\n") for line in lines] == REFUSALS[locale]


def test_a_change_requests_price_notice_is_in_the_profiles_language(invoke):
    invoke("profile", "set", "--locale", "sk_SK", "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    invoke("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0")
    invoke("project", "start", "Site")
    invoke("scope", "add", "Site", "Dark mode", "--price", "300")
    said = _text(invoke("scope", "approve", "1").stdout)
    assert said[1] == (
        "! jej cena 300,00 € sa vyfakturuje ako samostatná položka na ďalšej faktúre projektu"
    )


@pytest.mark.parametrize(
    ("locale", "exported", "imported"),
    [
        (
            "sk_SK",
            "exportované: 2 riadky z ",
            "niet čo importovať: kniha už obsahuje všetko z ",
        ),
        (
            "uk_UA",
            "експортовано: 2 рядки із ",
            "нічого імпортувати: книга вже містить усе з ",
        ),
        (
            "en_US",
            "exported 2 rows of ",
            "nothing to import: the book already holds everything in ",
        ),
    ],
)
def test_export_and_import_summaries_are_in_the_profiles_language(
    invoke, tmp_path, locale, exported, imported
):
    invoke("profile", "set", "--locale", locale, "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    done = invoke("export", "-o", str(tmp_path / "out"))
    assert done.code == 0, done.stderr
    assert done.stdout.startswith(exported)  # of how many tables: as many as the book has
    again = invoke("import", str(tmp_path / "out"))
    assert again.code == 0, again.stderr
    assert again.stdout.startswith(imported)


@pytest.mark.parametrize(
    ("locale", "phone", "vat_id"),
    [
        (
            "sk_SK",
            "error: --phone abc: toto nie je telefónne číslo (len číslice, medzery a + - ( ) /)",
            "error: --vat-id 12345: neplatné IČ DPH (začína kódom krajiny, napr. SK)",
        ),
        (
            "uk_UA",
            "error: --phone abc: це не номер телефону (лише цифри, пробіли та + - ( ) /)",
            "error: --vat-id 12345: недійсний номер платника ПДВ (починається з коду країни,"
            " напр. SK)",
        ),
        (
            "en_US",
            "error: --phone abc: not a phone number (digits, spaces and + - ( ) / only)",
            "error: --vat-id 12345: not a valid VAT number (it starts with the country code,"
            " e.g. SK)",
        ),
    ],
)
def test_a_party_fields_error_names_the_option_and_says_why_in_the_profiles_language(
    invoke, locale, phone, vat_id
):
    invoke("profile", "set", "--locale", locale, "--currency", "EUR")
    lines = [
        refused(invoke, "profile", "set", "--phone", "abc"),
        refused(invoke, "profile", "set", "--vat-id", "12345"),
    ]
    assert [line.rstrip("\n") for line in lines] == [phone, vat_id]
