"""What `log` announces is what `invoice create` bills; unapproved changes and hourly talk."""

import pytest

from tests.cli.helpers import one_json, row_counts


@pytest.fixture
def acme(invoke):  # type: ignore[no-untyped-def]
    """Acme with an active fixed-price `Logo` (1 h of communication included, €50.00 an hour
    beyond) and an active hourly `Support` (€50.00 an hour, a 5 h communication budget)."""
    for args in (
        ("client", "add", "Acme", "--currency", "EUR", "--locale", "en_US"),
        (
            "project",
            "add",
            "Acme",
            "Logo",
            "--price",
            "1000",
            "--deposit",
            "0",
            "--comm-budget",
            "1h",
            "--comm-rate",
            "50",
        ),
        ("project", "add", "Acme", "Support", "--hourly", "50", "--deposit", "0"),
        ("project", "edit", "Support", "--comm-budget", "5h"),
        ("project", "start", "Logo"),
        ("project", "start", "Support"),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)
    return invoke


def _lines(view):  # type: ignore[no-untyped-def]
    return [(line["kind"], line["quantity"], line["amount"]) for line in view["lines"]]


def test_the_overage_log_announces_is_the_amount_the_draft_bills(acme):
    """40 minutes over at €50.00 an hour: `log` says €33.50 and the draft bills 0.67 h × 50.00
    = €33.50, not €33.33."""
    done = acme("log", "Logo", "1h40m", "--kind", "call")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "! communication 1h40m of 1h budget: 40m over (40m from this entry), €33.50 to bill"
    )
    draft = one_json(acme("invoice", "create", "Logo", "--json").stdout)
    assert _lines(draft)[-1] == ("communication", "0.67", "33.50")


def test_a_later_log_announces_only_what_the_next_draft_adds(acme):
    """Once a draft bills the first 40 minutes, 20 more are announced as the 0.33 h left."""
    acme("log", "Logo", "1h40m", "--kind", "call")
    assert acme("invoice", "create", "Logo").code == 0
    done = acme("log", "Logo", "20m", "--kind", "email")
    assert done.stdout.splitlines()[-1].endswith("1h over (20m from this entry), €16.50 to bill")
    draft = one_json(acme("invoice", "create", "Logo", "--json").stdout)
    assert _lines(draft) == [("communication", "0.33", "16.50")]


def test_an_unapproved_change_request_is_left_off_the_draft_and_named(acme):
    assert acme("scope", "add", "Logo", "Animated logo", "--price", "400").code == 0
    done = acme("invoice", "create", "Logo")
    assert done.code == 0, done.stderr
    assert (
        "! change request not approved by the client is left off: 'Animated logo' (€400.00); "
        "record the signed change order with `scope approve`, or bill it anyway with "
        "--include-unapproved"
    ) in done.stdout.splitlines()
    draft = one_json(acme("invoice", "show", "1", "--json").stdout)
    assert [line["kind"] for line in draft["lines"]] == ["price"]


def test_include_unapproved_bills_the_change_request_anyway_and_says_so(acme):
    acme("scope", "add", "Logo", "Animated logo", "--price", "400")
    acme("scope", "add", "Logo", "Banner", "--price", "90")
    draft = one_json(acme("invoice", "create", "Logo", "--include-unapproved", "--json").stdout)
    assert _lines(draft)[1:] == [("change", "1", "400.00"), ("change", "1", "90.00")]
    assert (
        "billed although the client has not approved them: 'Animated logo' (€400.00), "
        "'Banner' (€90.00)"
    ) in draft["notices"]


def test_an_approved_change_request_is_billed_without_a_word(acme):
    acme("scope", "add", "Logo", "Animated logo", "--price", "400")
    assert acme("scope", "approve", "1").code == 0
    draft = one_json(acme("invoice", "create", "Logo", "--json").stdout)
    assert _lines(draft)[1:] == [("change", "1", "400.00")]
    # Only that the draft has no dated work (its delivery date will be the issue date).
    assert draft["notices"] == [
        "no dated work is billed: the delivery date will be the issue date; give another "
        "with invoice create --delivered DATE or --period FROM..TO"
    ]


