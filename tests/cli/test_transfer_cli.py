"""`clientkit export` and `clientkit import` from the command line: exit codes, files, messages."""

import json
import stat
from pathlib import Path

import pytest

from clientkit.clock import clock_from_text
from clientkit.services.book import open_book
from tests.conftest import TODAY
from tests.reliability.sample import book_counts, fill_book


@pytest.fixture
def home_book() -> dict[str, int]:
    """The default book in CLIENTKIT_HOME, filled with the sample; returns its row counts."""
    book = open_book(None, clock_from_text(TODAY))
    fill_book(book)
    counts = book_counts(book)
    book.engine.dispose()
    return counts


def _counts(url: str) -> dict[str, int]:
    book = open_book(url, clock_from_text(TODAY))
    try:
        return book_counts(book)
    finally:
        book.engine.dispose()


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_export_then_import_into_a_new_book_round_trips(cli, invoke, home_book, tmp_path):
    """The real entry point exports to DIR and imports it into another book, same numbers."""
    out = tmp_path / "export"
    exported = cli("export", "-o", str(out), "--json")
    assert exported.code == 0, exported.stderr
    summary = json.loads(exported.stdout)
    assert summary["format"] == "json"
    assert summary["version"] == 1
    assert summary["tables"] == home_book
    target = f"sqlite:///{tmp_path / 'new.db'}"
    imported = cli("--db", target, "import", str(out))
    assert imported.code == 0, imported.stderr
    assert f"imported {sum(home_book.values())} rows" in imported.stdout
    assert _counts(target) == home_book
    for command in (("client", "list", "--json"), ("project", "list", "--json")):
        assert invoke("--db", target, *command).stdout == invoke(*command).stdout


def test_import_into_a_book_with_other_data_exits_1_and_changes_nothing(
    invoke, home_book, tmp_path
):
    """Refused with one line; the other book keeps exactly what it had."""
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    target = f"sqlite:///{tmp_path / 'other.db'}"
    assert invoke("--db", target, "client", "add", "Someone else").code == 0
    before = _counts(target)
    result = invoke("--db", target, "import", str(tmp_path / "out"))
    assert result.code == 1
    assert "not empty" in _one_error_line(result.stderr)
    assert _counts(target) == before


def test_importing_the_same_export_twice_exits_0_and_doubles_no_payment(
    invoke, home_book, tmp_path
):
    """The second import says there is nothing to import; payments are counted once."""
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    target = f"sqlite:///{tmp_path / 'new.db'}"
    assert invoke("--db", target, "import", str(tmp_path / "out")).code == 0
    again = invoke("--db", target, "import", str(tmp_path / "out"))
    assert again.code == 0, again.stderr
    assert "nothing to import" in again.stdout
    assert _counts(target)["payment"] == home_book["payment"]


def test_import_dry_run_prints_what_it_would_do_and_writes_nothing(invoke, home_book, tmp_path):
    """--dry-run --json reports the rows and leaves the book empty."""
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    target = f"sqlite:///{tmp_path / 'new.db'}"
    result = invoke("--db", target, "import", str(tmp_path / "out"), "--dry-run", "--json")
    assert result.code == 0
    assert json.loads(result.stdout)["rows"] == sum(home_book.values())
    assert sum(_counts(target).values()) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "/nonexistent/export"), "does not exist"),
        (("export", "-o", "{tmp}/x", "--format", "xml"), "invalid format"),
    ],
)
def test_bad_paths_and_formats_exit_2_with_one_line(invoke, tmp_path, args, message):
    """A missing export or an unknown format is bad input."""
    result = invoke(*(arg.replace("{tmp}", str(tmp_path)) for arg in args))
    assert result.code == 2
    assert message in _one_error_line(result.stderr)


def test_export_below_a_file_is_refused_with_one_line(invoke, home_book, tmp_path):
    """-o naming a folder inside a file was "unexpected failure (NotADirectoryError)"."""
    (tmp_path / "notes.txt").write_text("a file")
    result = invoke("export", "-o", str(tmp_path / "notes.txt" / "out"))
    assert result.code == 1
    line = _one_error_line(result.stderr)
    assert f"{tmp_path / 'notes.txt'} is a file, not a directory" in line
    assert (tmp_path / "notes.txt").read_text() == "a file"


def test_export_into_an_earlier_export_exits_1_and_overwrites_nothing(invoke, home_book, tmp_path):
    """Files are never overwritten: the second export into the same directory is refused."""
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    result = invoke("export", "-o", str(tmp_path / "out"))
    assert result.code == 1
    assert "already holds" in _one_error_line(result.stderr)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_export_files_are_mode_0600(invoke, home_book, tmp_path):
    """JSON and CSV exports alike are readable by the user only."""
    for fmt in ("json", "csv"):
        assert invoke("export", "-o", str(tmp_path / fmt), "--format", fmt).code == 0
        files = list((tmp_path / fmt).iterdir())
        assert files
        assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


def test_csv_export_writes_one_neutralised_file_per_table(invoke, home_book, tmp_path):
    """One CSV per table; a project titled like a formula is quoted for spreadsheets."""
    result = invoke("export", "-o", str(tmp_path / "csv"), "--format", "csv")
    assert result.code == 0, result.stderr
    assert sorted(p.stem for p in (tmp_path / "csv").glob("*.csv")) == sorted(home_book)
    text = (tmp_path / "csv" / "project.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text
    assert ",=cmd" not in text


def test_a_damaged_export_exits_2_and_imports_nothing(invoke, home_book, tmp_path):
    """A truncated table file is detected by its manifest; the target stays empty."""
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    entries = tmp_path / "out" / "time_entry.jsonl"
    entries.write_text(entries.read_text().splitlines()[0] + "\n")
    target = f"sqlite:///{tmp_path / 'new.db'}"
    result = invoke("--db", target, "import", str(tmp_path / "out"))
    assert result.code == 2
    assert "damaged or incomplete" in _one_error_line(result.stderr)
    assert sum(_counts(target).values()) == 0


def test_import_also_takes_the_manifest_path(invoke, home_book, tmp_path):
    """`import DIR/clientkit-export.json` works as well as `import DIR`."""
    assert invoke("export", "-o", str(tmp_path / "out")).code == 0
    target = f"sqlite:///{tmp_path / 'new.db'}"
    manifest = Path(tmp_path / "out" / "clientkit-export.json")
    assert invoke("--db", target, "import", str(manifest)).code == 0
    assert _counts(target) == home_book
