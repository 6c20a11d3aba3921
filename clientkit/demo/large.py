"""The large benchmark book of SPEC section 9: planned deterministically, then bulk-inserted."""

import gc
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlmodel import Session

from clientkit.config import Config
from clientkit.demo.names import (
    CHANGE_REQUESTS,
    MARKETS,
    NOTES,
    PROJECT_KINDS,
    REVISIONS,
    SUBJECTS,
    Market,
)
from clientkit.domain.billing import (
    BillableWork,
    Line,
    Totals,
    deposit_share,
    project_lines,
    totals,
)
from clientkit.domain.money import percent_of
from clientkit.domain.terms import (
    DepositTier,
    Terms,
    deposit_required_minor,
    deposit_tier,
    minutes_cost_minor,
)
from clientkit.i18n import currency_digits
from clientkit.services.profile import ProfileChanges
from clientkit.services.projects import deposit_tiers
from clientkit.storage import bulk
from clientkit.storage.bulk import BulkRow
from clientkit.storage.models import (
    Client,
    Contract,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Message,
    Payment,
    Profile,
    Project,
    Revision,
    ScopeItem,
    TimeEntry,
)
from clientkit.translations import wording

DEFAULT_SEED = 20261123

# SPEC section 9's book at scale 1.
SIZES = {
    "clients": 5_000,
    "projects": 20_000,
    "time_entries": 1_000_000,
    "invoices": 50_000,
    "payments": 60_000,
    "messages": 80_000,
}

# Share of clients showing each pattern of SPEC section 1; the rest are healthy.
PATTERNS = {
    "indecisive": 0.06,
    "social": 0.06,
    "vanishing": 0.04,
    "squeezer": 0.05,
    "persistent": 0.05,
    "waiting": 0.04,
}
ACTIVE_PATTERNS = ("indecisive", "social", "persistent", "waiting")

# A time entry row's columns, in the order `time_rows` gives them.
TIME_COLUMNS = (
    "project_id",
    "kind",
    "minutes",
    "day",
    "billable",
    "note",
    "created_at",
    "updated_at",
)

# The tables the build fills in bulk (the profile's single row aside).
LOADED = (
    Client,
    Project,
    ScopeItem,
    Revision,
    Contract,
    TimeEntry,
    Message,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Payment,
)

KINDS = ("work", "email", "call", "meeting", "chat")
KIND_WEIGHTS = (78, 87, 93, 97, 100)  # cumulative: 78 % work
SOCIAL_WEIGHTS = (45, 65, 80, 92, 100)  # the social client's projects: mostly talk
MINUTES = {
    "work": (15, 30, 45, 60, 60, 90, 90, 120, 120, 150, 180, 180, 240, 300),
    "email": (5, 10, 10, 15, 20, 30),
    "call": (10, 15, 20, 30, 30, 45, 60, 90),
    "meeting": (30, 45, 60, 60, 90, 120),
    "chat": (5, 5, 10, 15, 20, 30),
}
CHANNELS = ("email",) * 14 + ("chat",) * 3 + ("call",) * 2 + ("meeting",)
METHODS = ("bank transfer",) * 6 + ("card", "paypal")


@dataclass(slots=True)
class _Client:
    id: int
    market: Market
    pattern: str
    since: date
    digits: int
    name: str = ""
    budget_minor: int | None = None
    projects: list["_Project"] = field(default_factory=list)


@dataclass(slots=True)
class _Project:
    id: int
    client: _Client
    title: str
    scope: tuple[str, ...]
    status: str
    start: date | None
    end: date | None  # delivered, cancelled, or (active) the day work is planned to end
    deadline: date | None
    fixed: bool
    rate_minor: int
    overrun: float  # logged work ÷ estimate
    revisions_included: int
    payment_days: int
    focus: bool = False  # the project carrying its client's pattern
    entries: int = 0
    work_minutes: int = 0
    comm_minutes: int = 0
    estimate_minutes: int = 0
    price_minor: int | None = None
    comm_budget_minutes: int = 0
    deposit_bp: int = 0
    deposit_paid: int = 0
    deposit_parts: list[tuple["_Invoice | None", int]] = field(default_factory=list)
    revisions: int = 0
    changes: list[tuple[str, int | None, int, date | None]] = field(default_factory=list)
    invoices: list["_Invoice"] = field(default_factory=list)

    @property
    def closed_on(self) -> date | None:
        if self.status != "closed" or self.end is None:
            return None
        return self.end + timedelta(days=10)

    def terms(self) -> Terms:
        """The contract as planned so far: what the project row stores, and what billing reads."""
        return Terms(
            price_minor=self.price_minor,
            hourly_rate_minor=None if self.fixed else self.rate_minor,
            estimate_minutes=self.estimate_minutes,
            revisions_included=self.revisions_included,
            revision_fee_minor=self.rate_minor,
            deposit_bp=self.deposit_bp,
            comm_budget_minutes=self.comm_budget_minutes,
            comm_rate_minor=self.rate_minor,
            cancel_fee_bp=2000,
            late_fee_bp=150,
            payment_days=self.payment_days,
        )


