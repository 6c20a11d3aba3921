"""Where clientkit keeps its files: the one module that reads CLIENTKIT_HOME and platformdirs."""

import os
from pathlib import Path

APP_NAME = "clientkit"


def home() -> Path:
    """The clientkit home: database, config, user templates and generated files."""
    override = os.environ.get("CLIENTKIT_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return home() / "clientkit.db"


def config_path() -> Path:
    return home() / "config.toml"


def user_templates_dir() -> Path:
    return home() / "templates"


def output_dir() -> Path:
    """Where generated documents go unless the user names a path."""
    return home() / "documents"


def shipped_templates_dir() -> Path:
    """Templates shipped with clientkit: inside the wheel, or beside the source tree."""
    package = Path(__file__).resolve().parent
    installed = package / "contract_templates"
    if installed.is_dir():
        return installed
    return package.parent / "contract_templates"


def ensure_private_dir(path: Path) -> Path:
    """Create a directory (and parents) readable only by the user."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
