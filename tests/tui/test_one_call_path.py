"""Every screen, form and the app call services through one helper, which explains failures."""

import re
from pathlib import Path

import clientkit.tui

TUI = Path(clientkit.tui.__file__).parent
HELPER = TUI / "calls.py"
# The style warm-up calls no service: a failure there only makes first visits slower.
NOT_A_SERVICE_CALL = {TUI / "styles.py"}
CATCH_ALL = re.compile(r"except\s*(\(\s*)?(Base)?Exception\b|except\s*:")


def _sources() -> list[Path]:
    return sorted(TUI.rglob("*.py"))


def test_only_the_call_helper_catches_every_exception():
    """No screen writes its own try/except around a service: a failure is explained once."""
    catching = {path for path in _sources() if CATCH_ALL.search(path.read_text())}
    assert catching - NOT_A_SERVICE_CALL == {HELPER}


def test_workers_are_started_only_by_the_call_helper():
    """No `@work` method or `run_worker` elsewhere: each would need its own failure handling."""
    starting = {
        path for path in _sources() if re.search(r"@work\b|run_worker|to_thread", path.read_text())
    }
    assert starting == {HELPER}
