"""Checks on typed text and dates: names, e-mail addresses, ISO dates."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.dates import add_days, parse_date, parse_datetime
from clientkit.domain.errors import InvalidValue
from clientkit.domain.text import check_email, check_name, check_no_controls


@pytest.mark.parametrize(
    "address",
    [
        "a@b.c\r\nBcc: x@y.z",
        "a@b.c\n",
        "a@b.c\x00",
        "a@b.c,x@y.z",
        "Jane <a@b.c>",
        "a@b.c; x@y.z",
        "a b@c.d",
        "no-at-sign",
    ],
)
def test_e_mail_addresses_with_controls_lists_or_display_names_are_refused(address):
    """CR, LF, NUL, commas and display names could inject recipients: refused."""
    with pytest.raises(InvalidValue):
        check_email(address)


def test_a_plain_e_mail_address_and_none_are_accepted():
    """One plain address, or no address at all, is fine."""
    assert check_email("jane.doe+work@example.co.uk") == "jane.doe+work@example.co.uk"
    assert check_email("") == ""


def test_names_are_required_and_kept_exactly():
    """A blank name is refused; markup in a name is kept literally."""
    assert check_name("<b>Acme & Sons</b>") == "<b>Acme & Sons</b>"
    with pytest.raises(InvalidValue, match="must not be empty"):
        check_name("   ")
    with pytest.raises(InvalidValue, match="too long"):
        check_name("x" * 201)


@pytest.mark.parametrize(
    "text",
    ["evil\x1b[31m", "a\tb", "two\nlines", "bell\x07", "cr\r", "nul\x00", "c1\x9b", "sep\u2028"],
)
def test_control_characters_are_refused_in_single_line_text(text):
    """Tab, newline, ESC, BEL, CR, NUL, C1 and line separators cannot hide in a one-line field."""
    with pytest.raises(InvalidValue, match="control characters"):
        check_no_controls(text, "note")


def test_a_multi_line_field_keeps_its_newlines_but_not_other_controls():
    """An address may have lines; a tab or an escape in it is still refused."""
    assert check_no_controls("Main St 1\n1010 Wien", "address", multiline=True)
    for text in ("Main St\t1", "Main St\r\n1", "x\x1b[2J"):
        with pytest.raises(InvalidValue, match="control characters"):
            check_no_controls(text, "address", multiline=True)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cs"))))
def test_text_without_control_characters_is_kept_exactly(text):
    """Letters, accents, emoji and spaces of any script pass unchanged."""
    assert check_no_controls(text, "note") == text


@given(st.text(), st.characters(categories=("Cc",)), st.text())
def test_any_control_character_anywhere_is_refused(before, control, after):
    """Wherever a C0 or C1 control character sits in a one-line value, it is refused."""
    with pytest.raises(InvalidValue):
        check_no_controls(before + control + after, "note")


def test_dates_are_iso_only():
    """2026-11-23 parses; 23/11/2026 is refused."""
    assert parse_date("2026-11-23") == date(2026, 11, 23)
    with pytest.raises(InvalidValue, match="invalid date"):
        parse_date("23/11/2026")
    with pytest.raises(InvalidValue, match="invalid date"):
        parse_date("2026-02-30")


def test_a_date_outside_the_years_1900_to_2999_is_refused_naming_the_range():
    """Year 1 and 9999 are ISO dates, but a book counting days from them (a due date, a
    reminder) would leave the calendar: refused as out of range, never an OverflowError."""
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2999-12-31") == date(2999, 12, 31)
    for text in ("0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"):
        with pytest.raises(InvalidValue, match="out of range: expected a year from 1900 to 2999"):
            parse_date(text)
    for text in ("0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00", "0226-11-23"):
        with pytest.raises(InvalidValue, match="out of range"):
            parse_datetime(text, UTC)


def test_date_times_become_aware_utc_instants():
    """A local time with an offset is converted to UTC; a naive one is taken in the zone given."""
    assert parse_datetime("2026-11-23T10:00+01:00", UTC) == datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert parse_datetime("2026-11-23", UTC) == datetime(2026, 11, 23, tzinfo=UTC)
    with pytest.raises(InvalidValue, match="invalid date-time"):
        parse_datetime("tomorrow", UTC)
    assert add_days(date(2026, 12, 25), 14) == date(2027, 1, 8)
