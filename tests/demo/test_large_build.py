"""The large book's bulk load: indexes and the derived tables' triggers are set aside while it
loads, and the book comes out as if every row had gone through them."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlmodel import SQLModel

from clientkit.clock import clock_from_text
from clientkit.demo import large as large_module
from clientkit.demo.build import build_demo
from clientkit.services.book import Book, open_book
from clientkit.services.clients import add_client
from clientkit.services.lists import list_clients
from clientkit.services.scope_items import add_scope_item
from clientkit.services.tracking import log_time
from clientkit.storage.models import DERIVED_TABLES
from tests.conftest import TODAY, _fresh_pg_database

SCALE = 0.002  # 10 clients, 40 projects, 2,000 time entries
# The base tables whose rows the derived tables count, parents first.
COUNTED_FROM = ("client", "project", "invoice", "scope_item", "time_entry", "payment")


def _empty_book_like(book: Book, tmp_path: Path) -> Book:
    """A new, migrated, empty book on the same engine."""
    url = (
        _fresh_pg_database()
        if book.dialect == "postgresql"
        else f"sqlite:///{tmp_path / 'empty.db'}"
    )
    return open_book(url, clock_from_text(TODAY))


def _indexes_and_triggers(book: Book) -> set[tuple[Any, ...]]:
    """Every index and trigger of the book, with the statement that makes it (and, on
    PostgreSQL, whether the trigger is enabled)."""
    with book.engine.connect() as connection:
        if book.dialect == "postgresql":
            indexes = connection.execute(
                text(
                    "SELECT tablename, indexname, indexdef FROM pg_indexes "
                    "WHERE schemaname = current_schema()"
                )
            )
            triggers = connection.execute(
                text(
                    "SELECT tgrelid::regclass::text, tgname, tgenabled, pg_get_triggerdef(oid) "
                    "FROM pg_trigger WHERE NOT tgisinternal"
                )
            )
            return {("index", *row) for row in indexes} | {("trigger", *row) for row in triggers}
        found = connection.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        )
        return {tuple(row) for row in found}


def _derived(book: Book) -> dict[str, list[tuple[Any, ...]]]:
    tables = {table.name: table for table in SQLModel.metadata.sorted_tables}
    with book.engine.connect() as connection:
        return {
            name: [
                tuple(row)
                for row in connection.execute(
                    select(tables[name]).order_by(*tables[name].primary_key.columns)
                )
            ]
            for name in sorted(DERIVED_TABLES)
        }


def _copy_counted_rows(source: Book, target: Book) -> None:
    """The base rows the derived tables count, inserted into `target` as any write would
    insert them: its triggers keep its derived tables row by row."""
    tables = {table.name: table for table in SQLModel.metadata.sorted_tables}
    with source.engine.connect() as reading, target.engine.begin() as writing:
        for name in COUNTED_FROM:
            rows = [row._asdict() for row in reading.execute(select(tables[name]))]
            if rows:
                writing.execute(insert(tables[name]), rows)


def test_the_derived_tables_hold_what_the_triggers_would_have_made(book, tmp_path):
    build_demo(book, large=True, scale=SCALE)
    replayed = _empty_book_like(book, tmp_path)
    try:
        _copy_counted_rows(book, replayed)
        built, by_triggers = _derived(book), _derived(replayed)
    finally:
        replayed.engine.dispose()
    assert all(built[name] for name in DERIVED_TABLES)
    assert built == by_triggers


def test_every_index_and_trigger_of_a_new_book_is_there_after_the_large_build(book, tmp_path):
    build_demo(book, large=True, scale=SCALE)
    empty = _empty_book_like(book, tmp_path)
    try:
        expected = _indexes_and_triggers(empty)
    finally:
        empty.engine.dispose()
    assert any(kind == "trigger" for kind, *_ in expected)
    assert _indexes_and_triggers(book) == expected


def test_time_and_scope_added_after_the_large_build_update_the_kept_totals(book):
    build_demo(book, large=True, scale=SCALE)
    project = _busiest_active_project(book)
    minutes_before, changes_before = _kept_for(book, project)
    log_time(book, str(project), "45m", "work", confirmed=True)
    log_time(book, str(project), "15m", "call", confirmed=True)
    add_scope_item(book, str(project), "One more page", price="100")
    minutes_after, changes_after = _kept_for(book, project)
    assert minutes_after == (minutes_before[0] + 45, minutes_before[1] + 15)
    assert changes_after == changes_before + 1


def _busiest_active_project(book: Book) -> int:
    with book.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT p.id FROM project p JOIN project_minutes m ON m.project_id = p.id "
                    "WHERE p.status = 'active' ORDER BY m.work_minutes DESC, p.id LIMIT 1"
                )
            ).scalar_one()
        )


def _kept_for(book: Book, project: int) -> tuple[tuple[int, int], int]:
    with book.engine.connect() as connection:
        minutes = connection.execute(
            text("SELECT work_minutes, comm_minutes FROM project_minutes WHERE project_id = :p"),
            {"p": project},
        ).one()
        changes = connection.execute(
            text("SELECT change_requests FROM project_scope WHERE project_id = :p"),
            {"p": project},
        ).scalar_one()
    return (int(minutes[0]), int(minutes[1])), int(changes)


def test_a_large_build_failing_halfway_leaves_the_book_as_it_was_indexes_and_triggers_too(
    book, monkeypatch
):
    """The load runs with the indexes and triggers set aside, all in one transaction: a
    failure then rolls them back in place with the rest, and the next build succeeds."""
    add_client(book, "Keep Me")
    before = _indexes_and_triggers(book)

    def broken(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(large_module._LargeBook, "payment_rows", broken)
        with pytest.raises(RuntimeError):
            build_demo(book, force=True, large=True, scale=SCALE)
    assert [c["name"] for c in list_clients(book)] == ["Keep Me"]
    assert _indexes_and_triggers(book) == before
    assert build_demo(book, force=True, large=True, scale=SCALE)["clients"] == 10
    assert _indexes_and_triggers(book) == before
