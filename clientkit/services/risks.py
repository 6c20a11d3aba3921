"""Risks: the facts from the book, the rules of the domain, findings as plain dicts with money
formatted for people."""

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import tzinfo
from decimal import Decimal
from typing import TypedDict

from sqlalchemy.engine import Connection

from clientkit.config import Config
from clientkit.domain.patterns import patterns_of
from clientkit.domain.risk.acks import Ack, AckKey, key_of
from clientkit.domain.risk.acks import acknowledged as holding_acks
from clientkit.domain.risk.evaluation import as_behaved, at_least, evaluate, sort_findings
from clientkit.domain.risk.facts import ClientFacts
from clientkit.domain.risk.findings import SEVERITIES, Finding, Money, fill, slot
from clientkit.domain.risk.thresholds import DEFAULT_SEVERITY, THRESHOLD_NUMBERS, Thresholds
from clientkit.domain.wording import Said, said, said_and
from clientkit.i18n import currency_digits, money_formatter
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.storage.risk_queries import (
    Reader,
    ack_rows,
    client_facts,
    invoice_facts,
    message_facts,
    profile_locale,
    project_facts,
)


class AcknowledgedView(TypedDict):
    """Why and until when a finding was silenced (`risks ack`), and when."""

    reason: str
    until: str | None  # the last day it stays silent, ISO; None: until it changes
    at: str  # when it was silenced, ISO (UTC)


class FindingView(TypedDict):
    """A risk finding as the CLI and TUI show it: money in its message and action is
    formatted for the locale, and exact (amount text and currency) in its evidence."""

    code: str
    severity: str
    client: str
    client_id: int
    project: str | None
    project_id: int | None
    message: str
    # Each rule has its own evidence (counts, days, amounts, their currency): keyed by what
    # the rule measured, so open-ended; JSON consumers read it per `code`.
    evidence: dict[str, object]
    action: str
    # Set only by `risks --all` on a finding silenced with `risks ack`; null otherwise.
    acknowledged: AcknowledgedView | None


def thresholds(config: Config) -> Thresholds:
    """The [risk] table of the configuration (and the reminder schedule) as domain values."""
    table = config.get("risk", {})
    numbers = {
        key: _whole_number(table[key], f"[risk] {key}") for key in THRESHOLD_NUMBERS if key in table
    }
    severity = dict(DEFAULT_SEVERITY)
    for code, level in table.get("severity", {}).items():
        if level not in SEVERITIES:
            raise BadInput(
                said(
                    "config [risk.severity] %(code)s = %(level)s: expected one of %(choices)s",
                    code=code,
                    level=repr(level),
                    choices=", ".join(SEVERITIES),
                )
            )
        severity[code] = level
    schedule = config.get("reminders", {}).get("schedule", [])
    reminders = tuple(
        (_whole_number(step.get("days"), "[reminders] schedule days"), str(step.get("level")))
        for step in schedule
    )
    own = Thresholds().reminders  # the domain's schedule, when the config has none
    return Thresholds(**numbers, reminders=reminders or own, severity=severity)


