"""`clientkit project` and `clientkit scope` through the command line."""

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts

PROJECT_FIELDS = {
    "id",
    "title",
    "client",
    "status",
    "currency",
    "price",
    "hourly_rate",
    "revisions_included",
    "revisions_used",
    "revision_fee",
    "deposit_required",
    "deposit_received",
    "comm_budget_minutes",
    "comm_minutes",
    "work_minutes",
    "contract_signed",
}
PROJECT_AMOUNTS = (
    "price",
    "hourly_rate",
    "revision_fee",
    "deposit_required",
    "deposit_received",
    "comm_rate",
)


@pytest.fixture
def acme(invoke):  # type: ignore[no-untyped-def]
    assert invoke("client", "add", "Acme").code == 0
    return invoke


def _add_logo(invoke, *extra: str):  # type: ignore[no-untyped-def]
    return invoke(
        "project",
        "add",
        "Acme",
        "Logo",
        "--price",
        "1500",
        "--revisions",
        "2",
        "--revision-fee",
        "150",
        "--deposit",
        "30%",
        "--comm-budget",
        "5h",
        "--comm-rate",
        "60",
        "--rush-fee",
        "25%",
        "--cancel-fee",
        "20%",
        "--late-fee",
        "1.5%",
        "--payment-days",
        "14",
        "--deadline",
        "2026-12-20",
        *extra,
    )


def test_project_add_prints_the_project_with_all_spec_fields(acme):
    """project add --json prints one document with the terms; amounts are strings."""
    done = _add_logo(acme, "--json")
    assert done.code == 0, done.stderr
    project = one_json(done.stdout)
    assert project.keys() >= PROJECT_FIELDS
    assert_amounts(project, *PROJECT_AMOUNTS)
    assert (project["price"], project["deposit_required"], project["revision_fee"]) == (
        "1500.00",
        "450.00",
        "150.00",
    )
    assert (project["comm_budget_minutes"], project["deadline"], project["contract_signed"]) == (
        300,
        "2026-12-20",
        None,
    )


def test_project_add_text_names_the_new_project_and_the_deposit_policy(acme):
    """Without --deposit the configured tier is applied and announced."""
    done = acme("project", "add", "Acme", "Card", "--price", "800")
    assert done.stdout.splitlines() == [
        "project 1 added: Card (Acme)",
        "! deposit policy: 20% of the project (€160.00) due before work starts",
    ]


def test_project_list_and_show(acme):
    """list prints an array of projects, newest first; show adds the scope."""
    _add_logo(acme)
    acme("project", "add", "Acme", "Site", "--hourly", "80", "--estimate-hours", "20")
    projects = one_json(acme("project", "list", "--json").stdout)
    assert [p["title"] for p in projects] == ["Site", "Logo"]
    for project in projects:
        assert project.keys() >= PROJECT_FIELDS
        assert_amounts(project, *PROJECT_AMOUNTS)
    assert projects[0]["hourly_rate"] == "80.00"
    shown = one_json(acme("project", "show", "Logo", "--json").stdout)
    assert (shown["scope"], shown["revisions_used"]) == ([], 0)
    text = acme("project", "show", "Logo").stdout.splitlines()
    assert "deposit required €450.00" in [" ".join(line.split()) for line in text]


def test_a_project_moves_through_its_life(acme):
    """start, deliver and close each print the new status."""
    _add_logo(acme)
    started = acme("project", "start", "Logo")
    assert started.code == 0
    assert started.stdout.splitlines()[0] == "project 1 Logo: active"
    assert "! deposit missing: €450.00 still due before work starts" in started.stdout
    delivered = one_json(acme("project", "deliver", "Logo", "--json").stdout)
    assert (delivered["status"], delivered["delivered_on"]) == ("delivered", "2026-11-23")
    assert acme("project", "close", "Logo").stdout == "project 1 Logo: closed\n"


