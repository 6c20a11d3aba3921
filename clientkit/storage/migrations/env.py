"""Alembic environment: runs on the connection clientkit hands in, or on the configured URL."""

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import clientkit.storage.models  # noqa: F401  (registers the tables on the metadata)
from clientkit.storage.history import METADATA as HISTORY_METADATA

# The book's tables, and the history beside them (kept off SQLModel's metadata so that
# exports, imports and the demo's wipe never see it).
target_metadata = [SQLModel.metadata, HISTORY_METADATA]


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        url = context.config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("alembic: no connection given and no sqlalchemy.url configured")
        engine = create_engine(url)
        with engine.connect() as fresh:
            _migrate(fresh)
        return
    _migrate(connection)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
