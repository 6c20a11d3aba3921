"""Statutory late-payment interest on the final notice: business clients only, in their locale."""

import pytest

from clientkit.services.clients import add_client
from clientkit.services.mailer import SmtpMailer, smtp_settings
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.reminders import plan_reminders, send_reminders
from tests.services.reminder_seed import freelancer, overdue_invoice, reminded

# Due 2026-11-03 when 20 days overdue on 2026-11-23: one half-year, 2.15 % + 8 points.
RATES = [{"from": "2026-01-01", "rate": "3%"}, {"from": "2026-07-01", "rate": "2.15%"}]


@pytest.fixture
def ready(book):
    freelancer(book)
    set_profile(book, vat_id="SK2020123457")  # a business in the EU
    book.config["statutory_interest"] = {
        "enabled": True,
        "margin": "8%",
        "compensation": "40",
        "compensation_currency": "EUR",
        "reference_rates": RATES,
    }
    return book


def mailer(server) -> SmtpMailer:
    """A mailer talking to the loopback test server."""
    return SmtpMailer(smtp_settings({"smtp": {"host": server.host, "port": server.port}}))


def sent_text(server) -> str:
    """The plain-text body of the one message the server received."""
    [received] = server.received
    return flat(received.message.get_body(preferencelist=("plain",)).get_content())


