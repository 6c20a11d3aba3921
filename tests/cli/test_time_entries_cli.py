"""`clientkit time list/edit/delete` and `timer switch` through the command line."""

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, row_counts


@pytest.fixture
def studio(invoke):  # type: ignore[no-untyped-def]
    """Acme's hourly `Hours` (80/h) and fixed-price `Site`, both active; two entries on Hours
    (2h work on 2 November, 30m call on 3 November) and 1h work on Site (5 November)."""
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("project", "add", "Acme", "Hours", "--hourly", "80", "--deposit", "0").code == 0
    assert invoke("project", "add", "Acme", "Site", "--price", "900", "--deposit", "0").code == 0
    for title in ("Hours", "Site"):
        assert invoke("project", "start", title).code == 0
    for args in (
        ("Hours", "2h", "--note", "layout", "--date", "2026-11-02"),
        ("Hours", "30m", "--kind", "call", "--date", "2026-11-03"),
        ("Site", "1h", "--date", "2026-11-05"),
    ):
        assert invoke("log", *args).code == 0
    return invoke


def test_time_list_prints_a_table_newest_first_and_the_total(studio):
    """One row per entry, newest first, then the total and how many entries it sums."""
    done = studio("time", "list")
    assert done.code == 0
    assert done.stdout.splitlines() == [
        "id  day         project  client  kind  duration  billable  billed by  note",
        "3   2026-11-05  Site     Acme    work  1h        yes       -",
        "2   2026-11-03  Hours    Acme    call  30m       yes       -",
        "1   2026-11-02  Hours    Acme    work  2h        yes       -          layout",
        "total 3h30m in 3 entries",
    ]


def test_time_list_json_holds_the_entries_shown_and_the_totals_of_all(studio):
    """--json: the entries within --limit, and count, total minutes and how many more match."""
    view = one_json(studio("time", "list", "--project", "Hours", "--limit", "1", "--json").stdout)
    assert [entry["id"] for entry in view["entries"]] == [2]
    assert (view["count"], view["total_minutes"], view["more"], view["limit"]) == (2, 150, 1, 1)
    assert view["entries"][0] == {
        "id": 2,
        "day": "2026-11-03",
        "project_id": 1,
        "project": "Hours",
        "client_id": 1,
        "client": "Acme",
        "kind": "call",
        "minutes": 30,
        "billable": True,
        "note": "",
        "billed_by": None,
    }


def test_time_list_says_how_many_more_are_not_shown(studio):
    """Past --limit, the total still covers every entry and the last line says how many are
    shown of how many, and how to see the rest."""
    lines = studio("time", "list", "--limit", "2").stdout.splitlines()
    assert len(lines) == 5
    assert lines[-2:] == [
        "total 3h30m in 3 entries",
        "showing the newest 2 of 3 time entries: --limit N shows more, --all every one",
    ]


