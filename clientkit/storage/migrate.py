"""Brings a book's schema to the current revision, backing up a SQLite file first."""

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from clientkit.storage.backup import backup_sqlite, refuse_damaged
from clientkit.storage.engine import WRITE_OPTION, sqlite_path
from clientkit.storage.errors import BookDamaged, BookError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in migrations/versions; a test checks it matches Alembic's head.
HEAD_REVISION = "0016"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the book, or None for an empty one."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine, url: str) -> None:
    """Migrate to HEAD_REVISION if needed; cheap (no Alembic import) when already current."""
    try:
        with engine.connect() as connection:
            if current_revision(connection) == HEAD_REVISION:
                return
    except BookDamaged as exc:
        _refuse_unreadable(url, exc)
        raise
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        _lock_for_migration(connection)
        revision = current_revision(connection)
        if revision == HEAD_REVISION:
            return  # another process migrated while we waited for the lock
        path = sqlite_path(url)
        backup = None
        if revision is not None and path is not None:
            refuse_damaged(path)  # never migrate (or back up over) a damaged book
            backup = backup_before_migration(path, revision)
        try:
            _upgrade(connection)
        except Exception as exc:
            raise MigrationFailed(revision, backup, exc) from exc


class MigrationFailed(BookError):
    """The schema could not be brought up to date; the book was left as it was."""

    def __init__(self, revision: str | None, backup: Path | None, cause: Exception) -> None:
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        kept = f"; a copy was kept at {backup}" if backup else ""
        super().__init__(
            f"cannot migrate the book from schema revision {revision or 'none'} to "
            f"{HEAD_REVISION} ({reason}); it was left unchanged{kept}"
        )


def _refuse_unreadable(url: str, exc: BookDamaged) -> None:
    """A SQLite file that is not a database, or is malformed, is reported by name, never
    replaced."""
    path = sqlite_path(url)
    if path is not None:
        raise BookDamaged(exc.problem, path) from None


def _lock_for_migration(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(4242)"))


def backup_before_migration(path: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.before-{revision}-{stamp}.bak")
    backup_sqlite(path, target)
    return target


def alembic_config(connection: Connection | None = None) -> "Config":
    """An Alembic Config pointing at clientkit's migrations (imports Alembic)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
