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


def catalogs_dir() -> Path:
    """The gettext catalogs shipped with clientkit: `<language>/LC_MESSAGES/<domain>.po`."""
    return Path(__file__).resolve().parent / "locale"


def ensure_private_dir(path: Path) -> Path:
    """Create a directory and every missing parent readable only by the user (0700), whatever
    the umask; folders that already exist are left as they are."""
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another process: not ours to change
            continue
        os.chmod(new, 0o700)  # mkdir's mode passes through the umask: 000 would leave 0777
    path.mkdir(parents=True, exist_ok=True, mode=0o700)  # a file in the way raises here
    return path


def private_umask() -> None:
    """Make whatever this process creates private, on top of the user's own umask: SQLite's
    -wal and -shm files, folders a library makes, any file without an explicit mode."""
    os.umask(os.umask(0o077) | 0o077)
