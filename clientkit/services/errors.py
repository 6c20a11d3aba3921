"""Errors a use case reports to the user, and `explain`: any failure as one sentence and a kind."""

import errno
import os
from dataclasses import dataclass
from enum import Enum

from clientkit.domain.errors import Implausible, InvalidValue
from clientkit.domain.wording import Said, said
from clientkit.storage.errors import BookError


class ClientkitError(Exception):
    """A failure the user can act on; its message is one clear sentence."""


class BadInput(ClientkitError, InvalidValue):
    """The request is malformed or names something that does not exist."""


class NotFound(BadInput):
    """A client, project, invoice or other record named by the user does not exist."""


class Refused(ClientkitError):
    """The request was understood but the book's rules forbid it."""


class Category(Enum):
    """What kind of failure it was; each adapter decides what that means for it."""

    BAD_INPUT = "bad input"  # fix what you typed; nothing was changed
    UNCONFIRMED = "unconfirmed"  # looks like a slip; taken only when the user confirms it
    REFUSED = "refused"  # understood, but the rules or the book's state forbid it now
    UNEXPECTED = "unexpected"  # a fault of clientkit or its surroundings


@dataclass(frozen=True)
class Explanation:
    """The one sentence a user reads about a failure, and its category."""

    sentence: str
    category: Category


def explain(exc: BaseException) -> Explanation:
    """Any failure as the sentence to show and its category; never a traceback."""
    category = _category(exc)
    if category is not None:
        return Explanation(message_of(exc), category)
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return _file_problem(exc)
    return _unexpected(exc)


def message_of(exc: BaseException) -> str:
    """The message of a failure written for the user; a `Said` one kept as it is, so that an
    adapter can say it in its reader's language."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Said):
        return exc.args[0]
    return str(exc)


def config_problem(where: str, problem: str) -> str:
    """A value of config.toml a command cannot use (`where` names its table and key), read
    after the book is open: said in the profile's language."""
    return said("config %(where)s: %(problem)s", where=where, problem=problem)


def _unexpected(exc: BaseException) -> Explanation:
    """A fault of clientkit or its surroundings, named by its type and first line."""
    text = str(exc).strip()
    detail = f": {text.splitlines()[0]}" if text else ""
    return Explanation(f"unexpected failure ({type(exc).__name__}){detail}", Category.UNEXPECTED)


# A path that cannot name a file as typed (too long, through a file, a folder where a file goes):
# fixed by typing another path. Any other refusal of the file system (no permission, a full or
# read-only disk) is the surroundings' and refused as such.
_UNUSABLE_PATH = frozenset({errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR, errno.ELOOP})


def _file_problem(exc: OSError) -> Explanation:
    """A file system failure on a named file, as the file and the system's reason."""
    where = os.fsdecode(exc.filename)
    if exc.errno in _UNUSABLE_PATH:
        return Explanation(f"{where}: {exc.strerror}", Category.BAD_INPUT)
    return Explanation(f"cannot use {where}: {exc.strerror}", Category.REFUSED)


def _category(exc: BaseException) -> Category | None:
    """The category of a failure whose message is written for the user, else None."""
    from clientkit.documents.templating import TemplateError, TemplateForbidden  # Jinja: lazily

    if isinstance(exc, TemplateForbidden):  # the sandbox stopped what the template tried
        return Category.REFUSED
    if isinstance(exc, Implausible):  # before InvalidValue, which it is
        return Category.UNCONFIRMED
    if isinstance(exc, InvalidValue | TemplateError):
        return Category.BAD_INPUT
    if isinstance(exc, ClientkitError | BookError):
        return Category.REFUSED
    return None
