"""The gettext catalogs: complete, current against the sources, loaded once and quickly, and
the shipped templates in every catalog language; the command line's words (`cli` domain) said
in English and again in the profile's language."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from jinja2 import Environment, meta

from clientkit import paths
from clientkit.domain.history_words import keeping_documents, said_again
from clientkit.domain.wording import (
    ENGLISH,
    Said,
    fill,
    said,
    said_and,
    said_and_more,
    said_in,
    said_n,
    said_or,
)
from clientkit.services.errors import BadInput, explain
from clientkit.translations import (
    catalog_languages,
    document_locale,
    fallback_notice,
    say,
    text,
    translator,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("de", "sk", "cs", "pl", "uk")
CLI_SHIPPED = ("sk", "uk")  # the command line's languages so far
CATALOGS = [("clientkit", language) for language in SHIPPED] + [
    ("cli", language) for language in CLI_SHIPPED
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TEMPLATES = ("contract", "change_order")
REMINDERS = ("reminder_friendly", "reminder_second", "reminder_final")


# How each domain's template is extracted (README, Development).
EXTRACT = {
    "clientkit": ["-F", str(ROOT / "babel.cfg")],
    "cli": [
        "-F",
        str(ROOT / "babel-cli.cfg"),
        "--no-default-keywords",
        "-k",
        "said",
        "-k",
        "said_n:1,2",
        "-k",
        "said_in:1c,2",
    ],
}


def _template(domain: str = "clientkit") -> Catalog:
    return read_po((paths.catalogs_dir() / f"{domain}.pot").open("rb"))


def _catalog(language: str, domain: str = "clientkit") -> Catalog:
    path = paths.catalogs_dir() / language / "LC_MESSAGES" / f"{domain}.po"
    return read_po(path.open("rb"), locale=language)


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's text, or each form of a plural one."""
    return (text,) if isinstance(text, str) else tuple(text)


def test_the_shipped_languages_are_english_german_slovak_czech_polish_and_ukrainian():
    assert catalog_languages() == {"en", *SHIPPED}


def test_the_command_line_speaks_slovak_and_ukrainian_besides_english():
    assert catalog_languages("cli") == {"en", *CLI_SHIPPED}


@pytest.mark.parametrize(("domain", "language"), CATALOGS)
def test_a_catalog_translates_every_message_of_the_template_with_the_same_placeholders(
    domain: str, language: str
):
    """No message missing, none empty or fuzzy, and each translation (each plural form)
    fills exactly the placeholders of its message id."""
    catalog = _catalog(language, domain)
    for message in _template(domain):
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        assert translated is not None, f"{language}: missing {message.id!r}"
        assert not translated.fuzzy, f"{language}: fuzzy {message.id!r}"
        wanted = sorted(PLACEHOLDER.findall(_forms(message.id)[-1]))
        forms = _forms(translated.string)
        assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), message.id
        for form in forms:
            assert form.strip(), f"{language}: empty {message.id!r}"
            assert sorted(PLACEHOLDER.findall(form)) == wanted, (language, message.id)
    assert [problem for problem in catalog.check() if problem[1]] == []  # Babel's own checks


@pytest.mark.parametrize("domain", ["clientkit", "cli"])
def test_the_template_holds_exactly_the_messages_the_sources_mark(domain: str, tmp_path: Path):
    """Each .pot is current: extracting again (README, Development) finds the same ids."""
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            *EXTRACT[domain],
            "-c",
            "TRANSLATORS:",
            "--add-location=file",
            "-o",
            str(fresh),
            str(ROOT),
        ]
    )
    extracted = {(m.context, m.id) for m in read_po(fresh.open("rb")) if m.id}
    assert extracted == {(m.context, m.id) for m in _template(domain) if m.id}


def test_english_is_the_message_ids_and_a_language_without_a_catalog_is_english_too():
    assert translator("en").gettext("Invoice") == "Invoice"
    assert translator("ru").gettext("Invoice") == "Invoice"
    assert translator("uk").gettext("Invoice") == "Рахунок-фактура"
    assert translator("uk") is translator("uk")  # compiled once per process


