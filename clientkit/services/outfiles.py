"""Generated files: safe slugs of user text inside the output folder, never silently replaced."""

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from clientkit import paths
from clientkit.services.errors import BadInput, Refused

MAX_SLUG = 80
MAX_SUFFIX = 9999


def slugify(*parts: str, fallback: str = "document") -> str:
    """ASCII slug of user text: `Ľubomír Šťastný / Logo` -> `lubomir-stastny-logo`.

    Only letters, digits and single dashes survive, so no path separator, no
    `..` and no leading dot can reach a file name; the length is bounded.
    """
    ascii_text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:MAX_SLUG].strip("-") or fallback


def output_folder(kind: str) -> Path:
    """`output_dir()/kind`, created private on first use."""
    return paths.ensure_private_dir(paths.output_dir() / kind)


def write_new(folder: Path, slug: str, suffix: str, data: bytes) -> Path:
    """Write `data` as folder/slug.suffix, or slug-2, slug-3 ... when taken; returns the path."""
    root = folder.resolve()
    for number in range(1, MAX_SUFFIX + 1):
        name = f"{slug}{suffix}" if number == 1 else f"{slug}-{number}{suffix}"
        target = (root / name).resolve()
        if target.parent != root:
            raise BadInput(f"unsafe file name {name!r}")
        if _link_new(target, data):
            return target
    raise Refused(f"{root} already holds {MAX_SUFFIX} files named {slug}; clean it up first")


def write_named(target: Path, data: bytes, *, force: bool = False) -> Path:
    """Write to a path the user named; an existing file is replaced only with `force`."""
    target = target.expanduser()
    if target.is_dir():
        raise BadInput(f"{target} is a directory; name a file, e.g. {target / 'contract.pdf'}")
    if not target.parent.is_dir():
        raise BadInput(f"folder {target.parent} does not exist")
    if force:
        _replace(target, data)
        return target.resolve()
    if not _link_new(target, data):
        raise Refused(f"{target} already exists; pass --force to replace it")
    return target.resolve()


def _temporary(folder: Path, data: bytes) -> Path:
    """A fully written, synced temporary file in `folder` (so a crash leaves no half file)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".clientkit-", suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def _link_new(target: Path, data: bytes) -> bool:
    """Publish `data` at `target` only if nothing is there (atomic); False when taken."""
    if target.exists():
        return False
    temporary = _temporary(target.parent, data)
    try:
        _publish(temporary, target, data)
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


def _publish(temporary: Path, target: Path, data: bytes) -> None:
    """Give the finished file its name; FileExistsError when the name is taken."""
    try:
        os.link(temporary, target)  # fails if the name appeared meanwhile: no overwrite race
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: an exclusive create instead
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())


def _replace(target: Path, data: bytes) -> None:
    temporary = _temporary(target.parent, data)
    try:
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def remove_quietly(path: Path) -> None:
    """Delete a file we just wrote (its record could not be stored)."""
    path.unlink(missing_ok=True)
