"""Every folder and file clientkit creates, parents included, is private to the user: 0700
folders and 0600 files, whatever the umask the program was started with."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from clientkit import paths

STEPS = [
    (
        "profile",
        "set",
        "--name",
        "Jana",
        "--email",
        "jana@studio.test",
        "--address",
        "Street 1",
        "--iban",
        "SK3112000000198742637541",
    ),
    ("client", "add", "Acme", "--email", "a@b.test", "--address", "Main 1"),
    ("project", "add", "Acme", "Logo", "--price", "100"),
    ("contract", "pdf", "Logo"),
    ("invoice", "create", "Logo"),
    ("invoice", "issue", "1"),
    ("invoice", "pdf", "1"),
    ("backup", "-o", "{root}/b/backups/book.db"),
    ("export", "-o", "{root}/e/export"),
    ("remind", "--outbox", "{root}/o/outbox", "--today", "2026-12-10"),
]


def _modes(root: Path) -> dict[str, str]:
    """Each path under `root` (not root itself) with its permission bits, octal."""
    return {
        str(path.relative_to(root)): oct(stat.S_IMODE(path.lstat().st_mode))
        for path in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_every_file_and_folder_the_program_creates_is_private_whatever_the_umask(tmp_path, umask):
    """Home (and the parents it needed), book, documents/, contract and invoice PDFs,
    backups, exports and outbox .eml files: 0700 and 0600 under umask 000 and 022."""
    root = tmp_path / "root"
    root.mkdir()
    env = {
        **os.environ,
        "CLIENTKIT_HOME": str(root / "new" / "deeper" / "home"),
        "CLIENTKIT_TODAY": "2026-11-23",
    }
    for step in STEPS:
        args = [part.format(root=root) for part in step]
        # The shell sets the umask and execs: no preexec_fn in a process that has threads.
        shell = ["sh", "-c", f'umask {umask:03o}; exec "$0" "$@"']
        done = subprocess.run(
            [*shell, sys.executable, "-m", "clientkit", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (args, done.stderr)
    modes = _modes(root)
    expected = {name: "0o700" if (root / name).is_dir() else "0o600" for name in modes}
    assert modes == expected
    for made in (
        "new/deeper/home/clientkit.db",
        "new/deeper/home/documents",
        "b/backups/book.db",
        "e/export/clientkit-export.json",
        "o/outbox/2026-0001-friendly.eml",
    ):
        assert made in modes
    assert any(name.endswith(".pdf") and "/contracts/" in name for name in modes)
    assert any(name.endswith(".pdf") and "/invoices/" in name for name in modes)


@pytest.mark.parametrize(("before", "after"), [(0o000, 0o077), (0o022, 0o077), (0o277, 0o277)])
def test_the_program_narrows_the_umask_to_private_and_keeps_a_stricter_one(before, after):
    """What a library or SQLite (its -wal and -shm files) creates without a mode of its own is
    private too; a umask that is already stricter stays as it is."""
    probe = (
        "import os; from clientkit.paths import private_umask; "
        f"os.umask({before}); private_umask(); print(oct(os.umask(0)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == oct(after)


def test_private_folders_are_made_0700_with_their_parents_even_in_process_under_umask_000(
    tmp_path,
):
    """Without the entry point's umask (a caller embedding clientkit), the folders it makes for
    documents are still 0700, parents included; an existing parent is left alone."""
    tmp_path.chmod(0o755)
    previous = os.umask(0)
    try:
        made = paths.ensure_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(previous)
    assert made.is_dir()
    assert _modes(tmp_path) == {"a": "0o700", "a/b": "0o700", "a/b/c": "0o700"}
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_documents_made_in_process_under_umask_000_are_private(invoke):
    """`contract pdf` run in-process (no entry point) under umask 000: documents/ and its
    contracts/ folder are 0700 and the PDF 0600."""
    for step in STEPS[:3]:
        assert invoke(*step).code == 0
    previous = os.umask(0)
    try:
        assert invoke("contract", "pdf", "Logo").code == 0
    finally:
        os.umask(previous)
    documents = paths.output_dir()
    assert stat.S_IMODE(documents.stat().st_mode) == 0o700
    assert stat.S_IMODE((documents / "contracts").stat().st_mode) == 0o700
    (pdf,) = (documents / "contracts").glob("*.pdf")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
