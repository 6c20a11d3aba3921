"""Exit codes come from the kind of failure, in the CLI alone: 2 bad input, 1 otherwise."""

import pytest
import typer

from clientkit.cli.main import describe
from clientkit.services.errors import BadInput, Refused
from clientkit.storage.errors import BookBusy


def test_bad_input_exits_2_and_a_refusal_exits_1():
    assert describe(BadInput("invalid amount 'x'")) == ("invalid amount 'x'", 2)
    assert describe(Refused("already issued")) == ("already issued", 1)


@pytest.mark.unexpected_failure
def test_a_busy_book_and_an_unexpected_failure_exit_1():
    assert describe(BookBusy())[1] == 1
    assert describe(ZeroDivisionError("division by zero")) == (
        "unexpected failure (ZeroDivisionError): division by zero",
        1,
    )


def test_a_usage_error_of_typers_click_is_bad_input(invoke):
    """Typer's own click (bundled or not) reports a wrong option; the CLI exits 2."""
    result = invoke("client", "list", "--no-such-option")
    assert result.code == 2
    assert result.stderr.startswith("error: No such option")
    assert describe(typer.BadParameter("nope"))[1] == 2
