"""Brings a book's schema to the current revision, backing up a SQLite file first."""

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from clientkit.storage.backup import backup_sqlite
from clientkit.storage.engine import WRITE_OPTION, sqlite_path

# The newest migration in migrations/versions; a test checks it matches Alembic's head.
HEAD_REVISION = "0001"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the book, or None for an empty one."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine, url: str) -> None:
    """Migrate to HEAD_REVISION if needed; cheap (no Alembic import) when already current."""
    with engine.connect() as connection:
        if current_revision(connection) == HEAD_REVISION:
            return
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        _lock_for_migration(connection)
        revision = current_revision(connection)
        if revision == HEAD_REVISION:
            return  # another process migrated while we waited for the lock
        path = sqlite_path(url)
        if revision is not None and path is not None:
            backup_before_migration(path, revision)
        _upgrade(connection)


def _lock_for_migration(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(4242)"))


def backup_before_migration(path: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    backup_sqlite(path, target)
    return target


def alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    """An Alembic Config pointing at clientkit's migrations (imports Alembic)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
