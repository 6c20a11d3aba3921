"""Template files that are not UTF-8 and config values of the wrong kind: exit 2 with one line
naming the file or the key, and nothing written."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from clientkit.config import check_values, load_config
from clientkit.documents import templating
from clientkit.domain.errors import InvalidValue
from clientkit.services.mailer import smtp_settings
from tests.cli.helpers import assert_one_error_line, row_counts

LATIN1 = "# Vertrag\n\nPreis für {{ project.title }}\n".encode("latin-1")  # 0xfc for ü


def _home() -> Path:
    return Path(os.environ["CLIENTKIT_HOME"])


def _user_template(name: str, data: bytes) -> Path:
    folder = _home() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _config(text: str) -> None:
    _home().mkdir(parents=True, exist_ok=True)
    (_home() / "config.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def project(invoke) -> str:
    for args in (
        ("profile", "set", "--name", "Jana Nováková"),
        ("client", "add", "Acme GmbH", "--locale", "de_DE"),
        ("project", "add", "Acme GmbH", "Logo", "--price", "1500"),
    ):
        assert invoke(*args).code == 0
    return "Logo"


def test_a_contract_template_that_is_not_utf8_exits_2_naming_the_file(invoke, project):
    """No UnicodeDecodeError: the line names the file and the byte, and no PDF is made."""
    path = _user_template("contract.de.txt", LATIN1)
    result = invoke("contract", "pdf", project)
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert str(path) in result.stderr
    assert "not UTF-8" in result.stderr
    assert "0xfc" in result.stderr
    assert row_counts()["contract"] == 0
    assert not (_home() / "documents" / "contracts").exists()


def test_an_included_template_that_is_not_utf8_is_the_file_named(project):
    """The file at fault is the included one, not the template that includes it."""
    _user_template("contract.de.txt", b"{% include 'clauses.txt' %}\n")
    clauses = _user_template("clauses.txt", LATIN1)
    with pytest.raises(templating.TemplateInvalid, match="not UTF-8") as refused:
        templating.render("contract.de.txt", {"project": {"title": "Logo"}})
    assert str(clauses) in str(refused.value)


def test_a_utf8_template_with_accents_still_renders():
    _user_template("note.txt", "Preis für {{ x }}\n".encode())
    assert templating.render("note.txt", {"x": "Logo"}) == "Preis für Logo\n"


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('[smtp]\nport = "abc"\n', "[smtp] port = 'abc'"),
        ("[smtp]\nport = 70000\n", "[smtp] port = 70000"),
        ('[smtp]\nport = "２５"\n', "[smtp] port = '２５'"),
        ('[smtp]\nstarttls = "false"\n', "[smtp] starttls = 'false'"),
        ('[smtp]\ntimeout = "slow"\n', "[smtp] timeout = 'slow'"),
        ("[smtp]\ntimeout = -1\n", "[smtp] timeout = -1"),
        ("[smtp]\nhost = 25\n", "[smtp] host = 25"),
        ('[reminders]\ngrace_days = "a week"\n', "[reminders] grace_days = 'a week'"),
        ("[risk]\nawaiting_reply_warning_hours = 1.5\n", "awaiting_reply_warning_hours = 1.5"),
        ('smtp = "mail.example.com"\n', "[smtp] must be a table"),
        ("smtp = 5\n", "[smtp] must be a table"),  # was a TypeError looking for a password
        # Shapes its readers walk: each was a TypeError, AttributeError or KeyError before.
        ("[risk]\nseverity = 'x'\n", "[risk.severity] must be a table"),
        ("[reminders]\nschedule = 'weekly'\n", "[reminders] schedule = 'weekly': expected a list"),
        ("[reminders]\nschedule = [1, 7]\n", "expected a list of tables"),
        ("[statutory_interest]\ncountries = 'CH'\n", "countries = 'CH': expected a list"),
        ("[defaults]\npayment_days = []\n", "[defaults] payment_days = []"),
        ("[defaults]\nrevisions = 5000\n", "[defaults] revisions = 5000"),
        ("[invoice]\ndefault_vat = [19]\n", "[invoice] default_vat = [19]: expected text"),
        ("[defaults]\nlocale = 5\n", "[defaults] locale = 5: expected text"),
    ],
)
def test_a_config_value_of_the_wrong_kind_exits_2_naming_the_key(invoke, toml, named):
    """Read when the book opens: one line naming the file, the key and what was expected."""
    assert invoke("client", "add", "Acme").code == 0
    _config(toml)
    result = invoke("client", "add", "Other")
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert named in result.stderr
    assert "config.toml" in result.stderr
    _config("")
    assert row_counts()["client"] == 1


@pytest.mark.parametrize(
    ("tiers", "named"),
    [
        ('[{ up_to = "1000" }]', "has no percent"),
        ('[{ up_to = [1], percent = "20%" }]', "config [deposit] tiers: invalid amount"),
        ('[{ percent = "lots" }]', "config [deposit] tiers: invalid percentage"),
    ],
)
def test_a_deposit_tier_without_a_percent_is_refused_naming_the_setting(invoke, tiers, named):
    """A tier missing its percent was "unexpected failure (KeyError): 'percent'"."""
    assert invoke("client", "add", "Acme").code == 0
    _config(f"[deposit]\ntiers = {tiers}\n")
    result = invoke("project", "add", "Acme", "Logo", "--price", "1500")
    assert result.code == 2, result
    assert_one_error_line(result.stderr)
    assert named in result.stderr
    assert row_counts()["project"] == 0


def test_quoted_default_counts_keep_working(invoke):
    """`payment_days = "30"` passes the load check as before, and the project takes 30."""
    assert invoke("client", "add", "Acme").code == 0
    _config('[defaults]\npayment_days = "30"\nrevisions = "3"\n')
    result = invoke("project", "add", "Acme", "Logo", "--price", "1500", "--json")
    assert result.code == 0, result.stderr
    project = json.loads(result.stdout)
    assert (project["payment_days"], project["revisions_included"]) == (30, 3)


def test_a_refused_config_leaves_no_connection_to_the_book_open(monkeypatch):
    """open_book refused the config after opening the book's engine and never closed it: a
    SQLite connection lingered until the garbage collector checkpointed the book (found by
    the CLI fuzz, whose next example saw the book's -wal file vanish under it)."""
    from clientkit.services import book as book_module

    made: list[Any] = []
    make_engine = book_module.make_engine
    monkeypatch.setattr(
        book_module, "make_engine", lambda url: made.append(make_engine(url)) or made[-1]
    )
    _config("smtp = 5\n")
    with pytest.raises(InvalidValue, match=r"\[smtp\] must be a table"):
        book_module.open_book()
    assert made[0].pool.checkedin() == 0


def test_a_quoted_port_number_keeps_working(tmp_path):
    """`port = "587"` was read before; only what no reader can use is refused."""
    path = tmp_path / "config.toml"
    path.write_text('[smtp]\nport = "587"\nstarttls = true\n', encoding="utf-8")
    assert smtp_settings(load_config(path)).port == 587


def test_smtp_settings_from_a_built_config_check_the_port_too():
    """A caller that builds the config itself gets the same one-line refusal."""
    with pytest.raises(InvalidValue, match=r"\[smtp\] port = 'abc'"):
        smtp_settings({"smtp": {"port": "abc"}})
    with pytest.raises(InvalidValue, match=r"\[smtp\] starttls = 1"):
        check_values({"smtp": {"starttls": 1}})
