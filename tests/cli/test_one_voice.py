"""Text output speaks with one voice: money in the profile's locale, durations as `1h30m`,
percentages rounded half-up, nouns counted right, tables that fit the terminal."""

from decimal import Decimal

import pytest

from clientkit.cli import output


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0m"), (45, "45m"), (60, "1h"), (90, "1h30m"), (1800, "30h"), (-60, "-1h"), (None, "-")],
)
def test_durations_read_as_hours_and_minutes(minutes, shown):
    """A duration is `30h`, `1h30m` or `45m`; never minutes or decimal hours."""
    assert output.duration(minutes) == shown


def test_decimal_hours_become_a_duration_rounded_half_up_to_the_minute():
    """33.50 hours read `33h30m`; 0.125 h (7.5 minutes) rounds up to 8m."""
    assert output.hours(Decimal("33.50")) == "33h30m"
    assert output.hours("0.125") == "8m"


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(1, 8, "12.5%"), (5, 1000, "0.5%"), (1, 3, "33.3%"), (36, 100, "36%"), (0, 5, "0%")],
)
def test_percentages_round_half_up_to_one_decimal(part, whole, shown):
    """A share is rounded half-up (0.05% rounds up, not to even) and loses a trailing `.0`."""
    assert output.percent(part, whole) == shown


def test_a_share_of_nothing_is_a_dash():
    assert output.percent(0, 0) == "-"
    assert output.percent(None) == "-"


@pytest.mark.parametrize(
    ("number", "noun", "shown"),
    [(1, "warning", "1 warning"), (3, "warning", "3 warnings"), (0, "invoice", "0 invoices")],
)
def test_nouns_are_counted_in_the_singular_or_plural(number, noun, shown):
    assert output.count(number, noun) == shown


def test_irregular_plurals_are_spelled_right():
    assert output.count(2, "entry") == "2 entries"
    assert output.count(2, "time entry") == "2 time entries"
    assert output.count(2, "day") == "2 days"
    assert output.count(2, "critical", plural="critical") == "2 critical"


def test_a_table_wider_than_the_terminal_wraps_its_long_cells(monkeypatch):
    """At 40 columns a long title continues on the next line under its column; nothing is
    cut and amounts stay whole."""
    monkeypatch.setenv("COLUMNS", "40")
    rows = [{"id": 1, "title": "Brand refresh and website for the spring", "total": "€1,500.00"}]
    lines = output.table(rows, ("id", "title", "total"))
    assert max(len(line) for line in lines) <= 40
    assert len(lines) > 2
    words = [word for line in lines[1:] for word in line.split()]
    assert sorted(words) == sorted(
        ["1", "Brand", "refresh", "and", "website", "for", "the", "spring", "€1,500.00"]
    )
    assert any("€1,500.00" in line for line in lines)


def test_a_table_that_fits_is_one_line_a_row(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    lines = output.table([{"id": 1, "name": "Acme"}], ("id", "name"))
    assert lines == ["id  name", "1   Acme"]


def test_a_streamed_table_of_a_page_reads_exactly_as_a_table(monkeypatch):
    """A list written as its rows come looks like the table of those rows when they all fit
    in the rows its widths are taken from, wrapped cells included."""
    monkeypatch.setenv("COLUMNS", "40")
    rows = [
        {"id": n, "title": f"Brand refresh and website number {n}", "total": "€1,500.00"}
        for n in range(1, 6)
    ]
    columns = ("id", "title", "total")
    assert list(output.stream_table(iter(rows), columns)) == output.table(rows, columns)
    assert list(output.stream_table(iter([]), columns)) == output.table([], columns)


def test_a_streamed_row_wider_than_the_first_rows_keeps_its_amount_whole(monkeypatch):
    """Past the rows that set the widths, a longer text wraps in its column and a wider
    amount runs over rather than being cut in two."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(output, "FIRST_ROWS", 2)
    rows = [
        {"id": 1, "name": "Acme", "total": "€5.00"},
        {"id": 2, "name": "Zeta", "total": "€9.00"},
        {"id": 3, "name": "Bureau Nord Export", "total": "€1,234,567.00"},
    ]
    lines = list(output.stream_table(iter(rows), ("id", "name", "total")))
    assert lines[:3] == ["id  name  total", "1   Acme  €5.00", "2   Zeta  €9.00"]
    assert lines[3:] == ["3   Bureau  €1,234,567.00", "    Nord", "    Export"]


def test_money_is_shown_in_the_profile_locale_with_its_own_currency(invoke):
    """With a Slovak profile, a EUR amount reads `1 500,00 €` and a USD one keeps its `US$`
    (beside the Slovak label of the field)."""
    invoke("profile", "set", "--locale", "sk_SK", "--currency", "EUR")
    invoke("client", "add", "Acme", "--currency", "EUR")
    invoke("client", "add", "Bolt", "--currency", "USD")
    invoke("project", "add", "Acme", "Logo", "--price", "1500")
    invoke("project", "add", "Bolt", "Site", "--price", "2500.5")
    logo = " ".join(invoke("project", "show", "Logo").stdout.split())
    site = " ".join(invoke("project", "show", "Site").stdout.split())
    assert "cena 1 500,00 €" in logo.replace("\u00a0", " ")
    assert "cena 2 500,50 USD" in site.replace("\u00a0", " ")
    assert invoke("project", "show", "Logo", "--json").stdout.count('"price": "1500.00"') == 1


def test_wrapping_breaks_between_words_and_loses_nothing():
    """Lines fill up to the width; a word longer than a line is split across lines."""
    assert output.wrap("one two three four", 9) == ["one two", "three", "four"]
    assert output.wrap("ab supercalifragilistic cd", 8) == ["ab", "supercal", "ifragili", "stic cd"]
    assert output.wrapped("one two three", "- ", width=10) == ["- one two", "  three"]
