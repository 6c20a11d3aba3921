"""Importing Watson, klog and timewarrior time: mapping review, kinds, days, no doubles."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput
from clientkit.services.profile import set_profile
from clientkit.services.project_show import show_project
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.time_import import import_time, parse_maps, split_maps
from clientkit.storage.models import TimeEntry

DATA = Path(__file__).parents[1] / "data" / "importers"
WATSON = DATA / "watson" / "frames"
KLOG = DATA / "klog" / "times.klg"
TIMEWARRIOR = DATA / "timewarrior"


@pytest.fixture
def studio(book):  # type: ignore[no-untyped-def]
    """Acme's "Website" (1 h communication budget at 60.00/h) and Bolt's "Logo Redesign"."""
    add_client(book, "Acme")
    add_client(book, "Bolt")
    add_project(
        book,
        "Acme",
        "Website",
        TermsInput(price="1500", comm_budget="1h", comm_rate="60", deposit="0"),
    )
    add_project(book, "Bolt", "Logo Redesign", TermsInput(price="800", deposit="0"))
    return book


def _entries(book):  # type: ignore[no-untyped-def]
    with book.read() as session:
        rows = session.exec(select(TimeEntry).order_by(TimeEntry.id)).all()
        return [(row.project_id, row.kind, row.minutes, row.day, row.source) for row in rows]


def _count(book) -> int:  # type: ignore[no-untyped-def]
    with book.read() as session:
        return session.exec(select(func.count()).select_from(TimeEntry)).one()


def _groups(summary):  # type: ignore[no-untyped-def]
    return {group["source_project"]: group for group in summary["projects"]}


def test_dry_run_shows_the_mapping_and_changes_nothing(studio):
    """The review maps by title, marks the rest UNMAPPED, totals time per kind; no row added."""
    summary = import_time(studio, "watson", WATSON, dry_run=True)
    assert _count(studio) == 0
    assert summary["dry_run"] is True
    assert (summary["entries"], summary["new"], summary["imported"]) == (6, 5, 0)
    groups = _groups(summary)
    website = groups["Website"]
    assert (website["project"], website["client"], website["mapped_by"]) == (
        "Website",
        "Acme",
        "title",
    )
    assert (website["entries"], website["minutes"]) == (4, 60 + 90 + 45 + 21)
    assert website["kinds"] == {"call": 45, "email": 21, "work": 150}
    assert groups["logo redesign"]["project"] == "Logo Redesign"  # titles match in any case
    personal = groups["personal"]
    assert (personal["project_id"], personal["mapped_by"]) == (None, None)
    assert personal["reason"] == "no project titled 'personal': use --map"
    assert (summary["unmapped"], summary["unmapped_minutes"]) == (1, 60)


def test_import_writes_mapped_entries_and_reports_the_unmapped(studio):
    """Five frames land on their projects with source and day; personal's hour is reported."""
    summary = import_time(studio, "watson", WATSON)
    assert (summary["imported"], summary["unmapped"]) == (5, 1)
    assert _entries(studio) == [
        (1, "work", 60, date(2026, 11, 19), "watson"),
        (1, "work", 90, date(2026, 11, 20), "watson"),
        (1, "call", 45, date(2026, 11, 20), "watson"),
        (1, "email", 21, date(2026, 11, 20), "watson"),
        (2, "meeting", 60, date(2026, 11, 21), "watson"),
    ]
    assert any("'personal'" in notice for notice in summary["notices"])


def test_rounding_is_half_up_and_zero_minute_entries_are_skipped(studio):
    """45 min 29 s is 45 minutes, 20 min 30 s is 21, and a 12-second frame is skipped."""
    summary = import_time(studio, "watson", WATSON)
    assert [
        minutes for _, kind, minutes, _, _ in _entries(studio) if kind in ("call", "email")
    ] == [45, 21]
    assert {"where": f"{WATSON}:40", "reason": "rounds to zero minutes"} in summary["skipped"]