@dataclass(slots=True)
class _Invoice:
    project: _Project
    position: int  # 1-based among the project's invoices
    issue: date
    status: str  # draft, issued, paid
    paid_on: date | None = None
    partial: bool = False
    id: int = 0
    number: str | None = None
    total_minor: int = 0
    subtotal_minor: int = 0
    vat_minor: int = 0
    absorbed: int = 0  # deposit linked to this invoice when it was issued
    lines: list[Line] | None = None  # drawn once for the totals, kept until written

    @property
    def remainder(self) -> int:
        return self.total_minor - self.absorbed


def build_large(
    session: Session,
    *,
    today: date,
    now: datetime,
    config: Config,
    profile: ProfileChanges,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
) -> None:
    """Write SPEC section 9's book (sizes times `scale`) inside the caller's transaction."""
    sizes = {name: max(1, round(count * scale)) for name, count in SIZES.items()}
    sizes["projects"] = max(sizes["projects"], sizes["clients"])
    book = _LargeBook(session, today, now, config, sizes, seed)
    # Millions of short-lived tuples and no cycles worth collecting: the collector's passes
    # over the plan's objects cost ~2 s of the build.
    collecting = gc.isenabled()
    gc.disable()
    try:
        book.write(profile)
    finally:
        if collecting:
            gc.enable()


