"""Hostile text is data: stored exactly or refused with exit 2, printed literally, never a path."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import row_counts

STORED_EXACTLY = [
    "<b>Acme & Sons</b>",
    "<img src=x onerror=alert(1)>",
    "../../etc/passwd",
    "..\\..\\windows\\system32",
    "Studio 🎨🚀 Ünïcødé",
    "שלום עולם",  # right to left
    "مرحبا بالعالم",
    "\u202eevil\u202c.pdf",  # a right-to-left override is a format mark, not a control
    "Robert'); DROP TABLE client;--",
    "%s %n {0} {{x}} ${HOME} $(rm -rf /)",
    '=HYPERLINK("http://x")',
    "x" * 200,
]
REFUSED = {
    "": "must not be empty",
    "   ": "must not be empty",
    "x" * 201: "too long",
    "y" * 300: "too long",
    "two\nlines": "control characters",
    "bell\x07": "control characters",
    "\x1b[31mred\x1b[0m": "control characters",  # terminal escape sequences
    "nul\x00byte": "NUL character",
}


def _one_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("name", STORED_EXACTLY)
def test_a_hostile_client_name_is_stored_and_shown_exactly(invoke, name, monkeypatch):
    """JSON and text output carry the name byte for byte (text on a terminal wide enough for
    it: a narrower one wraps a long name onto continuation lines)."""
    monkeypatch.setenv("COLUMNS", "1000")
    added = invoke("client", "add", name, "--json")
    assert added.code == 0, added.stderr
    assert json.loads(added.stdout)["name"] == name
    client_id = str(json.loads(added.stdout)["id"])
    assert json.loads(invoke("client", "show", client_id, "--json").stdout)["name"] == name
    assert name in invoke("client", "list").stdout
    assert name in invoke("client", "show", client_id).stdout


@pytest.mark.parametrize("title", STORED_EXACTLY)
def test_hostile_project_titles_and_descriptions_are_stored_exactly(invoke, title):
    """Project titles, scope items and revisions keep the text as typed."""
    assert invoke("client", "add", "Acme").code == 0
    project = invoke("project", "add", "Acme", title, "--price", "100", "--json")
    assert project.code == 0, project.stderr
    project_id = str(json.loads(project.stdout)["id"])
    scope = invoke("scope", "add", project_id, title, "--json")
    assert json.loads(scope.stdout)["description"] == title
    revision = invoke("revision", "add", project_id, title, "--json")
    assert json.loads(revision.stdout)["description"] == title
    shown = json.loads(invoke("project", "show", project_id, "--json").stdout)
    assert shown["title"] == title
    assert [item["description"] for item in shown["scope"]] == [title]


@pytest.mark.parametrize(("name", "reason"), list(REFUSED.items()))
def test_a_blank_overlong_or_control_character_name_is_refused_with_exit_2(invoke, name, reason):
    """One line, exit 2, and no client was added."""
    assert invoke("client", "add", "Acme").code == 0
    result = invoke("client", "add", name)
    assert result.code == 2
    assert reason in _one_error(result.stderr)
    assert row_counts()["client"] == 1
    titled = invoke("project", "add", "Acme", name, "--price", "100")
    assert titled.code == 2
    assert row_counts()["project"] == 0


def test_the_real_process_prints_emoji_and_right_to_left_text_literally(cli, invoke):
    """Through a pipe, the installed entry point prints the stored text unchanged."""
    name = "<img src=x> & שלום 🎨"
    assert invoke("client", "add", name).code == 0
    listed = cli("client", "list")
    assert listed.code == 0
    assert name in listed.stdout
    assert json.loads(cli("client", "list", "--json").stdout)[0]["name"] == name


def _pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


@pytest.fixture
def hostile_project(invoke) -> str:
    """A client and project whose names try markup and path traversal."""
    assert (
        invoke(
            "profile",
            "set",
            "--name",
            "Jana <Studio>",
            "--email",
            "jana@studio.test",
            "--address",
            "Street 1",
            "--iban",
            "SK3112000000198742637541",
        ).code
        == 0
    )
    assert (
        invoke(
            "client",
            "add",
            "<img src=x onerror=alert(1)> & ../../Sons",
            "--email",
            "a@b.test",
            "--address",
            "Main 1",
        ).code
        == 0
    )
    added = invoke("project", "add", "1", "../../etc/passwd <b>bold</b>", "--price", "100")
    assert added.code == 0, added.stderr
    return "1"


SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.pdf")


def test_contract_pdf_of_hostile_names_is_a_slug_inside_the_documents_folder(
    invoke, hostile_project, tmp_path
):
    """The file name is a slug in CLIENTKIT_HOME/documents; the PDF prints the names literally."""
    result = invoke("contract", "pdf", hostile_project, "--json")
    assert result.code == 0, result.stderr
    path = Path(json.loads(result.stdout)["path"])
    assert path.parent == (tmp_path / "home" / "documents" / "contracts").resolve()
    assert SAFE_NAME.fullmatch(path.name), path.name
    text = _pdf_text(path)
    assert "<img src=x onerror=alert(1)> & ../../Sons" in text
    assert "../../etc/passwd <b>bold</b>" in text


def test_invoice_pdf_of_hostile_names_is_a_slug_and_prints_them_literally(
    invoke, hostile_project, tmp_path
):
    """The invoice PDF lands inside the documents folder under a slug; markup prints as text."""
    assert invoke("invoice", "create", hostile_project).code == 0
    assert invoke("invoice", "issue", "1").code == 0
    result = invoke("invoice", "pdf", "1", "--json")
    assert result.code == 0, result.stderr
    path = Path(json.loads(result.stdout)["path"])
    assert path.parent == (tmp_path / "home" / "documents" / "invoices").resolve()
    assert SAFE_NAME.fullmatch(path.name), path.name
    text = _pdf_text(path)
    assert "<img src=x onerror=alert(1)> & ../../Sons" in text
    assert "Jana <Studio>" in text
