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
from functools import lru_cache
from typing import NamedTuple

MIN_PREFIX = 3
MAX_SUGGESTIONS = 5
SUGGESTION_CUTOFF = 0.6

# Letters NFKD leaves whole although people type them without their stroke or ligature.
_PLAIN = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th"}
)
_WORD = re.compile(r"\w+")


# Cached: a lookup folds every name of the book, and project titles repeat across clients.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`text` as compared: no diacritics, case folded, runs of white space as one space."""
    if not text.isascii():  # most names are: they skip the decomposition
        decomposed = unicodedata.normalize("NFKD", text)
        if not decomposed.isascii():
            decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
        text = decomposed
    return " ".join(text.casefold().translate(_PLAIN).split())


def same_name(first: str, second: str) -> bool:
    """Whether two names are the same to a person typing them ("Šťastný" and "stastny")."""
    return fold(first) == fold(second)


class Tier(IntEnum):
    """How well a typed name matches a record; lower is better."""

    WHOLE = 0
    START = 1
    WORD_START = 2


class Named(NamedTuple):  # a tuple: a lookup builds one per client or project of the book
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
    query = _Query.of(typed)
    if not query.text:
        return Lookup()
    ranked = [(tier, record) for record in records if (tier := query.tier(record)) is not None]
    if not ranked:
        return Lookup()
    best = min(tier for tier, _ in ranked)
    matches = sorted((record for tier, record in ranked if tier == best), key=_order)
    if len(matches) == 1 and (best == Tier.WHOLE or _long_enough(query)):
        return Lookup(found=matches[0])
    return Lookup(candidates=tuple(matches))


def ranked(typed: str, records: list[Named], limit: int) -> list[Named]:
    """Every record `typed` matches in any tier, best first: a search box lists them all
    where a command argument must pick one."""
    query = _Query.of(typed)
    if not query.text:
        return []
    hits = [(tier, record) for record in records if (tier := query.tier(record)) is not None]
    hits.sort(key=lambda pair: (pair[0], *_order(pair[1])))
    return [record for _, record in hits[:limit]]


def suggest(typed: str, records: list[Named], limit: int = MAX_SUGGESTIONS) -> list[Named]:
    """The records whose names are closest to a name that matched none (a typo, a variant)."""
    query = fold(typed)
    if not query:
        return []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(query)
    seen: dict[str, float] = {}  # titles repeat across clients: score each once
    scored = []
    for record in records:
        score = 0.0
        for key in (*record.names, *record.addresses):
            folded = fold(key)
            if folded not in seen:
                seen[folded] = _closeness(matcher, query, folded)
            score = max(score, seen[folded])
        if score >= SUGGESTION_CUTOFF:
            scored.append((score, record))
    scored.sort(key=lambda pair: (-pair[0], *_order(pair[1])))
    return [record for _, record in scored[:limit]]


@dataclass(frozen=True)
class _Query:
    """A typed name, folded and split into words once for the whole book."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, typed: str) -> "_Query":
        text = fold(typed)
        return cls(text, tuple(_WORD.findall(text)))

    def tier(self, record: Named) -> Tier | None:
        tiers = [t for name in record.names if (t := self._name_tier(fold(name))) is not None]
        for address in record.addresses:
            folded = fold(address)
            if folded.startswith(self.text):
                tiers.append(Tier.WHOLE if folded == self.text else Tier.START)
        return min(tiers, default=None)

    def _name_tier(self, name: str) -> Tier | None:
        if name == self.text:
            return Tier.WHOLE
        if name.startswith(self.text):
            return Tier.START
        if not self.words or self.words[0] not in name:  # cheap: most names fail here
            return None
        words = _WORD.findall(name)
        if all(any(w.startswith(t) for w in words) for t in self.words):
            return Tier.WORD_START
        return None


def _long_enough(query: "_Query") -> bool:
    """Letters and digits count; "-%h" is one letter, however many characters it has."""
    return sum(len(word) for word in query.words) >= MIN_PREFIX


def _closeness(matcher: difflib.SequenceMatcher[str], query: str, key: str) -> float:
    """How close the typed name (already `matcher`'s second sequence) is to `key`, or to as
    much of the start of `key` as was typed; 0 when below the cutoff."""
    best = 0.0
    for candidate in {key, key[: len(query)]}:
        if not candidate:
            continue
        matcher.set_seq1(candidate)
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if matcher.real_quick_ratio() >= SUGGESTION_CUTOFF <= matcher.quick_ratio():
            best = max(best, matcher.ratio())
    return best


def _order(record: Named) -> tuple[str, int]:
    return (fold(record.label), record.id)
