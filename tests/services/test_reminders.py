"""Reminders end to end against a real SMTP server on loopback: schedule, text, at most once."""

import asyncio
import email
import io
import socket
import ssl
import subprocess
from datetime import timedelta
from email.policy import default as default_policy
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from clientkit import paths
from clientkit.clock import clock_from_text
from clientkit.documents.templating import TemplateError
from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, edit_client, show_client
from clientkit.services.errors import BadInput, Refused
from clientkit.services.history import undo
from clientkit.services.invoicing import create_invoice
from clientkit.services.mailer import (
    OutboxMailer,
    SmtpMailer,
    smtp_mailer,
    smtp_password,
    smtp_settings,
)
from clientkit.services.payments import pay_invoice
from clientkit.services.projects import TermsInput, add_project
from clientkit.services.reminders import (
    Draft,
    build_message,
    plan_reminders,
    preview,
    send_reminders,
)
from clientkit.storage.models import Client, Reminder, utcnow
from tests.services.conftest_smtp import Recorder, running_smtp
from tests.services.reminder_seed import (
    freelancer,
    overdue_invoice,
    reminded,
    reminders_of_invoice,
)


def mailer(server, **options) -> SmtpMailer:
    table = {"host": server.host, "port": server.port, "from": "jana@novak.example", **options}
    return SmtpMailer(smtp_settings({"smtp": table}))


def dead_mailer(port: int) -> SmtpMailer:
    return SmtpMailer(smtp_settings({"smtp": {"host": "127.0.0.1", "port": port, "timeout": 5}}))


def levels_sent(book, invoice) -> dict[str, str]:
    return {r["level"]: r["status"] for r in reminders_of_invoice(book, invoice["id"])}


def subjects(server) -> list[str]:
    return [str(r.message["Subject"]) for r in server.received]


def body(received) -> str:
    text = received.message.get_body(preferencelist=("plain",)).get_content()
    return text.replace("\r\n", "\n")


def later(book, days: int) -> None:
    book.clock = clock_from_text(str(book.clock.today() + timedelta(days=days)))


@pytest.fixture
def ready(book):
    freelancer(book)
    return book


def test_the_first_reminder_is_friendly_on_day_1_7_14_and_30_and_nothing_on_day_0(
    ready, smtp_server
):
    """Day 0 gets nothing; however late an invoice is, nothing sent means the friendly one."""
    invoices = {days: overdue_invoice(ready, days_overdue=days) for days in (0, 1, 7, 14, 30)}
    result = send_reminders(ready, mailer(smtp_server))
    assert result["failure"] is None
    assert {(s["invoice"], s["level"]) for s in result["sent"]} == {
        (invoices[days]["number"], "friendly") for days in (1, 7, 14, 30)
    }
    assert levels_sent(ready, invoices[0]) == {}
    assert levels_sent(ready, invoices[30]) == {"friendly": "sent"}
    assert len(smtp_server.received) == 4
    assert all(r.rcpt_tos == ["ap@acme.example"] for r in smtp_server.received)


def test_a_second_run_the_same_day_sends_nothing(ready, smtp_server):
    overdue_invoice(ready, days_overdue=3)
    assert len(send_reminders(ready, mailer(smtp_server))["sent"]) == 1
    again = send_reminders(ready, mailer(smtp_server))
    assert again["sent"] == []
    assert again["failure"] is None
    assert len(smtp_server.received) == 1


def test_reminders_escalate_over_the_weeks_each_level_once(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=1)
    for days_later, expected in (
        (0, "friendly"),
        (3, None),
        (3, None),  # day 7: the second's day, but only 6 days after the friendly one
        (1, "second"),
        (6, None),
        (1, "final"),
        (10, None),
    ):
        later(ready, days_later)
        sent = send_reminders(ready, mailer(smtp_server))["sent"]
        assert [s["level"] for s in sent] == ([expected] if expected else [])
    assert levels_sent(ready, invoice) == {"friendly": "sent", "second": "sent", "final": "sent"}
    assert [s.split(":")[0] for s in subjects(smtp_server)] == [
        "Friendly reminder",
        "Second reminder",
        "Final notice",
    ]