def flat(text: str) -> str:
    """Text with Babel's no-break spaces and the line layout reduced to single spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def final_due(book, client: str, **options) -> dict:
    """An overdue invoice whose friendly and second reminders went out a week ago."""
    invoice = overdue_invoice(book, client, **options)
    reminded(book, invoice["id"], "friendly", "second")
    return invoice


def final_body(book) -> str:
    [draft] = plan_reminders(book).due
    assert draft.level == "final"
    return flat(draft.body)


def business(
    book,
    name: str,
    *,
    company: str = "",
    vat_id: str = "",
    locale: str = "en_US",
    currency: str = "EUR",
) -> None:
    add_client(
        book,
        name,
        email="ap@client.example",
        company=company,
        vat_id=vat_id,
        locale=locale,
        currency=currency,
    )


def test_a_german_business_client_reads_the_interest_and_40_euro_in_german(ready, smtp_server):
    """12,000.00 for 20 days at 10.15 %: 66,74 € interest, 40,00 € flat fee, 12.106,74 € to pay."""
    business(ready, "Weber", company="Weber Logistik GmbH", locale="de_DE")
    final_due(ready, "Weber", days_overdue=20, price="12000")
    send_reminders(ready, mailer(smtp_server), attach=False)
    text = sent_text(smtp_server)
    assert "gesetzlichen Verzugszinsen (EU-Zahlungsverzugsrichtlinie 2011/7/EU)" in text
    assert "8 Prozentpunkte über dem Bezugszinssatz, derzeit 10,15 % pro Jahr" in text
    assert "Auf 12.000,00 € sind das nach 20 Tagen 66,74 €" in text
    assert "Pauschale für Beitreibungskosten von 40,00 € fällig" in text
    assert "Bitte überweisen Sie 12.106,74 € bis zum 30.11.2026." in text


def test_an_english_business_client_known_by_vat_id_gets_fee_interest_and_compensation(ready):
    """1,000.00 with a 1.5 % late fee: fee 15.00, interest 5.56, compensation 40.00: 1,060.56."""
    business(ready, "Ortiz", vat_id="ESB12345674")
    final_due(ready, "Ortiz", days_overdue=20, price="1000", late_fee="1.5%")
    text = final_body(ready)
    assert "the amount now due is €1,015.00" in text  # the contractual fee paragraph
    assert "8 percentage points above the reference rate, currently 10.15% a year" in text
    assert "On €1,000.00 it comes to €5.56 after 20 days" in text
    assert "A fixed compensation for recovery costs of €40.00 is also due" in text
    assert "interest and compensation included, is €1,060.56" in text
    assert "Please transfer €1,060.56 by" in text


def test_a_private_clients_final_notice_states_no_statutory_interest(ready):
    """No company and no VAT id: the notice asks for the balance alone."""
    final_due(ready, "Petra Sommer", days_overdue=20, price="1000")
    text = final_body(ready)
    assert "2011/7/EU" not in text
    assert "compensation" not in text
    assert "Please transfer €1,000.00 by" in text


def test_interest_is_charged_on_the_open_balance_after_a_partial_payment(ready):
    """600.00 still open for 20 days at 10.15 % is 3.34."""
    business(ready, "Ortiz", company="Ortiz SL", vat_id="ESB12345674")
    invoice = final_due(ready, "Ortiz", days_overdue=20, price="1000")
    pay_invoice(ready, invoice["number"], "400")
    text = final_body(ready)
    assert "On €600.00 it comes to €3.34 after 20 days" in text
    assert "Please transfer €643.34 by" in text


def test_a_us_client_in_dollars_gets_no_eu_directive_claim_even_when_enabled(ready):
    """The directive binds businesses in the EU: a US business is asked for the balance alone."""
    business(ready, "Harbor", company="Harbor Lane LLC", currency="USD")
    final_due(ready, "Harbor", days_overdue=20, price="1000")
    text = final_body(ready)
    assert "2011/7/EU" not in text
    assert "interest" not in text
    assert "Please transfer $1,000.00 by" in text


def test_a_freelancer_outside_the_eu_claims_no_directive_interest_from_an_eu_business(ready):
    """Both parties must be in the EU: a profile known as US (locale, no VAT id) claims none."""
    set_profile(ready, vat_id="", locale="en_US")
    business(ready, "Weber", company="Weber Logistik GmbH", locale="de_DE")
    final_due(ready, "Weber", days_overdue=20, price="1000")
    text = final_body(ready)
    assert "Verzugszinsen" not in text
    assert "2011/7/EU" not in text


def test_a_country_the_user_lists_gets_the_interest_but_no_euro_compensation(ready):
    """`countries = ["US"]` opts in; currencies are never mixed: USD interest, no 40 EUR."""
    ready.config["statutory_interest"]["countries"] = ["US"]
    business(ready, "Harbor", company="Harbor Lane LLC", currency="USD")
    final_due(ready, "Harbor", days_overdue=20, price="1000")
    text = final_body(ready)
    assert "On $1,000.00 it comes to $5.56 after 20 days" in text
    assert "compensation" not in text
    assert "€" not in text
    assert "Please transfer $1,005.56 by" in text


def test_a_malformed_country_list_is_reported_naming_the_key(ready):
    ready.config["statutory_interest"]["countries"] = "US"
    business(ready, "Weber", company="Weber Logistik GmbH")
    final_due(ready, "Weber", days_overdue=20, price="1000")
    [problem] = plan_reminders(ready).problems
    assert "[statutory_interest] in config.toml: countries must be a list" in problem


def test_switching_statutory_interest_off_removes_it_for_business_clients(ready):
    """`enabled = false` keeps the final notice to the contractual terms."""
    ready.config["statutory_interest"]["enabled"] = False
    business(ready, "Weber", company="Weber Logistik GmbH")
    final_due(ready, "Weber", days_overdue=20, price="1000")
    text = final_body(ready)
    assert "2011/7/EU" not in text
    assert "Please transfer €1,000.00 by" in text


def test_the_second_reminder_to_a_business_client_does_not_claim_interest(ready):
    """Only the final notice states the statutory claim."""
    business(ready, "Weber", company="Weber Logistik GmbH")
    invoice = overdue_invoice(ready, "Weber", days_overdue=7, price="1000")
    reminded(ready, invoice["id"], "friendly")
    [draft] = plan_reminders(ready).due
    assert draft.level == "second"
    assert "2011/7/EU" not in draft.body


def test_a_rate_table_without_the_due_half_year_holds_the_notice_back_and_says_why(ready):
    """No rate for July 2026: the final notice is not sent and the problem names the fix."""
    ready.config["statutory_interest"]["reference_rates"] = [{"from": "2027-01-01", "rate": "2%"}]
    business(ready, "Weber", company="Weber Logistik GmbH", locale="de_DE")
    final_due(ready, "Weber", days_overdue=20, price="1000")
    plan = plan_reminders(ready)
    assert plan.due == []
    [problem] = plan.problems
    assert "no reference rate in force on 2026-07-01" in problem
    assert "[statutory_interest]" in problem


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("margin", "eight", "margin: invalid percentage 'eight'"),
        ("enabled", "yes", "enabled must be true or false"),
        ("compensation_currency", "EURO", "compensation_currency: unknown currency 'EURO'"),
    ],
)
def test_a_malformed_setting_is_reported_naming_the_config_table(ready, key, value, reason):
    """A bad value is a problem of [statutory_interest] in config.toml that says which key."""
    ready.config["statutory_interest"][key] = value
    business(ready, "Weber", company="Weber Logistik GmbH")
    final_due(ready, "Weber", days_overdue=20, price="1000")
    [problem] = plan_reminders(ready).problems
    assert f"[statutory_interest] in config.toml: {reason}" in problem
