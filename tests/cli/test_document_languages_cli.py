"""A client whose language has no catalog: the commands still succeed, say the document is in
English, and write it wholly in English."""

import subprocess

from tests.services.reminder_seed import overdue_invoice


def _commands(invoke, *args_list: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    outputs = []
    for args in args_list:
        result = invoke(*args)
        assert result.code == 0, (args, result.stderr)
        outputs.append(result.stdout + result.stderr)
    return outputs


def test_an_invoice_for_a_russian_client_is_english_and_each_command_says_so(invoke, tmp_path):
    created, issued, written = _commands(
        invoke,
        (
            "profile",
            "set",
            "--name",
            "Jana",
            "--country",
            "SK",
            "--iban",
            "SK3112000000198742637541",
        ),
        ("client", "add", "Petrov", "--locale", "ru_RU", "--country", "RU"),
        ("project", "add", "Petrov", "Site", "--hourly", "50", "--deposit", "0"),
        ("log", "Site", "3h"),
        ("invoice", "create", "Site"),
        ("invoice", "issue", "1"),
        ("invoice", "pdf", "2026-0001", "-o", str(tmp_path / "invoice.pdf")),
    )[-3:]
    notice = "client Petrov's language ru has no catalog: the invoice is in English"
    for output in (created, issued, written):
        assert notice in output
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "invoice.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Site: work" in text
    assert "Nov 23, 2026" in text  # not "23 нояб. 2026 г."
    assert "€150.00" in text


def test_a_reminder_to_a_russian_client_is_english_and_the_run_says_so(invoke, book_file):
    overdue_invoice(book_file, "Petrov", days_overdue=3, email="buh@petrov.example", locale="ru_RU")
    result = invoke("remind", "--dry-run")
    assert result.code == 0, result.stderr
    said = result.stdout + result.stderr
    assert "Subject: Friendly reminder: invoice 2026-0001, due Nov 20, 2026" in said
    assert (
        "client Petrov's language ru has no reminder template: the friendly reminder of invoice "
        "2026-0001 is in English"
    ) in said
