"""Payment reminders: plan today's reminders, preview them, and send each (invoice, level) once.

At most once, even across crashes and concurrent runs:
1. the intent row (status "intent") is committed in its own write transaction
   (BEGIN IMMEDIATE; the unique (invoice_id, level) decides between two runs)
   before the SMTP server hears anything;
2. the outcome ("sent" with the Message-ID, plus an outbound Message in the
   client's history) is committed after the server accepted the message;
3. a failure before the server took the message marks the row "failed", and
   the next run tries again; a failure while the message was on its way, or a
   run that died, leaves the intent, which later runs report instead of
   re-sending until the user confirms with `resend_interrupted`.
"""

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP as SMTP_POLICY
from email.policy import default as DEFAULT_POLICY
from email.utils import format_datetime, make_msgid, parseaddr
from typing import TypedDict

from sqlmodel import Session

from clientkit.config import Config
from clientkit.domain.errors import InvalidValue
from clientkit.domain.payment_reference import payment_reference
from clientkit.domain.reminders import (
    DEFAULT_GAP_DAYS,
    LEVELS,
    Step,
    late_fee_minor,
    level_due,
    parse_gap,
    parse_schedule,
)
from clientkit.domain.text import check_email, check_no_controls
from clientkit.domain.wording import said, said_in
from clientkit.i18n import format_date, format_money, format_percent_bp, money
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, Refused, message_of
from clientkit.services.mailer import Mailer, MailError
from clientkit.services.party_fields import party_country
from clientkit.services.profile import configured_profile
from clientkit.services.statutory import StatutoryValues, statutory_values
from clientkit.storage import reminder_queries as queries
from clientkit.storage.models import Invoice, Message, Profile, Reminder, utcnow
from clientkit.storage.usage_queries import paid_by_invoice
from clientkit.translations import FALLBACK_LOCALE, language_of

# An intent younger than this whose owner still runs belongs to a run that is sending
# right now: it is neither re-sent nor reported as interrupted.
IN_FLIGHT = timedelta(minutes=15)
DEFAULT_GRACE_DAYS = 7
PREVIEW_LINES = 4
_NOT_HEADER_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SUFFIX = ".txt.j2"


class ReminderView(TypedDict):
    """A reminder due (or sent): to whom, for which invoice and level, its subject and first
    lines; `reminder_id` is its row once one was claimed."""

    invoice: str
    invoice_id: int
    client: str
    to: str
    level: str
    days_overdue: int
    balance: Decimal
    late_fee: Decimal
    currency: str
    subject: str
    first_lines: list[str]
    reminder_id: int | None


class SentReminder(ReminderView):
    """A reminder the server accepted (or the outbox took): its Message-ID and where it went."""

    message_id: str
    where: str


class Preview(TypedDict):
    """What `remind --dry-run` shows."""

    today: date
    mode: str
    reminders: list[ReminderView]
    interrupted: list[ReminderView]
    in_progress: list[ReminderView]
    problems: list[str]
    skipped: list[str]  # one line per invoice left unreminded because credit covers it
    notices: list[str]


class SendResult(TypedDict):
    """What a run sent, what it found interrupted or in progress, and why it stopped."""

    today: date
    mode: str
    sent: list[SentReminder]
    interrupted: list[ReminderView]
    in_progress: list[ReminderView]
    problems: list[str]
    skipped: list[str]
    notices: list[str]
    failure: str | None


class InvoiceValues(TypedDict):
    """A reminder template's values: plain, pre-formatted in the client's locale."""

    client_name: str
    client_company: str
    project_title: str
    invoice_number: str
    issue_date: str
    due_date: str
    days_overdue: int
    total: str
    paid: str
    paid_some: bool
    balance: str
    currency: str
    pay_by: str
    last_reminder_date: str
    late_fee_due: bool
    late_fee_rate: str
    late_fee: str
    balance_with_fee: str
    iban: str
    bic: str
    account_holder: str
    reference: str
    sender_name: str
    sender_business: str
    sender_email: str


