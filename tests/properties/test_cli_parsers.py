"""Random strings through the CLI's parsers: accepted exactly, or refused with exit 2 and one line.

Amounts, durations, percentages, dates and ids go through the in-process CLI
(the `invoke` fixture runs clientkit.cli.main.main). Whatever the input, the
command either stores exactly what the text means, or exits 2 with one line
on stderr and leaves every table as it was; it never prints a traceback.
"""

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clientkit.domain.names import fold
from tests.cli.helpers import row_counts
from tests.conftest import TODAY

NASTY = [
    "",
    " ",
    "0",
    "-0",
    "0.00",
    "-5",
    "+5",
    ".5",
    "5.",
    "1e3",
    "1E-2",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1_000",
    "1,50",
    "1.234,56",
    "１２",
    "١٢٣",
    "0x1F",
    "--1",
    "9" * 16,
    "9" * 40,
    "99999999999999.99",
    " 12 ",
    "\t3",
    "12\n",
    "1h",
    "90m",
    "1h30m",
    "1.5h",
    "1.25h",
    "0h",
    "0m",
    "8785h",
    "1h 30m",
    "30%",
    "1.5%",
    "100%",
    "100.01%",
    "-3%",
    "%",
    "2026-11-23",
    "2026-02-30",
    "20261123",
    "2026-W48-1",
    "23.11.2026",
    "2026-11-23T10:00",
    "1",
    "01",
    "2",
    "99999999999999999999",
    "Logo",
    "logo",
    "lo",
    "Acme",
    "<img src=x>",
    "../../x",
    "\u202e1",
    "💶",
    "²",
    "١",
    "Ⅻ",
    "\x00",
    "\x1b[2J",
    "-",
    "--",
    "--json",
    "-h",
    "--help",
]
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NUMBERISH = st.from_regex(r"\A\s?-?[0-9]{0,17}(\.[0-9]{0,8})?%?[hm]?\s?\Z")
DATEISH = st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z") | st.dates().map(date.isoformat)
TEXT = st.one_of(st.text(max_size=24), NUMBERISH, st.sampled_from(NASTY))


@pytest.fixture
def book_with_work(invoke):  # type: ignore[no-untyped-def]
    """A client with a fixed-price project (Logo) and an hourly one (Hours), both started."""
    for args in (
        ("client", "add", "Acme"),
        ("project", "add", "Acme", "Logo", "--price", "1500"),
        ("project", "add", "Acme", "Hours", "--hourly", "80"),
        ("project", "start", "Logo"),
        ("project", "start", "Hours"),
    ):
        assert invoke(*args).code == 0
    return invoke


