"""`clientkit risks` through the command line: JSON shape, filters, the readable table, exit
codes, and a process that never loads the TUI or the PDF engine."""

import json
import os
import subprocess
import sys

import pytest

from tests.cli.helpers import AMOUNT, assert_one_error_line, one_json, row_counts

FINDING_FIELDS = {
    "code",
    "severity",
    "client",
    "client_id",
    "project",
    "project_id",
    "message",
    "evidence",
    "action",
    "acknowledged",
}


@pytest.fixture
def risky(invoke):  # type: ignore[no-untyped-def]
    """Acme's Logo started without contract or deposit and one revision over its limit;
    Bolt has written four days ago and waits for an answer."""
    for args in (
        ("client", "add", "Acme"),
        ("client", "add", "Bolt"),
        (
            "project",
            "add",
            "Acme",
            "Logo",
            "--price",
            "1500",
            "--revisions",
            "1",
            "--revision-fee",
            "150",
        ),
        ("project", "start", "Logo"),
        ("revision", "add", "Logo", "Bigger"),
        ("revision", "add", "Logo", "Bluer"),
        (
            "message",
            "add",
            "Bolt",
            "--inbound",
            "--subject",
            "Any news?",
            "--at",
            "2026-11-19T09:00",
        ),
    ):
        assert invoke(*args).code == 0, args
    return invoke


def test_an_empty_book_has_no_risks(invoke):
    assert one_json(invoke("risks", "--json").stdout) == []
    done = invoke("risks")
    assert (done.code, done.stdout) == (0, "No risks found.\n")


def test_risks_json_is_a_list_of_findings_with_amounts_as_strings(risky):
    done = risky("risks", "--json")
    assert done.code == 0
    findings = one_json(done.stdout)
    assert all(set(f) == FINDING_FIELDS for f in findings)
    assert sorted((f["client"], f["code"], f["severity"]) for f in findings) == [
        ("Acme", "no_contract", "warning"),
        ("Acme", "no_deposit", "warning"),
        ("Acme", "revisions_over_limit", "critical"),
        ("Bolt", "awaiting_reply", "critical"),
    ]
    deposit = next(f for f in findings if f["code"] == "no_deposit")
    assert deposit["evidence"]["currency"] == "EUR"
    for key in ("required", "received", "missing"):
        assert AMOUNT.fullmatch(deposit["evidence"][key])
    assert deposit["evidence"]["missing"] == "450.00"  # the 30 % tier of 1,500.00
    assert deposit["action"] == "Ask for the missing deposit (€450.00) before continuing the work."


def test_min_severity_and_client_narrow_the_list(risky):
    critical = one_json(risky("risks", "--min-severity", "critical", "--json").stdout)
    assert sorted(f["code"] for f in critical) == ["awaiting_reply", "revisions_over_limit"]
    bolt = one_json(risky("risks", "--client", "Bolt", "--json").stdout)
    assert [f["code"] for f in bolt] == ["awaiting_reply"]
    both = one_json(
        risky("risks", "--client", "Acme", "--min-severity", "critical", "--json").stdout
    )
    assert [f["code"] for f in both] == ["revisions_over_limit"]


def test_the_text_table_groups_by_client_with_the_most_severe_first(risky):
    done = risky("risks")
    assert done.code == 0  # findings are information, not a failure
    lines = done.stdout.splitlines()
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers[:2] == ["Acme", "Bolt"]  # both have a critical finding; then by name
    acme = lines[lines.index("Acme") + 1 : lines.index("Bolt")]
    findings = [line.split() for line in acme if line.startswith("  ") and line[2] != " "]
    assert [words[0] for words in findings] == ["critical", "warning", "warning"]
    assert findings[0][1:] == ["revisions_over_limit", "(Logo)"]
    assert any(line.strip().startswith("2 revisions logged, 1 included") for line in acme)
    assert any(line.strip().startswith("-> Bill the extra revision (€150.00)") for line in acme)
    assert lines[-1] == "4 findings: 2 critical, 2 warnings"


