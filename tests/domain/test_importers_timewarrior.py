"""Reading timewarrior data files: UTC intervals, quoted tags, annotations, open intervals."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from clientkit.domain.importers import ParseError, kind_for
from clientkit.domain.importers.timewarrior import DATA_FILE, parse_timewarrior

DATA = Path(__file__).parents[1] / "data" / "importers" / "timewarrior" / "data"


def _sample():  # type: ignore[no-untyped-def]
    files = sorted(path for path in DATA.iterdir() if DATA_FILE.fullmatch(path.name))
    return parse_timewarrior((path.name, path.read_text()) for path in files)


def _one(line: str):  # type: ignore[no-untyped-def]
    (entry,) = parse_timewarrior([("2026-11.data", line + "\n")]).entries
    return entry


def test_only_monthly_data_files_are_read():
    """tags.data and undo.data sit beside the monthly files and are not intervals."""
    assert [
        name for name in sorted(p.name for p in DATA.iterdir()) if DATA_FILE.fullmatch(name)
    ] == ["2026-10.data", "2026-11.data"]


def test_sample_intervals_read_in_file_order_with_utc_times():
    """Every closed interval of both months, with its project tag and length."""
    parsed = _sample()
    assert [(e.where, e.project, e.seconds // 60) for e in parsed.entries] == [
        ("2026-10.data:1", "Website", 60),
        ("2026-11.data:1", "Website", 90),
        ("2026-11.data:2", "website", 30),
        ("2026-11.data:3", "Logo Redesign", 60),
        ("2026-11.data:5", "side project", 60),
        ("2026-11.data:6", "", 15),
    ]
    assert parsed.entries[1].start == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert parsed.entries[1].end == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def test_open_interval_is_skipped_and_reported():
    """An interval with no end is still running: reported with its file and line."""
    assert [(s.where, s.reason) for s in _sample().skipped] == [
        ("2026-11.data:7", "open interval (still running) is not imported")
    ]


def test_quoted_tags_keep_their_spaces_and_escaped_quotes():
    """`"Logo Redesign"` is one tag; the quoted annotation becomes the note."""
    entry = _sample().entries[3]
    assert entry.tags == ("Logo Redesign", "meeting")
    assert kind_for(entry.tags) == "meeting"
    assert entry.note == 'Review with "Jane"'


def test_a_kind_tag_sorted_first_does_not_become_the_project():
    """timewarrior sorts tags: in `call website` the project is website, the kind call."""
    entry = _sample().entries[2]
    assert (entry.project, kind_for(entry.tags)) == ("website", "call")


def test_escaped_quote_inside_a_tag():
    r"""A tag written `"say \"hi\""` reads as `say "hi"`."""
    entry = _one(r'inc 20261120T090000Z - 20261120T100000Z # "say \"hi\"" work')
    assert entry.tags == ('say "hi"', "work")


def test_bare_annotation_of_older_versions_is_the_note():
    """Older timewarrior wrote the annotation unquoted after the second `#`."""
    entry = _one("inc 20261120T090000Z - 20261120T100000Z # acme # fixed the header")
    assert (entry.project, entry.note) == ("acme", "fixed the header")


def test_untagged_interval_has_no_project():
    """An interval without tags belongs to no source project."""
    entry = _one("inc 20261120T090000Z - 20261120T091500Z")
    assert (entry.project, entry.tags, entry.seconds) == ("", (), 900)


def test_ids_depend_on_the_time_not_the_tags():
    """Retagging an interval keeps its id, so a re-import cannot count its time twice."""
    first = _one("inc 20261120T090000Z - 20261120T100000Z # acme")
    retagged = _one("inc 20261120T090000Z - 20261120T100000Z # bolt call")
    other = _one("inc 20261120T100000Z - 20261120T110000Z # acme")
    assert first.external_id == retagged.external_id != other.external_id


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("exc 20261120T090000Z - 20261120T100000Z # a", "expected an interval"),
        ("inc 2026-11-20T09:00 - 20261120T100000Z # a", "invalid time"),
        ("inc 20261120T100000Z - 20261120T090000Z # a", "ends before it starts"),
        ('inc 20261120T090000Z - 20261120T100000Z # "not closed', "is not closed"),
        ("inc 20261120T090000Z - 20261120T100000Z tags", "expected '#'"),
    ],
)
def test_malformed_lines_name_file_and_line(line, problem):
    """A damaged line raises one error naming the data file and the line number."""
    with pytest.raises(ParseError) as raised:
        parse_timewarrior([("2026-11.data", "\n" + line + "\n")])
    assert str(raised.value).startswith("2026-11.data:2: ")
    assert problem in str(raised.value)


def test_control_characters_in_an_annotation_become_spaces():
    """An escape sequence in a data file cannot reach the terminal or the book as a control."""
    entry = _one('inc 20261120T090000Z - 20261120T100000Z # acme # "red\x1b[31m text"')
    assert entry.note == "red [31m text"
