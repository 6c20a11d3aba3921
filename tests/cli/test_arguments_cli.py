"""Arguments as people type them: negative values where they make sense, one line and exit 2
where they do not; filter values, control characters and dates that look like slips."""

import pytest

from clientkit.cli.args import is_signed_value
from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.invoicing import create_invoice, issue_invoice
from tests.cli.helpers import assert_one_error_line, home_db, one_json, row_counts


@pytest.fixture
def book(invoke):  # type: ignore[no-untyped-def]
    """Acme's Site (1000.00, active, 3h of work logged) with a draft and invoice 2026-0001
    issued on 2026-11-20; today is 2026-11-23."""
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0").code == 0
    assert invoke("project", "start", "Site").code == 0
    assert invoke("log", "Site", "3h", "--date", "2026-11-20").code == 0
    opened = open_book(f"sqlite:///{home_db()}", clock_from_text("2026-11-20"))
    try:
        issue_invoice(opened, str(create_invoice(opened, "Site")["id"]))
        create_invoice(opened, "Site")
    finally:
        opened.engine.dispose()
    return invoke


def refused(invoke, *args: str, says: str) -> None:  # type: ignore[no-untyped-def]
    """The command exits 2 with one line saying `says`, and the book is as before."""
    before = row_counts()
    done = invoke(*args)
    assert done.code == 2, (done.stdout, done.stderr)
    assert_one_error_line(done.stderr)
    assert says in done.stderr, done.stderr
    assert row_counts() == before


def test_a_discount_line_of_minus_50_is_added_to_a_draft(book):
    """`invoice add-line 2 "Discount" -50` bills -50.00, as the help suggests."""
    done = book("invoice", "add-line", "2", "Discount", "-50", "--json")
    assert done.code == 0, done.stderr
    line = one_json(done.stdout)["lines"][-1]
    assert (line["description"], line["amount"]) == ("Discount", "-50.00")


def test_a_mistyped_option_is_still_no_such_option(book):
    """A command that takes `-50` still refuses `--qyt` as an unknown option, and `-5x`."""
    refused(book, "invoice", "add-line", "2", "Extra", "50", "--qyt", "2", says="No such option")
    refused(book, "invoice", "add-line", "2", "Extra", "-5x", says="No such option")
    refused(book, "client", "add", "X", "--emial", "a@b", says="No such option: --emial")


def test_log_minus_one_hour_corrects_the_time_logged(book):
    """`log Site -1h` takes an hour back: 3h of work becomes 2h."""
    done = book("log", "Site", "-1h", "--json")
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert (view["minutes"], view["work_minutes"]) == (-60, 120)
    assert done.stdout.startswith("{")
    assert book("log", "Site", "-1h").stdout == "logged -1h work on Site\n"


def test_a_correction_below_zero_is_refused(book):
    """Taking back 4h of 3h logged, or any call time when none was logged, is exit 2."""
    refused(book, "log", "Site", "-4h", says="below zero (3h logged)")
    refused(book, "log", "Site", "-10m", "--kind", "call", says="below zero (0m logged)")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ("project", "add", "Acme", "X", "--price", "-100"),
            "--price must not be negative: '-100'",
        ),
        (("project", "add", "Acme", "X", "--hourly", "-80"), "--hourly must not be negative"),
        (("project", "add", "Acme", "X", "--deposit", "-30%"), "--deposit must not be negative"),
        (("project", "add", "Acme", "X", "--comm-budget", "-5h"), "--comm-budget must not be"),
        (("project", "add", "Acme", "X", "--rush-fee", "-5%"), "--rush-fee must not be negative"),
        (("project", "add", "Acme", "X", "--estimate-hours", "-4"), "--estimate-hours must not"),
        (("invoice", "create", "Site", "--vat", "-5%"), "--vat must not be negative: '-5%'"),
        (("invoice", "add-line", "2", "X", "5", "--qty", "-1"), "--qty must not be negative"),
        (("scope", "add", "Site", "Extra", "--price", "-10"), "--price must not be negative"),
        (("scope", "order", "1", "--price", "-10"), "--price must not be negative"),
        (("client", "add", "Bauer", "--budget", "-500"), "--budget must not be negative"),
        (("client", "edit", "Acme", "--budget", "-500"), "--budget must not be negative"),
        (("pay", "2026-0001", "-50"), "must not be negative"),
        (("deposit", "Site", "-50"), "must not be negative"),
    ],
)
def test_a_negative_value_where_none_makes_sense_is_refused_naming_it(book, args, says):
    """Prices, rates, fees, budgets, VAT, quantities, payments and deposits are never
    negative: one line, exit 2, nothing written."""
    refused(book, *args, says=says)


