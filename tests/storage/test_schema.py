"""Alembic builds the schema: its head is the one clientkit expects and matches the models."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import clientkit.storage.models  # noqa: F401  (registers the tables)
from clientkit.clock import clock_from_text
from clientkit.services.book import Book, open_book
from clientkit.storage.history import METADATA as HISTORY_METADATA
from clientkit.storage.migrate import HEAD_REVISION, alembic_config, current_revision

TABLES = {
    "profile",
    "client",
    "project",
    "scope_item",
    "revision",
    "time_entry",
    "running_timer",
    "message",
    "contract",
    "invoice",
    "invoice_line",
    "invoice_series",
    "payment",
    "reminder",
    "project_minutes",
    "history",
    "alembic_version",
}


def test_alembic_head_is_the_revision_clientkit_checks_for():
    """migrate.HEAD_REVISION names Alembic's single head, so the cheap check is truthful."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [HEAD_REVISION]


def test_opening_a_new_book_creates_every_table_and_stamps_the_head(book):
    """A fresh book is migrated to the head revision with all tables present."""
    with book.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
        assert current_revision(connection) == HEAD_REVISION


def test_the_migrated_schema_matches_the_models_exactly(book):
    """Autogenerate finds no difference between the migrations and the SQLModel tables (and
    the history table beside them)."""
    with book.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, [SQLModel.metadata, HISTORY_METADATA]) == []


def test_the_indexes_for_large_book_queries_exist(book):
    """Time entries are summed per project from a covering index; invoices found by status."""
    with book.engine.connect() as connection:
        inspector = inspect(connection)
        time_indexes = {
            ix["name"]: ix["column_names"] for ix in inspector.get_indexes("time_entry")
        }
        invoice_indexes = {ix["name"] for ix in inspector.get_indexes("invoice")}
    assert time_indexes["ix_time_project_kind"] == ["project_id", "kind", "minutes"]
    assert "ix_invoice_status_due" in invoice_indexes


def test_reopening_a_current_book_changes_nothing(tmp_path: Path):
    """Opening an up-to-date book twice keeps one revision row and makes no backup."""
    url = f"sqlite:///{tmp_path / 'book.db'}"
    open_book(url, clock_from_text("2026-11-23")).engine.dispose()
    again = open_book(url, clock_from_text("2026-11-23"))
    with again.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    again.engine.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".bak") == []


# Migration 0003: each index the risk facts read per project also holds the columns they
# test, so SQLite answers from the index without reading the table.
RISK_INDEXES = {
    ("contract", "ix_contract_project"): ["project_id", "signed_on"],
    ("invoice", "ix_invoice_project"): ["project_id", "kind", "status"],
}
BEFORE_0003 = {
    ("contract", "ix_contract_project"): ["project_id"],
    ("invoice", "ix_invoice_project"): ["project_id"],
}


def _risk_index_columns(book: Book) -> dict[tuple[str, str], list[str]]:
    with book.engine.connect() as connection:
        inspector = inspect(connection)
        return {
            (table, name): next(
                ix["column_names"] for ix in inspector.get_indexes(table) if ix["name"] == name
            )
            for table, name in RISK_INDEXES
        }


def test_the_risk_fact_indexes_cover_the_columns_the_facts_read(book):
    assert _risk_index_columns(book) == RISK_INDEXES


def test_downgrading_narrows_the_risk_indexes_and_reopening_widens_them_again(book):
    """0003 goes back to 0002's indexes, and a book left at 0002 is brought forward."""
    with book.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")
    assert _risk_index_columns(book) == BEFORE_0003
    book.engine.dispose()
    reopened = open_book(book.url, clock_from_text("2026-11-23"))
    with reopened.engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert _risk_index_columns(reopened) == RISK_INDEXES
    reopened.engine.dispose()
