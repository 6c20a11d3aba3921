"""A document is wholly in one language: its client's where clientkit has a catalog for it,
else English words with English dates and numbers, and the command says so.

One book per locale renders every document clientkit writes (document_languages_seed); the
tests read the text a client gets (pdftotext for PDFs) against the catalogs.
"""

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from clientkit import paths
from clientkit.clock import clock_from_text
from clientkit.documents.invoice_pdf import LABELS
from clientkit.documents.supply_words import WORDS
from clientkit.domain.billing import (
    ADVANCE_DEDUCTED,
    ADVANCE_LINE,
    CHANGE_REQUEST,
    COMMUNICATION_OVER_BUDGET,
    EXTRA_REVISIONS,
    REVERSE_CHARGE_NOTE,
    RUSH_FEE,
    WORK_LINE,
)
from clientkit.domain.billing import COMMUNICATION_LINE as HOURLY_COMMUNICATION
from clientkit.domain.cancellation import FEE_LINES
from clientkit.i18n import format_date
from clientkit.services.book import open_book
from clientkit.services.invoicing import CANCELS_INVOICE
from clientkit.translations import say
from tests.conftest import TODAY, fresh_sqlite_book
from tests.services.document_languages_seed import Documents, documents_in

CATALOGS = ["en_US", "de_DE", "sk_SK", "cs_CZ", "pl_PL", "uk_UA"]
NO_CATALOG = "ru_RU"
# What a document must never print: a doubled period ("22 янв. 2027 г.."), a space before a
# period or comma, or a placeholder left unfilled.
FLAWS = re.compile(r"(?<!\.)\.\.(?!\.)| [.,]|%\(\w+\)s|\{\{|\}\}|\{\w+\}")
# Labels every issued invoice of the seed prints, and those of its credit note and draft.
INVOICE_LABELS = [
    "invoice",
    "issue_date",
    "due_date",
    "from",
    "to",
    "description",
    "qty",
    "unit_price",
    "vat",
    "amount",
    "vat_summary",
    "base",
    "subtotal",
    "total",
    "deposits",
    "amount_due",
    "payment",
    "iban",
    "bic",
    "reference",
    "pay_by",
    "vat_id",
    "reg_id",
    "contact",
    "phone",
    "piece",
]
CREDIT_NOTE_LABELS = ["credit_note", "cancels", "total_credit"]


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path
) -> Callable[[str], Documents]:
    """The documents of a client in a locale, rendered once per module and locale."""
    made: dict[str, Documents] = {}

    def documents(locale: str) -> Documents:
        if locale not in made:
            folder = tmp_path_factory.mktemp(locale)
            with pytest.MonkeyPatch.context() as patch:  # the autouse home is per test
                patch.setenv("CLIENTKIT_HOME", str(folder / "home"))
                book = open_book(
                    fresh_sqlite_book(_sqlite_template, folder / "book.db"),
                    clock_from_text(TODAY),
                )
                try:
                    made[locale] = documents_in(book, locale, folder)
                finally:
                    book.engine.dispose()
        return made[locale]

    return documents


def _catalog(locale: str) -> dict[str, str]:
    """msgid -> msgstr of the locale's catalog (English: each message is its own id)."""
    language = locale.split("_")[0]
    if language == "en":
        path = paths.catalogs_dir() / "clientkit.pot"
        return {m.id: m.id for m in read_po(path.open("rb")) if m.id}
    path = paths.catalogs_dir() / language / "LC_MESSAGES" / "clientkit.po"
    return {m.id: m.string for m in read_po(path.open("rb")) if m.id}


def _literal_parts(message: str) -> list[str]:
    """The text of a message between its placeholders, as printed (spaces normalised)."""
    parts = re.split(r"%\(\w+\)s", message)
    return [" ".join(part.split()).strip(" .,:;()") for part in parts if part.strip(" .,:;()")]


@pytest.mark.parametrize("locale", [*CATALOGS, NO_CATALOG])
def test_no_document_prints_a_doubled_period_a_space_before_punctuation_or_a_placeholder(
    rendered: Callable[[str], Documents], locale: str
) -> None:
    for name, text in rendered(locale).texts().items():
        assert text, name
        found = FLAWS.search(text)
        assert found is None, (name, text[max(0, found.start() - 60) : found.end() + 60])


@pytest.mark.parametrize("locale", CATALOGS)
def test_invoices_print_every_label_in_the_clients_language(
    rendered: Callable[[str], Documents], locale: str
) -> None:
    """Each label and note the invoices show is the catalog's msgstr, its placeholders filled."""
    words, docs = _catalog(locale), rendered(locale)
    expected = {
        "invoice": [LABELS[key] for key in INVOICE_LABELS] + [REVERSE_CHARGE_NOTE],
        "credit_note": [LABELS[key] for key in CREDIT_NOTE_LABELS] + [CANCELS_INVOICE],
        "cancellation": [LABELS["draft"]],
    }
    supply = [WORDS["delivered"]]
    for part, text in (("invoice", docs.invoice), ("credit_note", docs.credit_note)):
        for message in expected[part] + supply:
            for literal in _literal_parts(words[message]):
                assert literal in text, (part, message, literal)
    for literal in _literal_parts(words[LABELS["draft"]]):
        assert literal in docs.cancellation
    for message in (LABELS["advance_invoice"], LABELS["advance_note"]):
        for literal in _literal_parts(words[message]):
            assert literal in docs.advance, (message, literal)
    for literal in _literal_parts(words[LABELS["deducts"]]):
        assert literal in docs.final, literal


