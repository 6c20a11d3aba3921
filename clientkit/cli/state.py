"""Per-invocation state: the global options and the book they open, lazily."""

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientkit.services.book import Book


@dataclass
class Invocation:
    db: str | None = None
    today: str | None = None
    _book: "Book | None" = field(default=None, repr=False)

    def book(self) -> "Book":
        """Open the book on first use (imports the storage layer only then)."""
        if self._book is None:
            from clientkit.clock import clock_from_text
            from clientkit.services.book import open_book

            clock = clock_from_text(self.today or os.environ.get("CLIENTKIT_TODAY"))
            self._book = open_book(self.db, clock)
        return self._book


current = Invocation()


def reset(db: str | None, today: str | None) -> None:
    global current
    current = Invocation(db=db, today=today)


def book() -> "Book":
    return current.book()
