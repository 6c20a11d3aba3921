"""The rule that decides which record a typed name means: case, diacritics and spacing never
matter; the whole name beats its start, which beats the start of a word; a name typed in part
must be long enough and unambiguous."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientkit.domain.names import (
    MIN_PREFIX,
    Lookup,
    Named,
    find,
    fold,
    ranked,
    same_name,
    suggest,
)

CLIENTS = [
    Named(1, "Šťastný Lubomír", ("Šťastný Lubomír", ""), ("lubo@stastny.test",)),
    Named(2, "Bauer", ("Bauer", ""), ("",)),
    Named(3, "Brandt GmbH", ("Brandt GmbH", "Brandt Holding"), ("office@brandt.test",)),
    Named(4, "Acme & Sons", ("Acme & Sons", "Acme Group plc"), ("accounts@acme.test",)),
    Named(5, "Acme", ("Acme", ""), ("",)),
]


def _found(typed: str) -> int | None:
    found = find(typed, CLIENTS).found
    return None if found is None else found.id


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Šťastný", "stastny"),
        ("  ACME   &  Sons ", "acme & sons"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("ﬁne", "fine"),
    ],
)
def test_folding_drops_case_diacritics_and_extra_spaces(text, folded):
    """`Šťastný` is compared as "stastny", "Łódź" as "lodz", "Straße" as "strasse"."""
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("typed", "client_id"),
    [
        ("Stastny", 1),
        ("stastny lubomir", 1),
        ("lubomir", 1),
        ("LUBOMÍR", 1),
        ("lub sta", 1),
        ("brandt holding", 3),
        ("holding", 3),
        ("office@brandt.test", 3),
        ("OFFICE@", 3),
        ("acme group", 4),
        ("bau", 2),
    ],
)
def test_a_client_is_found_by_name_company_email_or_their_words(typed, client_id):
    """Any name a client goes by finds it, typed without diacritics, in any case, or in part."""
    assert _found(typed) == client_id


def test_the_whole_name_beats_the_start_of_a_longer_one():
    """`acme` is Acme, not "Acme & Sons", although both start with it."""
    assert _found("acme") == 5


def test_the_start_of_a_name_beats_the_start_of_a_word():
    """`sons` is nobody's start, "acme &" is Acme & Sons' start: each finds one client."""
    assert _found("acme &") == 4
    assert _found("sons") == 4


def test_the_words_of_an_address_are_not_names():
    """`test` is a word of every e-mail domain here, but it names no client."""
    lookup = find("test", CLIENTS)
    assert (lookup.found, lookup.candidates) == (None, ())


def test_several_matches_in_the_best_tier_are_candidates_in_name_order():
    """`b` starts Bauer and Brandt: both are offered, in the order of their names."""
    lookup = find("b", CLIENTS)
    assert lookup.found is None
    assert [record.label for record in lookup.candidates] == ["Bauer", "Brandt GmbH"]


def test_a_single_match_by_a_too_short_prefix_is_only_a_candidate():
    """`ba` starts only Bauer, but two letters are too few to act on without asking."""
    assert MIN_PREFIX == 3
    lookup = find("ba", CLIENTS)
    assert lookup.found is None
    assert [record.id for record in lookup.candidates] == [2]


def test_punctuation_does_not_make_a_prefix_long_enough():
    """`-%h` is one letter for the length rule: it may mean Hours, but does not pick it."""
    records = [Named(1, "Hours", ("Hours",))]
    assert find("-%h", records) == Lookup(candidates=(records[0],))
    assert find("hou", records).found == records[0]


def test_a_short_name_typed_in_full_is_found():
    """A client called "AB" is found by "ab": the whole name is never too short."""
    assert find("ab", [Named(9, "AB", ("AB",))]).found == Named(9, "AB", ("AB",))


def test_blank_or_unknown_names_find_nothing():
    """Nothing typed, or a name nobody goes by, finds no record and no candidate."""
    for typed in ("", "   ", "Nobody"):
        lookup = find(typed, CLIENTS)
        assert (lookup.found, lookup.candidates) == (None, ())


def test_an_unknown_name_suggests_the_closest_names():
    """`Acme Ltd` suggests Acme and Acme & Sons; a typo like "Baur" suggests Bauer; at most
    five, the closest first."""
    assert [r.label for r in suggest("Acme Ltd", CLIENTS)] == ["Acme", "Acme & Sons"]
    assert [r.label for r in suggest("Baur", CLIENTS)] == ["Bauer"]
    many = [Named(i, f"Studio {i}", (f"Studio {i}",)) for i in range(20)]
    assert len(suggest("Studio", many)) == 5
    assert suggest("Nobody", CLIENTS) == []


def test_same_name_ignores_case_and_diacritics():
    """`Logo` and "LOGÓ" are the same title to a person; "Logo 2" is another."""
    assert same_name("Logo", "  LOGÓ ")
    assert not same_name("Logo", "Logo 2")


_MARKS = st.sampled_from(["\u0301", "\u030c", "\u0308", ""])


@st.composite
def _retyped(draw: st.DrawFn, name: str) -> str:
    """`name` as someone else types it: other case, diacritics added or dropped."""
    plain = fold(name)
    chars = [draw(st.sampled_from([c, c.upper()])) + draw(_MARKS) for c in plain]
    return "".join(chars)


_NAME = st.text(alphabet=st.sampled_from("abcdeéšťýzAÖŁ &-."), min_size=1, max_size=12).filter(
    lambda name: fold(name) != ""
)


@given(st.lists(_NAME, min_size=1, max_size=6), st.data())
def test_any_stored_name_retyped_finds_its_row_or_names_it_among_the_candidates(names, data):
    """Any stored name, typed with other case or diacritics, finds its row or is ambiguous
    with that row among the candidates."""
    records = [Named(i, name, (name,)) for i, name in enumerate(names)]
    wanted = data.draw(st.sampled_from(records))
    typed = data.draw(_retyped(wanted.label))
    lookup = find(typed, records)
    assert lookup.found == wanted or wanted in lookup.candidates


def test_a_search_box_lists_every_match_best_tier_first_even_a_single_letter():
    """Ranked, not picked: "a" lists both Acmes (too short to pick one, fine to list), the
    whole name comes first, and "lubo" finds Šťastný by the start of a word."""
    assert [r.id for r in ranked("acme", CLIENTS, 5)] == [5, 4]
    assert [r.id for r in ranked("a", CLIENTS, 5)] == [5, 4]
    assert [r.id for r in ranked("lubo", CLIENTS, 5)] == [1]
    assert [r.id for r in ranked("b", CLIENTS, 1)] == [2]
    assert ranked("  ", CLIENTS, 5) == []