class _LargeBook:
    """Plans every row in memory (cheap objects), then streams them into the tables."""

    def __init__(
        self,
        session: Session,
        today: date,
        now: datetime,
        config: Config,
        sizes: dict[str, int],
        seed: int,
    ) -> None:
        self.session = session
        self.today = today
        self.now = now
        self.config = config
        self.sizes = sizes
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
        self.clients: list[_Client] = []
        self.projects: list[_Project] = []
        self.invoices: list[_Invoice] = []

    def write(self, profile: ProfileChanges) -> None:
        self.plan_clients()
        self.plan_projects()
        self.plan_time()
        self.plan_terms()
        self.plan_invoices()
        self.plan_deposits()
        self.plan_payments()
        self.insert_profile(profile)
        with bulk.upkeep_deferred(self.session, LOADED):
            bulk.insert_rows(self.session, Client, self.client_rows())
            bulk.insert_rows(self.session, Project, self.project_rows())
            bulk.insert_rows(self.session, ScopeItem, self.scope_rows())
            bulk.insert_rows(self.session, Revision, self.revision_rows())
            bulk.insert_rows(self.session, Contract, self.contract_rows())
            bulk.insert_rows(self.session, TimeEntry, self.time_rows(), TIME_COLUMNS)
            bulk.insert_rows(self.session, Message, self.message_rows())
            self.insert_invoices()
            bulk.insert_rows(self.session, Payment, self.payment_rows())
        bulk.sync_id_sequences(self.session, (Client, Project, Invoice))

    # -- planning ---------------------------------------------------------------------------

    def plan_clients(self) -> None:
        count = self.sizes["clients"]
        patterns = [
            name for name, share in PATTERNS.items() for _ in range(max(1, round(count * share)))
        ][:count]
        patterns += ["healthy"] * (count - len(patterns))
        self.rng.shuffle(patterns)
        first = bulk.next_id(self.session, Client)
        markets = self.rng.choices(MARKETS, weights=[m.weight for m in MARKETS], k=count)
        taken: set[str] = set()
        for offset, (pattern, market) in enumerate(zip(patterns, markets, strict=True)):
            client = _Client(
                first + offset,
                market,
                pattern,
                self.today - timedelta(days=self.rng.randint(60, 1100)),
                currency_digits(market.currency),
            )
            client.name = self.unique_name(market, taken)
            self.clients.append(client)

    def unique_name(self, market: Market, taken: set[str]) -> str:
        rng = self.rng
        trade, suffix = rng.choice(market.trades), rng.choice(market.suffixes)
        name = f"{rng.choice(market.surnames)} {trade} {suffix}"
        if name in taken:
            name = f"{rng.choice(market.surnames)} & {name}"
        serial = 2
        base = name
        while name in taken:
            name = f"{base} {rng.choice(market.cities)}" if serial == 2 else f"{base} {serial}"
            serial += 1
        taken.add(name)
        return name

    def plan_projects(self) -> None:
        weights = [self.rng.lognormvariate(0, 0.8) for _ in self.clients]
        extra = _spread(self.sizes["projects"] - len(self.clients), weights)
        next_id = bulk.next_id(self.session, Project)
        for client, more in zip(self.clients, extra, strict=True):
            starts = sorted(
                self.rng.randint(client.since.toordinal(), self.today.toordinal() - 2)
                for _ in range(1 + more)
            )
            for index, start in enumerate(starts):
                last = index == len(starts) - 1
                project = self.new_project(next_id, client, date.fromordinal(start), last)
                client.projects.append(project)
                self.projects.append(project)
                next_id += 1

    def new_project(self, project_id: int, client: _Client, start: date, last: bool) -> _Project:
        rng = self.rng
        kind, scope = rng.choice(PROJECT_KINDS)
        low, high = client.market.rate
        rate = rng.randrange(low, high + 1, max(1, (high - low) // 12)) * 10**client.digits
        project = _Project(
            id=project_id,
            client=client,
            title=kind,
            scope=scope,
            status="active",
            start=start,
            end=start + timedelta(days=rng.randint(10, 120)),
            deadline=None,
            fixed=rng.random() < 0.6,
            rate_minor=rate,
            overrun=rng.uniform(0.75, 1.12),
            revisions_included=rng.choice((1, 2, 2, 3, 3)),
            payment_days=rng.choice((14, 14, 14, 7, 21, 30)),
        )
        if rng.random() < 0.05:
            project.overrun = rng.uniform(1.2, 1.4)  # scope creep happens to everyone
        self.set_status(project)
        if last and client.pattern != "healthy":
            self.shape_focus(project)
        elif (
            last
            and project.start
            and project.start > self.today - timedelta(days=25)
            and rng.random() < 0.4
        ):
            self.make_draft(project)
        return project

    def set_status(self, project: _Project) -> None:
        assert project.end is not None
        rng = self.rng
        project.deadline = project.end
        if project.end >= self.today:
            if rng.random() < 0.06:
                project.deadline = self.today - timedelta(days=rng.randint(1, 10))
            return
        age = (self.today - project.end).days
        if rng.random() < 0.03:
            project.status = "cancelled"
        elif age <= 45 and rng.random() < 0.5:
            project.status = "delivered"
        else:
            project.status = "closed"

    def make_draft(self, project: _Project) -> None:
        project.status = "draft"
        project.start = None
        project.end = None
        project.deadline = self.today + timedelta(days=self.rng.randint(14, 60))

    def shape_focus(self, project: _Project) -> None:
        """Give a pattern client's latest project the shape of its pattern."""
        rng = self.rng
        project.focus = True
        pattern = project.client.pattern
        if pattern in ACTIVE_PATTERNS or (pattern == "squeezer" and rng.random() < 0.5):
            project.status = "active"
            project.start = self.today - timedelta(days=rng.randint(15, 60))
            project.end = self.today + timedelta(days=rng.randint(3, 40))
            project.deadline = project.end
        elif pattern == "squeezer":
            self.make_draft(project)
        elif pattern == "vanishing":
            project.status = "delivered"
            project.payment_days = 14
            # Delivered and invoiced long enough ago that the invoice is over 14 days late.
            project.end = self.today - timedelta(days=rng.randint(35, 80))
            project.start = project.end - timedelta(days=rng.randint(20, 60))
            project.deadline = project.end
        if pattern == "persistent":
            project.overrun = rng.uniform(1.3, 1.7)
        if pattern == "indecisive":
            project.revisions_included = 2
        client = project.client
        if project.start and project.start - timedelta(days=20) < client.since:
            client.since = project.start - timedelta(days=20)

    def work_span(self, project: _Project) -> tuple[int, int]:
        """First day (ordinal) and number of days on which time can be logged."""
        if project.start is None:
            return self.today.toordinal(), 0
        last = min(project.end or self.today, self.today)
        if project.status == "cancelled" and project.end:
            last = project.start + (project.end - project.start) // 2
        return project.start.toordinal(), max(1, (last - project.start).days + 1)

    def plan_time(self) -> None:
        """Spread the time entries over projects and total them (a dry run of the same draws)."""
        weights = []
        for project in self.projects:
            _, days = self.work_span(project)
            boost = 4 if project.focus and project.status == "active" else 1
            weights.append(days * boost * self.rng.lognormvariate(0, 0.5) if days else 0.0)
        for project, count in zip(
            self.projects, _spread(self.sizes["time_entries"], weights), strict=True
        ):
            project.entries = count
        for project, kind, minutes, _day, _note in self.entries():
            if kind == "work":
                project.work_minutes += minutes
            else:
                project.comm_minutes += minutes

    def entries(self) -> Iterator[tuple[_Project, str, int, int, str]]:
        """Every time entry as (project, kind, minutes, day ordinal, note); same draws each call."""
        rng = random.Random(self.seed + 1)  # noqa: S311 - sample data, not secrets
        draw = rng.random  # indexing by random() is several times faster than choice()
        options = {
            kind: (MINUTES[kind], len(MINUTES[kind]), NOTES[kind], len(NOTES[kind]))
            for kind in KINDS
        }
        for project in self.projects:
            if not project.entries:
                continue
            first, days = self.work_span(project)
            social = project.focus and project.client.pattern == "social"
            kinds = rng.choices(
                KINDS, cum_weights=SOCIAL_WEIGHTS if social else KIND_WEIGHTS, k=project.entries
            )
            for kind in kinds:
                minutes, many, notes, few = options[kind]
                yield (
                    project,
                    kind,
                    minutes[int(draw() * many)],
                    first + int(draw() * days),
                    notes[int(draw() * few)],
                )

    def plan_terms(self) -> None:
        """Estimates, prices, budgets, deposits, revisions and changes, from the work done."""
        tiers_by_currency: dict[str, list[DepositTier]] = {}
        for project in self.projects:
            rng = self.rng
            client = project.client
            overrun = (
                project.overrun
                if project.status != "active" or project.focus
                else rng.uniform(0.35, 0.9)
            )
            if project.status == "draft":
                project.estimate_minutes = rng.randint(8, 80) * 60
            else:
                hours = max(4, round(project.work_minutes / overrun / 60))
                project.estimate_minutes = hours * 60
            if project.fixed:
                unit = 50 * 10**client.digits
                raw = minutes_cost_minor(project.estimate_minutes, project.rate_minor)
                project.price_minor = max(unit, round(raw / unit) * unit)
            project.comm_budget_minutes = self.comm_budget(project)
            currency = client.market.currency
            if currency not in tiers_by_currency:
                tiers_by_currency[currency] = deposit_tiers(self.config, client.digits)
            value = project.price_minor or minutes_cost_minor(
                project.estimate_minutes, project.rate_minor
            )
            tier = deposit_tier(tiers_by_currency[currency], value)
            vanishing = project.focus and client.pattern == "vanishing"
            project.deposit_bp = 0 if vanishing or tier is None else tier
            self.plan_revisions(project)
            self.plan_changes(project)
        for client in self.clients:
            self.plan_budget(client)

    def plan_budget(self, client: _Client) -> None:
        """The squeezer states far less than the estimate; a few others state a fair budget."""
        values = [
            p.price_minor or minutes_cost_minor(p.estimate_minutes, p.rate_minor)
            for p in client.projects
        ]
        if client.pattern == "squeezer":
            client.budget_minor = percent_of(values[-1], self.rng.randint(35, 75) * 100)
        elif self.rng.random() < 0.1:
            client.budget_minor = percent_of(max(values), self.rng.randint(100, 150) * 100)

    def comm_budget(self, project: _Project) -> int:
        rng = self.rng
        used = project.comm_minutes
        if project.focus and project.client.pattern == "social":
            return max(30, int(used * rng.uniform(0.45, 0.8)) // 30 * 30) if used > 60 else 30
        if rng.random() < 0.05:
            factor = rng.uniform(1.02, 1.2)  # close to the limit: a warning, not yet over
        else:
            factor = rng.uniform(1.3, 2.5) * (1.5 if project.status == "active" else 1)
        return max(60, -(-int(used * factor) // 30) * 30)

    def plan_revisions(self, project: _Project) -> None:
        """Most projects stay within their revisions; running ones have used fewer so far."""
        rng = self.rng
        included = project.revisions_included
        chance = rng.random()
        if project.status == "draft":
            project.revisions = 0
        elif project.focus and project.client.pattern == "indecisive":
            project.revisions = included + rng.randint(1, 4)
        elif project.status == "active":
            project.revisions = (
                included + 1
                if chance < 0.04
                else included
                if chance < 0.14
                else rng.randint(0, max(0, included - 1))
            )
        else:
            project.revisions = (
                included + rng.randint(1, 2) if chance < 0.08 else rng.randint(0, included)
            )

    def plan_changes(self, project: _Project) -> None:
        rng = self.rng
        if project.status == "draft":
            return
        pattern = project.client.pattern if project.focus else ""
        if pattern == "indecisive":
            count = rng.randint(2, 3)
        elif pattern == "persistent":
            count = rng.randint(3, 5)
        else:
            count = rng.choices((0, 1, 2), weights=(85, 10, 5))[0]
        first, days = self.work_span(project)
        for _ in range(count):
            hours = rng.randint(4, 20) if pattern else rng.randint(2, 8)
            price = (
                minutes_cost_minor(hours * 60, project.rate_minor) if rng.random() < 0.7 else None
            )
            asked = date.fromordinal(first + rng.randrange(days))
            approved = (
                asked + timedelta(days=rng.randint(1, 5)) if price and rng.random() < 0.6 else None
            )
            if approved and approved > self.today:
                approved = None
            project.changes.append((rng.choice(CHANGE_REQUESTS), price, hours * 60, approved))

    def plan_invoices(self) -> None:
        """How many invoices each project has, when they were issued, and whether they are paid."""
        billed = [p for p in self.projects if p.status in ("closed", "delivered", "active")]
        vanishing = [p for p in billed if p.focus and p.client.pattern == "vanishing"]
        others = [p for p in billed if not (p.focus and p.client.pattern == "vanishing")]
        target = self.sizes["invoices"] - len(vanishing)
        base = [1 if p.status != "active" else 0 for p in others]
        if sum(base) > target:
            base = [0] * len(others)
        weights = [self.invoice_weight(p) for p in others]
        extra = _spread(target - sum(base), weights)
        for project in vanishing:
            self.add_invoices(project, 1)
        for project, first, more in zip(others, base, extra, strict=True):
            self.add_invoices(project, first + more)

    def invoice_weight(self, project: _Project) -> float:
        _, days = self.work_span(project)
        months = days / 30
        if project.status == "active":
            return 0.0 if days < 20 else (months if not project.fixed else 0.3)
        return months if not project.fixed else 0.5

    def add_invoices(self, project: _Project, count: int) -> None:
        if count <= 0:
            return
        assert project.start is not None
        rng = self.rng
        last_day = min(project.end or self.today, self.today)
        if project.status != "active":
            last_day = min(last_day + timedelta(days=rng.randint(0, 3)), self.today)
        first_day = min(project.start + timedelta(days=14), last_day)
        span = (last_day - first_day).days
        for position in range(1, count + 1):
            offset = span * position // count
            issue = first_day + timedelta(days=offset)
            invoice = _Invoice(project, position, issue, "issued")
            self.settle(invoice, last=position == count)
            project.invoices.append(invoice)
            self.invoices.append(invoice)

    def settle(self, invoice: _Invoice, *, last: bool) -> None:
        """Draft, open (maybe partly paid) or paid, as the invoice's age and its client suggest."""
        rng = self.rng
        project = invoice.project
        due = invoice.issue + timedelta(days=project.payment_days)
        if project.focus and project.client.pattern == "vanishing":
            return
        if (
            project.status == "active"
            and last
            and invoice.issue >= self.today - timedelta(days=10)
            and rng.random() < 0.4
        ):
            invoice.status = "draft"
        elif due >= self.today:
            invoice.partial = rng.random() < 0.2
        elif invoice.issue >= self.today - timedelta(days=90) and rng.random() < 0.08:
            invoice.partial = rng.random() < 0.3  # a late payer; older invoices all got paid
        else:
            invoice.status = "paid"
            paid = invoice.issue + timedelta(days=rng.randint(2, project.payment_days + 12))
            invoice.paid_on = min(paid, self.today)

    def plan_deposits(self) -> None:
        """Deposits take the payments left after invoice payments, running projects first."""
        used = sum(1 for i in self.invoices if i.status == "paid" or i.partial)
        room = max(0, self.sizes["payments"] - used)
        wanted = [
            p
            for p in self.projects
            if p.start is not None
            and p.deposit_bp
            and not (p.focus and p.client.pattern == "persistent")
        ]
        self.rng.shuffle(wanted)
        wanted.sort(key=lambda p: p.status == "closed")
        for project in wanted[:room]:
            if project.status == "active" and self.rng.random() < 0.08:
                continue  # a few running projects still wait for their deposit
            project.deposit_paid = deposit_required_minor(project.terms())
        for project in wanted[room:]:
            if project.status in ("closed", "cancelled"):
                project.deposit_bp = 0  # that contract asked for none

    def plan_payments(self) -> None:
        """Issued invoices absorb their project's deposit (as issuing does); the payments
        still missing from the target count split paid invoices into partial + final."""
        for invoice in self.invoices:
            invoice.lines = self.invoice_lines(invoice)
            result = _totals(invoice.lines)
            invoice.subtotal_minor, invoice.vat_minor = result.subtotal_minor, result.vat_minor
            invoice.total_minor = result.total_minor
        for project in self.projects:
            if project.deposit_paid:
                self.absorb(project)
        rows = sum(len(p.deposit_parts) for p in self.projects)
        for invoice in self.invoices:
            if invoice.status == "paid" and invoice.remainder > 0:
                rows += 1
            if invoice.partial and invoice.remainder < 2:
                invoice.partial = False
            rows += invoice.partial
        missing = self.sizes["payments"] - rows
        for invoice in self.invoices:
            if missing <= 0:
                break
            if invoice.status == "paid" and not invoice.partial and invoice.remainder >= 2:
                invoice.partial = True
                missing -= 1

    def absorb(self, project: _Project) -> None:
        """Issue by issue, each invoice takes what it can of the deposit, as issuing does
        (the payment row is split); what no issued invoice took stays unclaimed."""
        left = project.deposit_paid
        for invoice in project.invoices:
            if invoice.status == "draft" or not left:
                continue
            share = deposit_share(invoice.remainder, left)
            invoice.absorbed += share
            left -= share
            project.deposit_parts.append((invoice, share))
            if invoice.remainder == 0:
                invoice.status, invoice.paid_on, invoice.partial = "paid", invoice.issue, False
        if left:
            project.deposit_parts.append((None, left))

    # -- rows ---------------------------------------------------------------------------------

    def stamps(self) -> dict[str, datetime]:
        return {"created_at": self.now, "updated_at": self.now}

    def insert_profile(self, profile: ProfileChanges) -> None:
        row = {**profile, "iban": str(profile["iban"]).replace(" ", "").upper()}
        bulk.insert_rows(
            self.session, Profile, [{"id": 1, "lead_time_days": 14, **row, **self.stamps()}]
        )

    def client_rows(self) -> Iterator[BulkRow]:
        for client in self.clients:
            market = client.market
            rng = self.rng
            slug = _ascii(client.name).lower()
            domain = "".join(ch if ch.isalnum() else "-" for ch in slug).strip("-")
            yield {
                "id": client.id,
                "name": client.name,
                "email": f"office@{domain}.example",
                "company": client.name,
                "street": f"{rng.choice(market.streets)} {rng.randint(1, 180)}",
                "postcode": str(rng.randint(10000, 99999)),
                "city": rng.choice(market.cities),
                "country": market.locale[-2:],
                "vat_id": ""
                if market.currency in ("USD", "JPY")
                else rng.choice(_vat_ids(market.locale[-2:])),
                "currency": market.currency,
                "locale": market.locale,
                "budget_minor": client.budget_minor,
                "archived": False,
                **self.stamps(),
            }

    def project_rows(self) -> Iterator[BulkRow]:
        for p in self.projects:
            yield {
                "id": p.id,
                "client_id": p.client.id,
                "title": p.title,
                "status": p.status,
                "currency": p.client.market.currency,
                **p.terms()._asdict(),
                "deadline": p.deadline,
                "started_on": p.start,
                "delivered_on": p.end if p.status in ("delivered", "closed") else None,
                "closed_on": min(p.closed_on, self.today) if p.closed_on else None,
                "cancelled_on": p.end if p.status == "cancelled" else None,
                **self.stamps(),
            }

    def scope_rows(self) -> Iterator[BulkRow]:
        for p in self.projects:
            finished = p.status in ("delivered", "closed")
            done_items = len(p.scope) if finished else int(self.progress(p) * len(p.scope))
            for position, description in enumerate(p.scope):
                yield self.scope_row(p, description, None, None, False, None, position < done_items)
            for description, price, minutes, approved in p.changes:
                yield self.scope_row(p, description, price, minutes, True, approved, finished)

    def progress(self, project: _Project) -> float:
        """How far a running project is through its planned time (0 to 1)."""
        if project.status != "active" or project.start is None or project.end is None:
            return 0.0
        planned = max(1, (project.end - project.start).days)
        return min(1.0, (self.today - project.start).days / planned)

    def scope_row(
        self,
        p: _Project,
        description: str,
        price: int | None,
        minutes: int | None,
        change: bool,
        approved: date | None,
        done: bool,
    ) -> BulkRow:
        return {
            "project_id": p.id,
            "description": description,
            "price_minor": price,
            "estimate_minutes": minutes,
            "change_request": change,
            "approved_on": approved,
            "done": done,
            **self.stamps(),
        }

    def revision_rows(self) -> Iterator[BulkRow]:
        rng = self.rng
        for p in self.projects:
            if not p.revisions:
                continue
            first, days = self.work_span(p)
            asked = sorted(first + rng.randrange(days) for _ in range(p.revisions))
            for number, day in enumerate(asked, start=1):
                yield {
                    "project_id": p.id,
                    "number": number,
                    "description": rng.choice(REVISIONS),
                    "requested_on": date.fromordinal(day),
                    **self.stamps(),
                }

    def contract_rows(self) -> Iterator[BulkRow]:
        rng = self.rng
        for p in self.projects:
            if p.start is None:
                signed = None
                if rng.random() > 0.3:
                    continue  # most drafts have no contract yet
            elif rng.random() < 0.07:
                continue  # started without a signed contract: the no_contract lesson
            else:
                signed = p.start - timedelta(days=rng.randint(1, 7))
            yield {
                "project_id": p.id,
                "template": "contract",
                "lang": p.client.market.locale,
                "values_json": "{}",
                "sha256": "",
                "path": "",
                "signed_on": signed,
                **self.stamps(),
            }

    def time_rows(self) -> Iterator[tuple[object, ...]]:
        """Tuples in the order of TIME_COLUMNS: a million dicts cost a second."""
        days: dict[int, date] = {}
        now = self.now
        for project, kind, minutes, ordinal, note in self.entries():
            day = days.get(ordinal)
            if day is None:
                day = days[ordinal] = date.fromordinal(ordinal)
            yield (project.id, kind, minutes, day, True, note, now, now)

    def message_rows(self) -> Iterator[BulkRow]:
        weights = [1 + len(c.projects) for c in self.clients]
        for client, count in zip(
            self.clients, _spread(self.sizes["messages"], weights), strict=True
        ):
            yield from self.conversation(client, count)

    def conversation(self, client: _Client, count: int) -> Iterator[BulkRow]:
        """`count` messages: answered threads, plus the silence or the wait of its pattern."""
        rng = self.rng
        start = datetime.combine(client.since, time(9, 0), tzinfo=UTC)
        end = self.now - timedelta(hours=1)
        silent_after = None
        focus = client.projects[-1] if client.projects[-1].focus else None
        if client.pattern == "waiting" and count:
            waited = self.now - timedelta(hours=rng.uniform(73, 240))
            yield self.message(client, "inbound", waited, None)
            count -= 1
            end = waited - timedelta(hours=1)
        elif client.pattern == "vanishing" and focus and focus.end:
            silent_after = datetime.combine(focus.end, time(9, 0), tzinfo=UTC)
        elif count and rng.random() < 0.04:
            fresh = self.now - timedelta(hours=rng.uniform(1, 20))
            yield self.message(client, "inbound", fresh, None)
            count -= 1
            end = min(end, fresh - timedelta(hours=1))
        span = max(1.0, (end - start).total_seconds())
        while count > 0:
            at = start + timedelta(seconds=rng.uniform(0, span))
            if count == 1 or (silent_after and at > silent_after):
                yield self.message(client, "outbound", at, None)
                count -= 1
                continue
            reply = min(at + timedelta(hours=rng.uniform(0.3, 30)), end)
            yield self.message(client, "inbound", at, reply)
            yield self.message(client, "outbound", reply, None)
            count -= 2

    def message(
        self, client: _Client, direction: str, at: datetime, answered: datetime | None
    ) -> BulkRow:
        rng = self.rng
        project = rng.choice(client.projects) if rng.random() < 0.8 else None
        subject = rng.choice(SUBJECTS)
        return {
            "client_id": client.id,
            "project_id": project.id if project else None,
            "direction": direction,
            "channel": rng.choice(CHANNELS),
            "subject": subject if direction == "inbound" else f"Re: {subject}",
            "at": at,
            "answered_at": answered,
            "message_id": None,
            **self.stamps(),
        }

    def insert_invoices(self) -> None:
        """Numbers follow issue dates without gaps; the series rows end where the numbers do."""
        pattern = self.config.get("invoice", {}).get("number_pattern", "{year}-{seq:04d}")
        numbered = sorted(
            (i for i in self.invoices if i.status != "draft"),
            key=lambda i: (i.issue, i.project.id, i.position),
        )
        drafts = [i for i in self.invoices if i.status == "draft"]
        next_id = bulk.next_id(self.session, Invoice)
        last_seq: dict[int, int] = {}
        for invoice in numbered + drafts:
            invoice.id = next_id
            next_id += 1
            if invoice.status != "draft":
                year = invoice.issue.year
                last_seq[year] = last_seq.get(year, 0) + 1
                invoice.number = str(pattern.format(year=year, seq=last_seq[year]))
        for batch in bulk.chunks(numbered + drafts, 5_000):
            lines: list[BulkRow] = []
            rows = [self.invoice_row(invoice, lines) for invoice in batch]
            bulk.insert_rows(self.session, Invoice, rows)
            bulk.insert_rows(self.session, InvoiceLine, lines)
        bulk.insert_rows(
            self.session,
            InvoiceSeries,
            [
                {"series": str(year), "last_seq": seq, **self.stamps()}
                for year, seq in sorted(last_seq.items())
            ],
        )

    def invoice_row(self, invoice: _Invoice, lines: list[BulkRow]) -> BulkRow:
        project = invoice.project
        market = project.client.market
        drawn, invoice.lines = invoice.lines, None  # written now: let them go
        assert drawn is not None, "plan_payments draws every invoice's lines"
        for position, line in enumerate(drawn, start=1):
            lines.append(
                {
                    "invoice_id": invoice.id,
                    "position": position,
                    "description": line.description,
                    "quantity": str(line.quantity),
                    "unit_price_minor": line.unit_minor,
                    "vat_bp": line.vat_bp,
                    "amount_minor": line.amount_minor,
                    "kind": line.kind,
                    **self.stamps(),
                }
            )
        draft = invoice.status == "draft"
        return {
            "id": invoice.id,
            "client_id": project.client.id,
            "project_id": project.id,
            "number": invoice.number,
            "kind": "invoice",
            "credits_invoice_id": None,
            "status": invoice.status,
            "currency": market.currency,
            "issue_date": None if draft else invoice.issue,
            "due_date": None if draft else invoice.issue + timedelta(days=project.payment_days),
            "reverse_charge": market.reverse_charge,
            "note": "",
            "subtotal_minor": invoice.subtotal_minor,
            "vat_minor": invoice.vat_minor,
            "total_minor": invoice.total_minor,
            **self.stamps(),
        }

    def invoice_lines(self, invoice: _Invoice) -> list[Line]:
        """An invoice's lines by the billing rule: its instalment of the price or of the work,
        and on the project's last invoice what the rule bills beyond them (extra revisions,
        communication over the budget, priced change requests).

        No deposit line: a deposit is money received, linked to the invoice (billing.py)."""
        project, position = invoice.project, invoice.position
        count = len(project.invoices)
        last = position == count
        terms, title = project.terms(), project.title
        if project.fixed:
            assert project.price_minor is not None
            terms = terms._replace(price_minor=_share(project.price_minor, count, position))
            title = title if count == 1 else f"{title}: part {position} of {count}"
        work = BillableWork(
            title=title,
            work_minutes=max(60, _share(project.work_minutes, count, position)),
            comm_minutes=project.comm_minutes if last else 0,
            revisions=project.revisions if last else 0,
            change_requests=[(text, price) for text, price, _, _ in project.changes if price]
            if last
            else [],
            deposits_minor=0,
        )
        market = project.client.market
        return project_lines(terms, work, market.vat_bp, words=wording(market.locale))

    def payment_rows(self) -> Iterator[BulkRow]:
        rng = self.rng
        for p in self.projects:
            if p.deposit_parts and p.start:
                day = p.start - timedelta(days=rng.randint(0, 5))
                for invoice, amount in p.deposit_parts:
                    yield self.payment(p, invoice, "deposit", amount, day)
        for invoice in sorted(self.invoices, key=lambda i: i.id):
            if invoice.status == "draft":
                continue
            left = invoice.remainder
            part = max(1, left * rng.randint(25, 60) // 100) if invoice.partial else 0
            if part:
                latest = invoice.paid_on or self.today
                gap = max(0, (latest - invoice.issue).days)
                day = invoice.issue + timedelta(days=rng.randint(0, gap))
                yield self.payment(invoice.project, invoice, "partial", part, day)
            if invoice.status == "paid" and left - part > 0:
                assert invoice.paid_on is not None
                yield self.payment(invoice.project, invoice, "final", left - part, invoice.paid_on)

    def payment(
        self, project: _Project, invoice: _Invoice | None, kind: str, amount: int, day: date
    ) -> BulkRow:
        return {
            "client_id": project.client.id,
            "project_id": project.id,
            "invoice_id": invoice.id if invoice else None,
            "kind": kind,
            "amount_minor": amount,
            "currency": project.client.market.currency,
            "day": day,
            "method": self.rng.choice(METHODS),
            "external_ref": None,
            **self.stamps(),
        }


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into whole counts proportional to `weights` (largest remainders win)."""
    mass = sum(weights)
    if total <= 0 or mass <= 0:
        return [0] * len(weights)
    exact = [w * total / mass for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _share(amount: int, parts: int, position: int) -> int:
    """Part `position` (1-based) of `amount` split in `parts`; the last takes the remainder."""
    each = amount // parts
    return amount - each * (parts - 1) if position == parts else each


def _totals(lines: list[Line]) -> Totals:
    return totals([(line.amount_minor, line.vat_bp) for line in lines])


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# Digits of a VAT number per country (after the prefix), and what follows them.
_VAT_SHAPES = {"DE": (9, ""), "SK": (10, ""), "CZ": (8, ""), "NL": (9, "B01"), "SE": (10, "01")}


@cache
def _vat_ids(country: str) -> tuple[str, ...]:
    """64 VAT numbers of `country` that python-stdnum accepts (an export of the large book
    imports, and import checks every VAT id): random digits until the check digits fit,
    about one candidate in ten, once per country and process (~20 ms)."""
    from stdnum.eu import vat
    from stdnum.gb import vat as gb_vat

    rng = random.Random(country)  # noqa: S311 - the same sample numbers every run
    valid = gb_vat.is_valid if country == "GB" else vat.is_valid
    found: list[str] = []
    while len(found) < 64:
        length, suffix = _VAT_SHAPES.get(country, (9, ""))
        digits = str(rng.randint(10 ** (length - 1), 10**length - 1))
        if country == "FR":  # the key before the SIREN is computed from it, not drawn
            candidate = f"FR{(12 + 3 * (int(digits) % 97)) % 97:02d}{digits}"
        else:
            candidate = f"{country}{digits}{suffix}"
        if valid(candidate):
            found.append(candidate)
    return tuple(found)
