"""`clientkit report`: income, invoiced and outstanding per currency, hours by kind, and the
effective rate per client and per project over a period."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypedDict

from clientkit.domain.dates import parse_date
from clientkit.domain.report import hours_text, share_text
from clientkit.domain.terms import COMMUNICATION_KINDS, effective_rate_minor
from clientkit.i18n import currency_digits
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.storage.report_queries import (
    Period,
    ProjectActivity,
    client_names,
    invoiced_by_currency,
    minutes_by_kind,
    outstanding_by_currency,
    project_activity,
    received_by_client,
    received_by_currency,
)


class MoneyRow(TypedDict):
    """Money of one currency over the period (amounts in different currencies never add up)."""

    currency: str
    received: Decimal
    invoiced: Decimal
    credited: Decimal
    outstanding: Decimal


class RateFields(TypedDict):
    """What a client or project earned per hour in one currency, and its communication share."""

    currency: str
    received: Decimal
    work_minutes: int
    communication_minutes: int
    hours: str
    effective_rate: Decimal | None
    communication_share_percent: str | None


class ClientReportRow(RateFields):
    client_id: int
    client: str


class ProjectReportRow(RateFields):
    project_id: int
    project: str
    client_id: int
    client: str


class TimeSummary(TypedDict):
    minutes_by_kind: dict[str, int]  # by time kind (work, call, meeting, email, chat)
    hours_by_kind: dict[str, str]
    work_minutes: int
    communication_minutes: int
    total_minutes: int
    communication_share_percent: str | None


# "from" is a keyword, so this view is declared in the functional form; its other keys are
# TimeSummary's, which it spreads in.
Report = TypedDict(
    "Report",
    {
        "from": date | None,
        "to": date | None,
        "money": list[MoneyRow],
        "minutes_by_kind": dict[str, int],
        "hours_by_kind": dict[str, str],
        "work_minutes": int,
        "communication_minutes": int,
        "total_minutes": int,
        "communication_share_percent": str | None,
        "clients": list[ClientReportRow],
        "projects": list[ProjectReportRow],
    },
)


def money(minor: int, currency: str) -> Decimal:
    """Minor units as an exact Decimal in the currency's precision (as `i18n.money`, cheaper:
    a report has a row per project)."""
    return Decimal(minor).scaleb(-currency_digits(currency))


def period_of(start: str | None, end: str | None) -> Period:
    """The period the user typed; refused when it ends before it starts."""
    period = Period(parse_date(start) if start else None, parse_date(end) if end else None)
    if period.start and period.end and period.end < period.start:
        raise BadInput(f"--to {period.end} is before --from {period.start}")
    return period


def build_report(book: Book, *, start: str | None = None, end: str | None = None) -> Report:
    """The report over a period (open-ended sides when not given)."""
    period = period_of(start, end)
    tallies = _Tallies()
    with book.snapshot() as connection:
        received = received_by_currency(connection, period)
        invoiced = invoiced_by_currency(connection, period)
        outstanding = outstanding_by_currency(connection, period)
        minutes = minutes_by_kind(connection, period)
        # One pass over the projects: each becomes its row and adds to its client's tally.
        projects = [tallies.add(activity) for activity in project_activity(connection, period)]
        by_client = received_by_client(connection, period)
        missing = [client_id for client_id, _ in by_client if client_id not in tallies.names]
        tallies.names.update(client_names(connection, missing))
    return {
        "from": period.start,
        "to": period.end,
        "money": _money_rows(received, invoiced, outstanding),
        **_time_summary(minutes),
        "clients": _client_rows(tallies, by_client),
        "projects": projects,
    }


def _money_rows(
    received: dict[str, int], invoiced: dict[str, tuple[int, int]], outstanding: dict[str, int]
) -> list[MoneyRow]:
    """One row per currency: amounts in different currencies are never added up."""
    rows: list[MoneyRow] = []
    for currency in sorted(set(received) | set(invoiced) | set(outstanding)):
        billed, credited = invoiced.get(currency, (0, 0))
        rows.append(
            {
                "currency": currency,
                "received": money(received.get(currency, 0), currency),
                "invoiced": money(billed, currency),
                "credited": money(credited, currency),
                "outstanding": money(outstanding.get(currency, 0), currency),
            }
        )
    return rows


def _time_summary(minutes: dict[str, int]) -> TimeSummary:
    comm = sum(minutes[kind] for kind in COMMUNICATION_KINDS)
    total = minutes["work"] + comm
    return {
        "minutes_by_kind": minutes,
        "hours_by_kind": {kind: hours_text(value) for kind, value in minutes.items()},
        "work_minutes": minutes["work"],
        "communication_minutes": comm,
        "total_minutes": total,
        "communication_share_percent": share_text(comm, total),
    }


def _rate_fields(received: int, work: int, comm: int, currency: str) -> RateFields:
    total = work + comm
    rate = effective_rate_minor(received, total)
    return {
        "currency": currency,
        "received": money(received, currency),
        "work_minutes": work,
        "communication_minutes": comm,
        "hours": hours_text(total),
        "effective_rate": None if rate is None else money(rate, currency),
        "communication_share_percent": share_text(comm, total),
    }


def _project_row(p: ProjectActivity) -> ProjectReportRow:
    return {
        "project_id": p.project_id,
        "project": p.title,
        "client_id": p.client_id,
        "client": p.client,
        **_rate_fields(p.received_minor, p.work_minutes, p.comm_minutes, p.currency),
    }


@dataclass
class _ClientTally:
    work_minutes: int = 0
    comm_minutes: int = 0
    received: int = 0


@dataclass
class _Tallies:
    """Minutes per client and currency, and client names, as projects go by."""

    clients: dict[tuple[int, str], _ClientTally] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def add(self, p: ProjectActivity) -> ProjectReportRow:
        """Count a project in; returns its report row."""
        tally = self.clients.setdefault((p.client_id, p.currency), _ClientTally())
        tally.work_minutes += p.work_minutes
        tally.comm_minutes += p.comm_minutes
        self.names[p.client_id] = p.client
        return _project_row(p)


def _client_rows(tallies: _Tallies, received: dict[tuple[int, str], int]) -> list[ClientReportRow]:
    """Per client and currency: money received in that currency ÷ hours on its projects."""
    clients = tallies.clients
    for key, amount in received.items():
        clients.setdefault(key, _ClientTally()).received = amount
    names = tallies.names
    ordered = sorted(
        clients.items(),
        key=lambda item: (names.get(item[0][0], "").casefold(), item[0][0], item[0][1]),
    )
    return [
        {
            "client_id": client_id,
            "client": names.get(client_id, str(client_id)),
            **_rate_fields(tally.received, tally.work_minutes, tally.comm_minutes, currency),
        }
        for (client_id, currency), tally in ordered
    ]
