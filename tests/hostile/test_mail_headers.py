"""Client names reach reminder e-mails as one quoted display name; one bad client costs only its
own reminder."""

import sqlite3
from email import policy
from email.parser import BytesParser

import pytest

from clientkit.services import reminders
from clientkit.services.reminders import Draft, build_message
from clientkit.storage.models import utcnow
from tests.cli.helpers import configure, home_db
from tests.services.reminder_seed import overdue_invoice

HOSTILE_NAMES = [
    "Jürgen, someone@else.example",
    "Acme; thief@evil.example",
    '"Quoted" <thief@evil.example>',
    "=?utf-8?q?a=0ABcc:_thief@evil.example?=",
    "x =?utf-8?b?Cg==?= y",
    "(comment) group: a@b.example;",
]


def _draft(name: str, to: str = "ap@client.example") -> Draft:
    return Draft(1, "2026-0001", "friendly", 1, 1, name, to, None, "EUR", 100, 0, "Hi", "Body\n")


def _read_back(data: bytes):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default).parsebytes(data)


def rename_client_raw(old: str, new: str) -> None:
    """Give a client a name no command accepts, as a foreign export could."""
    with sqlite3.connect(home_db()) as connection:
        connection.execute("UPDATE client SET name = ? WHERE name = ?", (new, old))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_client_name_gives_one_to_address_that_is_the_clients(name):
    message = build_message(_draft(name), ("Jana, Novak", "jana@novak.example"), utcnow(), None)
    back = _read_back(message.as_bytes(policy=policy.SMTP))
    assert [a.addr_spec for a in back["To"].addresses] == ["ap@client.example"]
    assert [a.addr_spec for a in back["From"].addresses] == ["jana@novak.example"]
    assert "Bcc" not in back
    assert sorted(back.keys()) == sorted(message.keys())


def test_a_name_with_a_comma_is_kept_whole_as_the_display_name():
    message = build_message(
        _draft("Jürgen, someone@else.example"), ("Jana", "jana@novak.example"), utcnow(), None
    )
    [address] = _read_back(message.as_bytes(policy=policy.SMTP))["To"].addresses
    assert address.display_name == "Jürgen, someone@else.example"


@pytest.mark.parametrize("name", ["a\r\nBcc: thief@evil.example", "Evil\x1b]0;pwned\x07", "a\nb"])
def test_raw_line_breaks_and_controls_in_a_name_never_reach_the_headers(name):
    message = build_message(_draft(name), ("Jana", "jana@novak.example"), utcnow(), None)
    data = message.as_bytes(policy=policy.SMTP)
    head = data.split(b"\r\n\r\n", 1)[0]
    assert b"\x1b" not in head
    assert b"\x07" not in head
    assert b"\n" not in head.replace(b"\r\n", b"")  # no bare line break starts a header
    back = _read_back(data)
    assert "Bcc" not in back
    assert [a.addr_spec for a in back["To"].addresses] == ["ap@client.example"]


def test_an_encoded_word_in_the_subject_cannot_add_a_header():
    draft = _draft("Acme")
    draft = Draft(*[*vars(draft).values()][:11], "Re =?utf-8?q?=0ABcc:_x@evil.example?=", "B\n")
    message = build_message(draft, ("Jana", "jana@novak.example"), utcnow(), None)
    back = _read_back(message.as_bytes(policy=policy.SMTP))
    assert "Bcc" not in back


def test_smtp_run_delivers_to_hostile_names_each_to_its_own_address_only(
    invoke, book_file, home, smtp_server
):
    overdue_invoice(book_file, "Jürgen, someone@else.example", days_overdue=1, email="j@a.example")
    overdue_invoice(book_file, "=?utf-8?q?a=0Ab?=", days_overdue=1, email="q@b.example")
    overdue_invoice(book_file, "Plain", days_overdue=1, email="p@c.example")
    rename_client_raw("Plain", "Line\r\nBreak")
    configure(home, smtp_server.config_toml())
    result = invoke("remind", "--send")
    assert result.code == 0, result.stderr
    assert "unexpected failure" not in result.stderr
    received = smtp_server.received
    assert sorted(r.rcpt_tos[0] for r in received) == ["j@a.example", "p@c.example", "q@b.example"]
    for each in received:
        back = _read_back(each.raw)
        assert [a.addr_spec for a in back["To"].addresses] == each.rcpt_tos
        assert "Bcc" not in back
        assert "Cc" not in back


def _break_one_client(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    """The e-mail library refuses one client's name (a ValueError, as it did for an encoded
    line break before names were cleaned)."""
    real = reminders.mailbox

    def mailbox(name: str, address: str):  # type: ignore[no-untyped-def]
        if name == bad:
            raise ValueError("invalid arguments; address parts cannot contain CR or LF")
        return real(name, address)

    monkeypatch.setattr(reminders, "mailbox", mailbox)


def test_a_message_that_cannot_be_built_is_reported_and_the_others_are_still_sent(
    invoke, book_file, home, smtp_server, monkeypatch
):
    overdue_invoice(book_file, "Acme", days_overdue=1, email="ap@acme.example")
    overdue_invoice(book_file, "Broken Ltd", days_overdue=1, email="b@broken.example")
    overdue_invoice(book_file, "Zeta", days_overdue=1, email="z@zeta.example")
    configure(home, smtp_server.config_toml())
    _break_one_client(monkeypatch, "Broken Ltd")
    result = invoke("remind", "--send")
    assert result.code == 1
    assert "unexpected failure" not in result.stderr + result.stdout
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == [
        "ap@acme.example",
        "z@zeta.example",
    ]
    [problem] = [line for line in result.stdout.splitlines() if "cannot remind" in line]
    assert "2026-0002" in problem
    assert "Broken Ltd" in problem


def test_outbox_run_writes_the_others_when_one_message_cannot_be_built(
    invoke, book_file, home, tmp_path, monkeypatch
):
    overdue_invoice(book_file, "Acme", days_overdue=1, email="ap@acme.example")
    overdue_invoice(book_file, "Broken Ltd", days_overdue=1, email="b@broken.example")
    overdue_invoice(book_file, "=?utf-8?q?a=0Ab?=", days_overdue=1, email="q@b.example")
    _break_one_client(monkeypatch, "Broken Ltd")
    outbox = tmp_path / "outbox"
    result = invoke("remind", "--outbox", str(outbox))
    assert result.code == 1
    assert "unexpected failure" not in result.stderr + result.stdout
    assert sorted(p.name for p in outbox.iterdir()) == [
        "2026-0001-friendly.eml",
        "2026-0003-friendly.eml",
    ]
    encoded = _read_back((outbox / "2026-0003-friendly.eml").read_bytes())
    assert [a.addr_spec for a in encoded["To"].addresses] == ["q@b.example"]
    assert "invoice 2026-0002: cannot remind Broken Ltd" in result.stdout
    again = invoke("remind", "--outbox", str(outbox))
    assert len(list(outbox.iterdir())) == 2  # the broken one is tried again, not written
    assert again.code == 1
