"""Reading Watson's frames file: field order, tags, old frames without tags, errors with lines."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clientkit.domain.importers import ParseError, kind_for, rounded_minutes
from clientkit.domain.importers.watson import parse_watson

SAMPLE = Path(__file__).parents[1] / "data" / "importers" / "watson" / "frames"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_sample_frames_keep_start_stop_project_id_and_tags():
    """The sample's second frame reads as start, stop, project, id, tags in Watson's order."""
    parsed = parse_watson(SAMPLE.read_text(), "frames")
    assert parsed.source == "watson"
    assert len(parsed.entries) == 7
    design = parsed.entries[1]
    assert design.start == _at("2026-11-20T09:00:00")
    assert design.end == _at("2026-11-20T10:30:00")
    assert design.project == "Website"
    assert design.external_id == "1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6"
    assert design.tags == ("design",)
    assert design.seconds == 90 * 60
    assert design.where == "frames:9"


def test_watson_tags_choose_the_communication_kind():
    """A frame tagged call (or Email, in any case) is that kind; untagged frames are work."""
    entries = parse_watson(SAMPLE.read_text(), "frames").entries
    assert [kind_for(entry.tags) for entry in entries] == [
        "work",
        "work",
        "call",
        "email",
        "work",
        "work",
        "meeting",
    ]


def test_frames_from_before_tags_existed_read_with_no_tags():
    """A five-value frame (start, stop, project, id, updated_at) from old Watson has no tags."""
    first = parse_watson(SAMPLE.read_text(), "frames").entries[0]
    assert first.tags == ()
    assert first.seconds == 3600


def test_seconds_are_kept_for_rounding_half_up_later():
    """45 min 29 s rounds down to 45 minutes, 20 min 30 s up to 21, 12 s to nothing."""
    entries = parse_watson(SAMPLE.read_text(), "frames").entries
    assert [rounded_minutes(entries[i].seconds) for i in (2, 3, 4)] == [45, 21, 0]


def test_a_frame_without_stop_is_skipped_and_reported():
    """A running frame (stop null) is not an entry; the skip names file and line."""
    text = json.dumps([[1795165200, None, "Website", "abc", [], 1795165200]], indent=1)
    parsed = parse_watson(text, "frames")
    assert parsed.entries == ()
    assert [(s.where, s.reason) for s in parsed.skipped] == [
        ("frames:2", "frame still running (no stop time)")
    ]


def test_an_empty_frames_file_has_no_entries():
    """Watson writes `[]` before the first frame is stopped."""
    assert parse_watson("[]\n", "frames").entries == ()


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[\n [1, 2, "a", "x"],\n [3, 4 "b", "y"]\n]', 3, "not valid JSON"),
        ('[\n [1, 2, "a", "x"],\n [3, "late", "b", "y"]\n]', 3, "stop must be a Unix timestamp"),
        ('[\n [5, 2, "a", "x"]\n]', 2, "stops before it starts"),
        ('[\n [1, 2, "", "x"]\n]', 2, "project must be a non-empty string"),
        ('[\n [1, 2, "a", "x", [3]]\n]', 2, "tags must be strings"),
        ('{"frames": []}', 1, "expected a JSON list"),
        ('[\n [1, 2, "a", "x"]\n]\n[]', 4, "extra data"),
        ("[\n [1, 2]\n]", 2, "a frame must be a list"),
    ],
)
def test_malformed_frames_name_file_and_line(text, line, problem):
    """Each kind of damage raises one error naming the file and the frame's line."""
    with pytest.raises(ParseError) as raised:
        parse_watson(text, "frames")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"frames:{line}: ")
    assert problem in str(raised.value)
