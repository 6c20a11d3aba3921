"""The locale text output is written in: the profile's, read with one Core query (no ORM)."""

from clientkit.services.book import Book
from clientkit.storage.risk_queries import profile_locale


def text_locale(book: Book) -> str:
    """The profile's locale, else the configured default, else en_US."""
    with book.snapshot() as db:
        locale = profile_locale(db)
    if locale is not None:
        return locale
    return str(book.config.get("defaults", {}).get("locale", "en_US"))
