"""Where the book lives (CLIENTKIT_HOME, CLIENTKIT_DB, --db) and what day it is (--today)."""

import json
import os
import stat
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, one_json


@pytest.fixture
def home() -> Path:
    """The CLIENTKIT_HOME this test runs with (isolated by the autouse fixture)."""
    return Path(os.environ["CLIENTKIT_HOME"])


def test_clientkit_home_holds_the_book_created_private(cli, tmp_path):
    """With CLIENTKIT_HOME set, the book is created there, mode 0600."""
    home = tmp_path / "elsewhere"
    assert cli("client", "add", "Acme", env={"CLIENTKIT_HOME": str(home)}).code == 0
    db = home / "clientkit.db"
    assert db.exists()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_clientkit_db_and_db_option_choose_the_file(invoke, monkeypatch, home, tmp_path):
    """CLIENTKIT_DB names the book; --db overrides it; the home book stays untouched."""
    env_db = tmp_path / "env.db"
    opt_db = tmp_path / "option.db"
    monkeypatch.setenv("CLIENTKIT_DB", f"sqlite:///{env_db}")
    assert invoke("client", "add", "From env").code == 0
    assert invoke("--db", f"sqlite:///{opt_db}", "client", "add", "From option").code == 0
    assert [c["name"] for c in one_json(invoke("client", "list", "--json").stdout)] == ["From env"]
    listed = invoke("--db", f"sqlite:///{opt_db}", "client", "list", "--json")
    assert [c["name"] for c in one_json(listed.stdout)] == ["From option"]
    assert not (home / "clientkit.db").exists()
    assert stat.S_IMODE(opt_db.stat().st_mode) == 0o600


def test_db_option_works_in_a_real_process(cli, invoke, tmp_path):
    """--db URL before the command selects the book in the installed entry point."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    assert invoke("--db", url, "client", "add", "Acme").code == 0
    listed = cli("--db", url, "client", "list", "--json")  # the installed command
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Acme"]
    assert json.loads(invoke("client", "list", "--json").stdout) == []  # the home book


def test_today_comes_from_the_option_then_the_environment(invoke):
    """--today wins over CLIENTKIT_TODAY; each fixes the date of new entries."""
    invoke("client", "add", "Acme")
    invoke("project", "add", "Acme", "Logo", "--price", "100", "--deposit", "0")
    from_env = one_json(invoke("log", "Logo", "30m", "--json", today="2026-11-23").stdout)
    assert from_env["date"] == "2026-11-23"
    from_option = invoke(
        "--today", "2026-12-01", "log", "Logo", "30m", "--json", today="2026-11-23"
    )
    assert one_json(from_option.stdout)["date"] == "2026-12-01"
    started = one_json(invoke("--today", "2027-01-04", "project", "start", "Logo", "--json").stdout)
    assert started["started_on"] == "2027-01-04"


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "0001-01-01T00:00+14:00"])
def test_a_today_at_the_ends_of_the_calendar_is_refused_before_any_command_runs(invoke, today):
    """--today 0001-01-01 made `remind` count days back past year 1 (an OverflowError, "unexpected
    failure"); now it is exit 2 with one line naming the date, for `remind --today` too."""
    for args in (("--today", today, "remind", "--dry-run"), ("remind", "--today", today)):
        done = invoke(*args)
        assert done.code == 2, done
        assert_one_error_line(done.stderr)
        assert f"date {today!r} is out of range" in done.stderr


def test_home_is_the_platform_data_directory_by_default(monkeypatch, tmp_path):
    """Without CLIENTKIT_HOME the book lives in the platformdirs user data directory."""
    from clientkit import paths

    monkeypatch.delenv("CLIENTKIT_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.default_database_path() == Path(tmp_path / "xdg" / "clientkit" / "clientkit.db")
