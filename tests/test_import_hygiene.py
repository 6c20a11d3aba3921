"""Layering proven in fresh interpreters: a pure domain, and a CLI that starts light."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import demo_in_home

FORBIDDEN_AT_STARTUP = {"textual", "reportlab", "sqlmodel"}
FORBIDDEN_ANYWHERE_IN_CLI = {"textual", "reportlab"}

DOMAIN_PROBE = """
import json, pkgutil, sys, importlib
import clientkit.domain as domain
before = set(sys.modules)
for module in pkgutil.iter_modules(domain.__path__, "clientkit.domain."):
    importlib.import_module(module.name)
loaded = {name.split(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted(loaded - set(sys.stdlib_module_names) - {"clientkit"})))
print(json.dumps(sorted(name for name in sys.modules if name.startswith("clientkit.domain."))))
"""


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTKIT_HOME": str(home), "CLIENTKIT_TODAY": "2026-11-23"}
    env.pop("CLIENTKIT_DB", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def _imported_by(command: list[str], home: Path) -> set[str]:
    """Top-level packages a real `python -m clientkit ...` process imports (-X importtime)."""
    done = _run(["-X", "importtime", "-m", "clientkit", *command], home)
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "imported package" not in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "clientkit" in names  # the probe really saw the imports
    return names


def test_the_domain_imports_only_the_standard_library(tmp_path):
    """Importing every clientkit.domain module loads nothing outside the stdlib."""
    done = _run(["-c", DOMAIN_PROBE], tmp_path)
    assert done.returncode == 0, done.stderr
    outside, modules = (line for line in done.stdout.splitlines())
    assert outside == "[]"
    assert "clientkit.domain.money" in modules
    assert "clientkit.domain.terms" in modules


def test_help_imports_neither_textual_reportlab_nor_sqlmodel(tmp_path):
    """`clientkit --help` stays light: no UI toolkit, no PDF engine, no ORM."""
    assert _imported_by(["--help"], tmp_path) & FORBIDDEN_AT_STARTUP == set()


@pytest.mark.parametrize("command", [["client", "list"], ["log", "--help"]])
def test_everyday_commands_import_neither_textual_nor_reportlab(tmp_path, command):
    """Commands that only read or write the book never load the TUI or the PDF engine."""
    assert _imported_by(command, tmp_path) & FORBIDDEN_ANYWHERE_IN_CLI == set()


def _imported_modules(command: list[str], home: Path) -> set[str]:
    done = _run(["-X", "importtime", "-m", "clientkit", *command], home)
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize("command", [["risks", "--json"], ["report"]])
def test_risks_and_report_read_the_book_without_building_the_orm(tmp_path, demo_book_file, command):
    """The aggregate reads run on SQLAlchemy Core: no SQLModel, no ORM, no model classes
    (about 0.2 s of every `clientkit risks`), even on a book with findings to show."""
    demo_in_home(demo_book_file, tmp_path)  # the book `clientkit demo` makes
    loaded = _imported_modules(command, tmp_path)
    assert "clientkit.storage.tables" in loaded  # the probe saw the fact queries load
    assert {"sqlmodel", "sqlalchemy.orm", "clientkit.storage.models"} & loaded == set()


ORM_AND_PYDANTIC = {"sqlmodel", "pydantic", "sqlalchemy.orm", "clientkit.storage.models"}


@pytest.mark.parametrize(
    "command",
    [
        ["log", "Brand refresh", "30m"],
        ["log", "Brand refresh", "30m", "--kind", "call"],
        ["revision", "add", "Brand refresh", "Bigger logo"],
        ["timer", "start", "Brand refresh"],
        ["timer", "status"],
        ["message", "add", "Brightline", "--inbound", "--subject", "Logo?"],
        ["message", "add", "Brightline", "--outbound", "--subject", "Re: Logo"],
        ["project", "show", "Brand refresh"],
        ["deposit", "Brand refresh", "100"],
        ["project", "show", "Brand refresh", "--json"],
    ],
    ids=" ".join,
)
def test_everyday_commands_import_neither_the_orm_nor_pydantic(tmp_path, demo_book_file, command):
    """`log`, `revision add`, the timer, `message add` and `deposit` write through Core, and
    `project show` reads through it: the ORM, SQLModel and pydantic (about 0.3 s of every run) are
    never imported."""
    demo_in_home(demo_book_file, tmp_path)
    loaded = _imported_modules(command, tmp_path)
    assert "clientkit.services.book" in loaded  # the probe saw the command open the book
    assert ORM_AND_PYDANTIC & loaded == set()


def test_timer_stop_writes_through_core_too(tmp_path, demo_book_file):
    """Stopping the timer logs its time without the ORM, as starting it did."""
    demo_in_home(demo_book_file, tmp_path)
    assert _run(["-m", "clientkit", "timer", "start", "Brand refresh"], tmp_path).returncode == 0
    loaded = _imported_modules(["timer", "stop"], tmp_path)
    assert "clientkit.storage.core_writes" in loaded
    assert ORM_AND_PYDANTIC & loaded == set()


@pytest.mark.parametrize(
    "command",
    [
        ["invoice", "list", "--json"],
        ["invoice", "list", "--all"],
        ["client", "list"],
        ["project", "list", "--json"],
        ["time", "list", "--all"],
    ],
)
def test_the_long_lists_read_the_book_without_building_the_orm(tmp_path, demo_book_file, command):
    """The lists stream rows through Core tables: no ORM object per row, and no ORM loaded at
    all unless a client or project is named (the lookup by name needs it)."""
    demo_in_home(demo_book_file, tmp_path)
    loaded = _imported_modules(command, tmp_path)
    assert "clientkit.storage.list_queries" in loaded
    assert {"sqlmodel", "sqlalchemy.orm", "clientkit.storage.models"} & loaded == set()


DOCUMENT_ENGINES = {"reportlab", "facturx", "requests"}


@pytest.mark.parametrize(
    "command",
    [
        ["invoice", "pdf", "2026-0007"],
        ["invoice", "pdf", "7", "--json"],
        ["invoice", "pdf", "--all"],
    ],
    ids=" ".join,
)
def test_an_issued_invoice_pdf_is_written_without_the_orm_or_a_pdf_engine(
    tmp_path, demo_book_file, command
):
    """An issued invoice's PDF is stored at issue, so writing it out (one, or the batch)
    reads it through Core: no ORM, SQLModel or pydantic, no ReportLab, no factur-x."""
    demo_in_home(demo_book_file, tmp_path)
    loaded = _imported_modules([*command, "-o", str(tmp_path / "out") + os.sep], tmp_path)
    assert "clientkit.services.stored_documents" in loaded
    top_level = {name.split(".")[0] for name in loaded}
    assert ORM_AND_PYDANTIC & loaded == set()
    assert DOCUMENT_ENGINES & top_level == set()
    assert list((tmp_path / "out").glob("*.pdf"))  # the probe saw the files written


def test_contract_pdf_show_and_sign_read_and_record_through_core(tmp_path, demo_book_file):
    """`contract pdf` lays out with ReportLab and fills its template with Jinja, but what it
    reads and records, as `contract show` and `contract sign` do, goes through Core: the
    ORM, SQLModel and pydantic are never imported."""
    demo_in_home(demo_book_file, tmp_path)
    out = str(tmp_path / "contract.pdf")
    made = _imported_modules(["contract", "pdf", "Brand refresh", "-o", out], tmp_path)
    assert "reportlab" in made  # the probe saw the rendering
    for loaded in (
        made,
        _imported_modules(["contract", "show", "Brand refresh"], tmp_path),
        _imported_modules(["contract", "sign", "Brand refresh"], tmp_path),
    ):
        assert "clientkit.services.contracts" in loaded
        assert ORM_AND_PYDANTIC & loaded == set()
