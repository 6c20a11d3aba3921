"""Sending e-mail: SMTP from the [smtp] config table, or .eml files in an outbox directory.

The password never comes from a file: CLIENTKIT_SMTP_PASSWORD first (explicit
beats implicit, and a cron job has no keyring to unlock), then the system
keyring under the service name "clientkit" and the SMTP username. It is never
logged, printed or stored.
"""

import contextlib
import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path
from typing import Protocol

from clientkit.config import Config, check_values
from clientkit.paths import ensure_private_dir
from clientkit.services.outfiles import write_new

PASSWORD_ENV = "CLIENTKIT_SMTP_PASSWORD"  # noqa: S105 (the name of a variable, not a secret)
KEYRING_SERVICE = "clientkit"
DEFAULT_TIMEOUT = 30.0


class MailError(Exception):
    """A message was not handed over; `maybe_sent` when the server may have taken it anyway,
    `this_message_only` when the server refused this message or its recipient but would
    take others (so a run goes on with the next one)."""

    def __init__(
        self, message: str, *, maybe_sent: bool = False, this_message_only: bool = False
    ) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent
        self.this_message_only = this_message_only


class Mailer(Protocol):
    """Hands messages over for delivery; services receive one so tests can swap it."""

    channel: str

    def send(self, message: EmailMessage, recipient: str, name: str) -> str:
        """Deliver `message` to `recipient`; returns where it went. Raises MailError.

        `name` is a short label of the message (e.g. 2026-0001-friendly) for file names.
        """
        ...

    def close(self) -> None:
        """Release the connection, if any."""
        ...


@dataclass(frozen=True)
class SmtpSettings:
    """The [smtp] table of config.toml (no password: see smtp_password)."""

    host: str = "localhost"
    port: int = 25
    username: str = ""
    starttls: bool = False
    sender: str = ""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_settings(config: Config) -> SmtpSettings:
    """Settings from the effective configuration (checked again: a caller may build one)."""
    check_values(config)
    table = config.get("smtp", {})
    return SmtpSettings(
        host=str(table.get("host") or "localhost"),
        port=int(table.get("port") or 25),
        username=str(table.get("username") or ""),
        starttls=bool(table.get("starttls", False)),
        sender=str(table.get("from") or ""),
        timeout=float(table.get("timeout") or DEFAULT_TIMEOUT),
    )


def smtp_mailer(config: Config) -> "SmtpMailer":
    """The SMTP mailer of the configuration; refuses a username without a password."""
    from clientkit.services.errors import Refused

    settings = smtp_settings(config)
    password = smtp_password(settings.username)
    if settings.username and not password:
        raise Refused(
            f"SMTP username {settings.username!r} is set but no password was found: set "
            f"{PASSWORD_ENV} or store it with `keyring set {KEYRING_SERVICE} {settings.username}`"
        )
    return SmtpMailer(settings, password)


def smtp_password(username: str) -> str | None:
    """The SMTP password from the environment, else the system keyring, else None."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not username:
        return None
    return _keyring_password(username)


def _keyring_password(username: str) -> str | None:
    try:
        import keyring
    except ImportError:
        return None
    try:
        password: str | None = keyring.get_password(KEYRING_SERVICE, username)
    except Exception:  # NoKeyringError headless, D-Bus errors, locked vaults: fall back quietly
        return None
    return password


@dataclass
class SmtpMailer:
    """SMTP over smtplib; connects on the first message and reuses the connection."""

    settings: SmtpSettings
    password: str | None = field(default=None, repr=False)
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False)
    channel: str = "email"
    _smtp: smtplib.SMTP | None = field(default=None, init=False, repr=False)

    def send(self, message: EmailMessage, recipient: str, name: str) -> str:
        smtp = self._connected()
        try:
            _envelope(smtp, self.settings.sender or _from_address(message), recipient)
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            only = isinstance(exc, smtplib.SMTPRecipientsRefused)  # one address, not the server
            raise MailError(self._describe(exc), this_message_only=only) from None
        data = message.as_bytes(policy=SMTP_POLICY)
        try:
            code, reply = smtp.data(data)
        except smtplib.SMTPResponseException as exc:
            self._drop()
            only = _refuses_this_message(exc.smtp_code)
            raise MailError(self._describe(exc), this_message_only=only) from None
        except (smtplib.SMTPException, OSError) as exc:
            # The connection failed while the message was on its way: the
            # server may have accepted it. At most once means we must not retry.
            self._drop()
            raise MailError(self._describe(exc), maybe_sent=True) from None
        if code != 250:
            # The server answered and refused the message: definitely not sent.
            self._drop()
            refused = smtplib.SMTPDataError(code, reply)
            raise MailError(self._describe(refused), this_message_only=_refuses_this_message(code))
        return f"SMTP {self.settings.where} ({code} {_text(reply)[:60]})".strip()

    def close(self) -> None:
        if self._smtp is None:
            return
        # Every message was already accepted; a failed goodbye changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self._smtp.quit()
        self._drop()

    def _connected(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        try:
            self._smtp = self._open()
        except (MailError, smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise MailError(self._describe(exc)) from None
        return self._smtp

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        # Host given to the constructor: STARTTLS checks the certificate against it.
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        self._smtp = smtp
        smtp.ehlo()
        if s.starttls:
            smtp.starttls(context=self.ssl_context or ssl.create_default_context())
            smtp.ehlo()
        if s.username:
            if not self.password:
                raise MailError(
                    f"SMTP username {s.username!r} is set but no password was found: set "
                    f"{PASSWORD_ENV} or store it with `keyring set {KEYRING_SERVICE} {s.username}`"
                )
            smtp.login(s.username, self.password)
        return smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):
                self._smtp.close()
        self._smtp = None

    def _describe(self, exc: BaseException) -> str:
        text = f"SMTP server {self.settings.where}: {_reason(exc)}"
        if self.password:
            text = text.replace(self.password, "***")  # belt and braces: never echo it
        return text


def _envelope(smtp: smtplib.SMTP, sender: str, recipient: str) -> None:
    """MAIL FROM and RCPT TO, raising on any refusal (nothing was sent yet)."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = smtp.rcpt(recipient)
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})


def _refuses_this_message(code: int) -> bool:
    """A permanent refusal of the message itself (550 content, 552 too large, 554): the
    server would take the next one. 421 (closing) and 4xx (try later) concern every message."""
    return 500 <= code < 600


def _from_address(message: EmailMessage) -> str:
    addresses = getattr(message["From"], "addresses", ())
    return addresses[0].addr_spec if addresses else ""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, MailError):
        return str(exc)
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running and the port right?)"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()))
        return f"recipient refused: {code} {_text(reply)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"answered {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "connection closed unexpectedly"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})"
    return f"{type(exc).__name__}: {exc}".strip()


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


@dataclass
class OutboxMailer:
    """Writes each message as a standard .eml file for the user's own mail client."""

    directory: Path
    channel: str = "outbox"

    def send(self, message: EmailMessage, recipient: str, name: str) -> str:
        stem = _slug(name)
        try:
            ensure_private_dir(self.directory)
            path = write_new(self.directory, stem, ".eml", message.as_bytes(policy=SMTP_POLICY))
        except OSError as exc:
            reason = exc.strerror or exc
            raise MailError(f"cannot write to outbox {self.directory}: {reason}") from None
        return str(path)

    def close(self) -> None:
        return None


def _slug(text: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return cleaned[:100] or "message"
