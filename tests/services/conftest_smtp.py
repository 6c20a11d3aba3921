"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records and parses what it receives."""

import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback TCP port nobody listens on (at the moment of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    """One message as the server took it: envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage


@dataclass
class Recorder:
    """aiosmtpd handler: keeps each message, or answers DATA with `data_reply` (e.g. a 451)."""

    data_reply: str | None = None
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            return self.data_reply
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=default_policy)
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), raw, parsed)  # type: ignore[arg-type]
            )
        return "250 2.0.0 OK: queued"


@dataclass
class SmtpServer:
    """A running loopback SMTP server."""

    host: str
    port: int
    handler: Recorder

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def config_toml(self, sender: str = "Jana Novak <jana@novak.example>") -> str:
        """An [smtp] table pointing clientkit at this server."""
        return (
            f'[smtp]\nhost = "{self.host}"\nport = {self.port}\nfrom = "{sender}"\ntimeout = 10\n'
        )


@contextmanager
def running_smtp(handler: Recorder | None = None, **server_options: Any) -> Iterator[SmtpServer]:
    """Start aiosmtpd on a free loopback port for the duration of the block."""
    recorder = handler or Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **server_options)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, recorder)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 that records every message it accepts."""
    with running_smtp() as server:
        yield server


@pytest.fixture
def dead_smtp_port() -> int:
    """A loopback port with nothing listening: connecting there is refused."""
    return free_port()
