"""The gettext catalogs: which languages clientkit writes, and their translations, loaded once.

Catalogs live in clientkit/locale/<language>/LC_MESSAGES/<domain>.po, extracted and updated
with Babel's tooling (README, "Development"). English is the source language: its words are
the message ids themselves. A domain is one catalog: "clientkit" holds the words of the
documents; another (the command line's, say) is another .po file of the same folders, loaded
by the same `translator(language, domain)`.

A document is wholly in one language: its client's when a catalog exists for it, else
English words with English dates and numbers (`document_locale`), and the command says so
(`fallback_notice`).
"""

import gettext
from dataclasses import dataclass
from functools import cache

from clientkit import paths
from clientkit.domain.wording import Said, fill, said, said_in
from clientkit.i18n import format_percent_bp

DOMAIN = "clientkit"
CLI_DOMAIN = "cli"  # what the command line prints: its notices, errors, headers and summaries
SOURCE_LANGUAGE = "en"
FALLBACK_LOCALE = "en_US"


def language_of(locale: str) -> str:
    """The language of a locale: `de_AT` -> `de`, `uk-UA` -> `uk`."""
    return locale.replace("-", "_").split("_")[0].lower()


@cache
def catalog_languages(domain: str = DOMAIN) -> frozenset[str]:
    """The languages with a catalog of `domain`, English (the source language) included."""
    found = paths.catalogs_dir().glob(f"*/LC_MESSAGES/{domain}.po")
    return frozenset({SOURCE_LANGUAGE, *(path.parent.parent.name for path in found)})


def has_catalog(language: str, domain: str = DOMAIN) -> bool:
    """Whether clientkit writes `language` (for English: always)."""
    return language in catalog_languages(domain)


def document_locale(locale: str, domain: str = DOMAIN) -> str:
    """The locale a document for a client in `locale` is written and formatted in: the
    client's own when its language has a catalog, else English (en_US), never a mix."""
    return locale if has_catalog(language_of(locale), domain) else FALLBACK_LOCALE


def fallback_notice(client: str, locale: str, noun: str, domain: str = DOMAIN) -> list[str]:
    """The notice that a client's document falls back to English, or none."""
    language = language_of(locale)
    if has_catalog(language, domain):
        return []
    document = DOCUMENTS.get(noun, noun)
    return [
        said(
            "client %(client)s's language %(language)s has no catalog: the %(document)s is in"
            " English",
            client=client,
            language=language,
            document=document,
        )
    ]


# The documents a fallback notice names, as the command line says them.
DOCUMENTS = {
    "invoice": said_in("document", "invoice"),
    "credit note": said_in("document", "credit note"),
    "reminder": said_in("document", "reminder"),
    "contract": said_in("document", "contract"),
    "change order": said_in("document", "change order"),
}


# Compiled on first use, in memory, once per language and process: the .po file stays the one
# form of a catalog in the source tree and in the wheel (no build hook, no .mo that could go
# stale beside it). It costs about 6 ms for the first language of a process (Babel's reader is
# imported then) and under 2 ms for each further one (bench/translations.py).
@cache
def translator(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The translations of `domain` into `language`; English, or a language without a
    catalog, gets the message ids back unchanged."""
    if language == SOURCE_LANGUAGE or not has_catalog(language, domain):
        return gettext.NullTranslations()
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = paths.catalogs_dir() / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: the tests refuse them anyway
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class CatalogWording:
    """The domain's Wording in a document locale: its catalog's words, its percentages."""

    locale: str

    def say(self, message: str, /, **params: str) -> str:
        text = translator(language_of(self.locale)).gettext(message)
        return fill(text, params)

    def percent(self, basis_points: int) -> str:
        return format_percent_bp(basis_points, self.locale)


@cache
def wording(locale: str) -> CatalogWording:
    """The words of a document for a client in `locale` (English where it has no catalog)."""
    return CatalogWording(document_locale(locale))


def say(message: str, locale: str, **params: str) -> str:
    """`message` (an English message id) in the document language of `locale`."""
    return wording(locale).say(message, **params)


def text(line: str, locale: str) -> str:
    """A line of the command line in the language of `locale`: a `Said` line said again from
    the `cli` catalog (English where there is none, or where the catalog lacks the message),
    any other line as it is. The values of a Said are its own, already formatted."""
    if not isinstance(line, Said):
        return line
    language = language_of(locale)
    if language == SOURCE_LANGUAGE or not has_catalog(language, CLI_DOMAIN):
        return line
    return _said_in(line, translator(language, CLI_DOMAIN))


def _said_in(line: Said, words: gettext.NullTranslations) -> str:
    if line.plural is not None:
        message = words.ngettext(line.message, line.plural, line.number)
    elif line.context is not None:
        message = words.pgettext(line.context, line.message)
    else:
        message = words.gettext(line.message)
    params = {
        name: _said_in(value, words) if isinstance(value, Said) else value
        for name, value in line.params.items()
    }
    return fill(message, params)