def _whole_number(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadInput(
            said(
                "config %(where)s = %(value)s: expected a whole number, 0 or more",
                where=where,
                value=repr(value),
            )
        )
    return value


def check_severity(text: str) -> str:
    if text not in SEVERITIES:
        raise BadInput(f"invalid severity {text!r}: expected one of {', '.join(SEVERITIES)}")
    return text


def findings(
    book: Book, db: Reader, client_id: int | None = None, *, behaviour: bool = False
) -> list[Finding]:
    """Every current finding (of one client, or all), most severe clients first; with
    `behaviour`, as the client behaved, whatever has been billed or paid since (patterns)."""
    today, now = book.clock.today(), book.clock.now()
    with cycle_collector_paused():
        projects = project_facts(db, client_id)
        return sort_findings(
            evaluate(
                as_behaved(projects) if behaviour else projects,
                invoice_facts(db, today, client_id),
                [_local_client(facts, book.zone) for facts in client_facts(db, today, client_id)],
                [
                    replace(m, oldest_at=m.oldest_at.astimezone(book.zone))
                    for m in message_facts(db, client_id)
                ],
                now=now,
                today=today,
                thresholds=thresholds(book.config),
            )
        )


def _local_client(facts: ClientFacts, zone: tzinfo) -> ClientFacts:
    """The client's last message and reminder as wall times of the book's zone: the rules
    count calendar days from them, and the evidence shows them, as the user lives them."""
    inbound, reminded = facts.last_inbound_at, facts.last_reminder_at
    return replace(
        facts,
        last_inbound_at=inbound.astimezone(zone) if inbound else None,
        last_reminder_at=reminded.astimezone(zone) if reminded else None,
    )


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the facts and findings are built: tens of thousands
    of tuples and dicts with no cycle among them, over which it ran some 70 times per
    evaluation on a large book, finding nothing (about a fifteenth of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class RiskList:
    """The findings to show, rendered one at a time as they are read, and how many silenced
    ones (`risks ack`) were left out."""

    views: Iterator[FindingView]
    silenced: int = 0

    def __iter__(self) -> Iterator[FindingView]:
        return self.views


def risk_list(
    book: Book,
    *,
    client_ref: str | None = None,
    min_severity: str = "info",
    acknowledged: bool = False,
) -> RiskList:
    """`clientkit risks`: findings as dicts, filtered by client and minimum severity, rendered
    one at a time so a large book never holds them all as text. Findings silenced by `risks
    ack` are left out (and counted), or with `acknowledged` kept and marked."""
    floor = check_severity(min_severity)
    with book.snapshot() as connection:
        client_id = _client_id(connection, client_ref) if client_ref else None
        found = at_least(findings(book, connection, client_id), floor)
        held = holding_acks(found, ack_rows(connection, client_id), book.clock.today())
        render = FindingRenderer(locale_of(connection, book), held)
    if not held or acknowledged:
        return RiskList(map(render, found))
    shown = [f for f in found if key_of(f) not in held]
    return RiskList(map(render, shown), len(found) - len(shown))


def iter_risks(
    book: Book,
    *,
    client_ref: str | None = None,
    min_severity: str = "info",
    acknowledged: bool = False,
) -> Iterator[FindingView]:
    """The findings of `risk_list`, without the count of silenced ones."""
    listed = risk_list(
        book, client_ref=client_ref, min_severity=min_severity, acknowledged=acknowledged
    )
    return iter(listed)


def list_risks(
    book: Book,
    *,
    client_ref: str | None = None,
    min_severity: str = "info",
    acknowledged: bool = False,
) -> list[FindingView]:
    """Every finding as a dict (see `iter_risks`)."""
    return list(
        iter_risks(
            book, client_ref=client_ref, min_severity=min_severity, acknowledged=acknowledged
        )
    )


def client_patterns(book: Book, db: Reader, client_id: int) -> list[str]:
    """The client patterns (SPEC section 1) the client's findings point at: how the client
    behaved, so extras billed since (or a silenced finding) still count."""
    return patterns_of(findings(book, db, client_id, behaviour=True))


def _client_id(connection: Connection, reference: str) -> int:
    """The client a name or id names, resolved by the one lookup every command uses (it needs
    the ORM, so only `--client` pays for importing it)."""
    from sqlmodel import Session

    from clientkit.services.lookup import find_client

    with Session(bind=connection) as session:
        client_id = find_client(session, reference).id
    assert client_id is not None  # a stored client has its id
    return client_id


def locale_of(db: Reader, book: Book) -> str:
    locale = profile_locale(db)
    if locale is not None:
        return locale
    return str(book.config.get("defaults", {}).get("locale", "en_US"))


class FindingRenderer:
    """Turns domain findings into JSON-safe dicts, with money formatted in the locale."""

    def __init__(self, locale: str, acks: Mapping[AckKey, Ack] | None = None) -> None:
        self.locale = locale
        self.acks = acks or {}

    def __call__(self, finding: Finding) -> FindingView:
        texts: dict[str, str] = {}
        evidence: dict[str, object] = {}
        currencies = set()
        for key, value in finding.evidence.items():
            if type(value) is Money:
                texts[key] = self._text(value)
                evidence[key] = amount_text(value)
                currencies.add(value.currency)
            elif type(value) is list and value and all(type(v) is Money for v in value):
                texts[key] = said_and([self._text(v) for v in value])
                evidence[key] = [{"amount": amount_text(v), "currency": v.currency} for v in value]
            else:
                evidence[key] = value
        if len(currencies) == 1:
            evidence["currency"] = currencies.pop()
        return {
            "code": finding.code,
            "severity": finding.severity,
            "client": finding.client,
            "client_id": finding.client_id,
            "project": finding.project,
            "project_id": finding.project_id,
            "message": filled(finding.message, texts),
            "evidence": evidence,
            "action": filled(finding.action, texts),
            "acknowledged": self._acknowledged(finding) if self.acks else None,
        }

    def _acknowledged(self, finding: Finding) -> AcknowledgedView | None:
        ack = self.acks.get(key_of(finding))
        if ack is None:
            return None
        until = ack.until.isoformat() if ack.until else None
        return {"reason": ack.reason, "until": until, "at": ack.at.isoformat()}

    def _text(self, value: Money) -> str:
        return money_formatter(value.currency, self.locale)(value.minor)


def filled(line: str, texts: Mapping[str, str]) -> str:
    """A finding's message or action with its money slots filled; a line the command line
    says in the profile's language (a `Said`) stays one, its values filled alike."""
    if not isinstance(line, Said):
        # A slot standing alone takes its text whole: amounts in several currencies joined by
        # `and` are a Said too, said again with the line.
        whole = next((text for name, text in texts.items() if line == slot(name)), None)
        return whole if isinstance(whole, Said) else fill(line, texts)
    params = {name: filled(value, texts) for name, value in line.params.items()}
    return Said(line.message, params, plural=line.plural, number=line.number, context=line.context)


def amount_text(value: Money) -> str:
    """An amount as JSON shows it: exact decimal text in the currency's precision ("1500.00")."""
    return str(Decimal(value.minor).scaleb(-currency_digits(value.currency)))