def test_time_list_filters_by_client_period_and_kind(studio):
    """--client, --from/--to and --kind narrow the list."""
    view = one_json(
        studio(
            "time", "list", "--client", "Acme", "--from", "2026-11-03", "--to", "2026-11-05",
            "--kind", "work", "--json",
        ).stdout
    )  # fmt: skip
    assert [entry["id"] for entry in view["entries"]] == [3]
    assert studio("time", "list", "--kind", "email").stdout.splitlines() == [
        "(none)",
        "total 0m in 0 entries",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2026-11-31"),
        ("--to", "soon"),
        ("--from", "2026-11-05", "--to", "2026-11-01"),
        ("--kind", "lunch"),
        ("--project", "Nope"),
        ("--client", "Nobody"),
        ("--limit", "0"),
    ],
)
def test_time_list_bad_filters_exit_2_with_one_line(studio, args):
    """A bad date, period, kind, name or limit is exit 2 with one error line."""
    done = studio("time", "list", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert done.stdout == ""


def test_time_edit_corrects_an_entry(studio):
    """The entry is changed and the correction printed; --json shows the entry after it."""
    done = studio("time", "edit", "1", "--duration", "1h30m", "--note", "layout v2")
    assert (done.code, done.stdout) == (
        0,
        "corrected time entry 1: 1h30m work on Hours, 2026-11-02 (layout v2)\n",
    )
    view = one_json(
        studio(
            "time", "edit", "2", "--kind", "meeting", "--day", "2026-11-04", "--project", "Site",
            "--no-billable", "--json",
        ).stdout
    )  # fmt: skip
    assert (view["kind"], view["day"], view["project"], view["billable"]) == (
        "meeting",
        "2026-11-04",
        "Site",
        False,
    )
    assert view["notices"] == []
    hours = one_json(studio("project", "show", "Hours", "--json").stdout)
    assert (hours["work_minutes"], hours["comm_minutes"]) == (90, 0)


def test_time_delete_removes_an_entry(studio):
    """The entry is gone; --json shows it as it was, marked deleted."""
    done = studio("time", "delete", "3")
    assert (done.code, done.stdout) == (0, "deleted time entry 3: 1h work on Site, 2026-11-05\n")
    view = one_json(studio("time", "delete", "2", "--json").stdout)
    assert (view["id"], view["deleted"], view["minutes"]) == (2, True, 30)
    assert row_counts()["time_entry"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ("edit", "99", "--note", "x"),
        ("delete", "99"),
        ("edit", "one", "--note", "x"),
        ("edit", "1"),
        ("edit", "1", "--duration", "-1h"),
        ("edit", "1", "--duration", "0m"),
        ("edit", "1", "--day", "2026-02-30"),
        ("edit", "1", "--kind", "lunch"),
        ("edit", "1", "--project", "Nope"),
        ("edit", "1", "--note", "bell\a"),
    ],
)
def test_bad_edits_and_deletes_exit_2_and_leave_the_book_unchanged(studio, args):
    """An unknown or malformed id, a bad value or no change at all: exit 2, one line."""
    before = row_counts()
    listed = studio("time", "list", "--json").stdout
    done = studio("time", *args)
    assert done.code == 2, done
    assert_one_error_line(done.stderr)
    assert row_counts() == before
    assert studio("time", "list", "--json").stdout == listed


def test_time_an_issued_invoice_bills_cannot_change(studio):
    """Hours summed by an issued invoice: edit and delete exit 1 naming the invoice; the
    list shows which invoice bills each entry (the hourly project's call included)."""
    draft = one_json(studio("invoice", "create", "Hours", "--json").stdout)
    assert studio("invoice", "issue", str(draft["id"])).code == 0
    listed = studio("time", "list", "--json").stdout
    for args in (("edit", "1", "--duration", "1h"), ("delete", "1")):
        done = studio("time", *args)
        assert done.code == 1
        assert_one_error_line(done.stderr)
        assert "issued invoice 2026-0001 bills it" in done.stderr
    assert studio("time", "list", "--json").stdout == listed
    entries = one_json(listed)["entries"]
    assert [(entry["id"], entry["billed_by"]) for entry in entries] == [
        (3, None),
        (2, "2026-0001"),
        (1, "2026-0001"),
    ]


def test_editing_time_under_a_draft_invoice_warns_to_recreate_it(studio):
    """A correction after a draft was made says the draft still bills the old time."""
    assert studio("invoice", "create", "Hours").code == 0
    done = studio("time", "edit", "1", "--duration", "3h")
    assert done.code == 0
    assert done.stdout.splitlines()[1] == (
        "! draft invoice 1 still bills the time as it was: delete and create the draft again "
        "to bill the corrected time"
    )


def test_time_edit_and_delete_can_be_undone(studio):
    """`undo` brings back the entry as it was before the edit, then the deleted entry."""
    before = studio("time", "list", "--json").stdout
    assert studio("time", "edit", "1", "--duration", "5h").code == 0
    assert studio("undo").stdout == "undid #9 `time edit 1 --duration 5h` (1 row)\n"
    assert studio("time", "delete", "2").code == 0
    assert studio("undo").code == 0
    assert studio("time", "list", "--json").stdout == before


