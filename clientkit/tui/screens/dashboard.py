"""The first screen: today's risks, overdue invoices, replies owed, active projects, the week."""

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import AwaitMount
from textual.widgets import DataTable, Label, ListItem, ListView, Static

from clientkit.domain.terms import TIME_KINDS
from clientkit.tui.base import BookScreen
from clientkit.tui.calls import call_service
from clientkit.tui.format import age_text, minutes_text, money_text
from clientkit.tui.messages import ActionRefused, FirstScreenRead, SectionLoaded
from clientkit.tui.widgets.gauge import Gauge
from clientkit.tui.widgets.plain import PlainLabel, PlainStatic
from clientkit.tui.widgets.risk_badge import RiskBadge
from clientkit.tui.widgets.sized_table import SizedTable

if TYPE_CHECKING:
    from clientkit.services.dashboard import (
        AwaitingReply,
        OverdueInvoice,
        ProjectGauges,
        RiskSummary,
        WeekView,
    )
    from clientkit.services.risks import FindingView
    from clientkit.services.views import Page

LIST_SECTIONS = ("overdue", "awaiting", "projects", "week")
RISK_ROWS = 30
# The risks the list shows before it scrolls (and a few): drawn first, the rest after them.
RISK_ROWS_FIRST = 8
LIST_ROWS = 8


class RiskItem(ListItem):
    """One finding: badge, who, what happened, and what to do next."""

    def __init__(self, finding: "FindingView") -> None:
        super().__init__()
        self.finding = finding

    def compose(self) -> ComposeResult:
        f = self.finding
        where = f["client"] + (f" · {f['project']}" if f.get("project") else "")
        with Horizontal(classes="risk-line"):
            yield RiskBadge(f["severity"])
            yield PlainLabel(f"{where}: {f['message']}", classes="risk-message")
        yield PlainLabel(f"→ {f['action']}", classes="risk-action")


class ProjectItem(ListItem):
    """An active project with gauges for revisions, communication and deposit."""

    def __init__(self, project: "ProjectGauges") -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield from project_gauges(self.project)


def project_gauges(p: "ProjectGauges") -> ComposeResult:
    """Title line and the three gauges of a project."""
    deadline = f" · due {p['deadline']}" if p.get("deadline") else ""
    yield PlainLabel(f"{p['title']} ({p['client']}){deadline}", classes="project-title")
    included = p.get("revisions_included")
    budget = p.get("comm_budget_minutes")
    required, received = p["deposit_required"], p["deposit_received"]
    with Horizontal(classes="gauges"):
        yield Gauge(
            "rev",
            p["revisions_used"],
            included,
            f"{p['revisions_used']}/{'-' if included is None else included}",
            id="gauge-revisions",
        )
        yield Gauge(
            "comm",
            p["comm_minutes"],
            budget,
            f"{minutes_text(p['comm_minutes']) if p['comm_minutes'] else '0m'}"
            f"/{minutes_text(budget)}",
            id="gauge-comm",
        )
        yield Gauge(
            "dep",
            float(received),
            float(required) if required else None,
            f"{received:,}/{money_text(required, p['currency'])}",
            fill_is_good=True,
            id="gauge-deposit",
        )


