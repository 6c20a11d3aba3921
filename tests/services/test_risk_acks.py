"""`risks ack` in the services: a silenced finding leaves `risks` and the dashboard until it
changes or its day passes; bad requests change nothing; undo takes an acknowledgement back."""

from datetime import timedelta

import pytest
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import BadInput
from clientkit.services.history import history, undo
from clientkit.services.message_records import add_message
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.risk_acks import ack_risk, unack_risk
from clientkit.services.risks import list_risks
from clientkit.services.tracking import add_revision
from clientkit.storage.models import RiskAck


@pytest.fixture
def acme(book):
    """Acme's Logo started without contract or deposit (1,500.00, 30 % deposit); Acme has
    written and waits for an answer."""
    add_client(book, "Acme")
    add_project(book, "Acme", "Logo", TermsInput(price="1500", revisions=1, revision_fee="100"))
    move_project(book, "Logo", "start")
    add_message(book, "Acme", "inbound", subject="News?", at="2026-11-19T09:00")
    return book


def _codes(book, **filters):
    return sorted(f["code"] for f in list_risks(book, **filters))


def _later(book, days):
    book.clock = clock_from_text(str(book.clock.today() + timedelta(days=days)))


def _acks(book):
    with book.read() as session:
        return len(session.exec(select(RiskAck)).all())


def test_an_acknowledged_finding_leaves_the_list_and_the_rest_stay(acme):
    view = ack_risk(acme, "no_contract", project_ref="Logo", reason="Signed on paper, filed")
    assert (view["code"], view["project"], view["severity"]) == ("no_contract", "Logo", "warning")
    assert view["message"].startswith("The project started")
    assert view["until"] is None
    assert _codes(acme) == ["awaiting_reply", "no_deposit"]


def test_risks_all_shows_the_silenced_finding_marked_with_reason_and_day(acme):
    ack_risk(acme, "no_deposit", project_ref="Logo", reason="Paid in cash", until="2026-12-01")
    shown = {f["code"]: f for f in list_risks(acme, acknowledged=True)}
    assert shown["no_deposit"]["acknowledged"] == {
        "reason": "Paid in cash",
        "until": "2026-12-01",
        "at": "2026-11-23T12:00:00+00:00",
    }
    assert shown["no_contract"]["acknowledged"] is None


def test_a_finding_about_the_client_is_acknowledged_with_the_client(acme):
    ack_risk(acme, "awaiting_reply", client_ref="Acme", reason="Answered by phone")
    assert "awaiting_reply" not in _codes(acme)


def test_a_silenced_finding_comes_back_when_it_changes(acme):
    """The deposit finding names what is missing: a part payment changes it."""
    ack_risk(acme, "no_deposit", project_ref="Logo", reason="They pay next week")
    assert "no_deposit" not in _codes(acme)
    record_deposit(acme, "Logo", "100")
    assert "no_deposit" in _codes(acme)


def test_a_silenced_finding_comes_back_when_its_severity_rises(acme):
    """At the limit a warning; one revision more makes it critical, and it shows again."""
    add_revision(acme, "Logo", "Bluer")
    ack_risk(acme, "revisions_over_limit", project_ref="Logo", reason="Told them")
    assert "revisions_over_limit" not in _codes(acme)
    add_revision(acme, "Logo", "Greener")
    assert "revisions_over_limit" in _codes(acme)


def test_a_silenced_finding_stays_silent_as_days_pass_and_returns_after_until(acme):
    """Hours of waiting grow by themselves: that is no change. The day after --until it is back."""
    ack_risk(acme, "awaiting_reply", client_ref="Acme", reason="On holiday", until="2026-11-24")
    _later(acme, 1)  # 2026-11-24, the last silent day, with more hours waited
    assert "awaiting_reply" not in _codes(acme)
    _later(acme, 1)
    assert "awaiting_reply" in _codes(acme)


def test_acknowledging_again_replaces_the_reason_and_day(acme):
    ack_risk(acme, "no_contract", project_ref="Logo", reason="First")
    ack_risk(acme, "no_contract", project_ref="Logo", reason="Second", until="2026-12-24")
    assert _acks(acme) == 1
    (shown,) = [f for f in list_risks(acme, acknowledged=True) if f["code"] == "no_contract"]
    assert shown["acknowledged"]["reason"] == "Second"


def test_unack_shows_the_finding_again(acme):
    ack_risk(acme, "no_contract", project_ref="Logo", reason="Oops, wrong one")
    unack_risk(acme, "no_contract", project_ref="Logo")
    assert "no_contract" in _codes(acme)
    with pytest.raises(BadInput, match="no acknowledged no_contract finding on project Logo"):
        unack_risk(acme, "no_contract", project_ref="Logo")


def test_undo_takes_an_acknowledgement_back(acme):
    ack_risk(acme, "no_contract", project_ref="Logo", reason="Signed on paper")
    assert history(acme)[0]["label"]  # recorded as one entry
    undo(acme)
    assert "no_contract" in _codes(acme)
    assert _acks(acme) == 0


@pytest.mark.parametrize(
    ("code", "refs", "extra", "message"),
    [
        ("no_such", {"project_ref": "Logo"}, {}, "unknown risk code 'no_such'"),
        ("no_contract", {"project_ref": "Nope"}, {}, "no project named 'Nope'"),
        ("scope_creep", {"project_ref": "Logo"}, {}, "no scope_creep finding on project Logo"),
        ("no_contract", {"project_ref": "Logo"}, {"reason": "  "}, "--reason is empty"),
        ("no_contract", {"project_ref": "Logo"}, {"until": "2026-11-22"}, "already passed"),
        ("no_contract", {"project_ref": "Logo"}, {"until": "soon"}, "invalid date 'soon'"),
        ("no_contract", {}, {}, "name the finding's project with --project"),
        ("no_contract", {"client_ref": "Acme"}, {}, "no_contract is about a project"),
        ("awaiting_reply", {"project_ref": "Logo"}, {}, "awaiting_reply is about a client"),
        (
            "no_contract",
            {"project_ref": "Logo", "client_ref": "Acme"},
            {},
            "name the finding's project with --project, or its client with --client",
        ),
    ],
)
def test_a_bad_acknowledgement_is_bad_input_and_writes_nothing(acme, code, refs, extra, message):
    entries = len(history(acme))
    with pytest.raises(InvalidValue, match=message):  # BadInput, or a date that is none
        ack_risk(acme, code, **{"reason": "Because", **refs, **extra})
    assert _acks(acme) == 0
    assert len(history(acme)) == entries
