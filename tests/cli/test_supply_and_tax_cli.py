"""`invoice create --period/--delivered`, `invoice issue --rate` and `profile set
--vat-exemption`: what they store and show, and bad input refused with exit 2."""

import pytest

from tests.cli.helpers import assert_amounts, one_json, refused


@pytest.fixture
def usd(invoke):  # type: ignore[no-untyped-def]
    """A profile in EUR, a US client billed in USD with logged work, and draft 1 at 20 %."""
    for args in (
        ("profile", "set", "--name", "Jana", "--vat-id", "SK2020123457", "--currency", "EUR"),
        ("client", "add", "Globex", "--locale", "en_US", "--currency", "USD"),
        ("project", "add", "Globex", "App", "--hourly", "50", "--deposit", "0"),
        ("log", "App", "2h", "--date", "2026-02-10"),
        ("log", "App", "1h", "--date", "2026-02-20"),
        ("invoice", "create", "App", "--vat", "20%"),
    ):
        result = invoke(*args)
        assert result.code == 0, result.stderr
    return invoke


def test_show_json_gives_the_period_rate_and_each_lines_exemption(usd):
    usd("invoice", "add-line", "1", "Licence", "100", "--vat", "0%")
    view = one_json(usd("invoice", "issue", "1", "--rate", "0.92", "--json").stdout)
    shown = one_json(usd("invoice", "show", view["number"], "--json").stdout)
    assert (shown["period_start"], shown["period_end"], shown["delivered"]) == (
        "2026-02-10",
        "2026-02-20",
        None,
    )
    assert (shown["exchange_rate"], shown["accounting_currency"]) == ("0.92", "EUR")
    assert_amounts(shown, "accounting_vat")
    assert shown["accounting_vat"] == "27.60"  # 30.00 USD at 0.92
    assert [line["exemption"] for line in shown["lines"]] == [
        None,
        {"category": "G", "code": "VATEX-EU-G", "reason": "Exempt: export outside the EU"},
    ]


def test_show_text_says_the_period_the_reason_and_the_vat_in_euro(usd):
    usd("invoice", "add-line", "1", "Licence", "100", "--vat", "0%")
    usd("invoice", "issue", "1", "--rate", "0.92")
    text = usd("invoice", "show", "1").stdout
    assert "service period: 2026-02-10 to 2026-02-20" in text
    assert "VAT 0%: Exempt: export outside the EU" in text
    assert "VAT $30.00 = €27.60 at 0.92" in text


def test_create_takes_a_period_or_a_delivery_date(usd):
    usd("project", "add", "Globex", "Audit", "--price", "300", "--deposit", "0")
    period = one_json(
        usd("invoice", "create", "Audit", "--period", "2026-01-05..2026-01-30", "--json").stdout
    )
    assert (period["period_start"], period["period_end"]) == ("2026-01-05", "2026-01-30")
    usd("project", "add", "Globex", "Fix", "--price", "100", "--deposit", "0")
    day = one_json(usd("invoice", "create", "Fix", "--delivered", "2026-03-02", "--json").stdout)
    assert (day["period_start"], day["delivered"]) == (None, "2026-03-02")


@pytest.mark.parametrize(
    "args",
    [
        ("--period", "2026-02-20..2026-02-10"),
        ("--period", "2026-02-10"),
        ("--period", "last month"),
        ("--delivered", "02.03.2026"),
        ("--period", "2026-02-01..2026-02-28", "--delivered", "2026-03-02"),
    ],
)
def test_create_refuses_a_bad_period_or_delivery_date(usd, args):
    line = refused(usd, "invoice", "create", "App", *args)
    assert "period" in line or "date" in line


@pytest.mark.parametrize("rate", ["abc", "0", "-1", "0,92", "１"])
def test_issue_refuses_a_rate_that_is_no_positive_number(usd, rate):
    assert "invalid exchange rate" in refused(usd, "invoice", "issue", "1", "--rate", rate)


def test_issue_refuses_vat_in_another_currency_without_a_rate(usd):
    line = refused(usd, "invoice", "issue", "1")
    assert "in USD with VAT: give the exchange rate to EUR" in line
    assert one_json(usd("invoice", "show", "1", "--json").stdout)["status"] == "draft"


def test_profile_set_vat_exemption_is_shown_and_checked(usd):
    view = one_json(usd("profile", "set", "--vat-exemption", "small-business", "--json").stdout)
    assert view["vat_exemption"] == "small-business"
    assert "expected none or small-business" in refused(
        usd, "profile", "set", "--vat-exemption", "yes"
    )
    assert one_json(usd("profile", "show", "--json").stdout)["vat_exemption"] == "small-business"