def test_paid_and_draft_invoices_get_nothing(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=20)
    pay_invoice(ready, invoice["number"], "800")
    add_project(ready, "Acme Inc", "Draft work", TermsInput(price="100"))
    create_invoice(ready, "Draft work")
    assert send_reminders(ready, mailer(smtp_server))["sent"] == []
    assert smtp_server.received == []


def test_a_partly_paid_invoice_is_reminded_of_its_balance(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=2)
    pay_invoice(ready, invoice["number"], "300")
    send_reminders(ready, mailer(smtp_server))
    text = body(smtp_server.received[0])
    assert "€500.00 is still open" in text
    assert "€300.00 already paid" in text


def test_the_sent_reminder_is_recorded_with_its_message_id_and_in_the_client_history(
    ready, smtp_server
):
    invoice = overdue_invoice(ready, days_overdue=1)
    send_reminders(ready, mailer(smtp_server))
    received = smtp_server.received[0].message
    [row] = reminders_of_invoice(ready, invoice["id"])
    assert row["status"] == "sent"
    assert row["channel"] == "email"
    assert row["message_id"] == received["Message-ID"]
    history = show_client(ready, "Acme Inc")["messages"]
    assert [(m["direction"], m["channel"], m["message_id"], m["subject"]) for m in history] == [
        ("outbound", "email", received["Message-ID"], received["Subject"])
    ]


def test_the_friendly_reminder_says_what_is_due_by_when_and_how_to_pay(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=1)
    send_reminders(ready, mailer(smtp_server))
    got = smtp_server.received[0].message
    text = body(smtp_server.received[0])
    assert got["From"] == "Jana Novak <jana@novak.example>"
    assert got["To"] == "Acme Inc <ap@acme.example>"
    assert got["Subject"] == f"Friendly reminder: invoice {invoice['number']}, due Nov 22, 2026"
    assert "Hello Acme Inc," in text
    assert "Could you please transfer €800.00 by Nov 30, 2026?" in text
    assert "DE89 3704 0044 0532 0130 00" in text
    assert f"Reference:      {invoice['number']}" in text


def test_the_second_reminder_recalls_the_first_and_asks_for_a_date(ready, smtp_server):
    overdue_invoice(ready, days_overdue=1)
    send_reminders(ready, mailer(smtp_server))
    later(ready, 7)
    send_reminders(ready, mailer(smtp_server))
    text = body(smtp_server.received[1])
    assert "I wrote to you about it on Nov 23, 2026" in text
    assert "reply to this e-mail with the date on which you will pay" in text


def test_the_final_notice_states_the_late_fee_and_the_next_step(ready, smtp_server):
    """1.5 % of 1,234.50 for the month begun is 18.52; the amount asked is 1,253.02."""
    invoice = overdue_invoice(ready, days_overdue=14, price="1234.50", late_fee="1.5%")
    reminded(ready, invoice["id"], "friendly", "second")
    send_reminders(ready, mailer(smtp_server))
    text = " ".join(body(smtp_server.received[0]).split())
    assert "late fee of 1.5% for each month, or part of a month, that it remains unpaid" in text
    assert "After 14 days this comes to €18.52, so the amount now due is €1,253.02" in text
    assert "hand the claim over for collection" in text
    assert levels_sent(ready, invoice) == {"friendly": "sent", "second": "sent", "final": "sent"}


def test_the_late_fee_grows_with_each_month_begun(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=40, price="1000", late_fee="2%")
    reminded(ready, invoice["id"], "friendly", "second")
    [item] = preview(ready)["reminders"]
    assert (item["level"], str(item["late_fee"])) == ("final", "40.00")