class ReminderValues(InvoiceValues, StatutoryValues):
    """Everything a reminder template may use, the statutory claim's values included."""


@dataclass(frozen=True)
class Draft:
    """One reminder to send: whom, which invoice, which level, and its rendered text."""

    invoice_id: int
    invoice_number: str
    level: str
    days_overdue: int
    client_id: int
    client_name: str
    to: str
    project_id: int | None
    currency: str
    balance_minor: int
    late_fee_minor: int
    subject: str
    body: str
    state: queries.ReminderState | None = None

    @property
    def label(self) -> str:
        return f"{self.invoice_number}-{self.level}"


@dataclass
class Plan:
    """What today's run would do."""

    today: date
    zone: tzinfo  # the book's: a reminder's day is the calendar day it went out there
    due: list[Draft] = field(default_factory=list)
    interrupted: list[Draft] = field(default_factory=list)
    in_progress: list[Draft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # (level, client locale) -> (template, the locale it is written in): see reminder_template
    template_names: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict, repr=False)


def schedule_of(config: Config) -> tuple[Step, ...]:
    """The configured schedule; a malformed one is bad input (exit 2)."""
    try:
        return parse_schedule(config.get("reminders", {}).get("schedule", []))
    except InvalidValue as exc:
        raise BadInput(message_of(exc)) from None


def gap_of(config: Config) -> int:
    """The configured days between two reminders of an invoice; a malformed one is bad input."""
    try:
        return parse_gap(config.get("reminders", {}).get("gap_days", DEFAULT_GAP_DAYS))
    except InvalidValue as exc:
        raise BadInput(message_of(exc)) from None


@dataclass(frozen=True)
class Ladder:
    """The rules a run climbs by: the schedule and the gap between two reminders."""

    schedule: tuple[Step, ...]
    gap_days: int


def plan_reminders(book: Book, *, resend_interrupted: bool = False) -> Plan:
    """Today's reminders, rendered, plus the interrupted sends and the ones that cannot go.

    Credit and deposits count first: an invoice whose client holds enough of them in its
    currency to cover everything it owes there is not reminded (a line in `skipped` says
    why); credit covering only part leaves the reminder asking for the invoice's balance,
    with a line in `notices`, since credit is applied only when the user says so."""
    ladder = Ladder(schedule_of(book.config), gap_of(book.config))
    today = book.clock.today()
    plan = Plan(today, book.zone)
    with book.read() as session:
        profile = get_profile_readonly(session, book)
        candidates = queries.overdue_invoices(
            session, today - timedelta(days=ladder.schedule[0].days)
        )
        covers = queries.client_covers(session, {invoice.client_id for invoice in candidates})
    for invoice in candidates:
        cover = covers.get((invoice.client_id, invoice.currency), queries.Cover())
        _place(plan, invoice, ladder, cover, profile, book.config, resend_interrupted)
    return plan


def get_profile_readonly(session: Session, book: Book) -> Profile:
    """The profile without creating it in a read transaction (defaults when absent)."""
    found = session.get(Profile, 1)
    return found if found is not None else configured_profile(book)


def _place(
    plan: Plan,
    invoice: queries.OverdueInvoice,
    ladder: Ladder,
    cover: queries.Cover,
    profile: Profile,
    config: Config,
    resend: bool,
) -> None:
    step = level_due(
        status=invoice.status,
        balance_minor=invoice.balance_minor,
        due_date=invoice.due_date,
        today=plan.today,
        sent=sent_days(invoice, plan.zone),
        schedule=ladder.schedule,
        gap_days=ladder.gap_days,
    )
    if step is None or _higher_intent(invoice, step):
        return
    if cover.held_minor >= cover.owed_minor > 0:
        plan.skipped.append(_covered_line(invoice, step, cover))
        return
    if cover.held_minor > 0:
        plan.notices.append(_part_covered_line(invoice, cover))
    state = invoice.reminders.get(step.level)
    plan.notices += _fallback_notice(invoice, step.level, plan.template_names)
    try:
        last_sent = max(filter(None, sent_days(invoice, plan.zone).values()), default=None)
        draft = _draft(
            invoice, step, state, profile, config, plan.today, last_sent, plan.template_names
        )
    except InvalidValue as exc:
        plan.problems.append(_cannot_remind(invoice.number, invoice.client_name, message_of(exc)))
        return
    if state is None or state.status != "intent":
        plan.due.append(draft)
    elif _is_live(state):
        plan.in_progress.append(draft)
    elif resend:
        plan.due.append(draft)
    else:
        plan.interrupted.append(draft)


