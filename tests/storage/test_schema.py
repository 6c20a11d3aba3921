"""Alembic builds the schema: its head is the one clientkit expects and matches the models."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import clientkit.storage.models  # noqa: F401  (registers the tables)
from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from clientkit.storage.migrate import HEAD_REVISION, alembic_config, current_revision

TABLES = {"profile", "client", "project", "scope_item", "revision", "time_entry",
          "running_timer", "message", "contract", "invoice", "invoice_line", "invoice_series",
          "payment", "reminder", "project_minutes", "alembic_version"}


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
    """Autogenerate finds no difference between the migrations and the SQLModel tables."""
    with book.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


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