def test_a_final_notice_without_a_late_fee_term_mentions_no_fee(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=14)
    reminded(ready, invoice["id"], "friendly", "second")
    send_reminders(ready, mailer(smtp_server))
    text = body(smtp_server.received[0])
    assert "Final notice" in str(smtp_server.received[0].message["Subject"])
    assert "late fee" not in text
    assert "2011/7/EU" not in text
    assert "Please transfer €800.00 by" in text


def test_a_german_client_reads_german_with_german_amounts_and_dates(ready, smtp_server):
    invoice = overdue_invoice(
        ready,
        "Müller GmbH",
        days_overdue=14,
        email="buha@mueller.example",
        locale="de_DE",
        price="1234.50",
        late_fee="1.5%",
    )
    reminded(ready, invoice["id"], "friendly", "second")
    send_reminders(ready, mailer(smtp_server))
    got = smtp_server.received[0].message
    text = body(smtp_server.received[0]).replace("\u00a0", " ")  # Babel's no-break space
    assert got["Subject"].replace("\u00a0", " ") == (
        f"Letzte Mahnung: Rechnung {invoice['number']}, 1.234,50 € überfällig"
    )
    assert "Guten Tag Müller GmbH," in text
    assert "fällig am 09.11.2026" in text
    assert "1.234,50 €" in text
    assert "Verzugsgebühr von 1,5 % an" in text
    assert "Nach 14 Tagen sind das 18,52 €" in text
    assert "Bitte überweisen Sie 1.253,02 € bis zum 30.11.2026." in text
    assert got["To"] == "Müller GmbH <buha@mueller.example>"


def test_the_invoice_pdf_is_attached_and_opens_as_a_pdf(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=1)
    send_reminders(ready, mailer(smtp_server))
    [attachment] = list(smtp_server.received[0].message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"invoice-{invoice['number']}-acme-inc.pdf"
    pdf = PdfReader(io.BytesIO(attachment.get_content()))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert invoice["number"] in text
    assert "Acme Inc" in text


def test_a_user_template_overrides_the_shipped_one_by_name(ready, smtp_server):
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "reminder_friendly.en.txt.j2").write_text(
        "Psst, {{ invoice_number }}\nPay {{ balance }}, {{ client_name }}.\n", encoding="utf-8"
    )
    invoice = overdue_invoice(ready, days_overdue=1)
    send_reminders(ready, mailer(smtp_server))
    got = smtp_server.received[0]
    assert got.message["Subject"] == f"Psst, {invoice['number']}"
    assert body(got) == "Pay €800.00, Acme Inc.\n"


def test_a_user_template_naming_a_value_nobody_provides_stops_the_run_naming_it(ready, smtp_server):
    folder = paths.user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "reminder_friendly.en.txt.j2").write_text("Hi {{ nickname }}\nbody\n")
    overdue_invoice(ready, days_overdue=1)
    with pytest.raises(TemplateError, match="nickname"):
        send_reminders(ready, mailer(smtp_server))
    assert smtp_server.received == []


def test_a_client_in_a_language_without_templates_gets_english_with_a_notice(ready, smtp_server):
    """Wholly English, amounts and dates too (never English words around Russian dates)."""
    overdue_invoice(ready, "Петров ООО", days_overdue=1, email="buh@petrov.example", locale="ru_RU")
    result = send_reminders(ready, mailer(smtp_server))
    got = smtp_server.received[0]
    assert got.message["Subject"].startswith("Friendly reminder")
    assert "€800.00" in body(got)
    assert "г." not in body(got)
    assert any("language ru has no reminder template" in n for n in result["notices"])


