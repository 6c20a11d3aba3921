"""The words the domain writes (generated invoice lines, reasons of 0 % VAT) as English message
ids, put into the document's language by a Wording the caller hands in.

The domain stays pure: it never loads a catalog. It marks each text it may write with `N_`
(which `pybabel extract` collects into clientkit/locale/clientkit.pot) and says it through a
`Wording`: `ENGLISH` by default, and in the services layer one backed by the gettext catalog of
the client's language (clientkit.translations), so a draft's lines are stored in that language.
Placeholders are Python's `%(name)s`, which gettext tools check in every translation.

What the command line prints (a notice, an error) is said in English with `said` and kept as a
`Said`: the English line itself, which also remembers its message id and values, so that the
command line can say it again in the profile's language (catalog domain `cli`, extracted by
the keywords `said`, `said_n` and `said_in`; clientkit.translations.text).
"""

import re
from collections.abc import Callable, Sequence
from typing import Protocol


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


class Said(str):
    """A line in English that can be said again in another language: the filled message id
    (a str, so it goes wherever the English line went: a view's notices, an exception, JSON)
    with the message id, its plural and context, and the values that fill it. A value may be
    a Said itself (a status word), said again with its line."""

    message: str
    plural: str | None
    number: int
    context: str | None
    params: "dict[str, str]"

    def __new__(
        cls,
        message: str,
        params: "dict[str, str] | None" = None,
        *,
        plural: str | None = None,
        number: int = 1,
        context: str | None = None,
    ) -> "Said":
        params = params or {}
        english = message if plural is None or number == 1 else plural
        line = super().__new__(cls, fill(english, params))
        line.message, line.plural, line.number, line.context = message, plural, number, context
        line.params = params
        return line


def said(message: str, /, **params: object) -> str:
    """`message` (a `cli` message id) in English, its `%(name)s` filled with `params`; the
    command line says it in the profile's language. A name is quoted by its caller
    (`name=repr(text)`), so control characters in it are shown escaped in every language."""
    return Said(message, _texts(params))


def said_n(singular: str, plural: str, count: int, /, **params: object) -> str:
    """A message that names a number of things, in the form the number takes (`%(count)s` is
    filled with it): `1 reminder`, `3 reminders`; Slovak and Ukrainian have three forms."""
    return Said(singular, {"count": str(count), **_texts(params)}, plural=plural, number=count)


def said_in(context: str, message: str, /) -> str:
    """A word that reads differently by what it is about (`draft`: a project's, an
    invoice's), told apart for the translators by `context`."""
    return Said(message, {}, context=context)


def said_and(items: Sequence[str], /) -> str:
    """`a and b and c`, the `and` in the profile's language too (a Said item is said again)."""
    return _joined(
        items, lambda earlier, last: said("%(earlier)s and %(last)s", earlier=earlier, last=last)
    )


def said_or(items: Sequence[str], /) -> str:
    """`a or b or c`, the `or` in the profile's language too (a Said item is said again)."""
    return _joined(
        items, lambda earlier, last: said("%(earlier)s or %(last)s", earlier=earlier, last=last)
    )


def said_and_more(listed: str, more: int, /) -> str:
    """`a, b, c and 2 more`: the first few of a list, and how many more there are."""
    return said_n(
        "%(listed)s and %(count)s more", "%(listed)s and %(count)s more", more, listed=listed
    )


def _joined(items: Sequence[str], pair: Callable[[str, str], str]) -> str:
    # Folded from the left, `((a and b) and c)`: the English line is the one " and ".join
    # wrote, and each language puts its own word between every two items.
    line = items[0] if items else ""
    for item in items[1:]:
        line = pair(line, item)
    return line


def _texts(params: dict[str, object]) -> dict[str, str]:
    return {name: value if isinstance(value, str) else str(value) for name, value in params.items()}


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
        from clientkit.domain.money import format_percent  # money says its errors with `said`

        return format_percent(basis_points)


ENGLISH: Wording = English()