@pytest.mark.parametrize(
    ("args", "valid"),
    [
        (("invoice", "list", "--status", "unpaid"), "'draft', 'issued', 'paid', 'credited'"),
        (("project", "list", "--status", "finished"), "'active', 'delivered', 'closed'"),
        (("log", "Site", "1h", "--kind", "nap"), "'work', 'call', 'meeting', 'email', 'chat'"),
        (("risks", "--min-severity", "loud"), "info, warning, critical"),
    ],
)
def test_an_unknown_filter_value_lists_the_valid_ones(book, args, valid):
    """A filter that could never match is exit 2 naming the values it takes, not "(none)"."""
    refused(book, *args, says=valid)


def test_the_help_of_a_filter_shows_its_choices(invoke):
    """`invoice list --help` and `project list --help` list the states."""
    assert "draft|issued|paid|credited" in invoke("invoice", "list", "--help").stdout
    assert "cancelled" in invoke("project", "list", "--help").stdout


def test_a_known_filter_value_still_filters(book):
    """`invoice list --status issued` lists the issued invoice only."""
    rows = one_json(book("invoice", "list", "--status", "issued", "--json").stdout)
    assert [row["number"] for row in rows] == ["2026-0001"]


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("client", "add", "Tab\there"), "client name"),
        (("client", "add", "Bell\x07"), "client name"),
        (("client", "add", "Two\nlines"), "client name"),
        (("client", "add", "X", "--company", "Esc\x1b[31m"), "company"),
        (("project", "add", "Acme", "Tab\ttitle"), "project title"),
        (("scope", "add", "Site", "C1\x9bcontrol"), "description"),
        (("invoice", "add-line", "2", "A\tB", "10"), "description"),
        (("log", "Site", "1h", "--note", "a\tb"), "note"),
        (("revision", "add", "Site", "new\nline"), "description"),
        (("message", "add", "Acme", "--inbound", "--subject", "Hi\tthere"), "subject"),
    ],
)
def test_control_characters_in_typed_text_are_refused(book, args, what):
    """Tabs, newlines in one-line fields, ESC, BEL and C1 controls: exit 2 naming the field."""
    refused(book, *args, says=f"{what} must not contain control characters")


def test_an_address_keeps_its_lines(invoke):
    """A newline in a client's address is how it has lines: it is kept."""
    done = invoke("client", "add", "Lines", "--address", "Main St 1\n1010 Wien", "--json")
    assert done.code == 0, done.stderr
    assert one_json(done.stdout)["address"] == "Main St 1\n1010 Wien"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("log", "Site", "1h", "--date", "2030-01-01"), "time entry date 2030-01-01 is in the"),
        (("log", "Site", "1h", "--date", "2024-01-01"), "more than a year ago"),
        (("log", "Site", "17h"), "an entry of 17h is longer than 16h"),
        (("pay", "2026-0001", "100", "--date", "2026-11-24"), "payment date 2026-11-24 is in"),
        (("pay", "2026-0001", "100", "--date", "2026-11-19"), "before the invoice's issue date"),
        (("deposit", "Site", "100", "--date", "2026-12-01"), "deposit date 2026-12-01 is in"),
        (("project", "add", "Acme", "Late", "--deadline", "2026-11-22"), "is in the past"),
        (("project", "add", "Acme", "Far", "--deadline", "2030-01-01"), "two years ahead"),
    ],
)
def test_implausible_input_needs_yes_and_is_taken_with_it(book, args, says):
    """A future day, a day over a year ago, a 17-hour entry, a payment before its invoice,
    a past deadline: exit 2 naming --yes; with --yes it is recorded."""
    refused(book, *args, says=says)
    before = row_counts()
    done = book(*args)
    assert "--yes" in done.stderr
    done = book(*args, "--yes")
    assert done.code == 0, done.stderr
    assert row_counts() != before


def test_a_25_hour_entry_is_refused_even_with_yes(book):
    """No day has 25 hours: exit 2 with or without --yes."""
    refused(book, "log", "Site", "25h", says="longer than a day")
    refused(book, "log", "Site", "25h", "--yes", says="longer than a day")


def test_a_payment_on_its_issue_date_today_needs_no_yes(book):
    """Today, on or after the issue date, is the ordinary case."""
    assert book("pay", "2026-0001", "100", "--date", "2026-11-20").code == 0
    assert book("pay", "2026-0001", "100").code == 0


@pytest.mark.parametrize("token", ["-50", "-12.50", "-1h", "-1h30m", "-90m", "-0.5h", "-5%"])
def test_negative_numbers_durations_and_percentages_read_as_values(token):
    """These are values wherever an argument may be signed."""
    assert is_signed_value(token)


@pytest.mark.parametrize("token", ["-h", "--help", "-o", "--qty", "-5x", "-", "--50", "-1h-"])
def test_option_names_and_other_dashes_stay_options(token):
    """An option name (or a typo of one) is never mistaken for a negative value."""
    assert not is_signed_value(token)
