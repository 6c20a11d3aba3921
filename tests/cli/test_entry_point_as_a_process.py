"""The real entry point as a separate process: exit codes, stderr, and `python -m clientkit`.

Only the command under test runs as a process; the book it acts on is set up in-process
(`invoke`, the same CLI), which costs no interpreter start-up."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, row_counts


@pytest.fixture
def home() -> Path:
    """The CLIENTKIT_HOME this test runs with (isolated by the autouse fixture)."""
    return Path(os.environ["CLIENTKIT_HOME"])


def _entry_point(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("clientkit") or str(Path(sys.executable).parent / "clientkit")
    env = {**os.environ, "CLIENTKIT_HOME": str(home), "CLIENTKIT_TODAY": "2026-11-23"}
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_python_dash_m_behaves_like_the_clientkit_command(cli, invoke, home):
    """`python -m clientkit` prints the same help and runs commands the same as `clientkit`."""
    module_help = cli("--help")
    script_help = _entry_point("--help", home=home)
    assert (module_help.code, script_help.returncode) == (0, 0)
    assert module_help.stdout == script_help.stdout
    assert "Usage: clientkit" in module_help.stdout
    assert invoke("client", "add", "Acme").code == 0
    module_list = cli("client", "list", "--json")
    script_list = _entry_point("client", "list", "--json", home=home)
    assert module_list.stdout == script_list.stdout
    assert [c["name"] for c in json.loads(module_list.stdout)] == ["Acme"]
    module_bad = cli("client", "show", "Nobody")
    script_bad = _entry_point("client", "show", "Nobody", home=home)
    assert (module_bad.code, module_bad.stderr) == (script_bad.returncode, script_bad.stderr)


def test_an_unknown_client_exits_2_with_one_line_and_no_traceback(cli):
    """Bad input from a real process: exit 2, `error: ...` on stderr, nothing on stdout."""
    done = cli("project", "add", "Nobody", "Logo", "--price", "100")
    assert done.code == 2
    assert done.stderr == "error: no client named 'Nobody'\n"
    assert done.stdout == ""


def test_a_malformed_amount_exits_2_and_leaves_the_book_unchanged(cli, invoke, home):
    """A malformed amount is refused by a real process and writes nothing."""
    assert invoke("client", "add", "Acme").code == 0
    db = home / "clientkit.db"
    before = row_counts(db)
    done = cli("project", "add", "Acme", "Logo", "--price", "1e3")
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert row_counts(db) == before


def test_a_refused_move_exits_1(cli, invoke):
    """Starting an active project is refused with exit 1 and one line."""
    invoke("client", "add", "Acme")
    invoke("project", "add", "Acme", "Logo", "--price", "100")
    assert invoke("project", "start", "Logo").code == 0
    done = cli("project", "start", "Logo")
    assert (done.code, done.stderr) == (1, "error: project 'Logo' is active; cannot start it\n")


def test_the_third_revision_of_two_is_announced_by_a_real_process(cli, invoke):
    """The notice reaches stdout of the installed command."""
    invoke("client", "add", "Acme")
    invoke(
        "project",
        "add",
        "Acme",
        "Logo",
        "--price",
        "1500",
        "--revisions",
        "2",
        "--revision-fee",
        "150",
    )
    for description in ("one", "two"):
        assert invoke("revision", "add", "Logo", description).code == 0
    done = cli("revision", "add", "Logo", "three")
    assert "revision 3 of 2 included: €150.00 extra will be billed" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("client", "add"),
        ("client", "list", "--bogus"),
        ("frobnicate",),
        ("log", "Logo", "30m", "--kind"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, args):
    """Missing arguments, unknown options and commands are bad input, one line."""
    done = cli(*args)
    assert done.code == 2
    assert_one_error_line(done.stderr)


def test_a_bad_today_is_bad_input(cli):
    """CLIENTKIT_TODAY must be an ISO date or date-time."""
    done = cli("client", "list", today="23.11.2026")
    assert done.code == 2
    assert_one_error_line(done.stderr)
