"""Change orders: a signed page before a change request's work, and the risk until it is signed."""

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from clientkit import paths
from clientkit.domain.risk.findings import Money
from clientkit.domain.risk.project_rules import change_request_unapproved
from clientkit.domain.risk.thresholds import Thresholds
from clientkit.services.change_orders import ChangeOrderRequest, render_change_order
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.risks import list_risks
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from tests.domain.risk_facts import project as project_facts
from tests.domain.risk_facts import text as finding_text

KIT = "Social-Media-Kit, 12 Vorlagen"


def _setup(book, *, locale: str = "de_DE", **terms: object) -> str:  # type: ignore[no-untyped-def]
    """A started fixed-price project with one priced change request; returns its scope id."""
    set_profile(book, name="Jana Nováková")
    add_client(book, "Acme GmbH", locale=locale, currency="EUR")
    values: dict[str, object] = {
        "price": "1500",
        "revisions": 2,
        "revision_fee": "150",
        "deposit": "0%",
        "deadline": "2027-01-15",
        **terms,
    }
    add_project(book, "Acme GmbH", "Logo", TermsInput(**values))  # type: ignore[arg-type]
    add_scope_item(book, "Logo", "Logo in drei Varianten")
    move_project(book, "Logo", "start")
    return str(add_scope_item(book, "Logo", KIT, price="600", hours="8")["id"])


def _text(path: str | Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _orders_dir() -> Path:
    return paths.output_dir() / "change-orders"


def test_a_german_change_order_names_the_change_price_time_revisions_and_signatures(book):
    scope_id = _setup(book)
    view = render_change_order(book, scope_id, ChangeOrderRequest(days=10))
    text = _text(view["path"])
    assert (view["template"], view["lang"], view["number"]) == ("change_order.de.txt", "de_DE", 1)
    assert text.startswith("Änderungsauftrag Nr. 1")
    assert "• Social-Media-Kit, 12 Vorlagen" in text
    assert "zum Festpreis von 600,00 € zusätzlich" in text
    assert "auf 8 Stunden geschätzt" in text
    assert "verschiebt sich vom 15. Januar 2027 auf den 25. Januar 2027 (10 Tage später)" in text
    assert "Die Änderung enthält 2 Korrekturrunden" in text
    assert "Jede weitere Korrekturrunde wird mit 150,00 € berechnet" in text
    assert "Unterschriften Auftragnehmer Auftraggeber Jana Nováková Acme GmbH" in text
    assert text.count("Ort, Datum, Unterschrift") == 2
    assert view["new_deadline"].isoformat() == "2027-01-25"
    assert view["notices"] == [
        f"have the client sign it, then record the signature: clientkit scope approve {scope_id}"
    ]


def test_the_change_order_is_one_page_with_the_embedded_font(book):
    path = render_change_order(book, _setup(book), ChangeOrderRequest(days=10))["path"]
    reader = PdfReader(BytesIO(Path(path).read_bytes()))
    assert len(reader.pages) == 1
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("DejaVu" in str(font.get_object()["/BaseFont"]) for font in fonts.values())


def test_an_english_change_order_without_days_keeps_the_deadline(book):
    scope_id = _setup(book, locale="en_US")
    text = _text(render_change_order(book, scope_id, ChangeOrderRequest())["path"])
    assert "Change Order No. 1" in text
    assert "for a fixed price of €600.00, in addition to the price of the agreement" in text
    assert "The change is estimated at 8 hours of work." in text
    assert "The deadline of January 15, 2027 stays unchanged." in text
    assert "Place, date, signature" in text


def test_the_language_can_be_chosen_and_the_slovak_one_ships(book):
    scope_id = _setup(book)
    text = _text(render_change_order(book, scope_id, ChangeOrderRequest(lang="sk_SK"))["path"])
    assert "Dodatok – zmena zákazky č. 1" in text
    assert "za pevnú cenu 600,00 €" in text
    assert "Miesto, dátum, podpis" in text


def test_a_language_without_template_falls_back_to_english_and_says_so(book):
    scope_id = _setup(book, locale="fr_FR")
    view = render_change_order(book, scope_id, ChangeOrderRequest())
    assert view["template"] == "change_order.en.txt"
    assert view["notices"][0] == (
        "no 'change_order' template in fr_FR; the change order is in English"
    )


def test_an_hourly_change_without_price_is_billed_by_time_with_its_estimate(book):
    _setup(book, locale="en_US", price=None, hourly="80")
    scope_id = str(add_scope_item(book, "Logo", "Landing page", hours="6")["id"])
    view = render_change_order(book, scope_id, ChangeOrderRequest(revisions=1))
    text = _text(view["path"])
    assert view["number"] == 2
    assert (
        "billed by the time spent, at €80.00 per hour; it is estimated at 6 hours (€480.00)"
    ) in text
    assert "The change includes 1 round of revisions." in text


def test_an_unpriced_change_on_a_fixed_price_needs_a_quote(book):
    _setup(book)
    scope_id = str(add_scope_item(book, "Logo", "Landing page")["id"])
    with pytest.raises(Refused, match="has no price and the project no hourly rate; quote it"):
        render_change_order(book, scope_id, ChangeOrderRequest())
    assert not _orders_dir().exists() or not any(_orders_dir().iterdir())
    view = render_change_order(book, scope_id, ChangeOrderRequest(price="450"))
    assert "zum Festpreis von 450,00 €" in _text(view["path"])
    assert view["notices"][0] == (
        f"change request {scope_id} quoted at €450.00; the quote is recorded"
    )
    (item,) = [i for i in show_project(book, "Logo")["scope"] if str(i["id"]) == scope_id]
    assert str(item["price"]) == "450.00"


def test_an_approved_change_cannot_be_requoted(book):
    scope_id = _setup(book)
    approve_scope_item(book, scope_id)
    with pytest.raises(Refused, match="was approved on 2026-11-23; its price is part of"):
        render_change_order(book, scope_id, ChangeOrderRequest(price="900"))
    view = render_change_order(book, scope_id, ChangeOrderRequest())  # a copy is fine
    assert "already approved on 2026-11-23" in view["notices"][0]


def test_original_scope_gets_no_change_order_and_nothing_is_written(book):
    _setup(book)
    with pytest.raises(Refused, match="part of the original scope"):
        render_change_order(book, "1", ChangeOrderRequest())
    assert not _orders_dir().exists() or not any(_orders_dir().iterdir())


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ChangeOrderRequest(days=0), "invalid --days 0"),
        (ChangeOrderRequest(revisions=-1), "revisions must not be negative"),
        (ChangeOrderRequest(price="abc"), "invalid amount"),
    ],
)
def test_bad_options_are_bad_input(book, request_, message):
    scope_id = _setup(book)
    with pytest.raises((BadInput, ValueError), match=message):
        render_change_order(book, scope_id, request_)


