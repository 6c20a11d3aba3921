"""Templates render within a time and memory budget: a runaway one is stopped within seconds
with exit 1 naming the template, and ordinary ones render as fast as before."""

import os
import threading
import time
from pathlib import Path

import pytest

from clientkit.documents import budget, templating
from tests.cli.helpers import assert_one_error_line, row_counts

GROWS_A_LIST = (
    "{% set items = [] %}{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% if items.append(j) %}{% endif %}{% endfor %}{% endfor %}\n"
)
LOOPS_WITHOUT_CALLS = (
    "{% set r = range(100000)|list %}"
    "{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}\n"
)
DOUBLES_A_STRING = (
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}\n"
)
PRINTS_WITHOUT_END = (
    "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}"
)


def _user_template(name: str, text: str) -> None:
    folder = Path(os.environ["CLIENTKIT_HOME"]) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def project(invoke) -> str:
    for args in (
        ("profile", "set", "--name", "Jana"),
        ("client", "add", "Acme GmbH", "--locale", "de_DE"),
        ("project", "add", "Acme GmbH", "Logo", "--price", "1500"),
    ):
        assert invoke(*args).code == 0
    return "Logo"


@pytest.mark.parametrize("text", [GROWS_A_LIST, LOOPS_WITHOUT_CALLS])
def test_a_runaway_contract_template_is_stopped_with_exit_1_naming_it(invoke, project, text):
    """Within a few seconds, one line naming the template and why; no PDF, no contract."""
    _user_template("contract.de.txt", text)
    started = time.monotonic()
    result = invoke("contract", "pdf", project)
    assert time.monotonic() - started < 10
    assert result.code == 1
    assert_one_error_line(result.stderr)
    assert "template contract.de.txt, line 1: stopped because" in result.stderr
    assert row_counts()["contract"] == 0
    documents = Path(os.environ["CLIENTKIT_HOME"]) / "documents" / "contracts"
    assert not documents.exists() or not list(documents.iterdir())


def test_the_shipped_contract_still_renders_after_a_runaway_one_was_stopped(invoke, project):
    _user_template("contract.de.txt", GROWS_A_LIST)
    assert invoke("contract", "pdf", project).code == 1
    (Path(os.environ["CLIENTKIT_HOME"]) / "templates" / "contract.de.txt").unlink()
    made = invoke("contract", "pdf", project)
    assert made.code == 0, made.stderr
    assert row_counts()["contract"] == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (GROWS_A_LIST, "more than 100,000 items in one list"),
        (LOOPS_WITHOUT_CALLS, "ran longer than"),
        (DOUBLES_A_STRING, "MB of memory"),
        (PRINTS_WITHOUT_END, "text grew past"),
    ],
)
def test_each_kind_of_runaway_template_is_refused_with_its_reason(text, reason, monkeypatch):
    # Only the endless loop needs the clock; the others get time enough to reach their own
    # limit first even on a loaded machine.
    monkeypatch.setattr(budget, "SECONDS", 1.0 if text == LOOPS_WITHOUT_CALLS else 60.0)
    _user_template("runaway.txt", text)
    with pytest.raises(templating.TemplateOverBudget, match=reason) as stopped:
        templating.render("runaway.txt", {})
    assert "template runaway.txt" in str(stopped.value)
    assert isinstance(stopped.value, templating.TemplateForbidden)  # a refusal: exit 1


def test_the_reasons_name_the_limits_that_are_enforced():
    """The item and text limits are written out in their messages (each language groups the
    digits its own way): the numbers said are the ones checked."""
    items = list(range(budget.MAX_ITEMS + 1))
    with pytest.raises(budget.OverBudget, match=f"more than {budget.MAX_ITEMS:,} items in one"):
        budget.check_growth(items.append)
    text = "x" * (budget.MAX_OUTPUT + 1)
    with pytest.raises(budget.OverBudget, match=f"grew past {budget.MAX_OUTPUT:,} characters"):
        budget.within_budget(lambda: iter([text]), seconds=60)


def test_a_render_in_a_worker_thread_is_stopped_too():
    """The TUI renders off its UI thread: the watchdog stops the thread that renders."""
    _user_template("runaway.txt", LOOPS_WITHOUT_CALLS)
    caught: list[BaseException] = []

    def work() -> None:
        try:
            templating.render("runaway.txt", {})
        except templating.TemplateError as exc:
            caught.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive()
    assert isinstance(caught[0], templating.TemplateOverBudget)


def test_ordinary_renders_stay_fast_and_leave_nothing_pending():
    """A thousand small renders well under a second; none is hit by a stop meant for another."""
    _user_template("note.txt", "Dear {{ name }},\n{% for x in items %}- {{ x }}\n{% endfor %}")
    started = time.monotonic()
    for number in range(1000):
        text = templating.render("note.txt", {"name": f"Client {number}", "items": ["a", "b"]})
        assert text == f"Dear Client {number},\n- a\n- b\n"
    assert time.monotonic() - started < 5
