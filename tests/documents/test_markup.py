"""The template line markup: structure comes from the template, values always stay literal."""

from clientkit.documents.markup import Block, mark_value, parse
from tests.documents.templates import render_text


def _blocks(source: str, **values: object) -> list[Block]:
    return parse(render_text(source, values, finalize=mark_value))


def test_titles_headings_bullets_and_paragraphs_are_recognised():
    source = "# Title\n\n## Clause\nLine one\nline two.\n\n- a\n- b\n### Sign\n| x | y |\n"
    assert _blocks(source) == [
        Block("title", "Title"),
        Block("heading", "Clause"),
        Block("paragraph", "Line one line two."),
        Block("bullet", "a"),
        Block("bullet", "b"),
        Block("subheading", "Sign"),
        Block("row", cells=("x", "y")),
    ]


def test_a_trailing_backslash_breaks_the_line_inside_a_paragraph():
    assert _blocks("{{ name }} \\\n{{ street }}\n", name="Ann", street="Main St 1") == [
        Block("paragraph", "Ann\nMain St 1")
    ]


def test_a_value_that_looks_like_markup_stays_literal_text():
    blocks = _blocks(
        "{{ name }}\n\n- {{ name }}\n| {{ name }} | b |", name="# Acme | Sons\n## Evil"
    )
    assert blocks == [
        Block("paragraph", "# Acme | Sons\n## Evil"),
        Block("bullet", "# Acme | Sons\n## Evil"),
        Block("row", cells=("# Acme | Sons\n## Evil", "b")),
    ]


def test_a_newline_inside_a_value_is_a_line_break_not_a_new_block():
    assert _blocks("Address: {{ address }}", address="Main St 1\r\n1010 Wien") == [
        Block("paragraph", "Address: Main St 1\n1010 Wien")
    ]


def test_sentinel_characters_typed_by_a_user_cannot_fake_a_value_boundary():
    sneaky = "\ue001\n# Heading\ue000"
    assert _blocks("{{ x }}", x=sneaky) == [Block("paragraph", "# Heading")]


def test_tag_only_lines_leave_no_blank_line_so_a_left_out_clause_leaves_no_trace():
    source = "Start.\n{% if fee %}\nFee {{ fee }}.\n{% endif %}\nEnd.\n"
    assert _blocks(source, fee=None) == [Block("paragraph", "Start. End.")]


def test_a_value_ending_in_a_period_also_ends_the_sentence_after_it():
    """`by {{ deadline }}.` with the date `3 грудня 2026 р.` prints one period, not two."""
    source = "Deliver by {{ day }}. Thanks {{ who }}.\n\nWait {{ day }}...\n"
    assert _blocks(source, day="3 грудня 2026 р.", who="Ann") == [
        Block("paragraph", "Deliver by 3 грудня 2026 р. Thanks Ann."),
        Block("paragraph", "Wait 3 грудня 2026 р...."),
    ]