def _fallback_notice(
    invoice: queries.OverdueInvoice, level: str, names: dict[tuple[str, str], tuple[str, str]]
) -> list[str]:
    """Say that a client whose language has no reminder template is reminded in English."""
    _, locale = reminder_template(level, invoice.client_locale, names)
    if locale == invoice.client_locale:
        return []
    return [
        said(
            "client %(client)s's language %(language)s has no reminder template: the %(level)s"
            " reminder of invoice %(number)s is in English",
            client=invoice.client_name,
            language=language_of(invoice.client_locale),
            level=_level(level),
            number=invoice.number,
        )
    ]


def sent_days(invoice: queries.OverdueInvoice, zone: tzinfo) -> dict[str, date | None]:
    """The levels sent for the invoice and the calendar day (in `zone`) each went out."""
    return {
        level: state.sent_at.astimezone(zone).date() if state.sent_at is not None else None
        for level, state in invoice.reminders.items()
        if state.status == "sent"
    }


def _held_text(cover: queries.Cover, currency: str) -> str:
    credit = format_money(cover.credit_minor, currency)
    if not cover.deposits_minor:
        return said("credit of %(credit)s", credit=credit)
    return said(
        "credit of %(credit)s and unclaimed deposits of %(deposits)s",
        credit=credit,
        deposits=format_money(cover.deposits_minor, currency),
    )


def _covered_line(invoice: queries.OverdueInvoice, step: Step, cover: queries.Cover) -> str:
    cur = invoice.currency
    return said(
        "invoice %(number)s to %(client)s: no %(level)s reminder: the client's %(held)s covers"
        " its open balance of %(owed)s; settle it with `clientkit credit apply %(quoted)s`",
        number=invoice.number,
        client=invoice.client_name,
        level=_level(step.level),
        held=_held_text(cover, cur),
        owed=format_money(cover.owed_minor, cur),
        quoted=repr(invoice.client_name),
    )


def _part_covered_line(invoice: queries.OverdueInvoice, cover: queries.Cover) -> str:
    cur = invoice.currency
    return said(
        "invoice %(number)s to %(client)s: the client holds %(held)s, less than its open balance"
        " of %(owed)s; the reminder asks for the invoice's balance (%(balance)s) until"
        " `clientkit credit apply %(quoted)s` settles part of it",
        number=invoice.number,
        client=invoice.client_name,
        held=_held_text(cover, cur),
        owed=format_money(cover.owed_minor, cur),
        balance=format_money(invoice.balance_minor, cur),
        quoted=repr(invoice.client_name),
    )


def _higher_intent(invoice: queries.OverdueInvoice, step: Step) -> bool:
    """An interrupted send of a higher level may have gone out: never step back below it."""
    rank = LEVELS.index(step.level)
    return any(
        LEVELS.index(level) > rank and state.status == "intent"
        for level, state in invoice.reminders.items()
        if level in LEVELS
    )


def _is_live(state: queries.ReminderState) -> bool:
    """Whether the run that wrote this intent may still be sending it."""
    if state.intent_at is None or utcnow() - state.intent_at > IN_FLIGHT:
        return False
    host, _, pid = state.owner.rpartition(" ")
    if host != socket.gethostname():
        return True  # another machine sharing the book: only the age can tell
    return pid.isdigit() and _pid_alive(int(pid))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this very run did not write it during planning
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner() -> str:
    return f"{socket.gethostname()} {os.getpid()}"


