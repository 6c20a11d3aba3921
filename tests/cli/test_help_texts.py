"""Every command, option and argument explains itself in plain words, `-h` is `--help`
everywhere, and `--version` says which clientkit this is."""

import re

import pytest

from clientkit.cli.main import build_command, walk

# What a user must never read in help: pointers into our own papers, and raw placeholders.
INTERNAL = re.compile(r"\bSPEC\b|\bsections?\s+\d|\bissue\s+#?\d|#\d+\b|<\w+>|\{\w+\}")
COMMANDS = list(walk(build_command()))


def _help_lines(path: str) -> list[tuple[str, str]]:
    """The help of a command and of each of its parameters, named for the failure message."""
    command = dict(COMMANDS)[path]
    texts = [(path, command.help or "")]
    texts += [
        (f"{path} {param.name}", getattr(param, "help", None) or "")
        for param in command.params
        if param.name != "help"
    ]
    return texts


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_option_and_argument_has_a_help_line(path):
    """A command, and every option and argument it takes, says what it is for."""
    missing = [name for name, text in _help_lines(path) if not text.strip()]
    assert missing == []


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_no_help_text_points_at_internal_papers_or_shows_placeholders(path, invoke):
    """Help reads as plain words: no spec sections, issue numbers, `<str>` or `{client}`."""
    leaks = [(name, text) for name, text in _help_lines(path) if INTERNAL.search(text)]
    assert leaks == []
    shown = invoke(*path.split()[1:], "-h")
    assert shown.code == 0, shown.stderr
    assert INTERNAL.search(shown.stdout) is None, shown.stdout


def test_dash_h_prints_the_same_help_as_dash_dash_help(invoke):
    """`-h` works wherever `--help` does."""
    for words in (["-h"], ["invoice", "-h"], ["invoice", "add-line", "-h"]):
        short, long = invoke(*words), invoke(*words[:-1], "--help")
        assert short.code == long.code == 0
        assert short.stdout == long.stdout
        assert "Usage: clientkit" in short.stdout


def test_version_prints_the_installed_version(invoke):
    """`clientkit --version` prints the version from the package metadata and exits 0."""
    from importlib.metadata import version

    done = invoke("--version")
    assert (done.code, done.stdout) == (0, f"clientkit {version('clientkit')}\n")


def test_shell_completion_is_offered(invoke):
    """Typer's shell completion can be installed and shown."""
    shown = invoke("--help").stdout
    assert "--install-completion" in shown
    assert "--show-completion" in shown
