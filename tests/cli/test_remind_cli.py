"""`clientkit remind` as a user runs it: a real SMTP server, a real book file; real processes
where the process itself matters (two senders at once, a sender killed mid-send), the same
CLI run in-process (`invoke`) everywhere else."""

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from tests.cli.helpers import configure, home_db
from tests.conftest import TODAY
from tests.services.conftest_smtp import Recorder, running_smtp
from tests.services.reminder_seed import overdue_invoice, reminded

NOTICE = (
    "may have been sent; check your sent mail, then run with --resend-interrupted to send it again"
)


def dead_config(port: int) -> str:
    return f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nfrom = "jana@novak.example"\ntimeout = 5\n'


def reminder_rows() -> list[tuple[int, str, str, str]]:
    with sqlite3.connect(home_db()) as connection:
        return connection.execute(
            "SELECT invoice_id, level, status, channel FROM reminder ORDER BY id"
        ).fetchall()


def outbound_messages() -> list[tuple[str, str]]:
    with sqlite3.connect(home_db()) as connection:
        return connection.execute(
            "SELECT subject, message_id FROM message WHERE direction = 'outbound'"
        ).fetchall()


def test_dry_run_shows_whom_which_invoice_level_subject_and_first_lines(
    invoke, book_file, home, dead_smtp_port
):
    """Nothing listens on the configured port, yet the preview succeeds: no network used."""
    invoice = overdue_invoice(book_file, days_overdue=7)
    reminded(book_file, invoice["id"], "friendly")
    configure(home, dead_config(dead_smtp_port))
    result = invoke("remind", "--dry-run")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-11-23: 1 reminder would be sent"
    assert lines[1] == (
        "- invoice 2026-0001 to Acme Inc <ap@acme.example>: second (7 days overdue)"
    )
    assert lines[2] == "    Subject: Second reminder: invoice 2026-0001 is 7 days overdue"
    assert lines[3] == "    | Hello Acme Inc,"
    assert lines[4].startswith("    | Invoice 2026-0001 of Nov 2, 2026 was due on Nov 16, 2026")
    assert reminder_rows() == [(1, "friendly", "sent", "email")]


def test_without_a_mode_remind_only_previews(invoke, book_file, home, dead_smtp_port):
    overdue_invoice(book_file, days_overdue=1)
    configure(home, dead_config(dead_smtp_port))
    result = invoke("remind")
    assert result.code == 0
    assert "1 reminder would be sent" in result.stdout
    assert reminder_rows() == []


def test_dry_run_json_has_exact_amounts_and_iso_dates(invoke, book_file):
    invoice = overdue_invoice(book_file, days_overdue=14, price="1234.50", late_fee="1.5%")
    reminded(book_file, invoice["id"], "friendly", "second")
    result = invoke("remind", "--dry-run", "--json")
    assert result.code == 0
    view = json.loads(result.stdout)
    [item] = view["reminders"]
    assert view["today"] == "2026-11-23"
    assert (item["level"], item["balance"], item["late_fee"], item["currency"]) == (
        "final",
        "1234.50",
        "18.52",
        "EUR",
    )


def test_today_option_moves_the_schedule(invoke, book_file):
    """Due 22 Nov: nothing on the due date; on 29 Nov, with nothing sent, the friendly one."""
    overdue_invoice(book_file, days_overdue=1)
    before = invoke("remind", "--dry-run", "--today", "2026-11-22")
    assert "no reminder is due" in before.stdout
    later = invoke("remind", "--dry-run", "--today", "2026-11-29")
    assert "friendly (7 days overdue)" in later.stdout
    global_option = invoke("--today", "2026-12-06", "remind", "--dry-run", today=None)
    assert "friendly (14 days overdue)" in global_option.stdout


def test_send_delivers_records_and_shows_in_client_history(
    invoke, book_file, home, smtp_server, monkeypatch
):
    overdue_invoice(book_file, days_overdue=1)
    configure(home, smtp_server.config_toml())
    result = invoke("remind", "--send")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(
        "sent friendly reminder for invoice 2026-0001 to ap@acme.example: SMTP 127.0.0.1:"
    )
    [received] = smtp_server.received
    assert received.rcpt_tos == ["ap@acme.example"]
    assert reminder_rows() == [(1, "friendly", "sent", "email")]
    shown = json.loads(invoke("client", "show", "Acme Inc", "--json").stdout)
    [message] = shown["messages"]
    assert (message["direction"], message["channel"]) == ("outbound", "email")
    assert message["message_id"] == received.message["Message-ID"]
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for the subject on one line
    assert received.message["Subject"] in invoke("client", "show", "Acme Inc").stdout


