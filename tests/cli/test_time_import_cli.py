"""`clientkit import --from watson|klog|timewarrior`: review, import, re-import, errors."""

from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, row_counts

DATA = Path(__file__).parents[1] / "data" / "importers"
WATSON = str(DATA / "watson" / "frames")
KLOG = str(DATA / "klog" / "times.klg")
TIMEWARRIOR = str(DATA / "timewarrior")


@pytest.fixture
def studio(invoke):  # type: ignore[no-untyped-def]
    """The CLI's book: Acme's "Website" (1 h communication budget), Bolt's "Logo Redesign"."""
    for args in (
        ("client", "add", "Acme"),
        ("client", "add", "Bolt"),
        (
            "project",
            "add",
            "Acme",
            "Website",
            "--price",
            "1500",
            "--comm-budget",
            "1h",
            "--deposit",
            "0",
        ),
        ("project", "add", "Bolt", "Logo Redesign", "--price", "800", "--deposit", "0"),
    ):
        assert invoke(*args).code == 0
    return invoke


def test_dry_run_prints_the_mapping_and_changes_nothing(studio, monkeypatch):
    """The review lists each source project, its target or UNMAPPED, entries, time and kinds
    (a row a line on a terminal wide enough)."""
    monkeypatch.setenv("COLUMNS", "160")
    result = studio("import", "--from", "watson", WATSON, "--dry-run")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"watson {WATSON}: 6 entries in 3 source projects"
    assert lines[1].split() == [
        "source",
        "project",
        "clientkit",
        "project",
        "entries",
        "time",
        "kinds",
        "new",
    ]
    assert lines[2].split() == [
        "Website",
        "Website",
        "(Acme,",
        "#1)",
        "4",
        "3h36m",
        "call",
        "45m,",
        "email",
        "21m,",
        "work",
        "2h30m",
        "4",
    ]
    assert lines[3].split() == ["personal", "UNMAPPED", "1", "1h", "work", "1h", "-"]
    assert "dry run: would import 5 entries, 1 unmapped (1h) not imported; nothing changed" in lines
    assert row_counts()["time_entry"] == 0


def test_dry_run_json_is_one_document_with_the_mapping(studio):
    """With --json the review is one JSON document: projects, counts and skipped lines."""
    result = studio("import", "--from", "klog", KLOG, "--dry-run", "--json")
    assert result.code == 0, result.stderr
    summary = one_json(result.stdout)
    assert (summary["source"], summary["dry_run"], summary["new"]) == ("klog", True, 6)
    assert {g["source_project"]: g["project"] for g in summary["projects"]} == {
        "website": "Website",
        "logo_redesign": "Logo Redesign",
        "Logo Redesign": "Logo Redesign",
        "personal": None,
    }
    assert summary["skipped"] == [
        {"where": f"{KLOG}:12", "reason": "open range 13:00 - ? (still running) is not imported"}
    ]
    assert row_counts()["time_entry"] == 0


def test_import_then_reimport_adds_nothing_twice(studio):
    """The first run imports the mapped entries; the second finds them all already there."""
    first = studio("import", "--from", "watson", WATSON)
    assert first.code == 0, first.stderr
    assert "imported 5 entries, 1 unmapped (1h) not imported" in first.stdout
    assert "! Website: communication 1h06m of 1h budget, 6m over (no rate agreed)" in first.stdout
    again = studio("import", "--from", "watson", WATSON)
    assert again.code == 0, again.stderr
    assert "imported 0 entries, 5 already imported, 1 unmapped (1h) not imported" in again.stdout
    assert row_counts()["time_entry"] == 5


def test_communication_time_shows_on_the_project(studio):
    """After the import `project show --json` counts the calls and e-mails as communication."""
    assert studio("import", "--from", "watson", WATSON).code == 0
    website = one_json(studio("project", "show", "Website", "--json").stdout)
    assert (website["work_minutes"], website["comm_minutes"]) == (150, 66)


def test_repeated_map_options_each_apply(studio):
    """Two --map options send two source projects where the user says."""
    result = studio(
        "import",
        "--from",
        "timewarrior",
        TIMEWARRIOR,
        "--json",
        "--map",
        "side project=Website",
        "--map",
        "=Logo Redesign",
    )
    assert result.code == 0, result.stderr
    summary = one_json(result.stdout)
    assert {g["source_project"]: (g["project"], g["mapped_by"]) for g in summary["projects"]} == {
        "Website": ("Website", "title"),
        "Logo Redesign": ("Logo Redesign", "title"),
        "side project": ("Website", "map"),
        "(none)": ("Logo Redesign", "map"),
    }
    assert (summary["imported"], summary["unmapped"]) == (6, 0)
    assert row_counts()["time_entry"] == 6


def test_malformed_file_exits_2_naming_file_and_line(studio, tmp_path):
    """A broken line gives exit 2, one error line with file:line, and no entry."""
    broken = tmp_path / "2026-11.data"
    broken.write_text(
        "inc 20261120T090000Z - 20261120T100000Z # Website\n"
        "inc 20261120T110000Z - yesterday # Website\n"
    )
    result = studio("import", "--from", "timewarrior", str(broken))
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert result.stderr.startswith(f"error: {broken}:2: invalid time 'yesterday'")
    assert row_counts()["time_entry"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--map", "a=b", WATSON), "--map needs --from"),
        (("--from", "toggl", WATSON), "unknown source 'toggl'"),
        (("--from", "klog", "nowhere.klg"), "nowhere.klg: no such file"),
        (("--from", "klog", KLOG, "--map", "personal=Nope"), "no clientkit project named 'Nope'"),
    ],
)
def test_bad_options_exit_2_with_one_line(studio, args, message):
    """Unknown sources, missing files and bad maps are bad input: exit 2, one line, no change."""
    result = studio("import", *args)
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert message in result.stderr
    assert row_counts()["time_entry"] == 0


def test_real_entry_point_imports_klog(cli, invoke, tmp_path):
    """The installed command imports a klog file into the book named by --db."""
    db = f"sqlite:///{tmp_path / 'book.db'}"
    for args in (
        ("client", "add", "Acme"),
        ("project", "add", "Acme", "Website", "--price", "1500", "--deposit", "0"),
    ):
        assert invoke("--db", db, *args).code == 0
    result = cli("--db", db, "import", "--from", "klog", KLOG, "--json")
    assert result.code == 0, result.stderr
    assert one_json(result.stdout)["imported"] == 2
    assert row_counts(tmp_path / "book.db")["time_entry"] == 2