def test_an_smtp_server_that_is_down_leaves_the_reminder_unsent_for_the_next_run(
    ready, dead_smtp_port
):
    invoice = overdue_invoice(ready, days_overdue=1)
    result = send_reminders(ready, dead_mailer(dead_smtp_port))
    assert result["sent"] == []
    assert "connection refused" in result["failure"]
    assert "the next run tries again" in result["failure"]
    assert levels_sent(ready, invoice) == {"friendly": "failed"}
    with running_smtp() as server:
        retry = send_reminders(ready, mailer(server))
        assert [s["level"] for s in retry["sent"]] == ["friendly"]
        assert len(server.received) == 1
    assert levels_sent(ready, invoice) == {"friendly": "sent"}


def test_a_451_from_the_server_leaves_the_reminder_unsent_and_a_later_run_sends_it(ready):
    invoice = overdue_invoice(ready, days_overdue=1)
    handler = Recorder(data_reply="451 4.3.0 Mailbox temporarily unavailable")
    with running_smtp(handler) as server:
        result = send_reminders(ready, mailer(server))
        assert "451" in result["failure"]
        assert "not sent" in result["failure"]
        assert levels_sent(ready, invoice) == {"friendly": "failed"}
        handler.data_reply = None
        assert [s["level"] for s in send_reminders(ready, mailer(server))["sent"]] == ["friendly"]
        assert len(server.received) == 1


