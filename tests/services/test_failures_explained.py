"""Every failure is explained once, for the CLI and the TUI alike: one sentence and its kind."""

import errno
from pathlib import Path

import pytest

from clientkit.documents.templating import TemplateForbidden, TemplateMissing
from clientkit.domain.errors import Implausible, InvalidValue
from clientkit.services.errors import (
    BadInput,
    Category,
    Explanation,
    NotFound,
    Refused,
    explain,
)
from clientkit.storage.errors import BookBusy, BookDamaged
from clientkit.storage.migrate import MigrationFailed


def test_an_implausible_value_is_explained_as_needing_confirmation():
    """A future date is not simply bad input: each adapter asks in its own way (--yes)."""
    failure = Implausible("time entry date 2030-01-01 is in the future (today is 2026-11-23)")
    assert explain(failure) == Explanation(str(failure), Category.UNCONFIRMED)


@pytest.mark.parametrize(
    "failure",
    [
        InvalidValue("invalid amount '1,2,3'"),
        BadInput("invalid sort 'size'"),
        NotFound("no client named 'Nobody'"),
        TemplateMissing("no template named 'x.txt'"),
    ],
)
def test_bad_input_is_explained_in_its_own_words(failure):
    """Input the user can fix is bad input, and the sentence is the one the code wrote."""
    assert explain(failure).category is Category.BAD_INPUT
    assert explain(failure).sentence == str(failure)


@pytest.mark.parametrize(
    "failure",
    [
        Refused("invoice 2026-0001 is issued; it cannot be edited"),
        TemplateForbidden("template evil.txt, line 2: the template sandbox refused it"),
        BookBusy(),
        BookDamaged("database disk image is malformed"),
        MigrationFailed("0004", None, RuntimeError("disk full")),
    ],
)
def test_refusals_and_an_unusable_book_are_refused_in_their_own_words(failure):
    """The rules said no, or the book is busy or damaged: refused, with the written sentence."""
    assert explain(failure).category is Category.REFUSED
    assert explain(failure).sentence == str(failure)


def test_a_busy_book_says_to_try_again():
    assert explain(BookBusy()).sentence == (
        "the book is busy with another clientkit process; try again in a moment"
    )


def test_a_damaged_book_says_nothing_changed_and_to_restore_a_backup():
    assert explain(BookDamaged("database disk image is malformed")).sentence == (
        "the book is damaged (database disk image is malformed); clientkit changed nothing: "
        "restore your latest backup"
    )
    named = explain(BookDamaged("file is not a database", Path("/data/book.db"))).sentence
    assert named.startswith("the book /data/book.db is damaged (file is not a database)")
    assert "sqlite3 /data/book.db .recover" in named


@pytest.mark.unexpected_failure
def test_a_file_system_refusal_names_the_file_and_the_systems_reason():
    """A path that cannot name a file (too long, through a file) is bad input; a file the system
    will not let us use (permission, a full disk) is refused: neither is "unexpected"."""
    too_long = OSError(errno.ENAMETOOLONG, "File name too long", "/data/" + "x" * 300)
    assert explain(too_long) == Explanation(
        f"/data/{'x' * 300}: File name too long", Category.BAD_INPUT
    )
    through_a_file = NotADirectoryError(errno.ENOTDIR, "Not a directory", "/data/a.txt/b")
    assert explain(through_a_file).category is Category.BAD_INPUT
    denied = PermissionError(errno.EACCES, "Permission denied", b"/srv/out.pdf")
    assert explain(denied) == Explanation(
        "cannot use /srv/out.pdf: Permission denied", Category.REFUSED
    )
    assert explain(OSError("no file named")).category is Category.UNEXPECTED


@pytest.mark.unexpected_failure
def test_anything_else_is_unexpected_and_named_by_its_first_line():
    """A fault of clientkit shows its type and first line, never a traceback."""
    failure = KeyError("client_id")
    assert explain(failure).category is Category.UNEXPECTED
    assert explain(failure).sentence == "unexpected failure (KeyError): 'client_id'"
    assert explain(RuntimeError("first\nsecond")).sentence == (
        "unexpected failure (RuntimeError): first"
    )
    assert explain(RuntimeError()).sentence == "unexpected failure (RuntimeError)"


@pytest.mark.unexpected_failure
def test_a_clientkit_exception_that_is_not_for_the_user_is_still_unexpected():
    """Only the error classes written for the user speak in their own words."""
    from clientkit.documents.facturx_xml import InvalidEInvoice

    failure = InvalidEInvoice("Factur-X XML rejected by the XSD: line 3")
    assert explain(failure).category is Category.UNEXPECTED