def test_a_document_for_a_locale_without_a_catalog_is_english_with_english_formats():
    assert document_locale("sk_SK") == "sk_SK"
    assert document_locale("de_AT") == "de_AT"
    assert document_locale("ru_RU") == "en_US"
    assert document_locale("en_GB") == "en_GB"
    assert fallback_notice("Ivan", "ru_RU", "invoice") == [
        "client Ivan's language ru has no catalog: the invoice is in English"
    ]
    assert fallback_notice("Jana", "sk_SK", "invoice") == []


def test_a_value_ending_in_a_period_is_not_followed_by_the_sentences_own():
    message = "Please transfer %(amount)s by %(date)s."
    assert fill(message, {"amount": "650,00 €", "date": "22 янв. 2027 г."}) == (
        "Please transfer 650,00 € by 22 янв. 2027 г."
    )
    assert fill(message, {"amount": "€5", "date": "Jan 22, 2027"}).endswith("2027.")
    assert fill("%(a)s...", {"a": "etc."}) == "etc...."  # an ellipsis is left as written
    assert say(message, "uk_UA", amount="1 €", date="22 січ. 2027 р.") == (
        "Просимо сплатити 1 € до 22 січ. 2027 р."
    )
    assert ENGLISH.say("Change request: %(change)s", change="Logo") == "Change request: Logo"


def test_another_domain_is_loaded_by_the_same_translator(tmp_path: Path, monkeypatch):
    """A catalog of another domain (the command line's, later) needs no change to the loader."""
    folder = tmp_path / "sk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "cli.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "%(count)s clients"\nmsgstr "%(count)s klientov"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(paths, "catalogs_dir", lambda: tmp_path)
    catalog_languages.cache_clear()
    translator.cache_clear()
    try:
        assert catalog_languages("cli") == {"en", "sk"}
        assert translator("sk", "cli").gettext("%(count)s clients") == "%(count)s klientov"
        assert translator("de", "cli").gettext("%(count)s clients") == "%(count)s clients"
    finally:
        catalog_languages.cache_clear()
        translator.cache_clear()


def _variables(name: str) -> set[str]:
    source = (paths.shipped_templates_dir() / name).read_text(encoding="utf-8")
    return meta.find_undeclared_variables(Environment(autoescape=False).parse(source))  # noqa: S701 (text)


@pytest.mark.parametrize("language", SHIPPED)
@pytest.mark.parametrize(
    ("base", "suffix"),
    [(base, ".txt") for base in TEMPLATES] + [(base, ".txt.j2") for base in REMINDERS],
)
def test_every_catalog_language_ships_each_template_with_the_english_ones_values(
    language: str, base: str, suffix: str
):
    """Contract, change order and the three reminders exist in each language and use the
    very values of the English template: no clause dropped, none invented."""
    assert _variables(f"{base}.{language}{suffix}") == _variables(f"{base}.en{suffix}")


def test_a_said_line_is_its_english_text_wherever_a_string_goes():
    """The English line is the message filled, as the f-string it replaced printed it; JSON
    and str() see just that text."""
    line = said("client %(id)s added: %(name)s", id=1, name="Acme")
    assert line == "client 1 added: Acme"
    assert str(line) == "client 1 added: Acme"
    assert json.dumps({"notices": [line]}) == '{"notices": ["client 1 added: Acme"]}'
    assert said_n("%(count)s day overdue", "%(count)s days overdue", 1) == "1 day overdue"
    assert said_n("%(count)s day overdue", "%(count)s days overdue", 0) == "0 days overdue"


def test_a_said_line_is_said_again_in_the_language_of_a_locale_with_a_catalog():
    line = said("client %(id)s added: %(name)s", id=1, name="Acme")
    assert text(line, "sk_SK") == "klient 1 pridaný: Acme"
    assert text(line, "uk_UA") == "клієнта 1 додано: Acme"
    assert text(line, "de_DE") == "client 1 added: Acme"  # no cli catalog: English, silently
    assert text(line, "en_GB") == "client 1 added: Acme"
    assert text("not a said line", "sk_SK") == "not a said line"