@pytest.mark.parametrize(
    ("source", "path", "imported"),
    [
        ("watson", WATSON, 5),
        ("klog", KLOG, 6),
        ("timewarrior", TIMEWARRIOR, 4),
    ],
)
def test_reimporting_the_same_file_adds_nothing(studio, source, path, imported):
    """The second import of the same file finds every entry already there."""
    first = import_time(studio, source, path)
    assert first["imported"] == imported
    again = import_time(studio, source, path)
    assert (again["imported"], again["new"], again["already_imported"]) == (0, 0, imported)
    assert _count(studio) == imported


def test_communication_tags_move_the_projects_communication_minutes(studio):
    """Call and email frames count as communication on Website, design time as work."""
    import_time(studio, "watson", WATSON)
    website = show_project(studio, "Website")
    assert (website["work_minutes"], website["comm_minutes"]) == (150, 66)
    assert show_project(studio, "Logo Redesign")["comm_minutes"] == 60  # a meeting


def test_communication_beyond_the_budget_is_announced(studio):
    """66 minutes of calls and e-mail against a one-hour budget: 6 minutes over, 6.00 to bill."""
    summary = import_time(studio, "watson", WATSON)
    assert (
        "Website: communication 1h06m of 1h budget, 6m over (€6.00 to bill)" in summary["notices"]
    )


def test_explicit_map_sends_a_source_project_to_any_clientkit_project(studio):
    """`--map "personal=Website"` imports klog's #personal hour onto Website."""
    summary = import_time(studio, "klog", KLOG, maps=["personal=Website"])
    personal = _groups(summary)["personal"]
    assert (personal["project"], personal["mapped_by"], personal["new"]) == ("Website", "map", 1)
    assert summary["imported"] == 7
    assert summary["unmapped"] == 0


def test_map_by_id_overrides_the_title_match(studio):
    """An explicit map wins over a project with the same title, and may name a project by id."""
    summary = import_time(
        studio, "timewarrior", TIMEWARRIOR, maps=["website=2", "side project=Logo"]
    )
    groups = _groups(summary)
    assert groups["Website"]["project"] == "Logo Redesign"
    assert groups["side project"]["project"] == "Logo Redesign"
    assert {row[0] for row in _entries(studio)} == {2}


def test_map_to_an_unknown_project_is_bad_input_and_changes_nothing(studio):
    """A --map naming no clientkit project stops the import before anything is written."""
    with pytest.raises(BadInput, match="no clientkit project named 'Nope'"):
        import_time(studio, "klog", KLOG, maps=["personal=Nope"])
    assert _count(studio) == 0


def test_malformed_map_is_bad_input(studio):
    """A --map without `=` says what it expects."""
    with pytest.raises(BadInput, match='expected "source name=clientkit project"'):
        import_time(studio, "watson", WATSON, maps=["Website"])


def test_klog_underscore_tags_match_titles_with_spaces(studio):
    """`#logo_redesign` maps to the project titled "Logo Redesign"."""
    summary = import_time(studio, "klog", KLOG, dry_run=True)
    assert _groups(summary)["logo_redesign"]["project"] == "Logo Redesign"


def test_klog_breaks_and_kinds_arrive_as_klog_counts_them(studio):
    """The 2026-11-20 record gives Website 3h15m work and 1h30m of call, as klog totals it."""
    import_time(studio, "klog", KLOG)
    on_website = [
        (kind, minutes, day) for project, kind, minutes, day, _ in _entries(studio) if project == 1
    ]
    assert on_website == [("work", 195, date(2026, 11, 20)), ("call", 90, date(2026, 11, 20))]


