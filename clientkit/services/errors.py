"""Errors a use case reports to the user, each with the exit code the CLI gives it."""

from clientkit.domain.errors import InvalidValue


class ClientkitError(Exception):
    """A failure the user can act on; its message is one clear sentence."""

    exit_code = 1


class BadInput(ClientkitError, InvalidValue):
    """The request is malformed or names something that does not exist (exit 2)."""

    exit_code = 2


class NotFound(BadInput):
    """A client, project, invoice or other record named by the user does not exist."""


class Refused(ClientkitError):
    """The request was understood but the book's rules forbid it (exit 1)."""

    exit_code = 1