def test_a_value_said_itself_is_said_again_in_the_same_language():
    """A status word inside a line follows the line's language."""
    line = said(
        "project %(id)s %(title)s: %(status)s",
        id=1,
        title="Brand",
        status=said_in("project status", "active"),
    )
    assert line == "project 1 Brand: active"
    assert text(line, "sk_SK") == "projekt 1 Brand: aktívny"
    assert text(line, "uk_UA") == "проєкт 1 Brand: активний"


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("sk_SK", 1, "1 deň po splatnosti"),
        ("sk_SK", 3, "3 dni po splatnosti"),
        ("sk_SK", 5, "5 dní po splatnosti"),
        ("uk_UA", 1, "прострочено на 1 день"),
        ("uk_UA", 3, "прострочено на 3 дні"),
        ("uk_UA", 11, "прострочено на 11 днів"),
        ("uk_UA", 21, "прострочено на 21 день"),
    ],
)
def test_a_number_of_things_takes_the_form_its_language_gives_that_number(
    locale: str, count: int, expected: str
):
    line = said_n("%(count)s day overdue", "%(count)s days overdue", count)
    assert text(line, locale) == expected


def test_an_error_keeps_its_said_message_so_the_command_line_can_say_it_again():
    error = BadInput(said("no client named %(text)s%(hint)s", text=repr("Acmx"), hint=""))
    sentence = explain(error).sentence
    assert sentence == "no client named 'Acmx'"
    assert text(sentence, "sk_SK") == "klient s menom 'Acmx' neexistuje"


def test_a_list_is_joined_by_the_languages_own_and_or_and_more_with_the_english_unchanged():
    """`a and b and c` is the English " and ".join wrote; each language puts its own word
    between every two items, and counts what is left over in the form of its number."""
    both = said_and(["5 000,00 CZK", "1 000,00 €", "20,00 PLN"])
    assert both == "5 000,00 CZK and 1 000,00 € and 20,00 PLN"
    assert text(both, "sk_SK") == "5 000,00 CZK a 1 000,00 € a 20,00 PLN"
    assert text(said_or(["none", "small-business"]), "uk_UA") == "none або small-business"
    assert said_and(["one"]) == "one"
    more = said_and_more("'a', 'b'", 5)
    assert more == "'a', 'b' and 5 more"
    assert text(more, "sk_SK") == "'a', 'b' a 5 ďalších"
    assert text(said_and_more("'a'", 2), "sk_SK") == "'a' a 2 ďalšie"


@pytest.mark.parametrize(
    "stored",
    [
        "(unnamed)",
        "an import of an export",
        "a demo book replaced whatever the book held",
        "rows were written in bulk",
        "invoice_line was written by a statement run many times",
        "payment was written by a statement whose rows have no id",
        "a row of invoice could not be read back",
        "a value of project was not loaded",
        "a value of client was changed without being read first",
        "keep the documents of 2026-0001, issued before they were kept",
        "keep the documents of 2026-0001, 2026-0002, 2026-0003 and 4 more, issued before they"
        " were kept",
    ],
)
def test_what_the_history_stores_in_english_is_said_again_in_the_profiles_language(stored: str):
    """A label or reason clientkit wrote keeps its stored English text and is said in Slovak
    and Ukrainian when shown, whichever version of clientkit stored it."""
    again = said_again(stored)
    assert again == stored
    assert text(again, "sk_SK") != stored
    assert text(again, "uk_UA") != stored


def test_the_history_says_the_label_it_writes_as_it_reads_it_back():
    written = keeping_documents([f"2026-000{n}" for n in range(1, 6)])
    assert written == (
        "keep the documents of 2026-0001, 2026-0002, 2026-0003 and 2 more, issued before they"
        " were kept"
    )
    assert (
        text(said_again(str(written)), "sk_SK")
        == text(written, "sk_SK")
        == (
            "uloženie dokumentov faktúr vystavených skôr, než sa uchovávali: 2026-0001, 2026-0002,"
            " 2026-0003 a 2 ďalšie"
        )
    )
    assert said_again("project start Brand") == "project start Brand"  # a command line
    assert not isinstance(said_again("invoice pdf 2026-0001"), Said)