def test_a_refused_recipient_costs_only_its_own_reminder_and_the_run_goes_on(ready):
    """One client's dead mailbox (550 at RCPT) is reported; the next client still hears."""
    refused = overdue_invoice(ready, days_overdue=2)
    other = overdue_invoice(ready, "Beta Ltd", days_overdue=1, email="pay@beta.example")

    class RefuseAcme(Recorder):
        async def handle_RCPT(self, server, session, envelope, address, options):
            if address.endswith("acme.example"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    with running_smtp(RefuseAcme()) as server:
        result = send_reminders(ready, mailer(server))
        assert [r.rcpt_tos for r in server.received] == [["pay@beta.example"]]
    assert result["failure"] is None
    assert [s["invoice"] for s in result["sent"]] == [other["number"]]
    [problem] = result["problems"]
    assert "550" in problem
    assert f"invoice {refused['number']} was not sent" in problem
    assert levels_sent(ready, refused) == {"friendly": "failed"}
    assert levels_sent(ready, other) == {"friendly": "sent"}


def test_a_message_refused_for_its_content_does_not_stop_the_others(ready):
    first = overdue_invoice(ready, days_overdue=2)
    second = overdue_invoice(ready, "Beta Ltd", days_overdue=1, email="pay@beta.example")

    class RefuseAcmesMessage(Recorder):
        async def handle_DATA(self, server, session, envelope):
            if envelope.rcpt_tos == ["ap@acme.example"]:
                return "552 5.3.4 Message too big"
            return await super().handle_DATA(server, session, envelope)

    with running_smtp(RefuseAcmesMessage()) as server:
        result = send_reminders(ready, mailer(server))
        assert len(server.received) == 1
    assert result["failure"] is None
    assert [s["invoice"] for s in result["sent"]] == [second["number"]]
    assert "552" in result["problems"][0]
    assert levels_sent(ready, first) == {"friendly": "failed"}


def test_a_server_failure_stops_the_run_and_keeps_what_was_already_sent(ready):
    """A 451 (try later) concerns every message: the run stops rather than hammer the server."""
    first = overdue_invoice(ready, days_overdue=2)
    second = overdue_invoice(ready, "Beta Ltd", days_overdue=1, email="pay@beta.example")
    third = overdue_invoice(ready, "Gamma Ltd", days_overdue=1, email="ap@gamma.example")

    class FailAfterFirst(Recorder):
        async def handle_DATA(self, server, session, envelope):
            if self.received:
                return "451 4.3.0 Temporary local problem"
            return await super().handle_DATA(server, session, envelope)

    with running_smtp(FailAfterFirst()) as server:
        result = send_reminders(ready, mailer(server))
        assert len(server.received) == 1
    assert len(result["sent"]) == 1
    assert "451" in result["failure"]
    states = [levels_sent(ready, invoice) for invoice in (first, second, third)]
    assert states.count({"friendly": "sent"}) == 1
    assert states.count({"friendly": "failed"}) == 1
    assert states.count({}) == 1  # never tried: the next run sends it


def test_a_connection_lost_after_handing_over_the_message_is_not_retried_blindly(ready):
    """The server may have the message: the intent stays, and the next run only reports it."""
    invoice = overdue_invoice(ready, days_overdue=1)

    class Slow(Recorder):
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(3)
            return "250 OK"

    with running_smtp(Slow()) as server:
        result = send_reminders(ready, mailer(server, timeout=1))
    assert "may have been sent" in result["failure"]
    assert levels_sent(ready, invoice) == {"friendly": "intent"}
    with running_smtp() as server:
        rerun = send_reminders(ready, mailer(server))
        assert rerun["sent"] == []
        assert server.received == []
    assert [i["invoice"] for i in rerun["interrupted"]] == [invoice["number"]]


def interrupt(book, invoice, level: str, *, owner: str, age: timedelta) -> int:
    """Leave an intent as a run that died mid-send would have."""
    with book.write() as session:
        reminder = Reminder(
            invoice_id=invoice["id"],
            level=level,
            status="intent",
            owner=owner,
            intent_at=utcnow() - age,
        )
        session.add(reminder)
        session.flush()
        assert reminder.id is not None
        return reminder.id


def test_an_interrupted_send_is_reported_and_not_resent(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=1)
    reminder_id = interrupt(
        ready, invoice, "friendly", owner="elsewhere 4242", age=timedelta(hours=1)
    )
    result = send_reminders(ready, mailer(smtp_server))
    assert result["sent"] == []
    assert smtp_server.received == []
    [report] = result["interrupted"]
    assert (report["reminder_id"], report["invoice"], report["level"]) == (
        reminder_id,
        invoice["number"],
        "friendly",
    )
    assert preview(ready)["interrupted"][0]["reminder_id"] == reminder_id


def test_resend_interrupted_sends_it_once_more_and_records_the_outcome(ready, smtp_server):
    invoice = overdue_invoice(ready, days_overdue=1)
    reminder_id = interrupt(
        ready, invoice, "friendly", owner="elsewhere 4242", age=timedelta(hours=1)
    )
    result = send_reminders(ready, mailer(smtp_server), resend_interrupted=True)
    assert [(s["reminder_id"], s["level"]) for s in result["sent"]] == [(reminder_id, "friendly")]
    assert levels_sent(ready, invoice) == {"friendly": "sent"}
    assert send_reminders(ready, mailer(smtp_server), resend_interrupted=True)["sent"] == []
    assert len(smtp_server.received) == 1


def test_an_intent_held_by_a_live_run_is_left_alone_even_with_resend(ready, smtp_server):
    """A run still sending is not interrupted; once its process is gone, it is."""
    invoice = overdue_invoice(ready, days_overdue=1)
    sender = subprocess.Popen(["sleep", "60"])
    try:
        interrupt(
            ready,
            invoice,
            "friendly",
            owner=f"{socket.gethostname()} {sender.pid}",
            age=timedelta(seconds=5),
        )
        result = send_reminders(ready, mailer(smtp_server), resend_interrupted=True)
        assert result["sent"] == []
        assert result["interrupted"] == []
        assert [i["invoice"] for i in result["in_progress"]] == [invoice["number"]]
    finally:
        sender.kill()
        sender.wait()
    after = send_reminders(ready, mailer(smtp_server))
    assert [i["invoice"] for i in after["interrupted"]] == [invoice["number"]]
    assert smtp_server.received == []


def test_an_interrupted_friendly_reminder_holds_the_second_back_until_it_is_resent(
    ready, smtp_server
):
    """The ladder skips no level: the friendly one may never have gone out, so it is reported,
    and once resent the second follows a full gap later."""
    invoice = overdue_invoice(ready, days_overdue=8)
    interrupt(ready, invoice, "friendly", owner="elsewhere 1", age=timedelta(days=7))
    result = send_reminders(ready, mailer(smtp_server))
    assert result["sent"] == []
    assert [i["level"] for i in result["interrupted"]] == ["friendly"]
    resent = send_reminders(ready, mailer(smtp_server), resend_interrupted=True)
    assert [s["level"] for s in resent["sent"]] == ["friendly"]
    later(ready, 6)
    assert send_reminders(ready, mailer(smtp_server))["sent"] == []
    later(ready, 1)
    assert [s["level"] for s in send_reminders(ready, mailer(smtp_server))["sent"]] == ["second"]


def test_two_runs_claiming_the_same_reminder_only_one_owns_it(ready):
    """The unique (invoice, level) decides: the loser neither sends nor records anything."""
    from clientkit.services import reminders

    overdue_invoice(ready, days_overdue=1)
    [draft] = plan_reminders(ready).due
    assert reminders._claim(ready, draft, "email") is not None
    assert reminders._claim(ready, draft, "email") is None


@pytest.mark.parametrize(
    "address",
    [
        "ap@acme.example\r\nBcc: thief@evil.example",
        "ap@acme.example\nBcc: thief@evil.example",
        "ap@acme.example\x00",
        "ap@acme.example, thief@evil.example",
        "ap@acme.example;thief@evil.example",
        "Acme <ap@acme.example>",
    ],
)
def test_a_header_injecting_address_is_refused_when_stored(book, address):
    with pytest.raises(InvalidValue):
        add_client(book, "Acme", email=address)
    add_client(book, "Acme")
    with pytest.raises(InvalidValue):
        edit_client(book, "Acme", email=address)


@pytest.mark.parametrize(
    "address",
    [
        "ap@acme.example\r\nBcc: thief@evil.example",
        "ap@acme.example, thief@evil.example",
    ],
)
def test_a_header_injecting_address_smuggled_into_the_book_is_refused_when_sending(
    ready, smtp_server, address
):
    invoice = overdue_invoice(ready, days_overdue=1)
    with ready.write() as session:
        client = session.exec(select(Client).where(Client.name == "Acme Inc")).one()
        client.email = address
        session.add(client)
    result = send_reminders(ready, mailer(smtp_server))
    assert result["sent"] == []
    assert smtp_server.received == []
    assert "not one plain address" in result["problems"][0]
    assert levels_sent(ready, invoice) == {}


@pytest.mark.parametrize(
    "address",
    [
        "ap@acme.example\x00",
        "ap@acme.example\rBcc: x@evil.example",
        "ap@acme.example thief@x.ex",
        "<ap@acme.example>",
        "ap@acme.example,",
    ],
)
def test_the_message_builder_refuses_a_header_injecting_recipient(address):
    """PostgreSQL cannot even store NUL, so the builder is checked directly as well."""
    draft = Draft(
        1, "2026-0001", "friendly", 1, 1, "Acme", address, None, "EUR", 100, 0, "Subject", "Body\n"
    )
    with pytest.raises(InvalidValue, match="not one plain address"):
        build_message(draft, ("Jana", "jana@novak.example"), utcnow(), None)


def test_a_subject_with_a_line_break_is_refused_when_the_message_is_built():
    draft = Draft(
        1,
        "2026-0001",
        "friendly",
        1,
        1,
        "Acme",
        "ap@acme.example",
        None,
        "EUR",
        100,
        0,
        "Reminder\r\nBcc: thief@evil.example",
        "Body\n",
    )
    with pytest.raises(InvalidValue, match="control characters"):
        build_message(draft, ("Jana", "jana@novak.example"), utcnow(), None)


def test_a_client_without_e_mail_is_reported_not_reminded(ready, smtp_server):
    overdue_invoice(ready, days_overdue=1, email="")
    result = send_reminders(ready, mailer(smtp_server))
    assert "no e-mail address" in result["problems"][0]
    assert smtp_server.received == []


def test_the_dry_run_previews_without_touching_network_or_book(ready, dead_smtp_port):
    invoice = overdue_invoice(ready, days_overdue=7)
    reminded(ready, invoice["id"], "friendly")
    ready.config["smtp"].update(host="127.0.0.1", port=dead_smtp_port)
    view = preview(ready)
    [item] = view["reminders"]
    assert (item["invoice"], item["to"], item["level"]) == (
        invoice["number"],
        "ap@acme.example",
        "second",
    )
    assert item["subject"].startswith("Second reminder")
    assert item["first_lines"][0] == "Hello Acme Inc,"
    assert levels_sent(ready, invoice) == {"friendly": "sent"}


def test_the_outbox_writes_standard_eml_files_and_records_them_as_sent(ready, tmp_path):
    invoice = overdue_invoice(ready, days_overdue=1)
    outbox = tmp_path / "outbox"
    result = send_reminders(ready, OutboxMailer(outbox))
    [path] = [Path(s["where"]) for s in result["sent"]]
    assert path == outbox / f"{invoice['number']}-friendly.eml"
    parsed = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    assert parsed["To"] == "Acme Inc <ap@acme.example>"
    assert parsed["Subject"].startswith("Friendly reminder")
    [row] = reminders_of_invoice(ready, invoice["id"])
    assert (row["status"], row["channel"], row["message_id"]) == (
        "sent",
        "outbox",
        parsed["Message-ID"],
    )
    assert send_reminders(ready, OutboxMailer(outbox))["sent"] == []


def test_the_outbox_never_overwrites_an_existing_file(ready, tmp_path):
    invoice = overdue_invoice(ready, days_overdue=1)
    (tmp_path / f"{invoice['number']}-friendly.eml").write_bytes(b"mine")
    result = send_reminders(ready, OutboxMailer(tmp_path))
    assert Path(result["sent"][0]["where"]).name == f"{invoice['number']}-friendly-2.eml"
    assert (tmp_path / f"{invoice['number']}-friendly.eml").read_bytes() == b"mine"


def test_the_password_comes_from_the_environment_and_logs_in(ready, monkeypatch):
    overdue_invoice(ready, days_overdue=1)
    logins: list[tuple[bytes, bytes]] = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret-PW", handled=False)

    monkeypatch.setenv("CLIENTKIT_SMTP_PASSWORD", "s3cret-PW")
    with running_smtp(authenticator=authenticate, auth_require_tls=False) as server:
        config = {
            "smtp": {
                "host": server.host,
                "port": server.port,
                "username": "jana",
                "from": "jana@novak.example",
            }
        }
        result = send_reminders(ready, smtp_mailer(config))
        assert result["failure"] is None
        assert len(server.received) == 1
    assert logins == [(b"jana", b"s3cret-PW")]


def test_a_wrong_password_is_a_one_line_failure_that_never_echoes_it(ready, monkeypatch):
    overdue_invoice(ready, days_overdue=1)

    def refuse(server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        return AuthResult(success=False, handled=False)  # handled=False: aiosmtpd answers 535

    monkeypatch.setenv("CLIENTKIT_SMTP_PASSWORD", "s3cret-PW")
    with running_smtp(authenticator=refuse, auth_require_tls=False) as server:
        config = {"smtp": {"host": server.host, "port": server.port, "username": "jana"}}
        result = send_reminders(ready, smtp_mailer(config))
    assert "535" in result["failure"]
    assert "s3cret-PW" not in result["failure"]
    assert "\n" not in result["failure"]


def test_a_username_without_any_password_is_refused_before_anything_is_claimed(ready, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "keyring", None)  # no keyring installed
    with pytest.raises(Refused, match="CLIENTKIT_SMTP_PASSWORD"):
        smtp_mailer({"smtp": {"host": "127.0.0.1", "port": 1, "username": "jana"}})


def test_a_headless_keyring_falls_back_silently_to_no_password(monkeypatch):
    """keyring raises NoKeyringError without a backend; that is not an error of ours."""
    import types

    class NoKeyringError(RuntimeError):
        pass

    def get_password(service, user):
        raise NoKeyringError("No recommended backend was available.")

    monkeypatch.setitem(
        __import__("sys").modules, "keyring", types.SimpleNamespace(get_password=get_password)
    )
    assert smtp_password("jana") is None
    monkeypatch.setenv("CLIENTKIT_SMTP_PASSWORD", "from-env")
    assert smtp_password("jana") == "from-env"


def test_a_keyring_password_is_used_when_the_environment_has_none(monkeypatch):
    import types

    stored = {("clientkit", "jana"): "from-keyring"}
    monkeypatch.setitem(
        __import__("sys").modules,
        "keyring",
        types.SimpleNamespace(get_password=lambda s, u: stored.get((s, u))),
    )
    assert smtp_password("jana") == "from-keyring"


def self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a fresh certificate for 127.0.0.1, and a client trusting it."""
    import ipaddress
    from datetime import UTC, datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    return server, ssl.create_default_context(cafile=str(cert_file))


def test_starttls_encrypts_before_logging_in_and_sending(ready, tmp_path):
    overdue_invoice(ready, days_overdue=1)
    server_context, client_context = self_signed(tmp_path)
    sessions: list[bool] = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        sessions.append(session.ssl is not None)
        return AuthResult(success=True, handled=False)

    with running_smtp(
        tls_context=server_context, require_starttls=True, authenticator=authenticate
    ) as server:
        settings = smtp_settings(
            {
                "smtp": {
                    "host": server.host,
                    "port": server.port,
                    "starttls": True,
                    "username": "jana",
                }
            }
        )
        result = send_reminders(ready, SmtpMailer(settings, "pw", client_context))
        assert result["failure"] is None
        assert len(server.received) == 1
    assert sessions == [True]


def test_an_untrusted_certificate_is_a_one_line_tls_failure(ready, tmp_path):
    overdue_invoice(ready, days_overdue=1)
    server_context, _ = self_signed(tmp_path)
    with running_smtp(tls_context=server_context, require_starttls=True) as server:
        result = send_reminders(ready, mailer(server, starttls=True))
    assert "TLS failed" in result["failure"]
    assert "CERTIFICATE_VERIFY_FAILED" in result["failure"]
    assert server.received == []


def test_a_server_demanding_starttls_refuses_a_plain_connection(ready, tmp_path):
    overdue_invoice(ready, days_overdue=1)
    server_context, _ = self_signed(tmp_path)
    with running_smtp(tls_context=server_context, require_starttls=True) as server:
        result = send_reminders(ready, mailer(server))
    assert "530" in result["failure"]
    assert result["sent"] == []


def test_a_malformed_schedule_in_the_config_is_bad_input(ready):
    ready.config["reminders"]["schedule"] = [{"days": 0, "level": "friendly"}]
    with pytest.raises(BadInput, match=r"\[reminders\]\.schedule"):
        preview(ready)


def test_a_reminder_that_went_out_cannot_be_undone(ready, tmp_path):
    """The client has the reminder: undo refuses, names it, and the reminder stays recorded."""
    invoice = overdue_invoice(ready, days_overdue=1)
    send_reminders(ready, OutboxMailer(tmp_path))
    with pytest.raises(Refused, match="it sent or recorded a payment reminder"):
        undo(ready)
    [row] = reminders_of_invoice(ready, invoice["id"])
    assert row["status"] == "sent"
