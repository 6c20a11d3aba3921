"""Development helper: regenerate the initial migration 0001 from the models.

Only valid before the first release: once a book exists in the wild, schema
changes are new migrations, never edits of 0001.
"""

import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from clientkit.storage.migrate import MIGRATIONS_DIR, alembic_config

for old in (MIGRATIONS_DIR / "versions").glob("0001_*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    engine = create_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
    with engine.begin() as connection:
        config = alembic_config(connection)
        command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
print("regenerated", *(MIGRATIONS_DIR / "versions").glob("0001_*.py"))