def _draft(
    invoice: queries.OverdueInvoice,
    step: Step,
    state: queries.ReminderState | None,
    profile: Profile,
    config: Config,
    today: date,
    last_sent: date | None,
    names: dict[tuple[str, str], tuple[str, str]],
) -> Draft:
    to = check_recipient(invoice.client_email, invoice.client_name)
    overdue = (today - invoice.due_date).days
    fee = late_fee_minor(invoice.balance_minor, invoice.late_fee_bp, invoice.due_date, today)
    name, locale = reminder_template(step.level, invoice.client_locale, names)
    values: ReminderValues = {
        **template_values(invoice, profile, config, today, fee, last_sent, locale),
        **statutory_values(
            invoice,
            config,
            today,
            fee,
            final=step.level == "final",
            seller_country=party_country(profile.country, profile.vat_id, profile.locale),
            locale=locale,
        ),
    }
    subject, body = render_reminder(name, values)
    check_no_controls(subject, "reminder subject")
    return Draft(
        invoice.invoice_id,
        invoice.number,
        step.level,
        overdue,
        invoice.client_id,
        invoice.client_name,
        to,
        invoice.project_id,
        invoice.currency,
        invoice.balance_minor,
        fee,
        subject,
        body,
        state,
    )


def check_recipient(address: str, client_name: str) -> str:
    """The client's address, refused unless it is exactly one plain, header-safe address."""
    if not address:
        raise InvalidValue(
            said(
                "no e-mail address; add one with `clientkit client edit %(client)s --email ...`",
                client=repr(client_name),
            )
        )
    # smtplib truncates at CR/LF and a comma or semicolon would add recipients.
    if any(char in address for char in "\r\n\0,;<>\"'") or len(address.split()) != 1:
        raise InvalidValue(f"e-mail address {address!r} is not one plain address")
    return check_email(address)


def template_values(
    invoice: queries.OverdueInvoice,
    profile: Profile,
    config: Config,
    today: date,
    fee_minor: int,
    last_sent: date | None,
    locale: str,
) -> InvoiceValues:
    """Plain values for the templates, formatted in `locale` (the one the reminder is written
    in); `last_sent` is the day the invoice's latest reminder went out."""
    loc, cur = locale, invoice.currency
    grace = int(config.get("reminders", {}).get("grace_days", DEFAULT_GRACE_DAYS))
    return {
        "client_name": invoice.client_name,
        "client_company": invoice.client_company,
        "project_title": invoice.project_title or "",
        "invoice_number": invoice.number,
        "issue_date": format_date(invoice.issue_date, loc) if invoice.issue_date else "",
        "due_date": format_date(invoice.due_date, loc),
        "days_overdue": (today - invoice.due_date).days,
        "total": format_money(invoice.total_minor, cur, loc),
        "paid": format_money(invoice.paid_minor, cur, loc),
        "paid_some": invoice.paid_minor > 0,
        "balance": format_money(invoice.balance_minor, cur, loc),
        "currency": cur,
        "pay_by": format_date(today + timedelta(days=grace), loc),
        "last_reminder_date": format_date(last_sent, loc) if last_sent else "",
        "late_fee_due": fee_minor > 0,
        "late_fee_rate": format_percent_bp(invoice.late_fee_bp or 0, loc),
        "late_fee": format_money(fee_minor, cur, loc),
        "balance_with_fee": format_money(invoice.balance_minor + fee_minor, cur, loc),
        "iban": _grouped_iban(profile.iban),
        "bic": profile.bic,
        "account_holder": profile.business or profile.name,
        "reference": payment_reference(invoice.number, loc),
        "sender_name": profile.name or profile.business,
        "sender_business": profile.business,
        "sender_email": profile.email,
    }


def _grouped_iban(iban: str) -> str:
    compact = iban.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def reminder_template(
    level: str, locale: str, names: dict[tuple[str, str], tuple[str, str]] | None = None
) -> tuple[str, str]:
    """The template of a reminder at `level` to a client in `locale`, and the locale the
    reminder is written in: the client's where a template in its language exists (the user's
    or a shipped one), else the English one, with English dates and numbers.

    `names` remembers the answer for a (level, locale) during one run: looking it up scans
    the template folders, which would dominate a run of many reminders.
    """
    from clientkit.documents import templating

    names = {} if names is None else names
    found = names.get((level, locale))
    if found is None:
        base = f"reminder_{level}"
        name = templating.find_localized(base, locale, SUFFIX)
        found = (name, locale) if name else (f"{base}.en{SUFFIX}", FALLBACK_LOCALE)
        names[(level, locale)] = found
    return found


