"""Risks as the CLI and TUI receive them: money formatted for people, evidence as exact data,
filters, thresholds from the config, and client patterns on `client show`."""

import gc
import json
from datetime import date
from decimal import Decimal

import pytest

from clientkit.services.clients import add_client, archive_client, edit_client, show_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput, Refused
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.message_records import add_message
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.reminders import plan_reminders
from clientkit.services.risks import list_risks, thresholds
from clientkit.services.tracking import add_revision, log_time


def _codes(findings):
    return sorted((f["code"], f["severity"]) for f in findings)


@pytest.fixture
def acme(book):
    add_client(book, "Acme")
    return book


def test_a_project_without_deposit_flag_is_judged_against_its_tier(acme):
    """1,500.00 with no --deposit takes the 30 % tier: 400.00 received leaves 50.00 missing."""
    add_project(acme, "Acme", "Logo", TermsInput(price="1500"))
    move_project(acme, "Logo", "start")
    record_deposit(acme, "Logo", "400")
    (finding,) = [f for f in list_risks(acme) if f["code"] == "no_deposit"]
    assert finding["evidence"] == {
        "required": "450.00",
        "received": "400.00",
        "missing": "50.00",
        "currency": "EUR",
    }
    assert finding["message"] == (
        "Deposit received: €400.00 of €450.00 required; €50.00 still missing."
    )
    record_deposit(acme, "Logo", "50")
    assert "no_deposit" not in {f["code"] for f in list_risks(acme)}


def test_findings_carry_every_field_and_are_json_safe(acme):
    add_project(
        acme, "Acme", "Logo", TermsInput(price="1500", revisions=1, revision_fee="150", deposit="0")
    )
    move_project(acme, "Logo", "start")
    add_revision(acme, "Logo", "One")
    add_revision(acme, "Logo", "Two")
    findings = list_risks(acme)
    json.dumps(findings)  # nothing that needs a custom encoder
    (revisions,) = [f for f in findings if f["code"] == "revisions_over_limit"]
    assert revisions == {
        "code": "revisions_over_limit",
        "severity": "critical",
        "client": "Acme",
        "client_id": revisions["client_id"],
        "project": "Logo",
        "project_id": revisions["project_id"],
        "message": "2 revisions logged, 1 included: 1 extra revision at €150.00 each, "
        "€150.00 to bill.",
        "evidence": {
            "included": 1,
            "used": 2,
            "extra": 1,
            "fee": "150.00",
            "extra_fee": "150.00",
            "billed": "0.00",
            "to_bill": "150.00",
            "currency": "EUR",
        },
        "action": "Bill the extra revision (€150.00) on the next invoice.",
        "acknowledged": None,
    }


def test_money_in_messages_follows_the_profile_locale(acme):
    set_profile(acme, locale="de_DE")
    add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="1000"))
    move_project(acme, "Logo", "start")
    (finding,) = [f for f in list_risks(acme) if f["code"] == "no_deposit"]
    assert "1.000,00\xa0€" in finding["message"]
    assert finding["evidence"]["missing"] == "1000.00"


def test_min_severity_and_client_filter_the_findings(acme):
    add_client(acme, "Bolt")
    add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="0"))
    move_project(acme, "Logo", "start")  # no_contract: warning
    add_message(acme, "Bolt", "inbound", at="2026-11-19T08:00")  # 4 days: critical
    assert _codes(list_risks(acme)) == [("awaiting_reply", "critical"), ("no_contract", "warning")]
    assert _codes(list_risks(acme, min_severity="critical")) == [("awaiting_reply", "critical")]
    assert _codes(list_risks(acme, client_ref="Acme")) == [("no_contract", "warning")]
    assert [f["client"] for f in list_risks(acme)] == ["Bolt", "Acme"]  # most severe first


def test_an_unknown_severity_or_client_is_bad_input(acme):
    with pytest.raises(BadInput, match="invalid severity 'high'"):
        list_risks(acme, min_severity="high")
    with pytest.raises(BadInput, match="no client named 'Nobody'"):
        list_risks(acme, client_ref="Nobody")


def test_thresholds_come_from_the_config(acme):
    """With a 50 % warning share, 30 minutes of a 1 h budget already warns."""
    add_project(acme, "Acme", "Logo", TermsInput(price="1500", deposit="0", comm_budget="1h"))
    log_time(acme, "Logo", "30m", "call")
    assert "communication_over_budget" not in {f["code"] for f in list_risks(acme)}
    acme.config["risk"]["comm_warning_percent"] = 50
    assert _codes(list_risks(acme)) == [("communication_over_budget", "warning")]


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("comm_warning_percent", "80%", "config [risk] comm_warning_percent = '80%'"),
        ("severity", {"no_contract": "high"}, "config [risk.severity] no_contract = 'high'"),
    ],
)
def test_a_bad_threshold_in_the_config_is_named(key, value, error):
    config = {"risk": {key: value}}
    with pytest.raises(BadInput, match=error.replace("[", r"\[").replace("]", r"\]")):
        thresholds(config)


