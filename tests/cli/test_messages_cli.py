"""`clientkit message`: bodies typed or piped in, lists narrowed and searched, one message shown
whole, corrected or deleted; every bad input is exit 2 with one line and the book unchanged."""

import io
import os
import subprocess
import sys

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, refused, row_counts


@pytest.fixture
def mailbox(invoke):  # type: ignore[no-untyped-def]
    """Acme and Šťastný, a question from each (one with a project), and Acme's answer."""
    for args in (
        ("client", "add", "Acme"),
        ("client", "add", "Šťastný Lubomír"),
        ("project", "add", "Acme", "Site", "--price", "1000"),
        ("message", "add", "Acme", "--inbound", "--subject", "Colours", "--at",
         "2026-11-20T09:00", "--body", "The blue is off.\nCan you fix it?"),
        ("message", "add", "Acme", "--outbound", "--subject", "Re: Colours", "--at",
         "2026-11-20T15:00"),
        ("message", "add", "stastny", "--inbound", "--subject", "Faktúra", "--project", "Site",
         "--at", "2026-11-22T10:00", "--body", "Pán Šťastný prosí o opravu."),
    ):  # fmt: skip
        done = invoke(*args)
        assert done.code == 0, done
    return invoke


def _with_stdin(monkeypatch, data: bytes) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_a_body_piped_in_is_recorded_whole(mailbox, monkeypatch):
    """`--body -` reads the body from standard input as UTF-8, CR LF as LF."""
    _with_stdin(monkeypatch, "Dobrý deň,\r\nďakujem.\r\n".encode())
    done = mailbox("message", "add", "Acme", "--inbound", "--body", "-", "--json")
    assert done.code == 0, done
    shown = one_json(mailbox("message", "show", str(one_json(done.stdout)["id"]), "--json").stdout)
    assert shown["body"] == "Dobrý deň,\nďakujem."


def test_a_body_that_is_not_utf8_is_exit_2_with_one_line(mailbox, monkeypatch):
    """Latin-1 bytes on stdin are refused, naming the byte; nothing is recorded."""
    _with_stdin(monkeypatch, "Grüße".encode("latin-1"))
    stderr = refused(mailbox, "message", "add", "Acme", "--inbound", "--body", "-")
    assert "not UTF-8" in stderr
    assert "0xfc" in stderr


def test_a_body_piped_into_the_real_process_is_recorded(mailbox):
    """The installed entry point reads a piped body, and refuses one that is not UTF-8."""
    env = {**os.environ, "CLIENTKIT_TODAY": "2026-11-23"}
    command = [sys.executable, "-m", "clientkit", "message", "add", "Acme", "--outbound"]

    def run(data: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [*command, "--body", "-", "--json"],
            input=data,
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )

    done = run("Hotovo – Šťastný\n".encode())
    assert done.returncode == 0, done.stderr
    added = one_json(done.stdout.decode())
    shown = one_json(mailbox("message", "show", str(added["id"]), "--json").stdout)
    assert shown["body"] == "Hotovo – Šťastný"
    before = row_counts()
    bad = run(b"\xff\xfe")
    assert bad.returncode == 2
    assert_one_error_line(bad.stderr.decode())
    assert row_counts() == before


def test_the_list_is_newest_first_with_the_first_line_of_each_body(mailbox, monkeypatch):
    """Text shows client, project, direction, answered, and the body's first line below (on a
    terminal wide enough that no cell wraps)."""
    monkeypatch.setenv("COLUMNS", "160")
    done = mailbox("message", "list")
    assert done.code == 0
    lines = done.stdout.splitlines()
    assert lines[0].split() == [
        "id", "at", "client", "project", "direction", "channel", "subject", "answered",
    ]  # fmt: skip
    assert lines[1].split()[:1] + lines[1].split()[4:] == [
        "3", "Lubomír", "Site", "inbound", "email", "Faktúra", "no",
    ]  # fmt: skip
    assert lines[2].strip() == "Pán Šťastný prosí o opravu."
    assert (lines[3].split()[0], lines[3].split()[-1]) == ("2", "-")
    assert lines[5].strip() == "The blue is off."