def test_a_second_run_sends_nothing(invoke, book_file, home, smtp_server):
    overdue_invoice(book_file, days_overdue=1)
    configure(home, smtp_server.config_toml())
    assert invoke("remind", "--send").code == 0
    again = invoke("remind", "--send")
    assert again.code == 0
    assert again.stdout.strip() == "2026-11-23: nothing to send"
    assert len(smtp_server.received) == 1


def test_smtp_down_exits_1_with_one_line_and_sends_on_the_next_run(
    invoke, book_file, home, dead_smtp_port
):
    overdue_invoice(book_file, days_overdue=1)
    configure(home, dead_config(dead_smtp_port))
    down = invoke("remind", "--send")
    assert down.code == 1
    [line] = down.stderr.splitlines()
    assert line == (
        "error: the friendly reminder for invoice 2026-0001 was not sent: SMTP server "
        f"127.0.0.1:{dead_smtp_port}: connection refused (is the server running and the port "
        "right?); the next run tries again"
    )
    assert [row[2] for row in reminder_rows()] == ["failed"]
    assert outbound_messages() == []
    with running_smtp() as server:
        configure(home, server.config_toml())
        up = invoke("remind", "--send")
        assert up.code == 0, up.stderr
        assert len(server.received) == 1
    assert [row[2] for row in reminder_rows()] == ["sent"]


def test_a_451_reply_exits_1_with_one_line(invoke, book_file, home):
    overdue_invoice(book_file, days_overdue=1)
    with running_smtp(Recorder(data_reply="451 4.7.1 Greylisted, try again")) as server:
        configure(home, server.config_toml())
        result = invoke("remind", "--send")
    assert result.code == 1
    [line] = result.stderr.splitlines()
    assert "answered 451 4.7.1 Greylisted, try again" in line
    assert outbound_messages() == []


