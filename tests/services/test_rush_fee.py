"""Rush fee from dates: a deadline inside the lead time makes a rush job, billed on its own line."""

import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest

from clientkit.domain.billing import Line, rush_line
from clientkit.domain.terms import Terms, rush_days
from clientkit.services.clients import add_client
from clientkit.services.contracts import ContractRequest, generate_contract
from clientkit.services.errors import BadInput
from clientkit.services.invoicing import create_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.tracking import log_time

TODAY = date(2026, 11, 23)  # the book fixture's clock


def _in(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def acme(book):  # type: ignore[no-untyped-def]
    add_client(book, "Acme")
    return book


def _add(book, title: str = "Logo", **terms: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"price": "1500", "deposit": "0%", **terms}
    return add_project(book, "Acme", title, TermsInput(**values))  # type: ignore[arg-type]


def _rush_lines(invoice) -> list[tuple[str, Decimal]]:  # type: ignore[no-untyped-def]
    return [
        (line["description"], line["amount"]) for line in invoice["lines"] if line["kind"] == "rush"
    ]


def test_a_deadline_one_day_inside_the_lead_time_is_a_rush_job():
    assert rush_days(TODAY + timedelta(days=13), TODAY, 14) == 13
    assert rush_days(TODAY, TODAY, 14) == 0  # due today


def test_a_deadline_exactly_the_lead_time_away_is_not():
    assert rush_days(TODAY + timedelta(days=14), TODAY, 14) is None


def test_no_deadline_or_one_already_passed_is_no_rush():
    assert rush_days(None, TODAY, 14) is None
    assert rush_days(TODAY - timedelta(days=1), TODAY, 14) is None


def test_the_rush_line_is_a_share_of_the_price_rounded_half_up():
    """12.5 % of 10.04 is 1.255: half-up gives 1.26."""
    line = rush_line(Terms(price_minor=10_04, rush_fee_bp=1250, rush=True), [])
    assert line is not None
    assert (line.description, line.amount_minor, line.kind) == (
        "Rush fee (12.5% of the price)",
        1_26,
        "rush",
    )


def test_an_hourly_rush_line_takes_the_estimate_or_else_the_hours_billed():
    estimated = Terms(hourly_rate_minor=80_00, estimate_minutes=600, rush_fee_bp=2500, rush=True)
    line = rush_line(estimated, [])
    assert line is not None
    assert (line.description, line.amount_minor) == (
        "Rush fee (25% of the estimated value)",
        200_00,
    )
    open_ended = Terms(hourly_rate_minor=80_00, rush_fee_bp=2500, rush=True)
    hours = Line("Site: work", Decimal("2.5"), 80_00, kind="hours")
    line = rush_line(open_ended, [hours])
    assert line is not None
    assert (line.description, line.amount_minor) == ("Rush fee (25% of the hours billed)", 50_00)


def test_a_rush_fee_term_without_the_rush_flag_gives_no_line():
    assert rush_line(Terms(price_minor=1500_00, rush_fee_bp=2500), []) is None


def test_project_add_applies_the_rush_fee_at_lead_time_minus_one_day_and_says_so(acme):
    view = _add(acme, rush_fee="25%", deadline=_in(13))
    assert (view["rush"], view["rush_fee_percent"]) == (True, "25%")
    assert view["notices"] == [
        "deadline in 13 days is shorter than your 14-day lead time: rush fee 25% (€375.00) applies"
    ]


def test_project_add_at_exactly_the_lead_time_is_no_rush(acme):
    view = _add(acme, rush_fee="25%", deadline=_in(14))
    assert (view["rush"], view["rush_fee_percent"], view["notices"]) == (False, "25%", [])


def test_the_invoice_of_a_rush_project_has_the_rush_fee_as_its_own_line(acme):
    _add(acme, rush_fee="25%", deadline=_in(5))
    draft = create_invoice(acme, "Logo", vat="20%")
    assert [line["kind"] for line in draft["lines"]] == ["price", "rush"]
    assert _rush_lines(draft) == [("Rush fee (25% of the price)", Decimal("375.00"))]
    assert (draft["subtotal"], draft["vat"], draft["total"]) == (
        Decimal("1875.00"),
        Decimal("375.00"),
        Decimal("2250.00"),
    )


def test_a_rush_fee_term_without_a_short_deadline_does_not_reach_the_invoice(acme):
    _add(acme, rush_fee="25%", deadline=_in(30))
    assert _rush_lines(create_invoice(acme, "Logo")) == []


def test_an_hourly_rush_project_bills_the_fee_on_its_estimate(acme):
    view = _add(acme, price=None, hourly="80", estimate_hours="10", rush_fee="25%", deadline=_in(3))
    assert view["notices"][-1] == (
        "deadline in 3 days is shorter than your 14-day lead time: rush fee 25% (€200.00) applies"
    )
    log_time(acme, "Logo", "12h", "work")
    assert _rush_lines(create_invoice(acme, "Logo")) == [
        ("Rush fee (25% of the estimated value)", Decimal("200.00"))
    ]


def test_an_hourly_rush_project_without_estimate_pays_the_fee_on_the_hours(acme):
    view = _add(acme, price=None, hourly="80", rush_fee="25%", deadline=_in(1))
    assert view["notices"] == [
        "deadline in 1 day is shorter than your 14-day lead time: "
        "rush fee 25% of the hours billed applies"
    ]
    log_time(acme, "Logo", "3h", "work")
    assert _rush_lines(create_invoice(acme, "Logo")) == [
        ("Rush fee (25% of the hours billed)", Decimal("60.00"))
    ]


def test_the_profile_lead_time_decides(acme):
    set_profile(acme, lead_time_days=21)
    view = _add(acme, rush_fee="25%", deadline=_in(20))
    assert view["rush"] is True
    assert "your 21-day lead time" in view["notices"][0]


def test_the_config_default_rush_fee_applies_only_to_rush_projects(acme):
    acme.config["defaults"]["rush_fee"] = "30%"
    rush = _add(acme, deadline=_in(0))
    assert (rush["rush"], rush["rush_fee_percent"]) == (True, "30%")
    assert rush["notices"] == [
        "deadline today is shorter than your 14-day lead time: rush fee 30% (€450.00) applies"
    ]
    calm = _add(acme, "Card", deadline=_in(40))
    assert (calm["rush"], calm["rush_fee_percent"]) == (False, None)


def test_a_bad_config_default_rush_fee_is_bad_input_naming_the_setting(acme):
    acme.config["defaults"]["rush_fee"] = "30"
    with pytest.raises(BadInput, match=r"config \[defaults\] rush_fee: invalid percentage"):
        _add(acme, deadline=_in(2))


def test_a_short_deadline_without_any_rush_fee_is_announced_but_charges_nothing(acme):
    view = _add(acme, deadline=_in(2))
    assert view["rush"] is False
    assert view["notices"] == [
        "deadline in 2 days is shorter than your 14-day lead time, but no rush fee is set "
        "(--rush-fee, or rush_fee in config [defaults]), so none applies"
    ]
    assert _rush_lines(create_invoice(acme, "Logo")) == []


def _contract_text(book, lang: str = "en_US") -> str:  # type: ignore[no-untyped-def]
    path = generate_contract(book, "Logo", ContractRequest(lang=lang))["path"]
    done = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "en_US",
            "so this project is rush work: the rush surcharge of 25% ($375.00) applies and "
            "is invoiced as a separate item",
        ),
        (
            "de_DE",
            "Der Eilzuschlag von 25 % (375,00 $) fällt an und wird als eigene Position in "
            "Rechnung gestellt",
        ),
        (
            "sk_SK",
            "príplatok za urgentnosť 25 % (375,00 USD) sa uplatní a fakturuje sa ako "
            "samostatná položka",
        ),
    ],
)
def test_the_contract_of_a_rush_project_states_that_the_rush_fee_applies(book, lang, sentence):
    set_profile(book, name="Jana Nováková")
    add_client(book, "Acme", currency="USD")
    _add(book, rush_fee="25%", deadline=_in(6))
    assert sentence in _contract_text(book, lang)


def test_the_contract_of_a_calm_project_keeps_the_rush_clause_conditional(book):
    set_profile(book, name="Jana Nováková")
    add_client(book, "Acme")
    _add(book, rush_fee="25%", deadline=_in(60))
    text = _contract_text(book)
    assert "a rush surcharge of 25% is added" in text
    assert "this project is rush work" not in text