def render_reminder(name: str, values: Mapping[str, object]) -> tuple[str, str]:
    """Subject (the template's first line) and body of a reminder from the template `name`."""
    from clientkit.documents import templating

    text = templating.render_plain(name, values)
    subject, _, body = text.lstrip("\n").partition("\n")
    return subject.strip(), body.strip("\n") + "\n"


def preview(book: Book) -> Preview:
    """What `remind --dry-run` shows: today's reminders with subject and first lines."""
    plan = plan_reminders(book)
    return {
        "today": plan.today,
        "mode": "dry-run",
        "reminders": [_draft_view(draft) for draft in plan.due],
        "interrupted": [_draft_view(draft) for draft in plan.interrupted],
        "in_progress": [_draft_view(draft) for draft in plan.in_progress],
        "problems": plan.problems,
        "skipped": plan.skipped,
        "notices": plan.notices,
    }


def _draft_view(draft: Draft) -> ReminderView:
    lines = [line for line in draft.body.splitlines() if line.strip()]
    return {
        "invoice": draft.invoice_number,
        "invoice_id": draft.invoice_id,
        "client": draft.client_name,
        "to": draft.to,
        "level": draft.level,
        "days_overdue": draft.days_overdue,
        "balance": money(draft.balance_minor, draft.currency),
        "late_fee": money(draft.late_fee_minor, draft.currency),
        "currency": draft.currency,
        "subject": draft.subject,
        "first_lines": lines[:PREVIEW_LINES],
        "reminder_id": draft.state.id if draft.state else None,
    }


def interrupted_notice(view: ReminderView) -> str:
    """The line that reports a send that may or may not have happened."""
    return said(
        "reminder %(id)s (%(level)s) for invoice %(number)s may have been sent; check your sent"
        " mail, then run with --resend-interrupted to send it again",
        id=view["reminder_id"],
        level=_level(view["level"]),
        number=view["invoice"],
    )


def _level(level: str) -> str:
    """A reminder's level (friendly, second, final), said in the reader's language."""
    return said_in("reminder level", level)


def sender_address(book: Book) -> tuple[str, str]:
    """(display name, address) of the From header: [smtp] from, else the profile's e-mail."""
    with book.read() as session:
        profile = get_profile_readonly(session, book)
    configured = str(book.config.get("smtp", {}).get("from") or "")
    name, address = parseaddr(configured) if configured else ("", profile.email)
    if not address:
        raise Refused(
            said(
                "no sender address: set `from` in the [smtp] table of config.toml or your"
                " e-mail with `clientkit profile set --email ...`"
            )
        )
    try:
        check_no_controls(configured, "[smtp] from")
        check_email(address)
    except InvalidValue as exc:
        raise BadInput(said("[smtp] from: %(problem)s", problem=message_of(exc))) from None
    return check_no_controls(name or profile.business or profile.name, "sender name"), address


def build_message(
    draft: Draft, sender: tuple[str, str], when: datetime, attachment: tuple[str, bytes] | None
) -> EmailMessage:
    """The e-mail of a reminder; every header value is checked for injection again here, and
    the finished message is read back to prove it has one sender and one recipient."""
    to = check_recipient(draft.to, draft.client_name)
    check_no_controls(draft.subject, "reminder subject")
    message = EmailMessage(policy=DEFAULT_POLICY)
    message["From"] = mailbox(*sender)
    message["To"] = mailbox(draft.client_name, to)
    message["Subject"] = header_text(draft.subject)
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain=sender[1].rpartition("@")[2])
    message.set_content(draft.body, cte="quoted-printable")
    if attachment is not None:
        filename, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    _check_read_back(message, sender[1], to)
    return message


