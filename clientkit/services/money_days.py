"""The day money came in or went out, as the money commands take it."""

from datetime import date

from clientkit.domain.dates import check_happened, parse_date
from clientkit.services.book import Book


def money_day(book: Book, on: str | None, what: str, confirmed: bool) -> date:
    """The day money came in or went out: today unless given; a future one or one more than
    a year ago only `confirmed`."""
    today = book.clock.today()
    day = parse_date(on) if on is not None else today
    return check_happened(day, today, what, confirmed=confirmed)