def test_risks_text_fits_an_80_column_terminal_by_wrapping(risky, monkeypatch):
    """At 80 columns no line is longer, and a long action continues on the next line."""
    monkeypatch.setenv("COLUMNS", "80")
    lines = risky("risks").stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    wide = " ".join(" ".join(risky("risks").stdout.split()).split("->"))
    monkeypatch.setenv("COLUMNS", "300")
    assert " ".join(" ".join(risky("risks").stdout.split()).split("->")) == wide


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--min-severity", "high"), "invalid severity 'high'"),
        (("--client", "Nobody"), "no client named 'Nobody'"),
    ],
)
def test_bad_filters_exit_2_with_one_line(risky, args, message):
    done = risky("risks", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert message in done.stderr


def test_config_show_prints_the_risk_thresholds(invoke):
    shown = invoke("config", "show").stdout
    assert "[risk]" in shown
    assert "awaiting_reply_critical_hours = 72" in shown
    assert "[risk.severity]" in shown


def test_client_show_prints_the_patterns(risky):
    shown = risky("client", "show", "Acme").stdout.splitlines()
    assert "patterns        indecisive, persistent, vanishing" in shown
    assert (
        shown.index("patterns        indecisive, persistent, vanishing")
        == len([line for line in shown[: shown.index("")]]) - 1
    )  # right under the other fields
    view = one_json(risky("client", "show", "Bolt", "--json").stdout)
    assert view["patterns"] == ["waiting"]


PROBE = """
import sys
from clientkit.cli.main import main
try:
    main(["risks", "--json"])
except SystemExit as done:
    code = done.code
loaded = sorted(name for name in ("textual", "reportlab") if name in sys.modules)
print("LOADED", ",".join(loaded), code, file=sys.stderr)
"""


def test_risks_imports_neither_textual_nor_reportlab(risky, tmp_path):
    """A real process answering `clientkit risks --json` never loads the TUI or PDF engine."""
    env = {**os.environ, "CLIENTKIT_TODAY": "2026-11-23"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert len(json.loads(done.stdout)) == 4  # it really evaluated the book
    assert done.stderr.strip().splitlines()[-1] == "LOADED  0"


# risks ack / unack


def test_risks_ack_silences_a_finding_and_risks_all_shows_it_marked(risky):
    done = risky(
        "risks",
        "ack",
        "no_contract",
        "--project",
        "Logo",
        "--reason",
        "Signed on paper",
        "--until",
        "2026-12-01",
    )
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("no_contract (Logo) acknowledged until 2026-12-01: ")
    codes = [f["code"] for f in one_json(risky("risks", "--client", "Acme", "--json").stdout)]
    assert "no_contract" not in codes
    shown = one_json(risky("risks", "--all", "--json").stdout)
    (silenced,) = [f for f in shown if f["code"] == "no_contract"]
    assert silenced["acknowledged"] == {
        "reason": "Signed on paper",
        "until": "2026-12-01",
        "at": "2026-11-23T12:00:00+00:00",
    }
    assert all(f["acknowledged"] is None for f in shown if f["code"] != "no_contract")
    text = risky("risks", "--all").stdout
    assert "acknowledged: Signed on paper (2026-11-23, until 2026-12-01)" in text


def test_risks_text_says_how_many_silenced_findings_it_left_out(risky):
    risky("risks", "ack", "no_contract", "--project", "Logo", "--reason", "Signed on paper")
    lines = risky("risks", "--client", "Acme").stdout.splitlines()
    assert lines[-1] == (
        "2 findings: 1 critical, 1 warning; 1 acknowledged finding not shown (risks --all)"
    )
    risky("risks", "ack", "awaiting_reply", "--client", "Bolt", "--reason", "Phoned")
    assert risky("risks", "--client", "Bolt").stdout == (
        "No risks found; 1 acknowledged finding not shown (risks --all).\n"
    )
    assert risky("risks", "--all").stdout.splitlines()[-1] == "4 findings: 2 critical, 2 warnings"


def test_risks_ack_json_names_the_finding_and_the_history_labels_it(risky):
    done = risky(
        "risks", "ack", "awaiting_reply", "--client", "Bolt", "--reason", "Phoned", "--json"
    )
    assert done.code == 0, done.stderr
    view = one_json(done.stdout)
    assert (view["code"], view["client"], view["project"], view["severity"]) == (
        "awaiting_reply",
        "Bolt",
        None,
        "critical",
    )
    assert (view["reason"], view["until"]) == ("Phoned", None)
    (entry,) = one_json(risky("history", "--json", "--limit", "1").stdout)
    assert entry["label"] == "risks ack awaiting_reply --reason Phoned --client Bolt --json"


def test_a_silenced_finding_returns_the_day_after_until(risky):
    risky(
        "risks",
        "ack",
        "no_deposit",
        "--project",
        "Logo",
        "--reason",
        "Next week",
        "--until",
        "2026-11-30",
    )
    hidden = one_json(risky("risks", "--json", today="2026-11-30").stdout)
    assert "no_deposit" not in [f["code"] for f in hidden]
    back = one_json(risky("risks", "--json", today="2026-12-01").stdout)
    assert "no_deposit" in [f["code"] for f in back]


def test_risks_unack_and_undo_show_the_finding_again(risky):
    risky("risks", "ack", "no_contract", "--project", "Logo", "--reason", "Oops")
    done = risky("risks", "unack", "no_contract", "--project", "Logo")
    assert (done.code, done.stdout) == (0, "no_contract (Logo) is no longer acknowledged\n")
    risky("risks", "ack", "no_contract", "--project", "Logo", "--reason", "Oops again")
    assert risky("undo").code == 0
    assert "no_contract" in [f["code"] for f in one_json(risky("risks", "--json").stdout)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "--project", "Logo", "--reason", "x"), "unknown risk code 'nope'"),
        (("no_contract", "--project", "Nowhere", "--reason", "x"), "no project named 'Nowhere'"),
        (("scope_creep", "--project", "Logo", "--reason", "x"), "no scope_creep finding"),
        (("no_contract", "--project", "Logo", "--reason", " "), "--reason is empty"),
        (
            ("no_contract", "--project", "Logo", "--reason", "x", "--until", "2026-11-22"),
            "--until 2026-11-22 has already passed",
        ),
        (("no_contract", "--reason", "x"), "name the finding's project with --project"),
        (("awaiting_reply", "--project", "Logo", "--reason", "x"), "is about a client"),
    ],
)
def test_a_bad_risks_ack_exits_2_with_one_line_and_writes_nothing(risky, args, message):
    before = row_counts()
    entries = len(one_json(risky("history", "--json").stdout))
    done = risky("risks", "ack", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert message in done.stderr
    assert row_counts() == before
    assert len(one_json(risky("history", "--json").stdout)) == entries


def test_risks_unack_of_a_finding_never_acknowledged_exits_2(risky):
    done = risky("risks", "unack", "no_contract", "--project", "Logo")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert "no acknowledged no_contract finding on project Logo" in done.stderr


# The scenario of issue 16: from kickoff to paid, the risk list ends empty.


def _step(invoke, today, *args):
    done = invoke(*args, today=today)
    assert done.code == 0, (args, done.stderr)
    return done


def _risks(invoke, today):
    return sorted(
        (f["code"], f["severity"])
        for f in one_json(_step(invoke, today, "risks", "--client", "Acme", "--json").stdout)
    )


def test_a_project_walked_from_kickoff_to_paid_ends_with_no_risks(invoke, tmp_path):
    """Every finding on the way ends once its cause is dealt with: the contract signed, the
    deposit in, the extras billed, the invoice paid."""
    _step(invoke, "2026-11-02", "profile", "set", "--name", "Jana Nováková")
    _step(invoke, "2026-11-02", "client", "add", "Acme", "--email", "ap@acme.example")
    _step(
        invoke,
        "2026-11-02",
        "project",
        "add",
        "Acme",
        "Site",
        "--price",
        "2000",
        "--estimate-hours",
        "20",
        "--deposit",
        "30%",
        "--revisions",
        "2",
        "--revision-fee",
        "100",
        "--comm-budget",
        "2h",
        "--comm-rate",
        "60",
        "--payment-days",
        "14",
        "--deadline",
        "2026-12-15",
    )
    assert _risks(invoke, "2026-11-02") == []  # a draft: nothing is at stake yet

    _step(invoke, "2026-11-03", "project", "start", "Site")
    assert _risks(invoke, "2026-11-03") == [("no_contract", "warning"), ("no_deposit", "warning")]

    _step(invoke, "2026-11-04", "contract", "pdf", "Site", "-o", str(tmp_path / "site.pdf"))
    _step(invoke, "2026-11-04", "contract", "sign", "Site")  # signed after kickoff
    assert _risks(invoke, "2026-11-04") == [("no_deposit", "warning")]

    _step(invoke, "2026-11-05", "deposit", "Site", "600")
    assert _risks(invoke, "2026-11-05") == []

    _step(invoke, "2026-11-10", "log", "Site", "15h", "--kind", "work")
    _step(invoke, "2026-11-10", "log", "Site", "3h", "--kind", "call")  # 1h beyond the budget
    for change in ("Bigger logo", "Bluer", "Back to the first"):  # one beyond the two included
        _step(invoke, "2026-11-12", "revision", "add", "Site", change)
    assert _risks(invoke, "2026-11-12") == [
        ("communication_over_budget", "critical"),
        ("revisions_over_limit", "critical"),
    ]

    _step(invoke, "2026-11-20", "project", "deliver", "Site")
    draft = one_json(_step(invoke, "2026-11-20", "invoice", "create", "Site", "--json").stdout)
    # The draft bills both extras: nothing left to ask for. Only deposit money is in for
    # 18 hours of delivered work, which the effective rate notes.
    assert _risks(invoke, "2026-11-20") == [("low_effective_rate", "info")]
    issued = one_json(
        _step(invoke, "2026-11-20", "invoice", "issue", str(draft["id"]), "--json").stdout
    )
    assert issued["due_date"] == "2026-12-04"

    overdue = _risks(invoke, "2026-12-06")
    assert ("unpaid_overdue", "warning") in overdue

    _step(invoke, "2026-12-06", "pay", issued["number"], issued["balance"])
    assert _risks(invoke, "2026-12-06") == []
    assert _risks(invoke, "2027-01-31") == []  # and it stays so
