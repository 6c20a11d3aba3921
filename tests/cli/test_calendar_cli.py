"""`clientkit calendar -o FILE.ics`: the file, its events, --json, --force and bad paths."""

import stat
from datetime import date

import pytest
from icalendar import Calendar

from tests.cli.helpers import assert_one_error_line, one_json


@pytest.fixture
def book_with_work(invoke):
    """Today 2026-11-23: an active project due 10 Dec, an issued invoice, an unanswered e-mail."""
    for args in (
        ("client", "add", "Acme Inc", "--email", "ap@acme.example"),
        ("project", "add", "Acme Inc", "Website", "--price", "1000", "--deadline", "2026-12-10"),
        ("project", "start", "Website"),
        ("project", "add", "Acme Inc", "Old site", "--price", "500", "--deadline", "2026-12-01"),
        ("project", "start", "Old site"),
        ("project", "close", "Old site"),
        ("invoice", "create", "Website"),
        ("invoice", "issue", "1"),
        (
            "message",
            "add",
            "Acme Inc",
            "--inbound",
            "--subject",
            "Colours?",
            "--at",
            "2026-11-22T09:30",
        ),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)
    return invoke


def events_in(data: bytes) -> dict[str, object]:
    """UID -> DTSTART of each event, parsed back with icalendar."""
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event.decoded("DTSTART") for event in calendar.walk("VEVENT")}


def test_calendar_json_lists_the_events_written_to_the_file(book_with_work, cli, tmp_path):
    """--json prints the events (uid, kind, date, summary); the file parses and holds the same."""
    target = tmp_path / "work.ics"
    done = cli("calendar", "-o", str(target), "--json")  # the real entry point, as a process
    assert done.code == 0, done.stderr
    listed = one_json(done.stdout)
    assert [(e["kind"], e["date"]) for e in listed] == [
        ("reply", "2026-11-23T09:30:00+00:00"),
        ("due", "2026-12-07"),
        ("reminder", "2026-12-08"),
        ("deadline", "2026-12-10"),
    ]
    assert {e["summary"] for e in listed} >= {
        "Deadline: Website (Acme Inc)",
        "Invoice 2026-0001 due: €1,000.00 (Acme Inc)",
    }
    events = events_in(target.read_bytes())
    assert set(events) == {e["uid"] for e in listed}
    assert events["due-invoice-1@clientkit"] == date(2026, 12, 7)
    assert events["reminder-invoice-1@clientkit"] == date(2026, 12, 8)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_second_run_refuses_to_overwrite_and_force_replaces_with_the_same_uids(
    book_with_work, tmp_path
):
    """Exit 1 and the file untouched without --force; with it, same UIDs and days as before."""
    target = tmp_path / "work.ics"
    assert book_with_work("calendar", "-o", str(target)).code == 0
    before = target.read_bytes()
    again = book_with_work("calendar", "-o", str(target))
    assert again.code == 1
    assert_one_error_line(again.stderr)
    assert "pass --force" in again.stderr
    assert target.read_bytes() == before
    forced = book_with_work("calendar", "-o", str(target), "--force")
    assert forced.code == 0, forced.stderr
    assert events_in(target.read_bytes()) == events_in(before)


def test_paying_the_invoice_removes_its_due_date_and_reminder(book_with_work, tmp_path):
    """After full payment the feed keeps the deadline and the reply owed only."""
    assert book_with_work("pay", "2026-0001", "1000").code == 0
    target = tmp_path / "work.ics"
    assert book_with_work("calendar", "-o", str(target)).code == 0
    kinds = sorted(uid.split("-")[0] for uid in events_in(target.read_bytes()))
    assert kinds == ["deadline", "reply"]


def test_text_output_says_how_many_events_went_where(book_with_work, tmp_path):
    """Without --json, one line names the count and the file, then a table of events."""
    target = tmp_path / "work.ics"
    done = book_with_work("calendar", "-o", str(target))
    assert done.stdout.splitlines()[0] == f"wrote 4 events to {target.resolve()}"
    assert "Deadline: Website (Acme Inc)" in done.stdout


@pytest.mark.parametrize("where", ["missing-folder/work.ics", "."])
def test_a_path_that_cannot_take_the_file_is_bad_input(book_with_work, tmp_path, where):
    """A missing folder or a directory is one error line and exit 2; nothing is written."""
    target = tmp_path / where
    done = book_with_work("calendar", "-o", str(target))
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert not list(tmp_path.glob("**/*.ics"))


@pytest.mark.parametrize("command", ["calendar", "backup", "export"])
def test_a_file_name_longer_than_the_system_allows_is_bad_input(book_with_work, tmp_path, command):
    """A 300-character file name was "unexpected failure (OSError): [Errno 36] ...": now one
    line naming the path and the system's reason, exit 2, nothing written."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("x" * 300)
    done = book_with_work(command, "-o", str(target))
    assert done.code == 2, done
    assert_one_error_line(done.stderr)
    assert done.stderr == f"error: {target}: File name too long\n"
    assert list(folder.iterdir()) == []


def test_the_output_option_is_required(invoke):
    """`calendar` without -o is a usage error (exit 2)."""
    done = invoke("calendar")
    assert done.code == 2
    assert "-o" in done.stderr
