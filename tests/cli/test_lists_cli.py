"""The long lists through the command line: a page of the newest by default, `--limit` and
`--all` for more, a last line saying what was left out, JSON whole, and every figure what the
item's own `show` prints."""

import pytest

from clientkit.services.book import open_book
from clientkit.services.clients import add_client
from tests.cli.helpers import demo_in_home, home_db, one_json, refused

LISTS = (("invoice", "list"), ("client", "list"), ("project", "list"), ("time", "list"))


@pytest.fixture
def demo(invoke, demo_book_file):  # type: ignore[no-untyped-def]
    """The demo book, then a week on it: a draft that would absorb a deposit, an invoice
    paid in part (and a payment on it voided), one overpaid with part of the credit refunded,
    and one credited by a credit note."""
    demo_in_home(demo_book_file)
    for command in (
        ("project", "add", "Brightline Media GmbH", "Extra", "--price", "500", "--deposit", "20%"),
        ("deposit", "Extra", "100"),
        ("invoice", "create", "Extra"),
        ("pay", "2026-0004", "200"),
        ("pay", "2026-0004", "50"),
        ("pay", "2026-0007", "700"),
        ("credit", "refund", "Kováč & Partneri s.r.o.", "5"),
        ("invoice", "credit", "2026-0008", "--reason", "cancelled"),
    ):
        done = invoke(*command)
        assert done.code == 0, (command, done.stderr)
    last = one_json(invoke("payment", "list", "--invoice", "2026-0004", "--json").stdout)[0]
    assert invoke("payment", "void", str(last["id"]), "--reason", "typo").code == 0
    return invoke


@pytest.fixture
def many(invoke):  # type: ignore[no-untyped-def]
    """52 clients, added one after the other (`Client 01` first)."""
    book = open_book(f"sqlite:///{home_db()}")
    for n in range(1, 53):
        add_client(book, f"Client {n:02d}")
    book.engine.dispose()
    return invoke


def test_every_listed_invoice_is_what_invoice_show_prints(demo):
    """`invoice list --json` gives every invoice (drafts, credit notes, paid, part-paid)
    with exactly the keys and values of its `invoice show --json`: the balances summed in
    SQL are the ones the invoice's own view computes."""
    listed = one_json(demo("invoice", "list", "--json").stdout)
    assert len(listed) == 10
    assert [item["id"] for item in listed] == sorted((item["id"] for item in listed), reverse=True)
    for item in listed:
        assert item == one_json(demo("invoice", "show", str(item["id"]), "--json").stdout)
    assert {item["status"] for item in listed} == {"draft", "issued", "paid", "credited"}


def test_every_listed_client_and_project_has_the_figures_its_show_prints(demo):
    """Balances, money received, credit, hours, effective rates and project usage in the
    lists are those of `client show` and `project show`, for every client and project."""
    for noun, extra in (("client", ("--archived",)), ("project", ())):
        listed = one_json(demo(noun, "list", *extra, "--json").stdout)
        assert len(listed) > 10
        for item in listed:
            shown = one_json(demo(noun, "show", str(item["id"]), "--json").stdout)
            assert item == {key: shown[key] for key in item}


def test_a_list_shows_the_newest_fifty_and_says_how_many_there_are(many):
    """Without --limit a list shows the 50 newest and its last line says how many there are
    and how to see the rest; --limit and --all show more, and then nothing is left out."""
    lines = many("client", "list").stdout.splitlines()
    assert len(lines) == 1 + 50 + 1
    assert lines[1].split()[:3] == ["52", "Client", "52"]
    assert lines[-1] == "showing the newest 50 of 52 clients: --limit N shows more, --all every one"
    assert (
        many("client", "list", "--limit", "2")
        .stdout.splitlines()[-1]
        .startswith("showing the newest 2 of 52 clients")
    )
    for more in (("--all",), ("--limit", "52"), ("--limit", "60")):
        lines = many("client", "list", *more).stdout.splitlines()
        assert len(lines) == 1 + 52
        assert lines[-1].split()[:3] == ["1", "Client", "01"]


