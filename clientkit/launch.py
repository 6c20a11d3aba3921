"""The composition root: the `clientkit` program, its CLI with the TUI behind no arguments."""

from typing import TYPE_CHECKING

from clientkit.cli.main import main as run_cli
from clientkit.paths import private_umask

if TYPE_CHECKING:
    from clientkit.services.book import Book


def open_tui(book: "Book") -> None:
    """Open the terminal UI on the book the global options named."""
    from clientkit.tui.app import make_app  # Textual is imported only when the TUI opens

    make_app(book).run()


def main(argv: list[str] | None = None) -> None:
    """The `clientkit` program: the CLI, with the TUI wired in; everything it creates is
    private to the user (0700 folders, 0600 files), whatever the umask it was started with."""
    private_umask()
    run_cli(argv, open_tui=open_tui)
