"""Numbers beyond the money columns, digits other than 0-9 and argv bytes that are not UTF-8:
each is exit 2 with one line naming the value and why, and the book is left as it was."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from clientkit.domain import dates, durations, money
from clientkit.domain.errors import InvalidValue
from tests.cli.helpers import home_db

FULL_WIDTH = "０１２"  # U+FF10..: Decimal("０１２") == 12
ARABIC_INDIC = "١٢"  # U+0661, U+0662: int("١٢") == 12
FOREIGN_DIGITS = [FULL_WIDTH, ARABIC_INDIC, "1٠0", "۳", "१२"]  # Persian, Devanagari too


def _one_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    assert "unexpected failure" not in stderr
    return lines[0]


def _dump() -> list[str]:
    """Every row of the book, as SQL text: equal dumps mean an unchanged book."""
    connection = sqlite3.connect(home_db())
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def draft(invoke) -> str:
    """A client, a project and a draft invoice (id 1) to add lines to."""
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("project", "add", "Acme", "Logo", "--price", "100").code == 0
    assert invoke("invoice", "create", "Logo").code == 0
    return "1"


PARSERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "amount": ("{}", lambda text: money.parse_minor(text, 2)),
    "quantity": ("{}", money.parse_quantity),
    "percentage": ("{}%", money.parse_percent),
    "duration": ("{}m", durations.parse_duration),
    "signed duration": ("-{}h", durations.parse_signed_duration),
    "estimate": ("{}", durations.parse_hours),
    "date": ("2026-11-{}", dates.parse_date),
    "date-time": ("2026-11-01T{}:00", lambda text: dates.parse_datetime(text, UTC)),
}


@pytest.mark.parametrize("digits", FOREIGN_DIGITS)
@pytest.mark.parametrize("parser", list(PARSERS))
def test_every_numeric_parser_refuses_digits_other_than_0_to_9(parser, digits):
    """Full-width, Arabic-Indic and other script digits are never read as a number; the
    refusal names the text as typed."""
    pattern, parse = PARSERS[parser]
    text = pattern.format(digits)
    with pytest.raises(InvalidValue) as refused:
        parse(text)
    assert repr(text) in str(refused.value)


def test_an_amount_written_with_foreign_digits_says_to_use_0_to_9():
    """The line names the value and why it was refused."""
    with pytest.raises(InvalidValue, match=r"'０１２': write numbers with the digits 0-9"):
        money.parse_minor(FULL_WIDTH, 2)


def test_an_amount_with_more_digits_than_a_money_column_holds_is_refused_as_too_large():
    with pytest.raises(InvalidValue, match="too many digits"):
        money.parse_minor("1" * 19, 2)


def test_a_line_whose_quantity_times_price_overflows_a_money_column_is_refused():
    with pytest.raises(InvalidValue, match="too large to store"):
        money.line_amount(money.parse_quantity("1000000000"), money.parse_minor("99999999", 2))


def test_the_largest_storable_amount_is_taken_and_one_more_is_refused():
    assert money.check_storable(money.MAX_MINOR, "x") == money.MAX_MINOR
    with pytest.raises(InvalidValue, match="too large to store"):
        money.check_storable(-money.MAX_MINOR - 1, "x")


@pytest.mark.parametrize(
    "args",
    [
        ("project", "add", "Acme", "Big", "--price", "9" * 19),
        ("project", "add", "Acme", "Wide", "--price", FULL_WIDTH),
        ("project", "add", "Acme", "Arab", "--price", "100", "--deposit", f"{ARABIC_INDIC}%"),
        ("project", "add", "Acme", "Est", "--hourly", "10", "--estimate-hours", ARABIC_INDIC),
        ("project", "add", "Acme", "Rev", "--price", "1", "--revisions", FULL_WIDTH),
        ("project", "add", "Acme", "Rev2", "--price", "1", "--revisions", "9" * 30),
        ("invoice", "add-line", "1", "x", "999999999999999", "--qty", "1000000000"),
        ("invoice", "add-line", "1", "x", FULL_WIDTH),
        ("invoice", "add-line", "1", "x", "10", "--qty", ARABIC_INDIC),
        ("invoice", "edit-line", "1", FULL_WIDTH, "--description", "y"),
        ("log", "Logo", f"{FULL_WIDTH}m"),
        ("time", "list", "--limit", ARABIC_INDIC),
    ],
)
def test_out_of_range_and_foreign_digit_input_exits_2_naming_the_value(invoke, draft, args):
    """One line naming what was typed, exit 2, nothing written."""
    before = _dump()
    result = invoke(*args)
    assert result.code == 2, result
    line = _one_error(result.stderr)
    typed = [value for value in args if any(char.isdigit() for char in value)][-1]
    assert typed in line
    assert _dump() == before


def test_invoice_totals_beyond_a_money_column_exit_2_and_keep_the_draft_as_it_was(invoke, draft):
    """Each line fits, but their sum would not: refused, and the draft keeps its lines."""
    assert invoke("invoice", "add-line", draft, "big", "999999999999999", "--qty", "90").code == 0
    before = _dump()
    result = invoke("invoice", "add-line", draft, "again", "999999999999999", "--qty", "90")
    assert result.code == 2
    assert "subtotal is too large to store" in _one_error(result.stderr)
    assert _dump() == before


def _run_raw(*args: str | bytes, locale: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CLIENTKIT_TODAY": "2026-11-23", "LC_ALL": locale, "LANG": locale}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "clientkit", *args],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("client", "add", b"J\xfcrgen"), "NAME"),
        (("client", "add", "Acme", "--email", b"a\xff@b.test"), "--email"),
        (("project", "add", "Acme", "Logo", "--price", b"1\xff0"), "--price"),
        (("client", "add", b"\xed\xa0\x80"), "NAME"),  # an encoded surrogate: not UTF-8
    ],
)
def test_argv_bytes_that_are_not_utf8_exit_2_naming_the_option(args, named, locale):
    """The real process, handed raw bytes: one line naming the option, the bytes shown as
    \\xNN, exit 2, no client added."""
    assert _run_raw("client", "add", "Acme", locale=locale).returncode == 0
    before = _dump()
    done = _run_raw(*args, locale=locale)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 2, stderr
    line = _one_error(stderr)
    assert f"'{named}'" in line
    assert "not valid UTF-8" in line
    assert "\\x" in line
    assert _dump() == before


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("project", "close", "nul\x00byte"), "'PROJECT'"),
        (("invoice", "show", "2026\x000001"), "'INVOICE'"),
        (("client", "add", "Acme", "--email", "a@b.test\x00"), "'--email'"),
    ],
)
def test_a_nul_in_a_typed_value_is_refused_naming_it_on_every_engine(invoke, db_url, args, named):
    """No argv carries a NUL, but an in-process caller can: PostgreSQL refused it in the
    lookup's query ("unexpected failure (DataError)"); now exit 2, one line, on either engine."""
    result = invoke("--db", db_url, *args)
    assert result.code == 2, result
    line = _one_error(result.stderr)
    assert named in line
    assert "NUL character" in line


def test_a_name_in_valid_utf8_bytes_is_still_taken_under_the_c_locale():
    """Only bytes that are not UTF-8 are refused; `Jürgen` typed in UTF-8 is stored as is."""
    done = _run_raw("client", "add", "Jürgen".encode(), locale="C.UTF-8")
    assert done.returncode == 0, done.stderr
    assert Path(home_db()).exists()


@pytest.mark.parametrize(
    "args",
    [
        ("client", "show", "\u0661"),  # Arabic-Indic 1: not client 1
        ("project", "show", "\uff11"),  # full-width 1: not project 1
        ("invoice", "show", "\u0661"),
        ("time", "edit", "\u0661", "--note", "x"),
        ("project", "edit", "Logo", "--revisions", "\u0663"),
        ("project", "edit", "Logo", "--payment-days", "\uff13\uff10"),
    ],
)
def test_an_id_or_count_in_foreign_digits_finds_and_sets_nothing(invoke, draft, args):
    """`int()` reads "١" as 1; clientkit does not: exit 2, one line, nothing written."""
    assert invoke("log", "Logo", "1h").code == 0  # a time entry with id 1
    before = _dump()
    result = invoke(*args)
    assert result.code == 2, result
    _one_error(result.stderr)
    assert _dump() == before
