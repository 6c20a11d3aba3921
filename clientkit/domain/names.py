"""Which record a typed name means: case, diacritics and spacing never matter.

The rule, best tier first: the whole name (or company, or e-mail) typed in full; the start of
it; the start of its words ("lubomir" for "Šťastný Lubomír"). The best tier that matches
anything decides: one record is the one meant, several are ambiguous. A name typed in part
must be at least MIN_PREFIX characters long, so that "B" never silently picks "Bauer".
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import IntEnum

MIN_PREFIX = 3
MAX_SUGGESTIONS = 5
SUGGESTION_CUTOFF = 0.6

# Letters NFKD leaves whole although people type them without their stroke or ligature.
_PLAIN = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"}
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """`text` as compared: no diacritics, case folded, runs of white space as one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", plain.casefold().translate(_PLAIN)).strip()


def same_name(first: str, second: str) -> bool:
    """Whether two names are the same to a person typing them ("Šťastný" and "stastny")."""
    return fold(first) == fold(second)


class Tier(IntEnum):
    """How well a typed name matches a record; lower is better."""

    WHOLE = 0
    START = 1
    WORD_START = 2


@dataclass(frozen=True)
class Named:
    """A record as lookup sees it: `names` match in full, from their start or by their words;
    `addresses` (e-mail) in full or from their start only, since their words are domains."""

    id: int
    label: str
    names: tuple[str, ...]
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """What a typed name found: the record meant, or else the records it could mean."""

    found: Named | None = None
    candidates: tuple[Named, ...] = field(default=())


def find(typed: str, records: list[Named]) -> Lookup:
    """The record `typed` means, or the candidates when it is ambiguous or too short."""
    query = fold(typed)
    if not query:
        return Lookup()
    ranked = [(tier, record) for record in records if (tier := _tier(query, record)) is not None]
    if not ranked:
        return Lookup()
    best = min(tier for tier, _ in ranked)
    matches = sorted((record for tier, record in ranked if tier == best), key=_order)
    if len(matches) == 1 and (best == Tier.WHOLE or _long_enough(query)):
        return Lookup(found=matches[0])
    return Lookup(candidates=tuple(matches))


def suggest(typed: str, records: list[Named], limit: int = MAX_SUGGESTIONS) -> list[Named]:
    """The records whose names are closest to a name that matched none (a typo, a variant)."""
    query = fold(typed)
    if not query:
        return []
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(query)
    scored = []
    for record in records:
        score = max(
            _closeness(matcher, query, fold(key)) for key in (*record.names, *record.addresses)
        )
        if score >= SUGGESTION_CUTOFF:
            scored.append((score, record))
    scored.sort(key=lambda pair: (-pair[0], *_order(pair[1])))
    return [record for _, record in scored[:limit]]


def _tier(query: str, record: Named) -> Tier | None:
    tiers = [tier for name in record.names if (tier := _name_tier(query, fold(name))) is not None]
    for address in record.addresses:
        folded = fold(address)
        if folded and folded.startswith(query):
            tiers.append(Tier.WHOLE if folded == query else Tier.START)
    return min(tiers, default=None)


def _name_tier(query: str, name: str) -> Tier | None:
    if name == query:
        return Tier.WHOLE
    if name.startswith(query):
        return Tier.START
    words = _WORD.findall(name)
    typed_words = _WORD.findall(query)
    if typed_words and all(any(w.startswith(t) for w in words) for t in typed_words):
        return Tier.WORD_START
    return None


def _long_enough(query: str) -> bool:
    return len(query.replace(" ", "")) >= MIN_PREFIX


def _closeness(matcher: difflib.SequenceMatcher[str], query: str, key: str) -> float:
    """How close the typed name (already `matcher`'s second sequence) is to `key`, or to as
    much of the start of `key` as was typed."""
    best = 0.0
    for candidate in {key, key[: len(query)]}:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best


def _order(record: Named) -> tuple[str, int]:
    return (fold(record.label), record.id)