def test_the_list_as_json_has_a_row_per_message(mailbox):
    rows = one_json(mailbox("message", "list", "--json").stdout)
    assert [row["id"] for row in rows] == [3, 2, 1]
    assert rows[2] | {"at": None} == {
        "id": 1,
        "at": None,
        "client_id": 1,
        "client": "Acme",
        "project_id": None,
        "project": None,
        "direction": "inbound",
        "channel": "email",
        "subject": "Colours",
        "answered": True,
        "answered_at": "2026-11-20T15:00:00+00:00",
        "first_line": "The blue is off.",
    }


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--search", "stastny"), [3]),
        (("--search", "FAKTURA"), [3]),
        (("--search", "blue fix"), [1]),
        (("--client", "lubomir"), [3]),
        (("--project", "Site"), [3]),
        (("--outbound",), [2]),
        (("--inbound",), [3, 1]),
        (("--unanswered",), [3]),
        (("--from", "2026-11-21"), [3]),
        (("--to", "2026-11-20"), [2, 1]),
        (("--limit", "1"), [3]),
    ],
)
def test_the_list_narrows_as_asked(mailbox, args, ids):
    """Search ignores case and accents (`stastny` finds Šťastný); filters combine."""
    done = mailbox("message", "list", *args, "--json")
    assert (done.code, [row["id"] for row in one_json(done.stdout)]) == (0, ids)


def test_a_cut_list_says_more_match(mailbox):
    assert "more match" in mailbox("message", "list", "--limit", "2").stdout
    assert "more match" not in mailbox("message", "list", "--limit", "3").stdout


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("list", "--from", "2026-02-30"), "invalid date"),
        (("list", "--to", "tomorrow"), "invalid date"),
        (("list", "--from", "2026-11-23", "--to", "2026-11-01"), "after"),
        (("list", "--unanswered", "--outbound"), "inbound"),
        (("list", "--client", "Nobody"), "no client"),
        (("list", "--search", " "), "some text"),
        (("list", "--limit", "0"), "0"),
        (("show", "99"), "no message"),
        (("show", "abc"), "no message"),
        (("edit", "99", "--subject", "x"), "no message"),
        (("edit", "1"), "nothing to change"),
        (("edit", "1", "--at", "noon"), "invalid date-time"),
        (("edit", "1", "--at", "0001-01-01"), "out of range"),  # was an OverflowError
        (("answer", "1", "--at", "9999-12-31T23:59-12:00"), "out of range"),
        (("edit", "1", "--channel", "pigeon"), "invalid channel"),
        (("delete", "99"), "no message"),
        (("add", "Acme", "--inbound", "--body", "\x1b[2J"), "control"),
    ],
)
def test_bad_input_is_exit_2_with_one_line_and_changes_nothing(mailbox, args, error):
    assert error in refused(mailbox, "message", *args)


def test_show_prints_every_field_and_the_full_body(mailbox):
    """Text: fields, a blank line, the body; JSON names the reply that answered it."""
    text = mailbox("message", "show", "1").stdout
    assert "answered by  2" in text
    assert text.endswith("\n\nThe blue is off.\nCan you fix it?\n")
    shown = one_json(mailbox("message", "show", "2", "--json").stdout)
    assert (shown["answers"], shown["body"], shown["client"]) == ([1], "", "Acme")
    assert {"created_at", "updated_at", "message_id", "project"} <= set(shown)


def test_edit_corrects_a_message_and_undo_takes_it_back(mailbox, monkeypatch):
    """A piped body replaces the old one; `undo` restores it exactly."""
    _with_stdin(monkeypatch, b"The green is off.\n")
    done = mailbox("message", "edit", "1", "--body", "-", "--channel", "chat", "--json")
    assert done.code == 0, done
    assert (one_json(done.stdout)["body"], one_json(done.stdout)["channel"]) == (
        "The green is off.",
        "chat",
    )
    assert mailbox("undo").code == 0
    shown = one_json(mailbox("message", "show", "1", "--json").stdout)
    assert (shown["body"], shown["channel"]) == ("The blue is off.\nCan you fix it?", "email")


def test_a_question_moved_after_its_answer_isrefused(mailbox):
    """Exit 1 with the reason: the answer came first."""
    done = mailbox("message", "edit", "1", "--at", "2026-11-21T09:00")
    assert done.code == 1
    assert_one_error_line(done.stderr)


def test_deleting_a_reply_says_what_waits_again_and_undo_restores_it(mailbox):
    done = mailbox("message", "delete", "2")
    assert (done.code, done.stdout) == (
        0,
        "message 2 of Acme deleted; message 1 awaits a reply again\n",
    )
    unanswered = one_json(mailbox("message", "list", "--unanswered", "--json").stdout)
    assert [row["id"] for row in unanswered] == [3, 1]
    assert mailbox("undo").code == 0
    assert one_json(mailbox("message", "show", "1", "--json").stdout)["answered_by"] == 2


def test_every_message_option_has_a_help_line(mailbox):
    """No option of a message command is left undescribed."""
    for command in ("add", "answer", "list", "show", "edit", "delete"):
        text = mailbox("message", command, "--help").stdout
        lines = [line.replace("│", " ").strip() for line in text.splitlines()]  # plain or Rich
        options = [line for line in lines if line.startswith("--")]
        assert options, text
        assert all(len(line.split()) > 2 for line in options), (command, text)
