"""Checks on text the user types: names, e-mail addresses, header-safe values."""

import re
import unicodedata

from clientkit.domain.errors import InvalidValue

MAX_NAME = 200
_CONTROLS = ("Cc", "Zl", "Zp")  # control characters, line and paragraph separators
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


def check_name(value: str, what: str = "name") -> str:
    """A required name: not blank, no control characters, at most 200 characters; kept exactly."""
    if not value.strip():
        raise InvalidValue(f"{what} must not be empty")
    if len(value) > MAX_NAME:
        raise InvalidValue(f"{what} is too long ({len(value)} characters; at most {MAX_NAME})")
    check_no_controls(value, what)
    return value


def check_no_controls(value: str, what: str, *, multiline: bool = False) -> str:
    """Refuse tab, NUL, CR, ESC, BEL and every other C0/C1 control character (header and
    terminal injection, columns that no longer line up); LF only where the field has lines
    (an address). Line and paragraph separators count as line breaks."""
    if value.isprintable():  # no control character at all: the common case, without a loop
        return value
    for char in value:
        if char == "\n" and multiline:
            continue
        if is_control(char):
            raise InvalidValue(f"{what} must not contain control characters such as {char!r}")
    return value


def is_control(char: str) -> bool:
    """Whether `char` is one of the characters check_no_controls refuses (a C0/C1 control, a
    line or paragraph separator): importers that clean text replace the same ones."""
    return unicodedata.category(char) in _CONTROLS


def check_email(value: str) -> str:
    """One plain address (no display name, no list, no CR/LF/NUL); empty means none."""
    if value == "":
        return value
    check_no_controls(value, "e-mail address")
    if not _EMAIL.fullmatch(value) or len(value) > 254:
        raise InvalidValue(f"invalid e-mail address {value!r}: expected one address like a@b.com")
    return value
