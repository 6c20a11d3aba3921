"""Shared steps of the tests of totals the database keeps by triggers (project_minutes,
project_scope, project_payments): writes in plain SQL, two projects to write to, a migration
round trip and an export/import round trip."""

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client
from clientkit.services.export import export_book
from clientkit.services.import_ import import_path
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.migrate import HEAD_REVISION, alembic_config, current_revision
from tests.conftest import TODAY, _fresh_pg_database


def run(book: Book, statement: str, **values: Any) -> None:
    """One write in its own transaction, as any program with SQL access might make it."""
    with book.engine.begin() as connection:
        connection.execute(text(statement), values)


def rows(book: Book, statement: str) -> list[Any]:
    with book.engine.connect() as connection:
        return list(connection.execute(text(statement)).all())


def add_two_projects(book: Book) -> list[int]:
    """Projects "Logo" and "Website" of client Acme, in that order."""
    add_client(book, "Acme")
    return [
        add_project(book, "Acme", title, TermsInput(price=price))["id"]
        for title, price in (("Logo", "900"), ("Website", "4000"))
    ]


@pytest.fixture
def two_projects(book: Book) -> tuple[Book, int, int]:
    logo, website = add_two_projects(book)
    return book, logo, website


@dataclass(frozen=True)
class TwoProjectsFile:
    """A closed SQLite book holding the two projects, and their ids."""

    path: Path
    projects: list[int]


@pytest.fixture(scope="module")
def two_projects_file(tmp_path_factory: pytest.TempPathFactory) -> TwoProjectsFile:
    """The two projects' book made once per module, for the property tests to copy."""
    folder = tmp_path_factory.mktemp("two-projects")
    with pytest.MonkeyPatch.context() as patch:  # the autouse home is per test, not per module
        patch.setenv("CLIENTKIT_HOME", str(folder / "home"))
        book = open_book(f"sqlite:///{folder / 'book.db'}", clock_from_text(TODAY))
        projects = add_two_projects(book)
        book.engine.dispose()
    return TwoProjectsFile(folder / "book.db", projects)


def sqlite_book_with_two_projects(
    template: TwoProjectsFile, directory: Path
) -> tuple[Book, list[int]]:
    """A new SQLite book for one Hypothesis example (function fixtures are not re-run): a copy
    of the module's closed book, so that an example costs its writes, not a migration."""
    shutil.copy(template.path, directory / "book.db")
    book = open_book(f"sqlite:///{directory / 'book.db'}", clock_from_text(TODAY))
    return book, template.projects


def downgrade_to(book: Book, revision: str) -> None:
    """Take the book back to an older schema revision, as an older clientkit left it."""
    with book.engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
    with book.engine.connect() as connection:
        assert current_revision(connection) == revision


def reopened(book: Book) -> Book:
    """The book opened again by this clientkit, which migrates it to the head revision."""
    book.engine.dispose()
    again = open_book(book.url, clock_from_text(TODAY))
    with again.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    return again


def exported_and_imported(book: Book, tmp_path: Path, kept_table: str) -> Book:
    """The book exported (the kept table left out of the export) and imported into a new book
    on the same engine."""
    export_book(book, tmp_path / "out")
    assert not list((tmp_path / "out").glob(f"{kept_table}*"))
    url = (
        _fresh_pg_database()
        if book.dialect == "postgresql"
        else f"sqlite:///{tmp_path / 'restored.db'}"
    )
    restored = open_book(url, clock_from_text(TODAY))
    import_path(restored, tmp_path / "out")
    return restored


def change_oldest(book: Book, table: str, assignment: str | None, **values: Any) -> None:
    """One of a property test's random writes: change the oldest row of `table` (`assignment`
    is SQL such as "minutes = :minutes"; values it does not name are ignored), or delete it
    when `assignment` is None."""
    oldest = f"(SELECT MIN(id) FROM {table})"
    if assignment is None:
        run(book, f"DELETE FROM {table} WHERE id = {oldest}")
    else:
        run(book, f"UPDATE {table} SET {assignment} WHERE id = {oldest}", **values)
