"""The rule sets judge the XML, which is the same whatever engine holds the book: SQLite only."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from tests.conftest import TODAY, fresh_sqlite_book


@pytest.fixture
def book(tmp_path: Path, _sqlite_template: Path) -> Iterator[Book]:
    opened = open_book(
        fresh_sqlite_book(_sqlite_template, tmp_path / "book.db"), clock_from_text(TODAY)
    )
    yield opened
    opened.engine.dispose()
