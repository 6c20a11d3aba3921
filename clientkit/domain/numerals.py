"""Numbers as people type them: only the ASCII digits 0-9 count, whatever Python would accept.

`Decimal("０１２")`, `int("١٢")` and a regex `\\d` all take full-width and Arabic-Indic digits
as 12; an amount read that way is not what the user saw on the invoice they copied it from, so
every numeric parser refuses such text first, naming the value.
"""

import re

from clientkit.domain.errors import InvalidValue

ASCII_DIGITS = frozenset("0123456789")
_WHOLE = re.compile(r"[+-]?[0-9]+")


def has_foreign_digits(text: str) -> bool:
    """Whether `text` holds a digit other than 0-9 (full-width, Arabic-Indic, superscript)."""
    return any(char.isdigit() and char not in ASCII_DIGITS for char in text)


def check_ascii_digits(text: str, what: str) -> str:
    """`text` unchanged, or InvalidValue naming it when a digit is not one of 0-9."""
    if has_foreign_digits(text):
        raise InvalidValue(f"invalid {what} {text!r}: write numbers with the digits 0-9")
    return text


def parse_whole(text: str, what: str, *, minimum: int, maximum: int) -> int:
    """A whole number written with 0-9 (an optional sign), from `minimum` to `maximum`."""
    cleaned = check_ascii_digits(text, what).strip()
    if not _WHOLE.fullmatch(cleaned):
        raise InvalidValue(f"invalid {what} {text!r}: expected a whole number")
    value = int(cleaned)
    if not minimum <= value <= maximum:
        raise InvalidValue(f"invalid {what} {text!r}: expected {minimum} to {maximum}")
    return value
