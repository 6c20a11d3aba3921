"""The English the book's history stores besides command lines, and that text said again.

A history entry is labelled with the command that made it (`project start Brand`: the user's
own words, shown as typed). A write no command names is labelled in English (`keep the
documents of 2026-0001, issued before they were kept`), and a write that cannot be undone
says why (`an import of an export`). Those texts are stored as they are, so that a book
written by any version shows them; `said_again` finds the message a stored text was written
from, so that `clientkit history` says it in the profile's language.
"""

import re
from collections.abc import Sequence
from functools import cache

from clientkit.domain.wording import Said, said, said_and_more

LISTED = 3  # invoice numbers a label names; the rest are counted


def keeping_documents(numbers: Sequence[str]) -> str:
    """The label of the write that stores the documents of invoices issued before clientkit
    kept them (their first `invoice pdf`)."""
    listed = ", ".join(numbers[:LISTED])
    if len(numbers) > LISTED:
        listed = said_and_more(listed, len(numbers) - LISTED)
    return said("keep the documents of %(numbers)s, issued before they were kept", numbers=listed)


IMPORT_OF_EXPORT = said("an import of an export")
DEMO_BOOK = said("a demo book replaced whatever the book held")

# Every message a stored label or reason may have been written from, its values left as
# placeholders: the writers of storage/history.py name a table where these say %(table)s.
KNOWN: tuple[str, ...] = (
    said("(unnamed)"),
    said("keep the documents of %(numbers)s, issued before they were kept"),
    IMPORT_OF_EXPORT,
    DEMO_BOOK,
    said("rows were written in bulk"),
    said("%(table)s was written by a statement run many times"),
    said("%(table)s was written by a statement whose rows have no id"),
    said("a row of %(table)s could not be read back"),
    said("a value of %(table)s was not loaded"),
    said("a value of %(table)s was changed without being read first"),
)
_MORE = re.compile(r"(?P<listed>.+) and (?P<count>\d+) more")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def said_again(stored: str) -> str:
    """A stored label or reason as a `Said` of the message it was written from (its English
    text unchanged); any other text (a command line) as it is."""
    for message, pattern in _patterns():
        found = pattern.fullmatch(stored)
        if found is not None:
            return Said(
                message, {name: _value(name, text) for name, text in found.groupdict().items()}
            )
    return stored


def _value(name: str, text: str) -> str:
    more = _MORE.fullmatch(text) if name == "numbers" else None
    return said_and_more(more["listed"], int(more["count"])) if more else text


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each known message with the pattern its filled English text matches."""
    return tuple((message, _pattern(message)) for message in (_id(line) for line in KNOWN))


def _id(line: str) -> str:
    return line.message if isinstance(line, Said) else line


def _pattern(message: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(message)  # text, name, text, name, ..., text
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)