def test_user_text_prints_literally(book):
    _setup(book, locale="en_US")
    hostile = '<b>Logo & Sons</b> | # not a heading <img src="/etc/passwd">'
    scope_id = str(add_scope_item(book, "Logo", hostile, price="10")["id"])
    assert hostile in _text(render_change_order(book, scope_id, ChangeOrderRequest())["path"])


def test_an_existing_output_file_is_refused_unless_forced(book, tmp_path):
    scope_id = _setup(book)
    target = tmp_path / "order.pdf"
    target.write_bytes(b"keep me")
    with pytest.raises(Refused, match="already exists"):
        render_change_order(book, scope_id, ChangeOrderRequest(output=str(target)))
    assert target.read_bytes() == b"keep me"
    forced = render_change_order(book, scope_id, ChangeOrderRequest(output=str(target), force=True))
    assert forced["path"] == str(target.resolve())
    assert "Änderungsauftrag Nr. 1" in _text(target)


def test_the_rule_names_one_unapproved_change_its_value_and_the_commands():
    finding = change_request_unapproved(
        project_facts(unapproved_changes=1, unapproved_value_minor=600_00, first_unapproved_id=5),
        Thresholds(),
    )
    assert finding is not None
    assert (finding.code, finding.severity) == ("change_request_unapproved", "warning")
    assert finding.evidence == {
        "unapproved_change_requests": 1,
        "unapproved_value": Money(600_00, "EUR"),
        "first_scope_id": 5,
    }
    assert finding_text(finding) == (
        "A change request worth 600.00 EUR has no signed change order.",
        "Get the change order signed before starting the work (clientkit scope order 5, then "
        "clientkit scope approve 5).",
    )


def test_the_rule_counts_several_unpriced_changes_and_points_at_the_oldest():
    finding = change_request_unapproved(
        project_facts(unapproved_changes=3, first_unapproved_id=2), Thresholds()
    )
    assert finding is not None
    assert finding.evidence["unapproved_value"] is None
    assert finding_text(finding)[0] == "3 change requests have no signed change order."
    assert "the oldest is scope item 2" in finding_text(finding)[1]


def test_the_rule_is_silent_when_every_change_is_approved():
    assert change_request_unapproved(project_facts(change_requests=2), Thresholds()) is None


def test_risks_list_the_unapproved_change_until_scope_approve(book):
    scope_id = _setup(book, locale="en_US")
    (finding,) = [f for f in list_risks(book) if f["code"] == "change_request_unapproved"]
    assert (finding["severity"], finding["project"]) == ("warning", "Logo")
    assert finding["evidence"] == {
        "unapproved_change_requests": 1,
        "unapproved_value": "600.00",
        "first_scope_id": int(scope_id),
        "currency": "EUR",
    }
    assert finding["message"] == "A change request worth €600.00 has no signed change order."
    approve_scope_item(book, scope_id)
    assert "change_request_unapproved" not in {f["code"] for f in list_risks(book)}


def test_the_severity_of_the_finding_comes_from_the_config(book):
    _setup(book)
    book.config["risk"]["severity"]["change_request_unapproved"] = "critical"
    (finding,) = [f for f in list_risks(book) if f["code"] == "change_request_unapproved"]
    assert finding["severity"] == "critical"
