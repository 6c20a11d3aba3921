"""The words the domain writes (generated invoice lines, reasons of 0 % VAT) as English message
ids, put into the document's language by a Wording the caller hands in.

The domain stays pure: it never loads a catalog. It marks each text it may write with `N_`
(which `pybabel extract` collects into clientkit/locale/clientkit.pot) and says it through a
`Wording`: `ENGLISH` by default, and in the services layer one backed by the gettext catalog of
the client's language (clientkit.translations), so a draft's lines are stored in that language.
Placeholders are Python's `%(name)s`, which gettext tools check in every translation.
"""

import re
from typing import Protocol

from clientkit.domain.money import format_percent


def N_(message: str) -> str:  # gettext's name for a message translated later
    """Mark `message` as a message id for the catalogs; it is returned unchanged."""
    return message


# After a value ending in a period ("22 січ. 2027 р."), the period of the sentence goes:
# "by 22 січ. 2027 р.." must never be printed.
_PERIOD_AFTER = "\ue010"
_PERIOD_AFTER_VALUE = re.compile(_PERIOD_AFTER + r"\.(?!\.)")  # an ellipsis stays whole


def fill(message: str, params: dict[str, str]) -> str:
    """`message % params`, without a doubled period where a value ending in one ends the
    sentence; a message without parameters is returned as it is."""
    if not params:
        return message
    marked = {
        name: f"{value}{_PERIOD_AFTER}" if value.endswith(".") else value
        for name, value in params.items()
    }
    return _PERIOD_AFTER_VALUE.sub("", message % marked).replace(_PERIOD_AFTER, "")


class Wording(Protocol):
    """Says a message in one language, with its `%(name)s` placeholders filled."""

    def say(self, message: str, /, **params: str) -> str:
        """The message (an English message id) in this language, its placeholders filled."""
        ...

    def percent(self, basis_points: int) -> str:
        """A percentage as this language writes it (`25%`, `25 %`)."""
        ...


class English:
    """The message ids themselves: English, the source language of the catalogs."""

    def say(self, message: str, /, **params: str) -> str:
        return fill(message, params)

    def percent(self, basis_points: int) -> str:
        return format_percent(basis_points)


ENGLISH: Wording = English()
