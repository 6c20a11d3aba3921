"""What needs attention today, read through Core (never the ORM): risks, overdue, replies, limits.

The TUI's first screen shows these: the risks, overdue invoices, replies owed, active projects'
limits and the week's minutes, each on a Core connection (the risk facts and
storage/dashboard_queries.py), so it imports neither the ORM, SQLModel nor pydantic."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import TypedDict

from clientkit.domain.risk.acks import acknowledged as holding_acks
from clientkit.domain.risk.acks import key_of
from clientkit.domain.terms import deposit_required_minor
from clientkit.i18n import money
from clientkit.services.book import Book
from clientkit.services.risks import (
    FindingRenderer,
    FindingView,
    cycle_collector_paused,
    findings,
    locale_of,
)
from clientkit.services.views import Page
from clientkit.storage import dashboard_queries as queries
from clientkit.storage.risk_queries import ack_rows
from clientkit.storage.usage_queries import project_usage

# Most severe first, as the dashboard lists them; within a severity, as `clientkit risks` does.
SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}


class RiskSummary(TypedDict):
    """Today's findings, counted per severity, and the first few to show, most severe first
    (findings silenced with `risks ack` are left out, as `clientkit risks` leaves them)."""

    counts: dict[str, int]  # every severity, most severe first, 0 where none
    total: int
    rows: list[FindingView]


class OverdueInvoice(TypedDict):
    """An issued invoice past its due date: how long, and what is still owed."""

    id: int
    number: str | None
    client_id: int
    client: str
    currency: str
    due_date: date
    days_overdue: int
    balance: Decimal


class AwaitingReply(queries.WaitingRow):
    """An inbound message not answered yet, and how many hours it has waited."""

    age_hours: int


class ProjectGauges(TypedDict):
    """An active project and what it used against its terms: revisions, communication, deposit
    (the keys of services.views.ProjectView that the gauges show)."""

    id: int
    title: str
    client: str
    client_id: int
    currency: str
    deadline: date | None
    revisions_included: int | None
    revisions_used: int
    comm_budget_minutes: int | None
    comm_minutes: int
    deposit_required: Decimal
    deposit_received: Decimal


# "from" is a keyword, so this view is declared in the functional form.
WeekView = TypedDict(
    "WeekView", {"from": date, "to": date, "minutes": dict[str, int], "total": int}
)


def risk_summary(book: Book, rows: int) -> RiskSummary:
    """Today's findings counted, and only the first `rows` of them worded: a large book has
    thousands, and the dashboard shows a screenful."""
    # The collector stays off until the findings are dropped: it would walk them all, and
    # find nothing, each time the wording of the first few allocates (Babel's locale data).
    with cycle_collector_paused(), book.snapshot() as connection:
        found = findings(book, connection)
        held = holding_acks(found, ack_rows(connection), book.clock.today())
        render = FindingRenderer(locale_of(connection, book), held)
        shown = [f for f in found if key_of(f) not in held] if held else found
        counted = Counter(f.severity for f in shown)
        first = sorted(shown, key=lambda f: SEVERITY_RANK.get(f.severity, len(SEVERITY_RANK)))
        return {
            "counts": {severity: counted[severity] for severity in SEVERITY_RANK},
            "total": len(shown),
            "rows": [render(f) for f in first[:rows]],
        }


def overdue_invoices(book: Book, limit: int = 8) -> Page[OverdueInvoice]:
    """Issued invoices past their due date with a balance, longest overdue first."""
    today = book.clock.today()
    with book.snapshot() as connection:
        total, rows = queries.overdue_invoices(connection, today, limit)
    overdue: list[OverdueInvoice] = [
        {
            "id": row["id"],
            "number": row["number"],
            "client_id": row["client_id"],
            "client": row["client"],
            "currency": row["currency"],
            "due_date": row["due_date"],
            "days_overdue": (today - row["due_date"]).days,
            "balance": money(row["balance_minor"], row["currency"]),
        }
        for row in rows
    ]
    return {"total": total, "offset": 0, "rows": overdue}


def awaiting_replies(book: Book, limit: int = 8) -> Page[AwaitingReply]:
    """Inbound messages not answered yet, oldest first, with their age in hours."""
    now = book.clock.now()
    with book.snapshot() as connection:
        total, rows = queries.awaiting_replies(connection, now, limit)
    waiting: list[AwaitingReply] = [
        {**row, "age_hours": int((now - row["at"]).total_seconds() // 3600)} for row in rows
    ]
    return {"total": total, "offset": 0, "rows": waiting}


def active_projects(book: Book, limit: int = 8) -> Page[ProjectGauges]:
    """Active projects, nearest deadline first, with what they used against their terms."""
    with book.snapshot() as connection:
        total, rows = queries.active_projects(connection, limit)
        usage = project_usage(connection, [row["id"] for row in rows])
    gauges: list[ProjectGauges] = []
    for row in rows:
        used, currency, terms = usage[row["id"]], row["currency"], row["terms"]
        gauges.append(
            {
                "id": row["id"],
                "title": row["title"],
                "client": row["client"],
                "client_id": row["client_id"],
                "currency": currency,
                "deadline": row["deadline"],
                "revisions_included": terms.revisions_included,
                "revisions_used": used.revisions,
                "comm_budget_minutes": terms.comm_budget_minutes,
                "comm_minutes": used.comm_minutes,
                "deposit_required": money(deposit_required_minor(terms), currency),
                "deposit_received": money(used.deposit_received_minor, currency),
            }
        )
    return {"total": total, "offset": 0, "rows": gauges}


def week_minutes(book: Book) -> WeekView:
    """Minutes logged per kind in the current week (Monday to Sunday)."""
    today = book.clock.today()
    first = today - timedelta(days=today.weekday())
    last = first + timedelta(days=6)
    with book.snapshot() as connection:
        by_kind = queries.minutes_by_kind(connection, first, last)
    return {"from": first, "to": last, "minutes": by_kind, "total": sum(by_kind.values())}
