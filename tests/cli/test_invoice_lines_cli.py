"""`clientkit invoice edit-line` and `remove-line`: drafts corrected, issued invoices frozen."""

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts


@pytest.fixture
def draft(invoke):  # type: ignore[no-untyped-def]
    """Your VAT id, a client, a project and draft 1 with the price line and 'Hosting' 2 × 100,
    at 20 %."""
    for args in (
        ("profile", "set", "--vat-id", "SK2020123457"),  # an invoice charging VAT names it
        ("client", "add", "Acme"),
        ("project", "add", "Acme", "Brand", "--price", "1500"),
        ("invoice", "create", "Brand", "--vat", "20%"),
        ("invoice", "add-line", "1", "Hosting", "100", "--qty", "2", "--vat", "20%"),
    ):
        result = invoke(*args)
        assert result.code == 0, result.stderr
    return invoke


def test_edit_line_changes_the_line_and_prints_the_new_totals_as_json(draft):
    result = draft("invoice", "edit-line", "1", "2", "--quantity", "3", "--price", "-100", "--json")
    assert result.code == 0, result.stderr
    view = one_json(result.stdout)
    assert_amounts(view, "subtotal", "vat", "total")
    assert (view["lines"][1]["quantity"], view["lines"][1]["amount"]) == ("3", "-300.00")
    assert (view["subtotal"], view["vat"], view["total"]) == ("1200.00", "240.00", "1440.00")


def test_edit_line_says_which_line_changed_and_the_new_total(draft):
    result = draft("invoice", "edit-line", "1", "1", "--description", "Brand identity")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "draft 1: line 1 changed, total €2,040.00"


def test_remove_line_renumbers_and_recomputes(draft):
    result = draft("invoice", "remove-line", "1", "1", "--json")
    assert result.code == 0, result.stderr
    view = one_json(result.stdout)
    assert [(line["position"], line["description"]) for line in view["lines"]] == [(1, "Hosting")]
    assert view["total"] == "240.00"


@pytest.mark.parametrize(
    "args",
    [
        ("invoice", "edit-line", "1", "3", "--price", "10"),
        ("invoice", "edit-line", "1", "x", "--price", "10"),
        ("invoice", "edit-line", "1", "1"),
        ("invoice", "edit-line", "1", "1", "--price", "abc"),
        ("invoice", "edit-line", "1", "1", "--quantity", "0"),
        ("invoice", "edit-line", "1", "1", "--vat", "20"),
        ("invoice", "edit-line", "9", "1", "--price", "10"),
        ("invoice", "remove-line", "1", "3"),
        ("invoice", "remove-line", "1"),
        ("invoice", "remove-line", "9", "1"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(draft, args):
    before = row_counts()
    shown = draft("invoice", "show", "1", "--json").stdout
    result = draft(*args)
    assert result.code == 2, (args, result.stdout)
    assert_one_error_line(result.stderr)
    assert row_counts() == before
    assert draft("invoice", "show", "1", "--json").stdout == shown


def test_an_issued_invoices_lines_are_frozen_exit_1_with_the_reason(draft):
    assert draft("invoice", "issue", "1").code == 0
    shown = draft("invoice", "show", "2026-0001", "--json").stdout
    for args in (
        ("invoice", "edit-line", "2026-0001", "1", "--price", "1"),
        ("invoice", "remove-line", "2026-0001", "1"),
    ):
        result = draft(*args)
        assert result.code == 1, args
        assert result.stderr.strip() == (
            "error: invoice 2026-0001 is issued: its lines are frozen; "
            "credit it and draft a new one"
        )
    assert draft("invoice", "show", "2026-0001", "--json").stdout == shown


def test_every_option_of_the_line_commands_has_a_help_line(draft):
    for command in ("edit-line", "remove-line"):
        result = draft("invoice", command, "--help")
        assert result.code == 0
        assert "The line's position" in result.stdout
    text = draft("invoice", "edit-line", "--help").stdout
    for option in ("--description", "--quantity", "--price", "--vat"):
        line = next(row for row in text.splitlines() if option in row)
        assert len(line.split(option, 1)[1].strip(" │")) > 10, line