def test_the_left_out_line_is_in_the_profiles_language(many):
    """The line saying what was left out is translated like the rest of the command line."""
    assert many("profile", "set", "--locale", "sk_SK").code == 0
    last = many("client", "list", "--limit", "3").stdout.splitlines()[-1]
    assert last == "najnovší klienti: 3 z 52; viac ukáže --limit N, všetkých --all"
    assert many("profile", "set", "--locale", "uk_UA").code == 0
    last = many("client", "list", "--limit", "3").stdout.splitlines()[-1]
    assert last == "найновіші клієнти: 3 з 52; більше покаже --limit N, усіх — --all"


def test_json_gives_every_row_unless_limited(many):
    """--json is the whole list, newest first (programs read all of it); with --limit, the
    newest that many; never a left-out line, which would break the document."""
    listed = one_json(many("client", "list", "--json").stdout)
    assert [c["name"] for c in listed] == [f"Client {n:02d}" for n in range(52, 0, -1)]
    limited = one_json(many("client", "list", "--json", "--limit", "3").stdout)
    assert limited == listed[:3]
    assert one_json(many("client", "list", "--json", "--all").stdout) == listed


def test_filters_come_before_the_page_and_its_count(demo):
    """--status, --client and --overdue choose the rows; the page and the count are theirs."""
    paid = one_json(demo("invoice", "list", "--status", "paid", "--json").stdout)
    lines = demo("invoice", "list", "--status", "paid", "--limit", "2").stdout.splitlines()
    assert [line.split()[0] for line in lines[1:3]] == [str(i["id"]) for i in paid[:2]]
    assert lines[-1].startswith(f"showing the newest 2 of {len(paid)} invoices:")
    overdue = one_json(demo("invoice", "list", "--overdue", "--json").stdout)
    assert overdue
    assert all(i["status"] == "issued" and i["balance"] != "0.00" for i in overdue)
    one = one_json(demo("invoice", "list", "--overdue", "--limit", "1", "--json").stdout)
    assert one == overdue[:1]
    client = paid[0]["client"]
    mine = one_json(demo("project", "list", "--client", client, "--json").stdout)
    assert mine
    assert {p["client"] for p in mine} == {client}


def test_time_list_all_shows_every_entry_and_its_json_holds_them(demo):
    """`time list --all` prints every entry with the total and no left-out line; its JSON
    holds every entry, the count and minutes of all, and no limit."""
    view = one_json(demo("time", "list", "--all", "--json").stdout)
    assert view["limit"] is None
    assert view["more"] == 0
    assert len(view["entries"]) == view["count"] > 50
    assert sum(e["minutes"] for e in view["entries"]) == view["total_minutes"]
    lines = demo("time", "list", "--all").stdout.splitlines()
    assert lines[-1].startswith("total ")
    assert lines[-1].endswith(f" {view['count']} entries")
    page = one_json(demo("time", "list", "--json").stdout)
    assert page["entries"] == view["entries"][:50]
    assert page["limit"] == 50


@pytest.mark.parametrize("command", LISTS, ids=" ".join)
@pytest.mark.parametrize("limit", ["0", "-3", "ten"])
def test_a_bad_limit_is_refused_with_one_line(invoke, command, limit):
    """--limit takes a whole number of rows, at least one: anything else is bad input."""
    assert invoke("client", "add", "Acme").code == 0
    assert "--limit" in refused(invoke, *command, "--limit", limit)


@pytest.mark.parametrize("command", LISTS, ids=" ".join)
def test_limit_and_all_together_are_refused(invoke, command):
    """--limit and --all contradict each other."""
    assert invoke("client", "add", "Acme").code == 0
    assert "--limit or --all" in refused(invoke, *command, "--limit", "5", "--all")