def test_timer_switch_logs_the_running_timer_and_starts_the_next(studio):
    """The first timer's time is logged exactly as `timer stop` would; the next one runs."""
    studio("timer", "start", "Hours", "--note", "design", today="2026-11-23T10:00:00")
    done = studio("timer", "switch", "Site", "--kind", "call", today="2026-11-23T10:45:00")
    assert (done.code, done.stdout) == (
        0,
        "logged 45m work on Hours\ntimer started: call on Site\n",
    )
    entry = one_json(studio("time", "list", "--limit", "1", "--json").stdout)["entries"][0]
    assert (entry["project"], entry["minutes"], entry["day"], entry["note"]) == (
        "Hours",
        45,
        "2026-11-23",
        "design",
    )
    status = one_json(studio("timer", "status", "--json", today="2026-11-23T10:50:00").stdout)
    assert (status["project"], status["kind"], status["elapsed_seconds"]) == ("Site", "call", 300)


def test_timer_switch_json_and_with_nothing_running(studio):
    """--json shows what was stopped (null when nothing ran) and what started."""
    view = one_json(studio("timer", "switch", "Site", "--json").stdout)
    assert view["stopped"] is None
    assert (view["started"]["project"], view["started"]["kind"]) == ("Site", "work")
    view = one_json(studio("timer", "switch", "Hours", "--json").stdout)
    assert (view["stopped"]["project"], view["stopped"]["minutes"]) == ("Site", 1)


def test_timer_start_with_switch_is_timer_switch(studio):
    """`timer start P --switch` while a timer runs logs it and starts P."""
    studio("timer", "start", "Hours", today="2026-11-23T10:00:00")
    done = studio("timer", "start", "Site", "--switch", today="2026-11-23T11:30:00")
    assert (done.code, done.stdout) == (
        0,
        "logged 1h30m work on Hours\ntimer started: work on Site\n",
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("Nope",), 2),
        (("Site", "--kind", "lunch"), 2),
        (("Site", "--note", "a\nb"), 2),
    ],
)
def test_a_bad_timer_switch_keeps_the_timer_and_logs_nothing(studio, args, code):
    """An unknown project, kind or a bad note: exit 2, the first timer still runs."""
    studio("timer", "start", "Hours", today="2026-11-23T10:00:00")
    before = row_counts()
    done = studio("timer", "switch", *args, today="2026-11-23T10:30:00")
    assert done.code == code
    assert_one_error_line(done.stderr)
    assert row_counts() == before
    status = one_json(studio("timer", "status", "--json").stdout)
    assert status["project"] == "Hours"


def test_timer_switch_can_be_undone(studio):
    """Undo puts the first timer back running and removes the entry it became."""
    studio("timer", "start", "Hours", today="2026-11-23T10:00:00")
    listed = studio("time", "list", "--json").stdout
    assert studio("timer", "switch", "Site", today="2026-11-23T10:30:00").code == 0
    assert studio("undo").code == 0
    assert studio("time", "list", "--json").stdout == listed
    assert one_json(studio("timer", "status", "--json").stdout)["project"] == "Hours"


def test_every_time_command_and_option_has_a_help_line(cli):
    """Each `time` and `timer` command and its options are described in --help (run as a
    process: help may go through a console bound to the real stdout)."""
    for command in (("time", "list"), ("time", "edit"), ("time", "delete"), ("timer", "switch")):
        text = cli(*command, "--help").stdout
        lines = [line.strip().strip("│").strip() for line in text.splitlines()]  # plain or rich
        options = [line for line in lines if line.startswith("-")]
        assert len(options) >= 2, text
        for line in options:
            assert len(line.split()) > 2, line  # name, metavar or first help word, help


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--day", "2027-06-01"), "time entry date 2027-06-01 is in the future"),
        (("--duration", "17h"), "17h"),
    ],
)
def test_an_implausible_correction_needs_yes(studio, args, says):
    """A day in the future or an entry over 16 hours looks like a slip: exit 2 naming --yes,
    nothing changed; with --yes it is taken."""
    listed = studio("time", "list", "--json").stdout
    done = studio("time", "edit", "1", *args)
    assert done.code == 2, done
    assert_one_error_line(done.stderr)
    assert says in done.stderr
    assert "--yes" in done.stderr
    assert studio("time", "list", "--json").stdout == listed
    assert studio("time", "edit", "1", *args, "--yes").code == 0


def test_an_entry_longer_than_a_day_is_refused_even_with_yes(studio):
    done = studio("time", "edit", "1", "--duration", "25h", "--yes")
    assert done.code == 2
    assert "longer than a day" in done.stderr
