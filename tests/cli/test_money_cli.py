"""`clientkit pay`, `clientkit deposit` and `clientkit config show` through the command line."""

import tomllib

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.services.invoicing import create_invoice, issue_invoice
from tests.cli.helpers import (
    assert_amounts,
    assert_one_error_line,
    home_db,
    one_json,
    row_counts,
)

INVOICE_FIELDS = {
    "id",
    "number",
    "status",
    "client",
    "currency",
    "issue_date",
    "due_date",
    "lines",
    "subtotal",
    "vat",
    "total",
    "paid",
    "balance",
}
LINE_FIELDS = {"description", "quantity", "unit_price", "vat_rate", "amount"}


@pytest.fixture
def invoice(invoke) -> str:  # type: ignore[no-untyped-def]
    """Acme's Site (1000.00) with an issued invoice; returns its number."""
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("project", "add", "Acme", "Site", "--price", "1000", "--deposit", "0").code == 0
    book = open_book(f"sqlite:///{home_db()}", clock_from_text("2026-11-23"))
    try:
        issued = issue_invoice(book, str(create_invoice(book, "Site")["id"]))
    finally:
        book.engine.dispose()
    return str(issued["number"])


def test_a_partial_payment_prints_the_invoice_with_its_balance(invoke, invoice):
    """pay 400 on 1000.00 leaves 600.00 and the invoice issued; JSON has the invoice fields."""
    done = invoke("pay", invoice, "400", "--date", "2026-11-23", "--method", "bank")
    assert done.stdout == (
        f"invoice {invoice}: paid €400.00 of €1,000.00, balance €600.00 (issued)\n"
    )
    view = one_json(invoke("pay", invoice, "100.50", "--json").stdout)
    assert view.keys() >= INVOICE_FIELDS
    assert all(line.keys() >= LINE_FIELDS for line in view["lines"])
    assert_amounts(view, "subtotal", "vat", "total", "paid", "balance")
    for line in view["lines"]:
        assert_amounts(line, "unit_price", "amount")
    assert (view["paid"], view["balance"], view["status"]) == ("500.50", "499.50", "issued")


def test_paying_in_full_marks_the_invoice_paid(invoke, invoice):
    """Paying the whole balance prints status paid and a zero balance."""
    view = one_json(invoke("pay", invoice, "1000", "--json").stdout)
    assert (view["status"], view["balance"]) == ("paid", "0.00")


def test_an_overpayment_is_kept_as_client_credit(invoke, invoice):
    """1200 on 1000.00 pays it and announces 200.00 of client credit, shown on the client."""
    done = invoke("pay", invoice, "1200")
    assert done.stdout.splitlines() == [
        f"invoice {invoice}: paid €1,000.00 of €1,000.00, balance €0.00 (paid)",
        "! €200.00 beyond the balance kept as client credit",
    ]
    client = one_json(invoke("client", "show", "Acme", "--json").stdout)
    assert (client["credit"], client["balance"], client["received"]) == (
        "200.00",
        "0.00",
        "1200.00",
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("1e3",), 2),
        (("1,000",), 2),
        (("",), 2),
        (("10.001",), 2),
        (("-5",), 2),
        (("100", "--date", "25/11/2026"), 2),
    ],
)
def test_malformed_payments_exit_2_and_change_nothing(invoke, invoice, args, code):
    """A malformed amount or date is refused and writes no payment."""
    before = row_counts()
    done = invoke("pay", invoice, *args)
    assert done.code == code
    assert_one_error_line(done.stderr)
    assert row_counts() == before


def test_paying_an_unknown_invoice_exits_2(invoke, invoice):
    """An invoice number that does not exist is bad input."""
    done = invoke("pay", "2026-9999", "10")
    assert done.code == 2
    assert_one_error_line(done.stderr)


def test_deposits_are_recorded_against_the_project(invoke):
    """deposit prints what arrived and what is still due; JSON amounts are strings."""
    invoke("client", "add", "Acme")
    invoke("project", "add", "Acme", "Logo", "--price", "1500", "--deposit", "30%")
    done = invoke("deposit", "Logo", "200")
    assert done.stdout.splitlines() == [
        "deposit of €200.00 recorded on Logo",
        "! deposit partly in: €200.00 of €450.00; €250.00 still due before work starts",
    ]
    view = one_json(invoke("deposit", "Logo", "250", "--date", "2026-11-20", "--json").stdout)
    assert_amounts(view, "amount", "deposit_received", "deposit_required")
    assert (view["deposit_received"], view["deposit_required"], view["date"]) == (
        "450.00",
        "450.00",
        "2026-11-20",
    )
    project = one_json(invoke("project", "show", "Logo", "--json").stdout)
    assert project["deposit_received"] == "450.00"


def test_a_malformed_deposit_exits_2(invoke):
    """deposit 1e3 is refused and stores nothing."""
    invoke("client", "add", "Acme")
    invoke("project", "add", "Acme", "Logo", "--price", "1500")
    before = row_counts()
    done = invoke("deposit", "Logo", "1e3")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert row_counts() == before


def test_an_amount_beyond_the_money_column_exits_2_instead_of_crashing(invoke):
    """In CLF (4 decimals) 15 digits overflow a 64-bit column: one line, exit 2, nothing kept."""
    invoke("client", "add", "Fomento", "--currency", "CLF")
    before = row_counts()
    for args in (
        ("project", "add", "Fomento", "Plan", "--price", "999999999999999"),
        ("client", "edit", "Fomento", "--budget", "999999999999999"),
    ):
        done = invoke(*args)
        assert done.code == 2, args
        assert_one_error_line(done.stderr)
        assert "too large (at most 922337203685477.5807)" in done.stderr
    assert row_counts() == before


def test_config_show_prints_the_effective_configuration_as_toml_and_json(invoke, tmp_path):
    """config show merges config.toml over the defaults, as TOML text or one JSON document."""
    home = home_db().parent
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[defaults]\nrevisions = 3\n\n[smtp]\nhost = "mail.test"\n')
    text = invoke("config", "show")
    assert text.code == 0
    assert text.stdout.splitlines()[0] == f"# {home / 'config.toml'}"
    parsed = tomllib.loads(text.stdout)
    assert (parsed["defaults"]["revisions"], parsed["defaults"]["payment_days"]) == (3, 14)
    assert parsed["smtp"]["host"] == "mail.test"
    config = one_json(invoke("config", "show", "--json").stdout)
    assert config == parsed


def test_config_show_escapes_control_characters_and_odd_keys_as_valid_toml(invoke):
    """A value holding an escape or a line break, or a key with a space, was printed raw (the
    terminal obeyed it, and the text was not TOML): now escaped, and the text still parses to
    what --json shows."""
    home = home_db().parent
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        '[smtp]\nfrom = "Jana \\u001b]0;owned\\u0007\\nBcc: x@y.z"\n[extra]\n"a key" = "\\u009b"\n'
    )
    text = invoke("config", "show")
    assert text.code == 0, text.stderr
    assert not any(char in text.stdout for char in "\x1b\x07\x9b\r")
    assert 'from = "Jana \\u001b]0;owned\\u0007\\u000aBcc: x@y.z"' in text.stdout
    assert tomllib.loads(text.stdout) == one_json(invoke("config", "show", "--json").stdout)


def test_config_with_a_password_is_refused(invoke):
    """An SMTP password in config.toml is refused with one line, never echoed."""
    home = home_db().parent
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[smtp]\npassword = "hunter2"\n')
    done = invoke("config", "show")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "hunter2" not in done.stderr + done.stdout