class DashboardScreen(BookScreen):
    """What needs attention today; Enter opens the invoice, client or project under the cursor."""

    CSS_PATH = "dashboard.tcss"
    TITLE = "Dashboard"

    def __init__(self) -> None:
        super().__init__()
        self._reading: set[str] = set()
        self._pending: set[str] = set()  # sections this reading has still to show
        self._more_risks: list[FindingView] = []  # drawn once the first ones are
        self._awaiting_client: dict[str, int] = {}  # row key (message id) -> its client

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="dashboard"):
            yield PlainLabel("Risks today: reading…", id="risks-title", classes="section")
            yield ListView(id="risks")
            yield PlainLabel("Overdue invoices: reading…", id="overdue-title", classes="section")
            # Fixed widths: an auto-sized table of auto height kept a stale header here.
            # Labels as Text: a str is read as markup, which loads Rich's emoji table first.
            overdue: DataTable[Any] = SizedTable(id="overdue", cursor_type="row")
            for label, width in (("Invoice", 10), ("Client", 26), ("Days", 5), ("Balance", 16)):
                overdue.add_column(Text(label), width=width)
            yield overdue
            yield PlainLabel(
                "Awaiting your reply: reading…", id="awaiting-title", classes="section"
            )
            awaiting: DataTable[Any] = SizedTable(id="awaiting", cursor_type="row")
            for label, width in (("Client", 26), ("Subject", 34), ("Waiting", 8)):
                awaiting.add_column(Text(label), width=width)
            yield awaiting
            yield PlainLabel("Active projects: reading…", id="projects-title", classes="section")
            yield ListView(id="projects")
            with Vertical(id="week-box"):
                yield PlainLabel("This week: reading…", id="week-title", classes="section")
                yield PlainStatic("", id="week")

    def refresh_data(self) -> None:
        from clientkit.services import dashboard

        # The risks first: they are what the screen is for, and the heaviest to work out.
        # The lists start once they are shown (see on_section_loaded), one worker each,
        # so that each shows as soon as it is read and none slows the risks down.
        self._pending = {"risks", *LIST_SECTIONS}
        self.load_section("risks", dashboard.risk_summary, RISK_ROWS)

    def _load_lists(self) -> None:
        from clientkit.services import dashboard

        self.load_section("overdue", dashboard.overdue_invoices, LIST_ROWS)
        self.load_section("awaiting", dashboard.awaiting_replies, LIST_ROWS)
        self.load_section("projects", dashboard.active_projects, LIST_ROWS)
        self.load_section("week", dashboard.week_minutes)

    def load_section(self, section: str, service: Any, *args: Any) -> None:
        """Read one section unless it is still being read (coming back often stays cheap)."""
        if section not in self._reading:
            self._reading.add(section)
            self._read_section(section, service, *args)

    def _read_section(self, section: str, service: Any, *args: Any) -> None:
        """A failing section leaves the others readable (it is shown as not loaded)."""
        call_service(
            self,
            partial(service, self.book, *args),
            partial(SectionLoaded, section),
            group="dashboard",
            failed=lambda why: (ActionRefused(f"{section}: {why}"), SectionLoaded(section, None)),
        )

    async def on_section_loaded(self, message: SectionLoaded) -> None:
        self._reading.discard(message.section)
        shown = None
        if message.view is not None:
            shown = getattr(self, f"_show_{message.section}")(message.view)
        if message.section in self._pending:
            self._pending.discard(message.section)
            if message.section == "risks":
                # The rest once the risks are on the terminal (their first rows mounted, then
                # drawn): reading the lists sooner held the risks back by a tenth of a second
                # on a loaded machine, and so did mounting thirty rows where six show.
                if shown is not None:
                    await shown
                self.call_after_refresh(self._after_risks)
            elif not self._pending:
                self.post_message(FirstScreenRead())

    def _show_risks(self, summary: "RiskSummary") -> AwaitMount:
        """The title and the first rows now; the rest, below the fold, once they are drawn."""
        counts = ", ".join(f"{n} {s}" for s, n in summary["counts"].items() if n) or "none"
        more = f" (first {RISK_ROWS})" if summary["total"] > RISK_ROWS else ""
        self.query_one("#risks-title", Label).update(f"Risks today: {counts}{more}")
        risks = self.query_one("#risks", ListView)
        risks.clear()
        self._more_risks = summary["rows"][RISK_ROWS_FIRST:]
        return risks.extend(RiskItem(f) for f in summary["rows"][:RISK_ROWS_FIRST])

    def _after_risks(self) -> None:
        more, self._more_risks = self._more_risks, []
        if more:
            self.query_one("#risks", ListView).extend(RiskItem(f) for f in more)
        self._load_lists()

    def _show_overdue(self, page: "Page[OverdueInvoice]") -> None:
        self.query_one("#overdue-title", Label).update(f"Overdue invoices: {page['total']}")
        table = self.query_one("#overdue", DataTable)
        table.clear()
        for row in page["rows"]:
            table.add_row(
                row["number"],
                row["client"],
                Text(str(row["days_overdue"]), justify="right"),
                Text(money_text(row["balance"], row["currency"]), justify="right"),
                key=str(row["id"]),
            )

    def _show_awaiting(self, page: "Page[AwaitingReply]") -> None:
        self.query_one("#awaiting-title", Label).update(f"Awaiting your reply: {page['total']}")
        table = self.query_one("#awaiting", DataTable)
        table.clear()
        # Keyed by message: one client often waits on several messages, and a row key must be
        # unique. Enter opens the client the message came from.
        self._awaiting_client = {str(row["id"]): row["client_id"] for row in page["rows"]}
        for row in page["rows"]:
            table.add_row(
                row["client"],
                row["subject"] or f"({row['channel']})",
                age_text(row["age_hours"]),
                key=str(row["id"]),
            )

    def _show_projects(self, page: "Page[ProjectGauges]") -> None:
        self.query_one("#projects-title", Label).update(f"Active projects: {page['total']}")
        projects = self.query_one("#projects", ListView)
        projects.clear()
        projects.extend(ProjectItem(p) for p in page["rows"])

    def _show_week(self, week: "WeekView") -> None:
        minutes = week["minutes"]
        parts = [
            f"{kind} {minutes_text(minutes[kind])}" for kind in TIME_KINDS if minutes.get(kind)
        ]
        total = minutes_text(week["total"]) if week["total"] else "0m"
        title = f"This week ({week['from']} – {week['to']}): {total}"
        self.query_one("#week-title", Label).update(title)
        self.query_one("#week", Static).update(" · ".join(parts) or "nothing logged yet")

    @on(ListView.Selected, "#risks")
    def _open_risk(self, event: ListView.Selected) -> None:
        finding = event.item.finding  # type: ignore[attr-defined]
        if finding.get("project_id"):
            self.ck_app.open_project(finding["project_id"])
        else:
            self.ck_app.open_client(finding["client_id"])

    @on(ListView.Selected, "#projects")
    def _open_project(self, event: ListView.Selected) -> None:
        self.ck_app.open_project(event.item.project["id"])  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#overdue")
    def _open_invoice(self, event: DataTable.RowSelected) -> None:
        self.ck_app.open_invoice(int(event.row_key.value or 0))

    @on(DataTable.RowSelected, "#awaiting")
    def _open_client(self, event: DataTable.RowSelected) -> None:
        self.ck_app.open_client(self._awaiting_client[event.row_key.value or ""])