def test_ambiguous_title_is_left_unmapped_with_the_candidates(studio):
    """Two projects titled "Website" never guess: the review names both ids."""
    add_project(studio, "Bolt", "Website", TermsInput(price="100", deposit="0"))
    summary = import_time(studio, "watson", WATSON)
    website = _groups(summary)["Website"]
    assert website["project_id"] is None
    assert website["reason"] == "several projects are titled 'Website' (ids 1, 3): use --map"
    assert summary["imported"] == 1  # only the Logo Redesign meeting


def test_unmapped_entries_import_later_once_their_project_exists(studio):
    """After adding the missing project, a re-import brings exactly the entries left out."""
    import_time(studio, "watson", WATSON)
    add_project(studio, "Acme", "Personal", TermsInput(price="100", deposit="0"))
    again = import_time(studio, "watson", WATSON)
    assert (again["imported"], again["already_imported"]) == (1, 5)
    assert _count(studio) == 6


def test_days_follow_the_freelancers_time_zone(studio):
    """A frame at 23:30 UTC on 21 November is on 22 November for a freelancer in Berlin."""
    set_profile(studio, timezone="Europe/Berlin")
    import_time(studio, "watson", WATSON)
    meeting = [row for row in _entries(studio) if row[1] == "meeting"]
    assert meeting == [(2, "meeting", 60, date(2026, 11, 22), "watson")]


def test_timewarrior_intervals_without_project_are_reported_not_imported(studio):
    """An untagged interval is unmapped under "(none)"; the open interval is skipped."""
    summary = import_time(studio, "timewarrior", TIMEWARRIOR)
    none = _groups(summary)["(none)"]
    assert (none["project_id"], none["reason"]) == (None, "the entries name no project")
    assert [item["reason"] for item in summary["skipped"]] == [
        "open interval (still running) is not imported"
    ]


def test_malformed_file_changes_nothing(studio, tmp_path):
    """A file broken on line 3 raises one error naming it and its line; no entry is written."""
    broken = tmp_path / "times.klg"
    broken.write_text("2026-11-20\n    1h #website\n    yesterday\n")
    with pytest.raises(InvalidValue, match=rf"^{broken}:3: not a klog entry"):
        import_time(studio, "klog", broken)
    assert _count(studio) == 0


@pytest.mark.parametrize(
    ("source", "path", "message"),
    [
        ("toggl", WATSON, "unknown source 'toggl'"),
        ("watson", DATA / "missing", "no such file"),
        ("klog", DATA / "klog", "is a directory"),
        ("timewarrior", DATA / "missing", "no such directory"),
        ("timewarrior", DATA / "klog", "no timewarrior data files"),
    ],
)
def test_wrong_source_or_path_is_bad_input(studio, source, path, message):
    """Unknown sources and paths that hold no such file say so in one sentence."""
    with pytest.raises(BadInput, match=message):
        import_time(studio, source, path)


def test_non_utf8_file_names_its_line(studio, tmp_path):
    """Bytes that are not UTF-8 are reported at their line."""
    broken = tmp_path / "frames"
    broken.write_bytes(b'[\n [1, 2, "caf\xe9", "x"]\n]\n')
    with pytest.raises(BadInput, match=rf"^{broken}:2: not UTF-8 text"):
        import_time(studio, "watson", broken)


def test_watson_directory_means_its_frames_file(studio):
    """Given Watson's folder, the import reads the `frames` file in it."""
    summary = import_time(studio, "watson", WATSON.parent, dry_run=True)
    assert summary["path"] == str(WATSON)
    assert summary["entries"] == 6


def test_several_maps_on_one_line_split_at_semicolons_as_the_form_writes_them():
    """The TUI form's one line gives the same mappings as repeated --map values."""
    line = " Old site = Website relaunch ;; Calls=Brand identity; "
    assert split_maps(line) == ["Old site = Website relaunch", "Calls=Brand identity"]
    assert parse_maps(split_maps(line)) == {
        "old site": ("Old site", "Website relaunch"),
        "calls": ("Calls", "Brand identity"),
    }
    assert split_maps("  ") == []
