"""A stored project's contractual terms as the domain's Terms: the one place a row becomes Terms.

The project table keeps each term in a column named like its Terms field, so one field list
reads them off an ORM row and selects them in a Core query alike."""

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from clientkit.domain.terms import Terms

TERMS_FIELDS = Terms._fields
_read_terms = attrgetter(*TERMS_FIELDS)


def terms_from(values: Sequence[Any]) -> Terms:
    """Terms from a project row's values of TERMS_FIELDS, in that order: the risk facts pass a
    slice of each row (thousands of them, where a lookup by name per field costs more than the
    query)."""
    return Terms._make(values)


def terms_of(project: Any) -> Terms:
    """The contractual terms a project row carries (any object with the term columns)."""
    return terms_from(_read_terms(project))