def header_text(text: str) -> str:
    """`text` as a header may carry it: controls and line breaks become spaces, and `=?` is
    broken up, since the e-mail library decodes an RFC 2047 word such as `=?utf-8?q?=0A?=`
    found in plain text and would write its line break into the header raw."""
    return " ".join(_NOT_HEADER_TEXT.sub(" ", text).split()).replace("=?", "= ?")


def mailbox(name: str, address: str) -> Address:
    """One address with its display name quoted or encoded by the e-mail library: a name
    like `Jürgen, someone@else.example` stays a name, never a second recipient."""
    try:
        return Address(display_name=header_text(name), addr_spec=address)
    except (ValueError, IndexError) as exc:  # the library's own refusal of an odd address
        raise InvalidValue(f"e-mail address {address!r} is not one plain address ({exc})") from None


def _check_read_back(message: EmailMessage, sender: str, to: str) -> None:
    """Serialise the headers as they will travel and parse them again: exactly the headers
    set, one From and one To with the intended addresses (belt and braces against a library
    that folds a header into something else)."""
    try:
        data = message.as_bytes(policy=SMTP_POLICY)
    except (ValueError, UnicodeError) as exc:
        raise InvalidValue(f"the message could not be written ({exc})") from None
    back = BytesHeaderParser(policy=DEFAULT_POLICY).parsebytes(data)
    if sorted(name.lower() for name in back) != sorted(name.lower() for name in message):
        raise InvalidValue("the message's headers did not survive being written")
    for header, expected in (("From", sender), ("To", to)):
        addresses = [a.addr_spec for a in getattr(back[header], "addresses", ())]
        if addresses != [expected]:
            raise InvalidValue(f"e-mail address {expected!r} did not survive as one {header}")


def send_reminders(
    book: Book, mailer: Mailer, *, resend_interrupted: bool = False, attach: bool = True
) -> SendResult:
    """Send today's reminders through `mailer`. A message the server refuses (its recipient or
    its content) is reported and the run goes on; a server that fails stops the run."""
    plan = plan_reminders(book, resend_interrupted=resend_interrupted)
    sender = sender_address(book) if plan.due else ("", "")
    result: SendResult = {
        "today": plan.today,
        "mode": mailer.channel,
        "sent": [],
        "interrupted": [_draft_view(d) for d in plan.interrupted],
        "in_progress": [_draft_view(d) for d in plan.in_progress],
        "problems": list(plan.problems),
        "skipped": list(plan.skipped),
        "notices": list(plan.notices),
        "failure": None,
    }
    try:
        for draft in plan.due:
            if not _send_one(book, mailer, draft, sender, attach, result):
                break
    finally:
        mailer.close()
    return result


def _send_one(
    book: Book,
    mailer: Mailer,
    draft: Draft,
    sender: tuple[str, str],
    attach: bool,
    result: SendResult,
) -> bool:
    """Claim, send, record one reminder; False when the run must stop."""
    now = book.clock.now()
    try:
        attachment = invoice_attachment(book, draft.invoice_id) if attach else None
        message = build_message(draft, sender, now, attachment)
    except (InvalidValue, ValueError, UnicodeError, LookupError) as exc:
        # One client's odd data (a name the e-mail library chokes on) costs only its own
        # reminder: the others still go, and the run ends with exit 1 naming this one.
        reason = (
            message_of(exc) if isinstance(exc, InvalidValue) else f"{type(exc).__name__}: {exc}"
        )
        result["problems"].append(_cannot_remind(draft.invoice_number, draft.client_name, reason))
        return True
    reminder_id = _claim(book, draft, mailer.channel)
    if reminder_id is None:
        return True  # another run owns it, or the invoice was settled meanwhile
    try:
        where = mailer.send(message, draft.to, draft.label)
    except MailError as exc:
        line = _failure_line(book, draft, reminder_id, exc)
        if exc.this_message_only:
            result["problems"].append(line)
            return True
        result["failure"] = line
        return False
    _record_sent(book, reminder_id, draft, str(message["Message-ID"]), mailer.channel, now)
    # The row claimed now replaces the draft's (None for a first send), keeping its place.
    result["sent"].append(
        {
            **_draft_view(draft),
            "reminder_id": reminder_id,
            "message_id": str(message["Message-ID"]),
            "where": where,
        }
    )
    return True


