"""`clientkit contract`: templates, pdf, sign and show through the real entry point."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, row_counts


@pytest.fixture
def project(invoke):  # type: ignore[no-untyped-def]
    """A German client's project with a price, revisions and a fee per extra revision."""
    for args in (
        ("profile", "set", "--name", "Jana Nováková", "--iban", "SK3112000000198742637541"),
        ("client", "add", "Acme GmbH", "--locale", "de_DE", "--currency", "EUR"),
        (
            "project",
            "add",
            "Acme GmbH",
            "Logo",
            "--price",
            "1500",
            "--revisions",
            "2",
            "--revision-fee",
            "150",
        ),
        ("scope", "add", "Logo", "Wortmarke und Bildmarke"),
    ):
        result = invoke(*args)
        assert result.code == 0, result.stderr
    return "Logo"


def _home() -> Path:
    return Path(os.environ["CLIENTKIT_HOME"])


def _pdfs() -> list[Path]:
    folder = _home() / "documents" / "contracts"
    return sorted(folder.glob("*.pdf")) if folder.exists() else []


def _user_template(name: str, text: str) -> None:
    folder = _home() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def _pdf_text(path: str | Path) -> str:
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_contract_pdf_prints_the_new_contract_as_json_and_writes_the_hashed_file(invoke, project):
    result = invoke("contract", "pdf", project, "--json")
    assert result.code == 0, result.stderr
    view = one_json(result.stdout)
    path = Path(view["path"])
    assert path.parent == (_home() / "documents" / "contracts").resolve()
    assert view["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert view["lang"] == "de_DE"
    assert view["signed_on"] is None
    text = _pdf_text(path)
    assert "1.500,00 €" in text
    assert "Wortmarke und Bildmarke" in text
    assert "Jede weitere Korrekturrunde wird mit 150,00 € berechnet" in text


def test_contract_templates_lists_user_and_shipped_templates_with_their_origin(invoke):
    _user_template("contract.en.txt", "# Mine\n")
    result = invoke("contract", "templates", "--json")
    assert result.code == 0, result.stderr
    rows = {(row["name"], row["origin"], row["active"]) for row in one_json(result.stdout)}
    assert {
        ("contract.en.txt", "user", True),
        ("contract.en.txt", "shipped", False),
        ("contract.de.txt", "shipped", True),
    } <= rows
    text = invoke("contract", "templates")
    assert text.code == 0
    assert any(
        line.split()[:3] == ["contract.en.txt", "user", "yes"] for line in text.stdout.splitlines()
    )


def test_an_undefined_template_value_fails_in_one_line_naming_it_and_writes_no_pdf(cli, project):
    _user_template("contract.de.txt", "# Vertrag\n\nPreis: {{ terms.price }}, {{ kickoff_date }}\n")
    result = cli("contract", "pdf", project)
    assert result.code == 2
    assert_one_error_line(result.stderr)
    assert "'kickoff_date' is not defined" in result.stderr
    assert "contract.de.txt, line 3" in result.stderr
    assert _pdfs() == []
    assert row_counts()["contract"] == 0


def test_a_sandbox_escape_in_a_template_is_refused_in_one_line(invoke, project):
    _user_template("contract.de.txt", "{{ ''.__class__.__mro__ }}\n")
    result = invoke("contract", "pdf", project)
    assert result.code == 1
    assert_one_error_line(result.stderr)
    assert "sandbox" in result.stderr
    assert _pdfs() == []


def test_an_existing_output_file_is_kept_unless_force_is_given(invoke, project, tmp_path):
    target = tmp_path / "contract.pdf"
    target.write_bytes(b"mine")
    refused = invoke("contract", "pdf", project, "-o", str(target))
    assert refused.code == 1
    assert_one_error_line(refused.stderr)
    assert target.read_bytes() == b"mine"
    forced = invoke("contract", "pdf", project, "-o", str(target), "--force", "--json")
    assert forced.code == 0, forced.stderr
    assert one_json(forced.stdout)["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_signing_clears_no_contract_and_the_project_shows_the_date(invoke, project):
    assert invoke("project", "start", project).code == 0
    codes = [f["code"] for f in one_json(invoke("risks", "--json").stdout)]
    assert "no_contract" in codes
    assert invoke("contract", "pdf", project).code == 0
    signed = invoke("contract", "sign", project, "--date", "2026-11-20", "--json")
    assert signed.code == 0, signed.stderr
    assert one_json(signed.stdout)["signed_on"] == "2026-11-20"
    shown = one_json(invoke("project", "show", project, "--json").stdout)
    assert shown["contract_signed"] == "2026-11-20"
    codes = [f["code"] for f in one_json(invoke("risks", "--json").stdout)]
    assert "no_contract" not in codes


def test_contract_show_gives_the_signed_values_and_hash(invoke, project):
    made = one_json(invoke("contract", "pdf", project, "--json").stdout)
    assert invoke("contract", "sign", project).code == 0
    result = invoke("contract", "show", project, "--json")
    assert result.code == 0, result.stderr
    shown = one_json(result.stdout)
    assert shown["sha256"] == made["sha256"]
    assert shown["signed_on"] == "2026-11-23"
    assert shown["file_matches"] is True
    assert shown["values"]["client"]["name"] == "Acme GmbH"
    assert shown["values"]["terms"]["revision_fee"] == "150,00\u00a0€"
    text = invoke("contract", "show", project)
    assert "terms.revision_fee: 150,00\u00a0€" in text.stdout


def test_signing_before_any_contract_is_refused_and_a_bad_date_is_bad_input(invoke, project):
    refused = invoke("contract", "sign", project)
    assert refused.code == 1
    assert_one_error_line(refused.stderr)
    assert invoke("contract", "pdf", project).code == 0
    bad = invoke("contract", "sign", project, "--date", "20.11.2026")
    assert bad.code == 2
    assert_one_error_line(bad.stderr)


def test_an_unknown_project_or_language_is_bad_input_and_writes_nothing(invoke, project):
    for args in (
        ("contract", "pdf", "nope"),
        ("contract", "pdf", project, "--lang", "xx_YY"),
        ("contract", "pdf", project, "--lang", "fr_FR"),
        ("contract", "pdf", project, "--template", "../clientkit.db"),
    ):
        result = invoke(*args)
        assert result.code == 2, args
        assert_one_error_line(result.stderr)
    assert _pdfs() == []


def test_the_contract_commands_do_not_load_reportlab_or_jinja_until_used():
    code = (
        "import sys, clientkit.cli.main; "
        "print(sorted(m for m in ('reportlab', 'jinja2', 'babel') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.replace("'", '"')) == []
