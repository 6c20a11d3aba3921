"""The dashboard's figures, read through Core, agree with what the CLI's lists and views show."""

import gc
from collections import Counter
from typing import get_type_hints

import pytest

from clientkit.demo.build import build_demo
from clientkit.services import browse, dashboard
from clientkit.services.errors import BadInput
from clientkit.services.lists import list_projects
from clientkit.services.risk_acks import ack_risk
from clientkit.services.risks import list_risks

RANK = {"critical": 0, "warning": 1, "info": 2}


@pytest.fixture
def demo(book):  # type: ignore[no-untyped-def]
    """The sample book of `clientkit demo`: overdue invoices, active projects, findings."""
    build_demo(book)
    return book


def _most_severe_first(findings):  # type: ignore[no-untyped-def]
    return sorted(findings, key=lambda f: RANK[f["severity"]])


def test_the_risk_summary_counts_what_clientkit_risks_lists_and_words_the_first_few(demo):
    """Counts per severity and the total are those of `clientkit risks`; the rows are its
    findings, word for word, most severe first (in its order within a severity)."""
    listed = list_risks(demo)
    summary = dashboard.risk_summary(demo, 4)
    assert len(listed) > 4
    assert summary["total"] == len(listed)
    counted = Counter(f["severity"] for f in listed)
    assert summary["counts"] == {severity: counted[severity] for severity in RANK}
    assert list(summary["counts"]) == ["critical", "warning", "info"]
    assert summary["rows"] == _most_severe_first(listed)[:4]


def test_a_finding_silenced_with_risks_ack_is_neither_counted_nor_shown(demo):
    """A finding `risks ack` silenced is left out of the counts and the rows alike."""
    first = _most_severe_first(list_risks(demo))[0]
    before = dashboard.risk_summary(demo, 100)
    named = (
        {"project_ref": str(first["project_id"])}
        if first["project_id"]
        else {"client_ref": str(first["client_id"])}
    )
    ack_risk(demo, first["code"], reason="Agreed by phone", **named)
    after = dashboard.risk_summary(demo, 100)
    assert after["total"] == len(list_risks(demo)) < before["total"]
    assert first not in after["rows"]
    assert after["rows"] == _most_severe_first(list_risks(demo))[:100]


def test_overdue_invoices_are_the_invoice_lists_overdue_ones_longest_overdue_first(demo):
    """The same invoices, days and balances as `invoice list --overdue`, oldest due first."""
    page = dashboard.overdue_invoices(demo, 3)
    listed = browse.invoice_page(demo, overdue=True, sort="due", limit=3)
    assert page["total"] == listed["total"] > 0
    keys = set(get_type_hints(dashboard.OverdueInvoice))
    assert page["rows"] == [{key: row[key] for key in keys} for row in listed["rows"]]  # type: ignore[literal-required]


def test_active_projects_carry_the_usage_project_show_reports_nearest_deadline_first(demo):
    """Revisions, communication and deposit of each active project are those `project show`
    reports; projects come nearest deadline first, those without one last."""
    page = dashboard.active_projects(demo, 8)
    views = list_projects(demo, status="active")
    ordered = sorted(views, key=lambda v: (v["deadline"] is None, v["deadline"] or 0, v["id"]))
    assert page["total"] == len(views) > 0
    keys = set(get_type_hints(dashboard.ProjectGauges))
    assert page["rows"] == [{key: view[key] for key in keys} for view in ordered[:8]]  # type: ignore[literal-required]


def test_every_dashboard_row_has_the_keys_of_its_type(demo):
    """Rows built from SQL column labels carry exactly the keys their TypedDicts name."""
    for page, row_type in (
        (dashboard.overdue_invoices(demo), dashboard.OverdueInvoice),
        (dashboard.awaiting_replies(demo), dashboard.AwaitingReply),
        (dashboard.active_projects(demo), dashboard.ProjectGauges),
    ):
        assert page["rows"], row_type.__name__
        assert all(set(row) == set(get_type_hints(row_type)) for row in page["rows"])
    assert set(dashboard.risk_summary(demo, 1)) == set(get_type_hints(dashboard.RiskSummary))


@pytest.mark.parametrize("enabled", [True, False])
def test_the_risk_summary_leaves_the_cycle_collector_as_it_was(demo, enabled):
    """Paused while the findings are built and worded, then restored, also on a failure: the
    TUI that reads it runs for hours."""
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert dashboard.risk_summary(demo, 3)["rows"]
        assert gc.isenabled() is enabled
        demo.config["risk"] = {"deadline_days": -1}  # refused while the rules are set up
        with pytest.raises(BadInput, match="deadline_days"):
            dashboard.risk_summary(demo, 3)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