def test_cancel_names_the_cancellation_fee(acme):
    """project cancel prints the contractual fee."""
    _add_logo(acme)
    done = acme("project", "cancel", "Logo")
    assert done.stdout == (
        "project 1 Logo: cancelled\n! cancellation fee per contract: 20% of the price = €300.00\n"
    )


@pytest.mark.parametrize(
    ("moves", "refused"),
    [([], "deliver"), (["start"], "start"), (["start", "close"], "cancel"), (["cancel"], "close")],
)
def test_refused_moves_exit_1_with_one_line(acme, moves, refused):
    """A move from the wrong status is refused (exit 1) and changes nothing."""
    _add_logo(acme)
    for move in moves:
        assert acme("project", move, "Logo").code == 0
    status = one_json(acme("project", "show", "Logo", "--json").stdout)["status"]
    done = acme("project", refused, "Logo")
    assert done.code == 1
    assert_one_error_line(done.stderr)
    assert f"is {status}; cannot {refused}" in done.stderr
    assert one_json(acme("project", "show", "Logo", "--json").stdout)["status"] == status


@pytest.mark.parametrize(
    "args",
    [
        ("--price", "1e3"),
        ("--price", "1,500"),
        ("--price", ""),
        ("--price", "1500.505"),
        ("--deposit", "101%"),
        ("--comm-budget", "90"),
        ("--deadline", "20.12.2026"),
        ("--late-fee", "1.5"),
        ("--revisions", "-1"),
        ("--price", "10", "--hourly", "10"),
    ],
)
def test_malformed_terms_exit_2_and_store_nothing(acme, args):
    """Malformed amounts, percentages, durations and dates are refused; no row is written."""
    before = row_counts()
    done = acme("project", "add", "Acme", "Logo", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert row_counts() == before


def test_project_for_an_unknown_client_exits_2(acme):
    """Adding a project for a client that does not exist is bad input."""
    done = acme("project", "add", "Nobody", "Logo", "--price", "100")
    assert (done.code, done.stderr) == (2, "error: no client named 'Nobody'\n")


def test_scope_after_kickoff_is_a_change_request_and_can_be_approved(acme):
    """scope add after start prints a change request; scope approve records the signature."""
    _add_logo(acme)
    original = acme("scope", "add", "Logo", "Three concepts", "--price", "900")
    assert original.stdout == "scope item 1 added: Three concepts\n"
    acme("project", "start", "Logo")
    change = acme("scope", "add", "Logo", "Animated logo", "--price", "400", "--hours", "5")
    assert change.stdout == (
        "change request 2 added: Animated logo\n"
        "! change request 1 after kickoff (€400.00): get the change order signed before "
        "starting it\n"
    )
    approved = one_json(acme("scope", "approve", "2", "--date", "2026-11-24", "--json").stdout)
    assert (approved["approved_on"], approved["price"], approved["change_request"]) == (
        "2026-11-24",
        "400.00",
        True,
    )
    scope = one_json(acme("project", "show", "Logo", "--json").stdout)["scope"]
    assert [(s["id"], s["change_request"]) for s in scope] == [(1, False), (2, True)]


def test_approving_original_scope_or_unknown_item_fails(acme):
    """Approving original scope is refused (1); an unknown id is bad input (2)."""
    _add_logo(acme)
    acme("scope", "add", "Logo", "Three concepts")
    assert acme("scope", "approve", "1").code == 1
    assert acme("scope", "approve", "42").code == 2


def test_notices_name_money_in_the_profiles_locale_like_the_tables(acme):
    """A German profile reads `450,00 €` in the table and in the notice after a command."""
    assert acme("profile", "set", "--locale", "de_DE").code == 0
    _add_logo(acme)
    text = acme("project", "show", "Logo").stdout.splitlines()
    assert "deposit required 450,00 €" in [" ".join(line.split()) for line in text]
    started = acme("project", "start", "Logo")
    assert "! deposit missing: 450,00\xa0€ still due before work starts" in started.stdout