def test_include_unapproved_has_a_help_line(acme):
    done = acme("invoice", "create", "--help")
    assert "--include-unapproved" in done.stdout
    assert "not approved" in " ".join(done.stdout.split())


def test_include_unapproved_takes_no_value(acme):
    """A value after the flag is an extra argument: exit 2, one line, nothing written."""
    before = row_counts()
    done = acme("invoice", "create", "Logo", "--include-unapproved", "yes")
    assert done.code == 2
    assert done.stderr.startswith("error: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert row_counts() == before


def test_an_hourly_project_bills_meetings_inside_its_communication_budget(acme):
    """1h45m of meetings within the 5 h budget: no notice of anything over, and the draft
    bills them as working time at the hourly rate beside the work."""
    acme("log", "Support", "2h")
    done = acme("log", "Support", "1h45m", "--kind", "meeting")
    assert "!" not in done.stdout
    draft = one_json(acme("invoice", "create", "Support", "--json").stdout)
    assert _lines(draft) == [("hours", "2.00", "100.00"), ("communication", "1.75", "87.50")]
    assert draft["total"] == "187.50"


def test_an_hourly_project_over_its_budget_has_no_overage_to_bill_twice(acme):
    """6 h of calls against 5 h: all six are billed once, at the communication rate when one is
    agreed, and neither `log` nor `risks` announces an extra hour to bill on top."""
    assert acme("project", "edit", "Support", "--comm-rate", "60").code == 0
    done = acme("log", "Support", "6h", "--kind", "call")
    assert "to bill" not in done.stdout
    risks = one_json(acme("risks", "--json").stdout)
    assert "communication_over_budget" not in {finding["code"] for finding in risks}
    draft = one_json(acme("invoice", "create", "Support", "--json").stdout)
    assert _lines(draft) == [("communication", "6.00", "360.00")]


def test_time_marked_not_billable_is_left_off_the_invoice(acme):
    """An hour of work and a free call on the hourly project, marked not billable with
    `time edit --no-billable`: the draft bills only the 2 h of billable work."""
    acme("log", "Support", "2h")
    free = one_json(acme("log", "Support", "1h", "--json").stdout)
    call = one_json(acme("log", "Support", "30m", "--kind", "call", "--json").stdout)
    for entry in (free, call):
        done = acme("time", "edit", str(entry["id"]), "--no-billable")
        assert done.code == 0, done.stderr
    draft = one_json(acme("invoice", "create", "Support", "--json").stdout)
    assert _lines(draft) == [("hours", "2.00", "100.00")]


def test_a_call_given_free_uses_no_communication_budget_and_announces_nothing(acme):
    """On the fixed-price project (1 h included), a free 1 h call leaves the whole budget: the
    next billable 1h40m is 40 minutes over, announced and billed as €33.50."""
    free = one_json(acme("log", "Logo", "1h", "--kind", "call", "--json").stdout)
    assert acme("time", "edit", str(free["id"]), "--no-billable").code == 0
    done = acme("log", "Logo", "1h40m", "--kind", "call")
    assert done.stdout.splitlines()[-1] == (
        "! communication 1h40m of 1h budget: 40m over (40m from this entry), €33.50 to bill"
    )
    draft = one_json(acme("invoice", "create", "Logo", "--json").stdout)
    assert _lines(draft)[-1] == ("communication", "0.67", "33.50")


def test_the_hourly_rate_is_frozen_once_an_issued_invoice_bills_communication_at_it(acme):
    """An issued invoice of the hourly project bills only calls, at the hourly rate: changing
    that rate is refused (exit 1) naming the invoice, and the rate stays."""
    acme("log", "Support", "1h", "--kind", "call")
    draft = one_json(acme("invoice", "create", "Support", "--json").stdout)
    issued = acme("invoice", "issue", str(draft["id"]), "--json")
    assert issued.code == 0, issued.stderr
    number = one_json(issued.stdout)["number"]
    done = acme("project", "edit", "Support", "--hourly", "60")
    assert done.code == 1
    assert done.stderr.strip() == (
        f"error: invoice {number} already bills communication time; credit it first"
    )
    shown = one_json(acme("project", "show", "Support", "--json").stdout)
    assert shown["hourly_rate"] == "50.00"
