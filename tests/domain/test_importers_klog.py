"""Reading klog records: dates, ranges (am/pm, shifted), durations, breaks, tags, open ranges."""

from datetime import date
from pathlib import Path

import pytest

from clientkit.domain.importers import ParseError, kind_for
from clientkit.domain.importers.klog import parse_klog

SAMPLE = Path(__file__).parents[1] / "data" / "importers" / "klog" / "times.klg"


def _minutes(text: str) -> list[tuple[str, int]]:
    return [(entry.project, entry.seconds // 60) for entry in parse_klog(text).entries]


def test_sample_file_reads_every_closed_entry_with_its_project_and_day():
    """The sample's entries come out in order with klog's own totals."""
    parsed = parse_klog(SAMPLE.read_text(), "times.klg")
    assert [(e.day, e.project, e.seconds // 60) for e in parsed.entries] == [
        (date(2026, 11, 20), "website", 195),  # 9:00 - 12:30 less the 15-minute break
        (date(2026, 11, 20), "website", 90),
        (date(2026, 11, 20), "logo_redesign", 75),  # 8:00am-9:15am
        (date(2026, 11, 21), "Logo Redesign", 75),  # <23:30 - 0:45 across midnight
        (date(2026, 11, 21), "Logo Redesign", 45),
        (date(2026, 11, 21), "Logo Redesign", 120),
        (date(2026, 11, 22), "personal", 60),  # 3:00pm - 4:00pm
    ]


def test_open_range_is_skipped_and_reported_with_its_line():
    """`13:00 - ?` is still running: not an entry, and the report says where it is."""
    parsed = parse_klog(SAMPLE.read_text(), "times.klg")
    assert [(s.where, s.reason) for s in parsed.skipped] == [
        ("times.klg:12", "open range 13:00 - ? (still running) is not imported")
    ]


def test_entry_tags_come_before_record_tags_and_choose_the_kind():
    """`1h30m #website #call` in a record tagged #acme_site is a call on `website`."""
    call = parse_klog(SAMPLE.read_text()).entries[1]
    assert call.tags == ("website", "call", "acme_site")
    assert kind_for(call.tags) == "call"
    assert call.note == "#website #call with Jane"


def test_a_summary_continued_on_a_deeper_line_joins_the_entry_note():
    """A line indented deeper than the entries continues the entry's summary."""
    drafting = parse_klog(SAMPLE.read_text()).entries[5]
    assert drafting.note == "drafting continued on a second line"


def test_record_summary_names_the_project_when_no_tag_does():
    """With no project tag, the record summary's first line (tags removed) is the project."""
    text = "2026-11-20\nLogo work #email\nsecond line\n    45m replies\n"
    (entry,) = parse_klog(text).entries
    assert entry.project == "Logo work"
    assert kind_for(entry.tags) == "email"


def test_am_pm_times_follow_the_twelve_hour_clock():
    """12:30am is just after midnight, 12:15pm just after noon, 11:45pm near midnight."""
    text = "2026-11-20\n    12:30am - 1:00am #a\n    11:00am-12:15pm #b\n    9:00pm - 11:45pm #c\n"
    assert _minutes(text) == [("a", 30), ("b", 75), ("c", 165)]


def test_shifted_times_and_24_00_count_toward_the_record_date():
    """`<23:00 - 1:00` and `23:00 - 1:00>` span two hours; `22:00 - 24:00` ends at midnight."""
    text = (
        "2026-11-20\n\t<23:00 - 1:00 #a\n\t23:00 - 1:00> #b\n\t22:00 - 24:00 #c\n"
        "\t0:30> - 1:30> #d\n"
    )
    assert _minutes(text) == [("a", 120), ("b", 120), ("c", 120), ("d", 60)]


def test_untagged_negative_duration_deducts_from_the_entry_before_it():
    """`-30m lunch` after a four-hour range leaves three and a half hours."""
    text = "2026-11-20\n    8:00 - 12:00 #acme\n    -30m lunch\n    1h #bolt\n"
    assert _minutes(text) == [("acme", 210), ("bolt", 60)]


def test_tagged_negative_duration_deducts_from_its_own_project():
    """`-15m #bolt` takes from bolt's time even when acme's entry is nearer."""
    text = "2026-11-20\n    1h #bolt\n    2h #acme\n    -15m #bolt\n"
    assert _minutes(text) == [("bolt", 45), ("acme", 120)]


def test_a_break_larger_than_the_record_is_reported():
    """What a negative duration cannot take from its record is reported, never carried over."""
    parsed = parse_klog("2026-11-20\n    30m #acme\n    -45m\n\n2026-11-21\n    1h #acme\n")
    assert [(e.day.day, e.seconds // 60) for e in parsed.entries] == [(20, 0), (21, 60)]
    assert [(s.where, s.reason) for s in parsed.skipped] == [
        (
            "times.klg:3",
            "15 minutes of the break -45m could not be deducted: too little time "
            "to deduct from in its record",
        )
    ]


def test_slash_dates_and_should_totals_are_accepted():
    """`2026/11/21 (8h!)` starts a record like `2026-11-21`."""
    (entry,) = parse_klog("2026/11/21 (7h30m!)\n  +2h #acme\n").entries
    assert (entry.day, entry.seconds) == (date(2026, 11, 21), 7200)


def test_tag_values_are_read_as_the_tag_name():
    """`#ticket=42` and `#acme="x y"` are the tags ticket and acme."""
    (entry,) = parse_klog('2026-11-20\n    1h #ticket=42 #acme="x y"\n').entries
    assert entry.tags == ("ticket", "acme")


def test_ids_are_stable_and_distinguish_identical_entries_on_one_day():
    """The same text parses to the same ids; two `1h #acme` on one day get different ids."""
    text = "2026-11-20\n    1h #acme\n    1h #acme\n"
    first = [entry.external_id for entry in parse_klog(text).entries]
    assert first == [entry.external_id for entry in parse_klog(text).entries]
    assert len(set(first)) == 2


def test_ids_survive_records_added_before_them():
    """Adding a record at the top of the file leaves the other entries' ids unchanged."""
    text = "2026-11-20\n    1h #acme\n"
    before = parse_klog(text).entries[0].external_id
    after = parse_klog("2026-11-19\n    2h #acme\n\n" + text).entries[1].external_id
    assert before == after


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("Monday\n    1h\n", 1, "expected a date"),
        ("2026-02-30\n    1h\n", 1, "not a date in the calendar"),
        ("2026-11-20\n    9:00 - 8:00\n", 2, "ends before it starts"),
        ("2026-11-20\n    9:00 to 10:00\n", 2, "not a klog entry"),
        ("2026-11-20\n    1h30\n", 2, "not a klog entry"),
        ("2026-11-20\n    13:00pm - 14:00pm\n", 2, "am/pm hours are 1 to 12"),
        ("2026-11-20\n    9:75 - 10:00\n", 2, "minutes go up to 59"),
        ("2026-11-20\n    24:30 - 24:45\n", 2, "hours go up to 24:00"),
        ("2026-11-20\n    1h\nnot indented\n", 3, "expected an indented entry"),
        ("2026-11-20\n     1h\n", 2, "2 to 4 spaces or a tab"),
        ("2026-11-20\n    1h\n  2h\n", 3, "indentation differs"),
        ("2026-11-20 (eight!)\n    1h\n", 1, "expected a date"),
    ],
)
def test_malformed_records_name_file_and_line(text, line, problem):
    """Each break of the klog format raises one error naming the file and the line."""
    with pytest.raises(ParseError) as raised:
        parse_klog(text, "work.klg")
    assert str(raised.value).startswith(f"work.klg:{line}: ")
    assert problem in str(raised.value)
