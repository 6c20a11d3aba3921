"""Invoice texts about when the supply happened and VAT in the accounting currency, as message
ids of the catalogs (the other invoice labels are in clientkit.documents.invoice_pdf, the
reasons of 0 % VAT in clientkit.domain.exemptions)."""

from functools import lru_cache

from clientkit.domain.wording import N_
from clientkit.translations import document_locale, language_of, translator

WORDS: dict[str, str] = {
    # TRANSLATORS: the period in which the service was supplied (two dates follow)
    "service_period": N_("Service period"),
    # TRANSLATORS: the date the service was delivered (a date follows)
    "delivered": N_("Delivered"),
    # TRANSLATORS: a foreign-currency invoice's VAT in the accounting currency at an exchange
    # rate, e.g. "VAT 42.00 USD = 38.64 EUR at 0.92"
    "fx_vat": N_("VAT %(vat)s = %(accounting)s at %(rate)s"),
}


@lru_cache(maxsize=16)
def supply_words(locale: str) -> dict[str, str]:
    """These texts in the document language of `locale` (English without a catalog)."""
    words = translator(language_of(document_locale(locale)))
    return {key: words.gettext(message) for key, message in WORDS.items()}