def test_archived_clients_and_closed_projects_raise_nothing(acme):
    add_project(acme, "Acme", "Done", TermsInput(price="100", deposit="0"))
    move_project(acme, "Done", "start")
    move_project(acme, "Done", "close")
    add_client(acme, "Gone")
    add_project(acme, "Gone", "Ghost", TermsInput(price="100", deposit="0"))
    move_project(acme, "Ghost", "start")
    archive_client(acme, "Gone")
    assert list_risks(acme) == []


def test_a_client_who_owes_money_is_archived_only_with_force_and_stays_in_view(acme):
    """Archiving ends no debt: refused while an invoice is open; forced, the overdue invoice
    stays in `risks` and in today's reminders."""
    add_project(acme, "Acme", "Site", TermsInput(price="900", deposit="0"))
    move_project(acme, "Site", "start", date(2026, 9, 1))
    draft = create_invoice(acme, "Site")
    issue_invoice(acme, str(draft["id"]), on=date(2026, 10, 1))  # due 2026-10-15: 39 days late
    with pytest.raises(Refused, match=r"client 'Acme' still owes €900\.00: .*--force"):
        archive_client(acme, "Acme")
    assert show_client(acme, "Acme")["archived"] is False
    edit_client(acme, "Acme", email="ap@acme.example")
    archive_client(acme, "Acme", force=True)
    codes = {f["code"] for f in list_risks(acme)}
    assert {"unpaid_overdue", "unresponsive_client"} <= codes
    plan = plan_reminders(acme)
    assert [d.invoice_number for d in plan.due] == ["2026-0001"], plan.problems


def test_an_overdue_invoice_and_a_silent_client_are_flagged(acme):
    add_project(acme, "Acme", "Site", TermsInput(price="900", deposit="0"))
    move_project(acme, "Site", "start", date(2026, 9, 1))
    move_project(acme, "Site", "deliver", date(2026, 10, 1))
    draft = create_invoice(acme, "Site")
    issue_invoice(acme, str(draft["id"]), on=date(2026, 10, 1))  # due 2026-10-15: 39 days late
    found = {f["code"]: f for f in list_risks(acme)}
    overdue = found["unpaid_overdue"]
    assert overdue["severity"] == "critical"
    assert overdue["evidence"]["balance"] == "900.00"
    assert overdue["message"] == "Invoice 2026-0001 is 39 days overdue with €900.00 unpaid."
    silent = found["unresponsive_client"]
    assert silent["evidence"]["overdue"] == [{"amount": "900.00", "currency": "EUR"}]
    assert silent["evidence"]["since_event"] == "delivery"


def test_client_show_lists_patterns_and_the_effective_rate(acme):
    """1,100.00 received (price and one extra revision) for 8 h of work and 2 h of calls
    is 110.00 an hour."""
    add_project(
        acme,
        "Acme",
        "Logo",
        TermsInput(price="1000", deposit="0", revisions=0, revision_fee="100", comm_budget="1h"),
    )
    move_project(acme, "Logo", "start")
    add_revision(acme, "Logo", "More")
    log_time(acme, "Logo", "8h", "work")
    log_time(acme, "Logo", "2h", "call")
    draft = create_invoice(acme, "Logo")
    issued = issue_invoice(acme, str(draft["id"]))
    pay_invoice(acme, issued["number"], str(issued["total"]))
    view = show_client(acme, "Acme")
    assert view["patterns"] == ["indecisive", "social"]
    assert (view["received"], view["effective_rate"]) == (Decimal("1100.00"), Decimal("110.00"))


def test_client_show_of_a_calm_client_has_no_patterns(acme):
    assert show_client(acme, "Acme")["patterns"] == []


@pytest.mark.parametrize("enabled", [True, False])
def test_evaluating_risks_leaves_the_cycle_collector_as_it_was(acme, enabled):
    """The collector is paused while findings are built, then restored, also when the
    evaluation fails: a long-running TUI must not be left without it, nor have it switched
    on behind its back."""
    add_project(acme, "Acme", "Logo", TermsInput(price="1500"))
    move_project(acme, "Logo", "start")
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert "no_contract" in {f["code"] for f in list_risks(acme)}
        assert gc.isenabled() is enabled
        acme.config["risk"]["deadline_days"] = -1  # refused while the rules are set up
        with pytest.raises(BadInput, match="deadline_days"):
            list_risks(acme)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
