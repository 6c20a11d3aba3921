"""The locale text output is written in: the profile's, read with one Core query (no ORM)."""

from clientkit.services.book import Book


def text_locale(book: Book) -> str:
    """The profile's locale, else the configured default, else en_US."""
    with book.snapshot() as db:
        return book.text_locale(db)
