"""The demo books: the sample shows every pattern by its numbers; the large one is consistent."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from clientkit.clock import clock_from_text
from clientkit.demo import build as demo_module
from clientkit.demo.build import build_demo
from clientkit.services.book import open_book
from clientkit.services.clients import add_client
from clientkit.services.errors import Refused
from clientkit.services.invoicing import create_invoice, issue_invoice
from clientkit.services.lists import list_clients, list_invoices, list_projects
from clientkit.storage import bulk
from clientkit.storage.models import (
    Client,
    Contract,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Message,
    Payment,
    Project,
    ScopeItem,
    TimeEntry,
)
from tests.conftest import _engines, _fresh_pg_database

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SCALE = 0.01  # 50 clients, 200 projects, 10,000 time entries, 500 invoices, 600 payments


def _module_book(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A fresh book shared by a module's read-only tests (building it once saves minutes)."""
    if request.param == "postgresql":
        url = _fresh_pg_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'book.db'}"
    with pytest.MonkeyPatch.context() as patch:  # the autouse home is per test, not per module
        patch.setenv("CLIENTKIT_HOME", str(tmp_path_factory.mktemp("home")))
        return open_book(url, clock_from_text("2026-11-23"))


@pytest.fixture(scope="module", params=_engines())
def sample(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    book = _module_book(request, tmp_path_factory)
    build_demo(book)
    yield book
    book.engine.dispose()


def _projects(book):  # type: ignore[no-untyped-def]
    return {p["id"]: p for p in list_projects(book)}


def _change_requests(book) -> Counter[int]:  # type: ignore[no-untyped-def]
    with book.read() as session:
        rows = session.exec(select(ScopeItem.project_id).where(ScopeItem.change_request)).all()
    return Counter(rows)


def _estimate_minor(project: dict) -> Decimal:  # type: ignore[type-arg]
    if project["price"] is not None:
        return Decimal(project["price"])
    return Decimal(project["hourly_rate"]) * project["estimate_minutes"] / 60


def test_the_sample_has_a_dozen_clients_in_three_currencies_and_locales(sample):
    clients = list_clients(sample)
    assert len(clients) >= 12
    assert len({c["currency"] for c in clients}) >= 3
    assert len({c["locale"] for c in clients}) >= 3


def test_the_sample_profile_is_a_complete_sender(sample):
    """Name, structured address, IBAN/BIC and VAT id are filled in, as contracts and e-invoices
    need them, and the ids pass their own checks."""
    from clientkit.services.party_fields import check_party_field
    from clientkit.services.profile import show_profile

    profile = show_profile(sample)
    for field in (
        "name",
        "street",
        "postcode",
        "city",
        "country",
        "iban",
        "bic",
        "vat_id",
        "email",
    ):
        assert profile[field], field
    for field in ("iban", "bic", "vat_id", "country"):
        assert check_party_field(field, profile[field]) == profile[field]


def test_every_sample_client_has_a_structured_address_with_valid_ids(sample):
    from clientkit.services.party_fields import check_party_field

    for client in list_clients(sample, include_archived=True):
        for field in ("street", "postcode", "city", "country"):
            assert client[field], (client["name"], field)
        for field in ("country", "vat_id", "phone"):
            assert check_party_field(field, client[field]) == client[field]


def test_the_indecisive_client_is_over_its_revision_limit_with_change_requests(sample):
    changes = _change_requests(sample)
    over = [
        p
        for p in _projects(sample).values()
        if p["revisions_included"] is not None
        and p["revisions_used"] > p["revisions_included"]
        and changes[p["id"]] >= 2
    ]
    assert over, "no project over its revision limit with change requests after kickoff"
    assert over[0]["status"] == "active"


def test_the_social_client_talks_beyond_its_communication_budget(sample):
    over = [
        p
        for p in _projects(sample).values()
        if p["comm_budget_minutes"] and p["comm_minutes"] > p["comm_budget_minutes"]
    ]
    assert over
    assert over[0]["comm_minutes"] >= over[0]["comm_budget_minutes"] * 3 // 2


def test_the_vanishing_client_owes_an_invoice_weeks_overdue_and_has_gone_silent(sample):
    today = TODAY.date()
    overdue = [
        i
        for i in list_invoices(sample, overdue=True)
        if i["balance"] > 0 and i["due_date"] < today - timedelta(days=14)
    ]
    assert overdue
    client_id = overdue[0]["client_id"]
    with sample.read() as session:
        last_inbound = session.exec(
            select(func.max(Message.at)).where(
                Message.client_id == client_id, Message.direction == "inbound"
            )
        ).one()
    assert last_inbound < TODAY - timedelta(days=21)


def test_the_budget_squeezer_states_a_budget_more_than_20_percent_below_the_estimate(sample):
    budgets = {c["id"]: c["budget"] for c in list_clients(sample) if c["budget"] is not None}
    squeezed = [
        p
        for p in _projects(sample).values()
        if p["client_id"] in budgets
        and p["status"] in ("draft", "active")
        and budgets[p["client_id"]] < Decimal("0.8") * _estimate_minor(p)
    ]
    assert squeezed


def test_the_persistent_client_creeps_past_the_scope_without_paying_the_deposit(sample):
    changes = _change_requests(sample)
    creeping = [
        p
        for p in _projects(sample).values()
        if (
            changes[p["id"]] >= 3
            or (p["estimate_minutes"] and p["work_minutes"] >= p["estimate_minutes"] * 1.2)
        )
        and p["deposit_received"] < p["deposit_required"]
    ]
    assert creeping
    assert creeping[0]["status"] == "active"


def test_the_waiting_client_has_an_inbound_message_unanswered_for_over_72_hours(sample):
    with sample.read() as session:
        waiting = session.exec(
            select(Message).where(
                Message.direction == "inbound",
                Message.answered_at.is_(None),  # type: ignore[union-attr]
                Message.at < TODAY - timedelta(hours=72),
            )
        ).all()
    assert waiting


def test_healthy_clients_have_signed_contracts_paid_deposits_and_paid_invoices(sample):
    with sample.read() as session:
        signed = set(
            session.exec(select(Contract.project_id).where(Contract.signed_on.is_not(None))).all()
        )  # type: ignore[union-attr]
        paid = session.exec(select(Invoice.client_id).where(Invoice.status == "paid")).all()
    overdue = {i["client_id"] for i in list_invoices(sample, overdue=True)}
    projects = list(_projects(sample).values())
    healthy = {
        client
        for client in set(paid) - overdue
        if all(
            p["id"] in signed
            and p["deposit_received"] >= p["deposit_required"]
            and p["revisions_used"] <= (p["revisions_included"] or 0)
            and p["comm_minutes"] <= (p["comm_budget_minutes"] or 0)
            for p in projects
            if p["client_id"] == client
        )
    }
    assert len(healthy) >= 3


def test_sample_invoice_numbers_are_gapless_and_match_the_series(sample):
    with sample.read() as session:
        numbers = sorted(
            session.exec(select(Invoice.number).where(Invoice.number.is_not(None))).all()
        )  # type: ignore[union-attr]
        series = {s.series: s.last_seq for s in session.exec(select(InvoiceSeries))}
    by_year = Counter(number.split("-")[0] for number in numbers)
    assert by_year == Counter(series)
    for year, count in by_year.items():
        assert [n for n in numbers if n.startswith(year)] == [
            f"{year}-{seq:04d}" for seq in range(1, count + 1)
        ]


def test_a_second_demo_without_force_is_refused_and_changes_nothing(sample):
    with sample.read() as session:
        before = bulk.table_counts(session)
    with pytest.raises(Refused, match="already has data; use --force"):
        build_demo(sample)
    with sample.read() as session:
        assert bulk.table_counts(session) == before


def test_a_book_with_only_a_filled_in_profile_is_not_overwritten(book):
    from clientkit.services.profile import set_profile

    set_profile(book, name="Real Person")
    with pytest.raises(Refused):
        build_demo(book)


def test_an_empty_profile_row_does_not_count_as_data(book):
    """`profile show` creates a blank profile row; the large demo still fills the book."""
    from clientkit.services.profile import show_profile

    show_profile(book)
    assert build_demo(book, large=True, scale=0.002)["clients"] == 10


def test_force_replaces_the_book_with_the_same_sample(book):
    first = build_demo(book)
    add_client(book, "Someone Real")
    again = build_demo(book, force=True)
    assert first == again
    assert "Someone Real" not in {c["name"] for c in list_clients(book)}
    assert first["clients"] >= 12


def test_a_failure_halfway_leaves_the_book_as_it_was(book, monkeypatch):
    """The demo is one transaction: nothing of a half-built sample is kept."""
    add_client(book, "Keep Me")

    def broken(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_module._Sample, "issue_invoices", broken)
    with pytest.raises(RuntimeError):
        build_demo(book, force=True)
    assert [c["name"] for c in list_clients(book)] == ["Keep Me"]


# -- the large book, at a small scale -------------------------------------------------------


@pytest.fixture(scope="module", params=_engines())
def large(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    book = _module_book(request, tmp_path_factory)
    summary = build_demo(book, large=True, scale=SCALE)
    yield book, summary
    book.engine.dispose()


def test_the_large_book_has_the_sizes_of_spec_section_9_times_the_scale(large):
    _, summary = large
    assert summary["clients"] == 50
    assert summary["projects"] == 200
    assert summary["time_entries"] == 10_000
    assert summary["invoices"] == 500
    assert summary["payments"] == 600
    assert summary["invoice_lines"] >= summary["invoices"]
    assert summary["messages"] == 800
    assert summary["revisions"] > 0
    assert summary["scope_items"] > summary["projects"]


def test_large_invoice_totals_are_the_sums_of_their_lines(large):
    book, _ = large
    with book.read() as session:
        sums = dict(
            session.exec(
                select(InvoiceLine.invoice_id, func.sum(InvoiceLine.amount_minor)).group_by(
                    InvoiceLine.invoice_id
                )
            ).all()
        )
        invoices = session.exec(select(Invoice)).all()
    assert len(sums) == len(invoices)
    for invoice in invoices:
        assert invoice.subtotal_minor == sums[invoice.id]
        assert invoice.total_minor == invoice.subtotal_minor + invoice.vat_minor
        assert invoice.total_minor > 0


def test_large_invoice_numbers_are_gapless_per_year_and_end_at_the_series(large):
    book, _ = large
    with book.read() as session:
        issued = session.exec(
            select(Invoice.issue_date, Invoice.number).where(Invoice.number.is_not(None))
        ).all()  # type: ignore[union-attr]
        series = {s.series: s.last_seq for s in session.exec(select(InvoiceSeries))}
    seqs: dict[str, list[int]] = {}
    for day, number in issued:
        year, seq = number.split("-")
        assert year == str(day.year)
        seqs.setdefault(year, []).append(int(seq))
    assert set(seqs) == set(series)
    for year, found in seqs.items():
        assert sorted(found) == list(range(1, series[year] + 1))
    in_date_order = [n for _, n in sorted(issued)]
    assert in_date_order == sorted(in_date_order)


def test_issuing_on_the_large_book_continues_the_series_without_a_gap(large):
    book, _ = large
    with book.read() as session:
        last = session.exec(
            select(InvoiceSeries.last_seq).where(InvoiceSeries.series == "2026")
        ).one()
        # One with nothing invoiced yet (a draft would already hold its work); by id, since
        # without an order each engine may return any active project.
        invoiced = select(Invoice.project_id).where(Invoice.project_id.is_not(None))  # type: ignore[union-attr]
        project = session.exec(
            select(Project.id)
            .where(Project.status == "active", Project.id.not_in(invoiced))  # type: ignore[union-attr]
            .order_by(Project.id)
        ).first()
    draft = create_invoice(book, str(project))
    assert draft["lines"]
    issued = issue_invoice(book, str(draft["id"]))
    assert issued["number"] == f"2026-{last + 1:04d}"


def test_rows_added_after_the_large_build_get_fresh_ids(large):
    """Explicit ids were inserted; the id sequences (PostgreSQL) moved past them."""
    book, summary = large
    view = add_client(book, "A New Client")
    assert view["id"] > summary["clients"]


def test_large_payments_never_exceed_their_invoice_and_paid_ones_add_up(large):
    book, _ = large
    with book.read() as session:
        received = dict(
            session.exec(
                select(Payment.invoice_id, func.sum(Payment.amount_minor))
                .where(Payment.invoice_id.is_not(None))  # type: ignore[union-attr]
                .group_by(Payment.invoice_id)
            ).all()
        )
        invoices = session.exec(select(Invoice)).all()
    for invoice in invoices:
        got = received.get(invoice.id, 0)
        assert got <= invoice.total_minor
        if invoice.status == "paid":
            assert got == invoice.total_minor
        if invoice.status == "draft":
            assert got == 0


def test_the_large_book_has_clients_in_each_pattern(large):
    """Over-limit revisions, talk beyond budget, overdue invoices, open messages, squeezers."""
    book, _ = large
    projects = _projects(book).values()
    assert any(
        p["revisions_used"] > (p["revisions_included"] or 0)
        for p in projects
        if p["status"] == "active"
    )
    assert any(
        p["comm_minutes"] > (p["comm_budget_minutes"] or 0)
        for p in projects
        if p["status"] == "active"
    )
    assert any(
        p["estimate_minutes"] and p["work_minutes"] >= p["estimate_minutes"] * 1.2
        for p in projects
        if p["status"] == "active"
    )
    overdue = [
        i
        for i in list_invoices(book, overdue=True)
        if i["due_date"] < TODAY.date() - timedelta(days=14)
    ]
    assert overdue
    with book.read() as session:
        waiting = session.exec(
            select(func.count())
            .select_from(Message)
            .where(
                Message.direction == "inbound",
                Message.answered_at.is_(None),  # type: ignore[union-attr]
                Message.at < TODAY - timedelta(hours=72),
            )
        ).one()
        unsigned = session.exec(
            select(func.count())
            .select_from(Project)
            .where(
                Project.started_on.is_not(None),  # type: ignore[union-attr]
                Project.id.not_in(select(Contract.project_id)),
            )
        ).one()  # type: ignore[union-attr]
    assert waiting >= 1
    assert unsigned >= 1
    budgets = {c["id"]: c["budget"] for c in list_clients(book) if c["budget"] is not None}
    assert any(
        p["client_id"] in budgets
        and p["status"] in ("draft", "active")
        and budgets[p["client_id"]] < Decimal("0.8") * _estimate_minor(p)
        for p in projects
    )


def test_the_large_book_is_the_same_every_time_for_the_same_seed(book, tmp_path):
    other = open_book(f"sqlite:///{tmp_path / 'other.db'}", clock_from_text("2026-11-23"))
    try:
        build_demo(book, large=True, scale=0.002)
        build_demo(other, large=True, scale=0.002)
        assert _fingerprint(book) == _fingerprint(other)
    finally:
        other.engine.dispose()


def _fingerprint(book):  # type: ignore[no-untyped-def]
    with book.read() as session:
        return (
            session.exec(select(Client.name).order_by(Client.id)).all(),
            session.exec(select(Invoice.number, Invoice.total_minor).order_by(Invoice.id)).all(),
            session.exec(select(func.sum(TimeEntry.minutes), func.count())).one(),
        )


def test_the_sample_is_dated_relative_to_today_whatever_today_is(db_url):
    """On another day the vanishing invoice is still weeks overdue and the wait still > 72 h."""
    later = open_book(db_url, clock_from_text("2031-03-02"))
    try:
        build_demo(later)
        today = later.clock.today()
        assert any(
            i["due_date"] < today - timedelta(days=14) for i in list_invoices(later, overdue=True)
        )
        with later.read() as session:
            oldest_open = session.exec(
                select(func.min(Message.at)).where(
                    Message.direction == "inbound", Message.answered_at.is_(None)
                )
            ).one()
        assert later.clock.now() - timedelta(days=10) < oldest_open
        assert oldest_open < later.clock.now() - timedelta(hours=72)
    finally:
        later.engine.dispose()
