"""`history` and `undo` on the command line: exit codes, one error line, JSON."""

from tests.cli.helpers import assert_one_error_line, one_json, row_counts


def test_undo_takes_back_the_last_command_and_names_it(cli):
    """The command line typed is the history's label; `undo` says what it undid."""
    assert cli("client", "add", "Acme Ltd", "--email", "a@example.com").code == 0
    assert cli("log", "--help").code == 0  # help writes nothing, so it is not in the history
    done = cli("undo")
    assert (done.code, done.stdout) == (
        0,
        "undid #1 `client add 'Acme Ltd' --email a@example.com` (2 rows)\n",
    )
    assert row_counts()["client"] == 0


def test_undo_with_nothing_to_undo_is_exit_1_with_one_line(cli):
    """An empty book: refused, one line, exit 1."""
    cli("client", "list")  # opens (creates) the book
    result = cli("undo")
    assert result.code == 1
    assert_one_error_line(result.stderr)
    assert result.stderr == "error: nothing to undo\n"


def test_history_json_lists_entries_newest_first_with_rows_before_and_after(cli):
    """--json gives each entry's label, time and row changes; the undo names what it undid."""
    cli("client", "add", "Acme")
    cli("client", "edit", "Acme", "--email", "new@example.com")
    undone = one_json(cli("undo", "--json").stdout)
    assert undone["undone"]["label"] == "client edit Acme --email new@example.com"
    entries = one_json(cli("history", "--json").stdout)
    assert [entry["label"] for entry in entries] == [
        "undo --json",
        "client edit Acme --email new@example.com",
        "client add Acme",
    ]
    assert entries[0]["undoes"] == entries[1]["id"] == undone["undone"]["id"]
    (change,) = [c for c in entries[1]["changes"] if c["table"] == "client"]
    assert (change["before"]["email"], change["after"]["email"]) == ("", "new@example.com")
    assert entries[1]["at"] == "2026-11-23T12:00:00+00:00"


def test_the_label_never_carries_the_global_database_url(cli, tmp_path):
    """--db may hold a password: the history records the command, not the global options."""
    url = f"sqlite:///{tmp_path / 'other.db'}"
    cli("--db", url, "client", "add", "Acme")
    entries = one_json(cli("--db", url, "history", "--json").stdout)
    assert [entry["label"] for entry in entries] == ["client add Acme"]


def test_history_limit_must_be_positive(cli):
    """--limit 0 is bad input: exit 2, one line."""
    result = cli("history", "--limit", "0")
    assert result.code == 2
    assert_one_error_line(result.stderr)


def test_a_long_or_multi_line_value_is_shortened_in_the_label_and_kept_whole(cli):
    """A message body typed inline labels the entry by its first words; the row keeps it all."""
    cli("client", "add", "Acme")
    body = "Dear Jana,\nthe blue is off on every page of the brochure.\nThanks"
    assert cli("message", "add", "Acme", "--inbound", "--subject", "Blue", "--body", body).code == 0
    [entry, _] = one_json(cli("history", "--json").stdout)
    assert entry["label"] == "message add Acme --inbound --subject Blue --body 'Dear Jana,…'"
    (change,) = [c for c in entry["changes"] if c["table"] == "message"]
    assert change["after"]["body"] == body
