"""The gettext catalogs: complete, current against the sources, loaded once and quickly, and
the shipped templates in every catalog language."""

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from jinja2 import Environment, meta

from clientkit import paths
from clientkit.domain.wording import ENGLISH, fill
from clientkit.translations import (
    catalog_languages,
    document_locale,
    fallback_notice,
    say,
    translator,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("de", "sk", "cs", "pl", "uk")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TEMPLATES = ("contract", "change_order")
REMINDERS = ("reminder_friendly", "reminder_second", "reminder_final")


def _template() -> Catalog:
    return read_po((paths.catalogs_dir() / "clientkit.pot").open("rb"))


def _catalog(language: str) -> Catalog:
    path = paths.catalogs_dir() / language / "LC_MESSAGES" / "clientkit.po"
    return read_po(path.open("rb"), locale=language)


def test_the_shipped_languages_are_english_german_slovak_czech_polish_and_ukrainian():
    assert catalog_languages() == {"en", *SHIPPED}


@pytest.mark.parametrize("language", SHIPPED)
def test_a_catalog_translates_every_message_of_the_template_with_the_same_placeholders(
    language: str,
):
    """No message missing, none empty or fuzzy, and each translation fills exactly the
    placeholders of its message id."""
    catalog = _catalog(language)
    for message in _template():
        if not message.id:
            continue
        translated = catalog.get(message.id)
        assert translated is not None, f"{language}: missing {message.id!r}"
        assert translated.string.strip(), f"{language}: empty {message.id!r}"
        assert not translated.fuzzy, f"{language}: fuzzy {message.id!r}"
        wanted = sorted(PLACEHOLDER.findall(message.id))
        assert sorted(PLACEHOLDER.findall(translated.string)) == wanted, (language, message.id)
    assert [problem for problem in catalog.check() if problem[1]] == []  # Babel's own checks


def test_the_template_holds_exactly_the_messages_the_sources_mark(tmp_path: Path):
    """clientkit.pot is current: extracting again (README, Development) finds the same ids."""
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-c",
            "TRANSLATORS:",
            "--add-location=file",
            "-o",
            str(fresh),
            str(ROOT),
        ]
    )
    extracted = {message.id for message in read_po(fresh.open("rb")) if message.id}
    assert extracted == {message.id for message in _template() if message.id}


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
