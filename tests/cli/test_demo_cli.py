"""`clientkit demo [--force] [--large]`, run in-process (`invoke`): what matters here is the
command's behaviour; tests/cli/test_process.py covers the installed entry point itself."""

from tests.cli.helpers import assert_one_error_line, demo_in_home, one_json, row_counts

REFUSAL = "error: the book already has data; use --force to replace it\n"


def test_demo_fills_an_empty_book_and_says_what_to_try(invoke):
    done = invoke("demo")
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("demo book ready: 13 clients, ")
    assert "clientkit client list" in done.stdout
    clients = one_json(invoke("client", "list", "--json").stdout)
    assert len(clients) >= 12
    assert len({c["currency"] for c in clients}) >= 3


def test_demo_twice_without_force_exits_1_and_changes_nothing(invoke, demo_book_file):
    demo_in_home(demo_book_file)  # the book a first `clientkit demo` made
    before = row_counts()
    again = invoke("demo")
    assert again.code == 1
    assert again.stderr == REFUSAL
    assert again.stdout == ""
    assert row_counts() == before


def test_demo_large_on_a_filled_book_is_refused_too(invoke):
    assert invoke("client", "add", "My Real Client").code == 0
    before = row_counts()
    refused = invoke("demo", "--large")
    assert refused.code == 1
    assert_one_error_line(refused.stderr)
    assert row_counts() == before


def test_demo_force_rebuilds_the_same_book_and_prints_its_counts_as_json(invoke):
    first = one_json(invoke("demo", "--json").stdout)
    assert invoke("client", "add", "Temporary").code == 0
    rebuilt = invoke("demo", "--force", "--json")
    assert rebuilt.code == 0, rebuilt.stderr
    assert one_json(rebuilt.stdout) == first
    assert first["book"] == "sample"
    assert first["clients"] == 13
    names = {c["name"] for c in one_json(invoke("client", "list", "--json").stdout)}
    assert "Temporary" not in names


# Written out from SPEC section 5 and section 1 rather than imported from clientkit.domain,
# so that a rule or pattern dropped from the code fails here.
SPEC_RULES = {
    "no_contract",
    "no_deposit",
    "revisions_over_limit",
    "scope_creep",
    "communication_over_budget",
    "unpaid_overdue",
    "unresponsive_client",
    "budget_below_estimate",
    "awaiting_reply",
    "deadline_at_risk",
    "low_effective_rate",
}
PATTERNS = {"indecisive", "budget squeezer", "persistent", "social", "vanishing", "waiting"}


def test_the_demo_book_shows_every_risk_rule_and_every_client_pattern(invoke, demo_book_file):
    demo_in_home(demo_book_file)  # the book `clientkit demo` makes
    findings = one_json(invoke("risks", "--json").stdout)
    assert {f["code"] for f in findings} >= SPEC_RULES
    shown = set()
    for client in one_json(invoke("client", "list", "--json").stdout):
        view = one_json(invoke("client", "show", str(client["id"]), "--json").stdout)
        shown |= set(view["patterns"])
    assert shown == PATTERNS
    table = invoke("risks").stdout
    assert "no_contract" in table
    assert "Novotný Stavby s.r.o." in table
