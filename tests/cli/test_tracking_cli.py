"""`clientkit revision`, `log`, `timer` and `message` through the command line."""

import pytest

from tests.cli.helpers import assert_amounts, assert_one_error_line, one_json, row_counts


@pytest.fixture
def logo(invoke):  # type: ignore[no-untyped-def]
    """Acme's Logo, active: 2 revisions at 150.00, a 1-hour communication budget at 60.00/h."""
    assert invoke("client", "add", "Acme").code == 0
    assert (
        invoke(
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
            "--comm-budget",
            "1h",
            "--comm-rate",
            "60",
            "--deposit",
            "0",
        ).code
        == 0
    )
    assert invoke("project", "start", "Logo").code == 0
    return invoke


def test_the_third_of_two_revisions_prints_count_and_fee(logo):
    """revision 3 of 2 included: €150.00 extra will be billed."""
    assert logo("revision", "add", "Logo", "Bigger").stdout == "revision 1 logged on Logo\n"
    second = logo("revision", "add", "Logo", "Bluer")
    assert "! revision 2 of 2 included: the next one is billed" in second.stdout
    third = logo("revision", "add", "Logo", "Redder")
    assert third.code == 0
    assert third.stdout.splitlines()[1].startswith(
        "! revision 3 of 2 included: €150.00 extra will be billed"
    )
    fourth = one_json(logo("revision", "add", "Logo", "Again", "--json").stdout)
    assert (fourth["number"], fourth["extra"], fourth["currency"]) == (4, 2, "EUR")
    assert_amounts(fourth, "extra_fee", "revision_fee")
    assert fourth["extra_fee"] == "300.00"


def test_log_over_the_communication_budget_prints_overage_and_cost(logo):
    """Logging calls past the budget says how far over it is and what that costs."""
    assert logo("log", "Logo", "45m", "--kind", "call").stdout == "logged 45m call on Logo\n"
    done = logo("log", "Logo", "30m", "--kind", "call")
    assert done.stdout == (
        "logged 30m call on Logo\n"
        "! communication 1h15m of 1h budget: 15m over (15m from this entry), €15.00 to bill\n"
    )
    entry = one_json(
        logo(
            "log",
            "Logo",
            "1.5h",
            "--kind",
            "work",
            "--note",
            "vectorising",
            "--date",
            "2026-11-20",
            "--json",
        ).stdout
    )
    assert (entry["minutes"], entry["kind"], entry["date"], entry["work_minutes"]) == (
        90,
        "work",
        "2026-11-20",
        90,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("Logo", "1e3", "--kind", "call"),
        ("Logo", "90", "--kind", "call"),
        ("Logo", "1.01h", "--kind", "work"),
        ("Logo", "30m", "--kind", "nap"),
        ("Logo", "30m", "--date", "tomorrow"),
        ("Nothing", "30m", "--kind", "call"),
    ],
)
def test_malformed_log_entries_exit_2_and_log_nothing(logo, args):
    """Bad durations, kinds, dates and unknown projects are refused; the book is unchanged."""
    before = row_counts()
    done = logo("log", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert row_counts() == before


def test_timer_from_10_00_to_10_45_logs_45_minutes(logo):
    """timer start, status and stop with a fixed clock log exactly the elapsed minutes."""
    started = logo("timer", "start", "Logo", "--kind", "call", today="2026-11-23T10:00:00")
    assert started.stdout == "timer started: call on Logo\n"
    status = logo("timer", "status", today="2026-11-23T10:30:00")
    assert status.stdout == "call on Logo for 30m (since 2026-11-23 10:00)\n"
    stopped = logo("timer", "stop", "--json", today="2026-11-23T10:45:00")
    entry = one_json(stopped.stdout)
    assert (entry["minutes"], entry["kind"], entry["date"]) == (45, "call", "2026-11-23")
    assert logo("timer", "status").stdout == "no timer running\n"
    assert one_json(logo("timer", "status", "--json").stdout) is None


def test_a_second_timer_start_is_refused(logo):
    """While a timer runs, another start exits 1 and the first keeps running."""
    logo("timer", "start", "Logo", "--kind", "work", today="2026-11-23T10:00:00")
    again = logo("timer", "start", "Logo", "--kind", "call", today="2026-11-23T10:05:00")
    assert again.code == 1
    assert again.stderr == (
        "error: a timer is already running on 'Logo' (work since 2026-11-23 10:00); "
        "stop it first, or add --switch to log it and start this one\n"
    )
    status = one_json(logo("timer", "status", "--json", today="2026-11-23T10:06:00").stdout)
    assert (status["kind"], status["elapsed_seconds"]) == ("work", 360)


def test_timer_stop_without_a_timer_exits_1(logo):
    """Stopping when nothing runs is refused."""
    done = logo("timer", "stop")
    assert (done.code, done.stderr) == (1, "error: no timer is running\n")


def test_message_add_and_answer(logo):
    """An outbound message answers waiting inbound ones; answer marks a single one."""
    first = one_json(
        logo(
            "message",
            "add",
            "Acme",
            "--inbound",
            "--subject",
            "Quote?",
            "--at",
            "2026-11-20T09:00",
            "--json",
        ).stdout
    )
    assert (first["direction"], first["answered_at"], first["at"]) == (
        "inbound",
        None,
        "2026-11-20T09:00:00+00:00",
    )
    reply = logo("message", "add", "Acme", "--outbound", "--at", "2026-11-21T08:00")
    assert reply.stdout == "outbound message 2 recorded for Acme; answers 1 waiting message\n"
    logo("message", "add", "Acme", "--inbound", "--channel", "chat", "--at", "2026-11-22T09:00")
    answered = one_json(logo("message", "answer", "3", "--json").stdout)
    assert answered["answered_at"] == "2026-11-23T12:00:00+00:00"
    again = logo("message", "answer", "3")
    assert again.code == 1
    assert_one_error_line(again.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("Acme",),
        ("Acme", "--inbound", "--outbound"),
        ("Acme", "--inbound", "--channel", "pigeon"),
        ("Acme", "--inbound", "--at", "noon"),
        ("Nobody", "--inbound"),
    ],
)
def test_malformed_messages_exit_2(logo, args):
    """No direction, both, an unknown channel, a bad time or client are bad input."""
    before = row_counts()
    done = logo("message", "add", *args)
    assert done.code == 2
    assert_one_error_line(done.stderr)
    assert row_counts() == before


def test_an_empty_date_is_refused_not_taken_as_today(invoke):
    """`--date ""` is bad input (exit 2, one line), never silently today; nothing is logged."""
    assert invoke("client", "add", "Acme").code == 0
    assert invoke("project", "add", "Acme", "Site", "--price", "100").code == 0
    result = invoke("log", "Site", "30m", "--kind", "work", "--date", "")
    assert result.code == 2
    assert result.stderr.startswith("error: invalid date")
    shown = invoke("project", "show", "Site", "--json")
    assert '"work_minutes": 0' in shown.stdout
