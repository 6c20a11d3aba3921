"""Control characters in stored text are shown visibly in text output, never sent to the
terminal raw; JSON output keeps them exactly."""

import json
import sqlite3
from pathlib import Path

import pytest

from clientkit.cli.output import one_line, table, visible, wrapped
from tests.cli.helpers import home_db

EVIL = "Evil\x1b]0;pwned\x07"
SHOWN = "Evil\\x1b]0;pwned\\x07"
RAW = ("\x1b", "\x07", "\x9b", "\r")


def assert_no_raw_controls(text: str) -> None:
    for char in RAW:
        assert char not in text, repr(text)


def store_raw(table_name: str, column: str, value: str, where: str) -> None:
    """Store text no command accepts, as a foreign export or an older version could."""
    with sqlite3.connect(home_db()) as connection:
        connection.execute(f"UPDATE {table_name} SET {column} = ? WHERE {where}", (value,))


@pytest.fixture
def evil_book(invoke, monkeypatch):  # type: ignore[no-untyped-def]
    """A client, project, time entry and message whose texts carry terminal escapes."""
    monkeypatch.setenv("COLUMNS", "200")
    for args in (
        ("client", "add", "Acme"),
        ("project", "add", "Acme", "Site", "--price", "100", "--deposit", "0"),
        ("log", "Site", "1h", "--note", "work"),
        ("message", "add", "Acme", "--inbound", "--subject", "hello"),
    ):
        result = invoke(*args)
        assert result.code == 0, (args, result.stderr)
    store_raw("client", "name", EVIL, "name = 'Acme'")
    store_raw("project", "title", "Site\x1b[2J\x9b", "title = 'Site'")
    store_raw("time_entry", "note", "note\x1b[31m\rred", "1 = 1")
    store_raw("message", "subject", "hi\x07\x1b]2;x\x07", "1 = 1")
    return invoke


def test_client_list_shows_an_escape_carrying_name_visibly(evil_book):
    result = evil_book("client", "list")
    assert result.code == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert SHOWN in result.stdout


def test_client_show_shows_the_name_and_message_subject_visibly(evil_book):
    result = evil_book("client", "show", "1")
    assert result.code == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert SHOWN in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("project", "list"),
        ("project", "show", "1"),
        ("time", "list"),
        ("message", "list"),
        ("message", "show", "1"),
        ("risks", "--min-severity", "info"),
        ("report",),
    ],
)
def test_other_text_commands_print_no_raw_control_characters(evil_book, args):
    result = evil_book(*args)
    assert result.code in (0, 1), result.stderr
    assert_no_raw_controls(result.stdout)


def test_json_output_keeps_the_name_exactly(evil_book):
    [client] = json.loads(evil_book("client", "list", "--json").stdout)
    assert client["name"] == EVIL


def test_the_import_review_table_shows_escapes_in_project_names_visibly(invoke, tmp_path: Path):
    frames = tmp_path / "frames"
    frames.write_text(
        json.dumps([[1795082400, 1795086000, "Web\x1b]0;owned\x07site", "a" * 32, 1795086001]]),
        encoding="utf-8",
    )
    result = invoke("import", "--from", "watson", str(frames), "--dry-run")
    assert_no_raw_controls(result.stdout + result.stderr)
    if result.code == 0:  # a check of imported text may refuse it instead (exit 2)
        assert "Web\\x1b]0;owned\\x07site" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("import", "{tmp}/x\x1b]0;owned\x07"),  # a path is quoted as typed in the error
        ("export", "-o", "{tmp}/taken\x1b[2J"),
        ("calendar", "-o", "{tmp}/taken\x1b[2J"),
    ],
)
def test_an_error_line_shows_control_characters_in_a_named_path_visibly(invoke, tmp_path, args):
    """Error lines quoting a path as typed printed its escapes raw ("x<ESC>]0;owned<BEL> does not
    exist"): every error line now shows them, line breaks too, and stays one line."""
    (tmp_path / "taken\x1b[2J").write_text("a file where a directory or new file should be")
    result = invoke(*(arg.replace("{tmp}", str(tmp_path)) for arg in args))
    assert result.code in (1, 2)
    assert_no_raw_controls(result.stderr)
    assert "\\x1b" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_one_line_shows_every_control_character_and_line_break():
    assert one_line("a\x1b[2Jb\nc\td\x9b") == "a\\x1b[2Jb\\nc\\x09d\\x9b"
    assert one_line("Müller \u202eevil") == "Müller \u202eevil"


def test_visible_leaves_ordinary_text_and_layout_alone():
    text = "Müller & Söhne\tGmbH\nline two \u202eevil"
    assert visible(text) == text
    assert visible(text, cell=True) == "Müller & Söhne\\x09GmbH\nline two \u202eevil"
    assert visible("\x00\x1f\x7f\x85") == "\\x00\\x1f\\x7f\\x85"


def test_a_table_column_is_as_wide_as_the_escaped_text():
    lines = table([{"name": EVIL, "n": 1}], ["name", "n"])
    assert lines[1] == f"{SHOWN}  1"
    assert_no_raw_controls("\n".join(lines + wrapped(SHOWN, "- ")))


def test_an_error_line_naming_typed_text_shows_its_escapes_and_stays_one_line(invoke):
    """Click echoes an unknown option as typed; the error line must not retitle the terminal."""
    result = invoke("client", "list", "--x\x1b]0;pwned\x07\nsecond")
    assert result.code == 2
    assert_no_raw_controls(result.stderr)
    assert result.stderr.count("\n") == 1
    assert "--x\\x1b]0;pwned\\x07\\x0asecond" in result.stderr


def test_an_error_sentence_quoting_stored_text_is_printed_as_one_visible_line(invoke, monkeypatch):
    """Whatever a failure's sentence holds (a stored name with a newline and an escape), the
    error is exactly one line with the escapes shown."""
    from clientkit.cli import clients
    from clientkit.services.errors import Refused

    def refuse(*_args, **_kwargs):
        raise Refused("client Evil\x1b]0;pwned\x07\nInc owes money")

    monkeypatch.setattr(clients, "emit", refuse)
    result = invoke("client", "add", "Acme")
    assert result.code == 1
    assert result.stderr == "error: client Evil\\x1b]0;pwned\\x07\\nInc owes money\n"
