"""`clientkit risks` through the command line: JSON shape, filters, the readable table, exit
codes, and a process that never loads the TUI or the PDF engine."""

import json
import os
import subprocess
import sys

import pytest

from tests.cli.helpers import AMOUNT, assert_one_error_line, one_json

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