def _cannot_remind(number: str | None, client: str, reason: str) -> str:
    return said(
        "invoice %(number)s: cannot remind %(client)s: %(reason)s",
        number=number,
        client=client,
        reason=reason,
    )


def _failure_line(book: Book, draft: Draft, reminder_id: int, exc: MailError) -> str:
    values = {
        "level": _level(draft.level),
        "number": draft.invoice_number,
        "problem": str(exc),
        "id": reminder_id,
    }
    if exc.maybe_sent:
        return said(
            "%(problem)s; the %(level)s reminder for invoice %(number)s (reminder %(id)s) may"
            " have been sent; check your sent mail, then run with --resend-interrupted to send"
            " it again",
            **values,
        )
    _mark_failed(book, reminder_id, str(exc))
    return said(
        "the %(level)s reminder for invoice %(number)s was not sent: %(problem)s; the next run"
        " tries again",
        **values,
    )


def _claim(book: Book, draft: Draft, channel: str) -> int | None:
    """Own this (invoice, level) in a committed write transaction, or learn another run does.

    None when the reminder is no longer ours to send: a concurrent run claimed it
    first (and reports it itself), or the invoice was paid or credited since planning.
    """
    now = utcnow()
    with book.write() as session:
        if not _still_open(session, draft.invoice_id):
            return None
        if draft.state is None:
            return queries.claim_new(session, draft.invoice_id, draft.level, channel, _owner(), now)
        won = queries.claim_existing(
            session,
            draft.state.id,
            draft.state.status,
            draft.state.intent_at,
            channel,
            _owner(),
            now,
        )
        return draft.state.id if won else None


def _still_open(session: Session, invoice_id: int) -> bool:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.status != "issued":
        return False
    paid = paid_by_invoice(session, [invoice_id]).get(invoice_id, 0)
    return bool(invoice.total_minor > paid)


def _record_sent(
    book: Book, reminder_id: int, draft: Draft, message_id: str, channel: str, when: datetime
) -> None:
    with book.write() as session:
        reminder = session.get(Reminder, reminder_id)
        assert reminder is not None
        reminder.status = "sent"
        reminder.channel = channel
        reminder.message_id = message_id
        reminder.sent_at = when
        reminder.error = ""
        reminder.updated_at = utcnow()
        session.add(reminder)
        session.add(
            Message(
                client_id=draft.client_id,
                project_id=draft.project_id,
                direction="outbound",
                channel="email",
                subject=draft.subject,
                at=when,
                message_id=message_id,
            )
        )


def _mark_failed(book: Book, reminder_id: int, error: str) -> None:
    with book.write() as session:
        reminder = session.get(Reminder, reminder_id)
        assert reminder is not None
        reminder.status = "failed"
        reminder.error = error[:500]
        reminder.updated_at = utcnow()
        session.add(reminder)


def invoice_attachment(book: Book, invoice_id: int) -> tuple[str, bytes]:
    """The invoice PDF to attach: its usual file name and the bytes stored when it was issued
    (the balance due today is the reminder's to say, never the invoice's)."""
    from clientkit.services.issued_documents import served
    from clientkit.services.stored_documents import file_name

    with book.read() as session:
        invoice = session.get(Invoice, invoice_id)
        assert invoice is not None
    try:
        frozen = served(book, invoice)
        return file_name(frozen.doc, invoice_id, ".pdf"), frozen.pdf
    except Refused as exc:  # its stored PDF is damaged: said as it is, never attached
        raise InvalidValue(str(exc)) from None
    except Exception as exc:  # one invoice's PDF must not stop the other reminders
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise InvalidValue(
            f"its PDF could not be rendered ({type(exc).__name__}: {detail})"
        ) from None