def test_a_refused_mailbox_exits_1_naming_it_after_the_others_were_sent(invoke, book_file, home):
    overdue_invoice(book_file, days_overdue=2)
    overdue_invoice(book_file, "Beta Ltd", days_overdue=1, email="pay@beta.example")

    class RefuseAcme(Recorder):
        async def handle_RCPT(self, server, session, envelope, address, options):
            if address.endswith("acme.example"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    with running_smtp(RefuseAcme()) as server:
        configure(home, server.config_toml())
        result = invoke("remind", "--send")
    assert result.code == 1
    assert "sent friendly reminder for invoice 2026-0002 to pay@beta.example" in result.stdout
    assert "! the friendly reminder for invoice 2026-0001 was not sent" in result.stdout
    assert "550 5.1.1 No such user" in result.stdout
    assert len(outbound_messages()) == 1


def test_two_processes_sending_at_once_deliver_each_reminder_once(book_file, home, smtp_server):
    for number in range(6):
        overdue_invoice(
            book_file,
            f"Client {number}",
            days_overdue=1 + number * 3,
            email=f"ap{number}@client.example",
        )
    configure(home, smtp_server.config_toml())
    env = {**os.environ, "CLIENTKIT_HOME": str(home), "CLIENTKIT_TODAY": TODAY}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "clientkit", "remind", "--send"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = [(run.wait(timeout=180), *run.communicate()) for run in runs]
    assert [code for code, _, _ in outcomes] == [0, 0], outcomes
    delivered = Counter(tuple(r.rcpt_tos) for r in smtp_server.received)
    assert delivered == Counter({(f"ap{n}@client.example",): 1 for n in range(6)})
    assert sorted(row[2] for row in reminder_rows()) == ["sent"] * 6
    assert len(outbound_messages()) == 6


class Stalling(Recorder):
    """Takes the message's DATA and then hangs, so the test can kill the sender mid-send."""

    def __init__(self) -> None:
        super().__init__()
        self.data_started = threading.Event()
        self.stall = True

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.stall:
            self.data_started.set()
            while self.stall:
                await asyncio.sleep(0.05)
            return "451 4.3.0 gone"
        return await super().handle_DATA(server, session, envelope)


def test_a_sender_killed_mid_send_is_reported_and_resent_only_when_confirmed(
    book_file, home, invoke
):
    overdue_invoice(book_file, days_overdue=1)
    handler = Stalling()
    with running_smtp(handler) as server:
        configure(home, server.config_toml())
        env = {**os.environ, "CLIENTKIT_HOME": str(home), "CLIENTKIT_TODAY": TODAY}
        sender = subprocess.Popen(
            [sys.executable, "-m", "clientkit", "remind", "--send"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert handler.data_started.wait(timeout=120)
        sender.kill()  # kill -9 while the server holds the message
        sender.wait()
        handler.stall = False
        assert [row[2] for row in reminder_rows()] == ["intent"]

        reported = invoke("remind", "--send")
        assert reported.code == 1
        assert f"! reminder 1 (friendly) for invoice 2026-0001 {NOTICE}" in reported.stdout
        assert server.received == []
        dry = invoke("remind", "--dry-run")
        assert dry.code == 0
        assert NOTICE in dry.stdout

        confirmed = invoke("remind", "--send", "--resend-interrupted")
        assert confirmed.code == 0, confirmed.stderr
        assert len(server.received) == 1
        assert invoke("remind", "--send", "--resend-interrupted").code == 0
        assert len(server.received) == 1
    assert reminder_rows() == [(1, "friendly", "sent", "email")]


def test_an_old_interrupted_intent_from_another_machine_is_reported(
    invoke, book_file, home, smtp_server
):
    overdue_invoice(book_file, days_overdue=1)
    configure(home, smtp_server.config_toml())
    hour_ago = (datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None).isoformat(sep=" ")
    with sqlite3.connect(home_db()) as connection:
        connection.execute(
            "INSERT INTO reminder (invoice_id, level, status, channel, message_id, intent_at, "
            "error, owner, created_at, updated_at) VALUES (1, 'friendly', 'intent', 'email', '', "
            "?, '', 'laptop 4242', ?, ?)",
            (hour_ago, hour_ago, hour_ago),
        )
    result = invoke("remind", "--send")
    assert result.code == 1
    assert NOTICE in result.stdout
    assert smtp_server.received == []


def test_outbox_writes_eml_files_and_never_touches_the_network(
    invoke, book_file, home, dead_smtp_port, tmp_path
):
    overdue_invoice(book_file, days_overdue=1)
    overdue_invoice(
        book_file, "Müller GmbH", days_overdue=14, email="buha@mueller.example", locale="de_DE"
    )
    configure(home, dead_config(dead_smtp_port))
    outbox = tmp_path / "outbox"
    result = invoke("remind", "--outbox", str(outbox))
    assert result.code == 0, result.stderr
    names = sorted(path.name for path in outbox.iterdir())
    assert names == ["2026-0001-friendly.eml", "2026-0002-friendly.eml"]
    assert all(oct((outbox / name).stat().st_mode)[-3:] == "600" for name in names)
    assert f"wrote friendly reminder for invoice 2026-0002 to buha@mueller.example: {outbox}" in (
        result.stdout
    )
    assert sorted(row[3] for row in reminder_rows()) == ["outbox", "outbox"]
    assert invoke("remind", "--outbox", str(outbox)).stdout.strip() == "2026-11-23: nothing to send"
    assert len(list(outbox.iterdir())) == 2


def test_only_one_mode_at_a_time(invoke):
    result = invoke("remind", "--send", "--outbox", "x")
    assert result.code == 2
    assert result.stderr == "error: give only one of --dry-run, --send and --outbox DIR\n"


def test_an_outbox_that_is_a_file_is_bad_input_and_changes_nothing(invoke, book_file, tmp_path):
    overdue_invoice(book_file, days_overdue=1)
    taken = tmp_path / "notes.txt"
    taken.write_text("mine")
    result = invoke("remind", "--outbox", str(taken))
    assert result.code == 2
    assert result.stderr == f"error: --outbox {taken} is a file; give a directory\n"
    assert reminder_rows() == []


@pytest.mark.parametrize(
    "address", ["ap@acme.example\r\nBcc: thief@evil.example", "ap@acme.example,thief@evil.example"]
)
def test_an_injecting_e_mail_address_is_refused_when_stored(invoke, address):
    added = invoke("client", "add", "Acme", "--email", address)
    assert added.code == 2
    assert len(added.stderr.splitlines()) == 1
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("client", "edit", "Acme", "--email", address).code == 2


def test_the_smtp_password_comes_from_the_environment_and_is_never_printed(
    invoke, book_file, home, monkeypatch
):
    overdue_invoice(book_file, days_overdue=1)

    def refuse(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        from aiosmtpd.smtp import AuthResult

        return AuthResult(success=False, handled=False)

    with running_smtp(authenticator=refuse, auth_require_tls=False) as server:
        configure(home, server.config_toml() + 'username = "jana"\n')
        monkeypatch.setenv("CLIENTKIT_SMTP_PASSWORD", "s3cret-PW")
        result = invoke("remind", "--send")
    assert result.code == 1
    assert "535" in result.stderr
    assert "s3cret-PW" not in result.stdout + result.stderr
    assert [row[2] for row in reminder_rows()] == ["failed"]


def test_a_username_without_a_password_is_refused_before_anything_happens(
    invoke, book_file, home, smtp_server
):
    overdue_invoice(book_file, days_overdue=1)
    configure(home, smtp_server.config_toml() + 'username = "jana"\n')
    result = invoke("remind", "--send")
    assert result.code == 1
    assert "CLIENTKIT_SMTP_PASSWORD" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert reminder_rows() == []