@pytest.mark.parametrize("locale", CATALOGS)
def test_every_generated_line_is_stored_and_printed_in_the_clients_language(
    rendered: Callable[[str], Documents], locale: str
) -> None:
    docs = rendered(locale)
    lines = dict(reversed(docs.lines))  # the first line of each kind
    expected = {
        "rush": say(RUSH_FEE["price"], locale, percent=_percent(locale)),
        "revision": say(EXTRA_REVISIONS, locale),
        "communication": say(COMMUNICATION_OVER_BUDGET, locale),
        "change": say(CHANGE_REQUEST, locale, change="Extra page"),
        "hours": say(WORK_LINE, locale, project="Site"),
        "cancellation": say(FEE_LINES[("price", False)], locale, percent="40", project="Audit"),
        "advance": say(ADVANCE_LINE, locale, title="Print"),
    }
    expected["cancellation"] = expected["cancellation"].replace("40", _percent(locale, 40))
    for kind, description in expected.items():
        assert lines[kind] == description, kind
    hourly = [description for kind, description in docs.lines if kind in ("communication", "rush")]
    assert say(HOURLY_COMMUNICATION, locale, project="Site") in hourly
    assert say(RUSH_FEE["hours"], locale, percent=_percent(locale)) in hourly
    deducted = [description for kind, description in docs.lines if kind == "advance"][1]
    assert deducted.startswith(say(ADVANCE_DEDUCTED, locale, number="2026-").split("2026-")[0])
    printed = " ".join((docs.invoice, docs.hourly, docs.cancellation, docs.advance, docs.final))
    for description in [*expected.values(), deducted]:
        for word in description.replace("\u00a0", " ").split():
            assert word in printed, (description, word)


def _percent(locale: str, number: int = 25) -> str:
    from clientkit.i18n import format_percent_bp

    return format_percent_bp(number * 100, locale)


@pytest.mark.parametrize("locale", CATALOGS[1:])
def test_no_english_message_of_a_translated_text_appears(
    rendered: Callable[[str], Documents], locale: str
) -> None:
    """Invoices, the credit note and the draft print no English msgid the catalog translates
    (words the language shares, such as IBAN, are not English leftovers)."""
    words = _catalog(locale)
    shared = " ".join(words.values())
    docs = rendered(locale)
    text = " ".join(
        (docs.invoice, docs.hourly, docs.credit_note, docs.cancellation, docs.advance, docs.final)
    )
    for message, translated in words.items():
        if translated == message:
            continue
        for literal in _literal_parts(message):
            if len(literal) < 4 or re.search(rf"\b{re.escape(literal)}\b", shared):
                continue
            assert re.search(rf"\b{re.escape(literal)}\b", text) is None, (message, literal)


ENGLISH_TEMPLATE_WORDS = {
    "contract": ("Freelance Services Agreement", "Signatures", "Place, date, signature"),
    "change order": ("Change Order No.", "What changes", "Place, date, signature"),
    "friendly reminder": ("Friendly reminder", "Hello", "Kind regards", "Reference:"),
    "second reminder": ("Second reminder", "Hello", "Regards", "Reference:"),
    "final reminder": ("Final notice", "Hello", "This is the last reminder", "Reference:"),
}


@pytest.mark.parametrize("locale", CATALOGS[1:])
def test_contracts_change_orders_and_reminders_come_from_the_languages_own_templates(
    rendered: Callable[[str], Documents], locale: str
) -> None:
    docs = rendered(locale)
    texts = docs.texts()
    assert set(docs.reminders) == {"friendly", "second", "final"}
    for name, english in ENGLISH_TEMPLATE_WORDS.items():
        for phrase in english:
            assert phrase not in texts[name], (name, phrase)
    assert not [notice for notice in docs.notices if "in English" in notice]
    issued = " ".join(format_date(date(2026, 10, 24), locale).split())  # the first issue day
    assert issued in docs.invoice
    assert issued in " ".join(docs.reminders["final"][1].split())


def test_a_client_without_a_catalog_gets_everything_in_english_and_the_commands_say_so(
    rendered: Callable[[str], Documents],
) -> None:
    docs = rendered(NO_CATALOG)
    english = rendered("en_US")
    for name, text in docs.texts().items():
        assert not re.search("[А-яЁё]", text), name  # no Russian month or number word
    assert "Oct 24, 2026" in docs.invoice
    assert "€2,410.00" in docs.invoice
    assert docs.reminders["final"][0] == english.reminders["final"][0]
    assert docs.lines == english.lines
    assert docs.contract == english.contract
    said = " | ".join(docs.notices)
    assert "client Alpenholz's language ru has no catalog: the invoice is in English" in said
    assert "client Alpenholz's language ru has no catalog: the credit note is in English" in said
    assert "no 'contract' template in ru_RU; the contract is in English" in said
    assert "language ru has no reminder template: the final reminder" in said