class Checked:
    """Runs one command and checks the outcome's shape; the caller checks what was stored."""

    def __init__(self, invoke):  # type: ignore[no-untyped-def]
        self.invoke = invoke

    def __call__(self, *args: str):  # type: ignore[no-untyped-def]
        before = row_counts()
        result = self.invoke(*args)
        assert "Traceback" not in result.stderr + result.stdout
        if result.code == 0:
            return json.loads(result.stdout), row_counts(), before
        assert result.code == 2, (args, result.code, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert lines[0].startswith("error: "), (args, result.stderr)
        assert row_counts() == before, args
        return None, before, before


def _exact_decimal(text: str) -> Decimal:
    value = Decimal(text.strip())
    assert value.is_finite()
    return value


@SETTINGS
@given(text=TEXT)
@example(text="1500")
@example(text="1500.50")
@example(text="0.01")
def test_amounts_are_stored_exactly_or_refused(book_with_work, text):
    """`deposit Logo AMOUNT`: an accepted amount is exactly the number typed, in cents."""
    run = Checked(book_with_work)
    view, after, before = run("deposit", "--json", "Logo", "--", text)
    if view is not None:
        assert Decimal(view["amount"]) == _exact_decimal(text) > 0
        assert after["payment"] == before["payment"] + 1


def _minutes(text: str) -> int | None:
    """What a duration means, worked out independently: 90m, 1h30m, 1.5h; -1h is a correction
    taking logged time back."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned.startswith("-"):
        taken_back = _minutes(cleaned[1:])
        return None if taken_back is None else -taken_back
    both = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", cleaned)
    if cleaned and both and any(both.groups()):
        return int(both.group(1) or 0) * 60 + int(both.group(2) or 0)
    decimal = re.fullmatch(r"(\d+(?:\.\d+)?)h", cleaned)
    if decimal:
        minutes = Decimal(decimal.group(1)) * 60
        return int(minutes) if minutes == minutes.to_integral_value() else None
    return None


@SETTINGS
@given(text=TEXT)
@example(text="90m")
@example(text="1h30m")
@example(text="1.5h")
@example(text="-1h")
def test_durations_are_stored_exactly_or_refused(book_with_work, text):
    """`log Hours DURATION`: accepted minutes are what the text means, never rounded; a
    negative one is a correction of time already logged."""
    run = Checked(book_with_work)
    view, after, before = run("log", "--json", "--kind", "work", "Hours", "--", text)
    if view is not None:
        assert view["minutes"] == _minutes(text)
        assert 0 < abs(view["minutes"]) <= 366 * 24 * 60
        assert after["time_entry"] == before["time_entry"] + 1


@SETTINGS
@given(text=TEXT)
@example(text="1.5%")
@example(text="100%")
@example(text="0%")
def test_percentages_are_stored_exactly_or_refused(book_with_work, text):
    """`project add --late-fee P%`: an accepted rate is exactly the percentage typed."""
    run = Checked(book_with_work)
    view, after, before = run(
        "project", "add", "--json", "--price", "1000", f"--late-fee={text}", "Acme", "Rated"
    )
    if view is not None:
        stripped = text.strip()
        assert stripped.endswith("%")
        shown = Decimal(view["late_fee_percent"].removesuffix("%"))
        assert shown == _exact_decimal(stripped[:-1])
        assert 0 <= shown <= 100
        assert after["project"] == before["project"] + 1


@SETTINGS
@given(text=st.one_of(TEXT, DATEISH))
@example(text="2026-11-23")
@example(text="2024-02-29")
def test_dates_are_stored_exactly_or_refused(book_with_work, text):
    """`log --date DATE`: an accepted date is the ISO date typed."""
    run = Checked(book_with_work)
    view, after, before = run("log", "--json", "--kind", "call", f"--date={text}", "Hours", "1h")
    if view is not None:
        # An empty --date is the option left blank: today (CLIENTKIT_TODAY), as documented.
        meant = date.fromisoformat(text.strip()) if text else date.fromisoformat(TODAY)
        assert view["date"] == meant.isoformat()
        assert after["time_entry"] == before["time_entry"] + 1


@SETTINGS
@given(text=TEXT)
@example(text="1")
@example(text="logo")
@example(text="-%h")
@example(text="99999999999999999999")
def test_ids_and_names_find_exactly_one_thing_or_are_refused(book_with_work, text):
    """`project show`, `invoice show`, `message answer`, `scope approve`: found, or exit 2."""
    run = Checked(book_with_work)
    view, _, _ = run("project", "show", "--json", "--", text)
    if view is not None:
        wanted = text.strip()
        assert (wanted.isdecimal() and view["id"] == int(wanted)) or _names_it(
            view["title"], wanted
        )
    for command in (
        ("invoice", "show", "--json"),
        ("message", "answer", "--json"),
        ("scope", "approve", "--json"),
    ):
        assert run(*command, "--", text)[0] is None  # there are none of these in the book


def _names_it(title: str, typed: str) -> bool:
    """The oracle for a title lookup: `typed`, without case and accents, is the title, its start
    (3+ letters), or the starts of some of its words (3+ letters in all)."""
    folded_title, folded = fold(title), fold(typed)
    if folded_title == folded:
        return True
    typed_words = re.findall(r"\w+", folded)
    if sum(map(len, typed_words)) < 3:
        return False
    words = re.findall(r"\w+", folded_title)
    return folded_title.startswith(folded) or all(
        any(word.startswith(typed_word) for word in words) for typed_word in typed_words
    )


def test_the_oracles_read_amounts_and_durations_as_documented():
    """The test's own readings of the text are right (the properties above rely on them)."""
    with pytest.raises(InvalidOperation):
        _exact_decimal("1,50")
    assert _minutes("1h30m") == _minutes("90m") == _minutes("1.5h") == 90
    assert _minutes("1.33h") is None
    assert _minutes("") is None
    assert _minutes("h") is None
