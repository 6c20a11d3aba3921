"""How the TUI starts: its first screen drawn before the book's libraries are imported, the
dashboard read through Core, the global options, and a book that cannot be opened."""

import asyncio
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from clientkit.launch import tui_options
from clientkit.services.tracking import start_timer
from clientkit.tui.app import make_app
from clientkit.tui.screens.clients import ClientsScreen
from tests.cli.helpers import demo_in_home
from tests.conftest import TODAY
from tests.tui.conftest import drive, screen_text, until

pytestmark = pytest.mark.timeout(120)

# Runs `clientkit` with no arguments, as the entry point does, in a fresh interpreter, on
# Textual's headless driver: notes which modules are loaded when the first frame is drawn
# (Textual's Ready) and when the dashboard shows all it read, then quits.
PROBE = r"""
import json, sys
from clientkit.tui.app import ClientkitApp

seen = {}
ORM = ("sqlmodel", "pydantic", "sqlalchemy.orm", "clientkit.storage.models")


def loaded(app):
    text = "\n".join(
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    )
    return {
        "screen": text,
        "sqlalchemy": "sqlalchemy" in sys.modules,
        "services": sorted(m for m in sys.modules if m.startswith("clientkit.services")),
        "orm": sorted(m for m in ORM if m in sys.modules),
    }


ready, start = ClientkitApp.on_ready, ClientkitApp.run


def on_ready(app):
    seen["painted"] = loaded(app)
    ready(app)


def on_first_screen_read(app):
    seen["read"] = loaded(app)
    app.exit()


def run(app, **options):
    return start(app, headless=True, size=(120, 40))


ClientkitApp.on_ready = on_ready
ClientkitApp.on_first_screen_read = on_first_screen_read
ClientkitApp.run = run
from clientkit.launch import main

try:
    main(sys.argv[1:])
except SystemExit as exit:
    seen["code"] = exit.code
print(json.dumps(seen))
"""


def _start(home: Path, *args: str) -> dict[str, Any]:
    env = {**os.environ, "CLIENTKIT_HOME": str(home), "CLIENTKIT_TODAY": TODAY}
    env.pop("CLIENTKIT_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def test_the_first_screen_is_drawn_before_sqlalchemy_and_the_services_are_imported(
    tmp_path, demo_book_file
):
    """`clientkit` shows the dashboard's frame ("reading…") before it imports SQLAlchemy or any
    service, then fills it in: the first screen never waits for the book's libraries."""
    demo_in_home(demo_book_file, tmp_path)
    seen = _start(tmp_path)
    painted = seen["painted"]
    assert "Risks today: reading…" in painted["screen"]
    assert "Overdue invoices: reading…" in painted["screen"]
    assert painted["sqlalchemy"] is False
    assert painted["services"] == []
    read = seen["read"]
    assert read["sqlalchemy"] is True  # the probe saw the book being read
    assert "reading…" not in read["screen"]
    assert seen["code"] == 0


def test_the_dashboard_is_read_without_the_orm_sqlmodel_or_pydantic(tmp_path, demo_book_file):
    """Every section of the dashboard (risks, overdue, replies, projects, week) is read through
    Core: the ORM, SQLModel and pydantic, the heaviest of the book's libraries, are never
    imported."""
    demo_in_home(demo_book_file, tmp_path)
    read = _start(tmp_path, "--today", TODAY)["read"]
    assert "Risks today: " in read["screen"]
    assert "Overdue invoices: " in read["screen"]
    assert "clientkit.services.dashboard" in read["services"]
    assert read["orm"] == []


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {}),
        (["tui"], {}),
        (["--db", "sqlite:///x.db"], {"--db": "sqlite:///x.db"}),
        (
            ["--db=sqlite:///x.db", "--today", "2026-11-23", "tui"],
            {
                "--db": "sqlite:///x.db",
                "--today": "2026-11-23",
            },
        ),
    ],
)
def test_a_command_line_that_only_opens_the_tui_keeps_its_global_options(args, options):
    """No arguments, `tui`, and --db / --today before them open the TUI with those options."""
    assert tui_options(args) == options


@pytest.mark.parametrize(
    "args",
    [
        ["client", "list"],
        ["--help"],
        ["--version"],
        ["tui", "--help"],
        ["--db"],
        ["--db", "a", "--db", "b"],
        ["--today", "--db", "x"],
        ["--db", "x", "report"],
    ],
)
def test_every_other_command_line_goes_to_the_cli_parser(args):
    """Anything but the TUI's own options is the CLI's to parse (and to refuse)."""
    assert tui_options(args) is None


def test_shell_completion_goes_to_the_cli_even_without_arguments(monkeypatch):
    """The shell asks for completions by running `clientkit` with no arguments."""
    monkeypatch.setenv("_CLIENTKIT_COMPLETE", "bash_complete")
    assert tui_options([]) is None


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--today", "nonsense"], 2, "error: invalid date 'nonsense': expected YYYY-MM-DD"),
        (["--db", "sqlite:///{damaged}"], 1, "is damaged (file is not a database)"),
        (["--db", "sqlite:///{damaged}", "tui"], 1, "is damaged (file is not a database)"),
    ],
)
def test_a_book_the_tui_cannot_open_is_one_line_with_the_clis_exit_code(tmp_path, args, code, says):
    """A bad --today or a damaged book: the TUI closes, and the reason is one line on stderr
    (as any command says it), with exit 2 for bad input and 1 otherwise; no traceback."""
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all " * 200)
    env = {**os.environ, "CLIENTKIT_HOME": str(tmp_path / "home")}
    env.pop("CLIENTKIT_DB", None)
    command = [arg.format(damaged=damaged) for arg in args]
    done = subprocess.run(
        [sys.executable, "-m", "clientkit", *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=100,
        check=False,
    )
    assert done.returncode == code
    last = done.stderr.rsplit("\x1b[", 1)[-1]  # after the TUI's own terminal codes, if any
    line = last[last.index("error: ") :]
    assert says in line
    assert line.count("\n") <= 1
    assert "Traceback" not in done.stderr
    assert damaged.read_bytes() == b"not a database at all " * 200


def test_a_failing_book_closes_the_app_and_is_handed_to_the_entry_point():
    """The app opens the book after its first frame; if that fails, it closes with exit code
    1 and keeps the exception, for the entry point to say as the CLI says it."""
    why = PermissionError("the book is read-only")

    def refuse() -> Any:
        raise why

    app = make_app(refuse)

    async def scenario(pilot: Any) -> None:
        await pilot.pause()

    drive(app, scenario)
    assert app.failure is why
    assert app.return_code == 1


def test_a_screen_opened_while_the_book_opens_shows_its_rows_once_it_is_open(studio, app_of):
    """`c` pressed before the book is open shows the clients screen at once, still empty; it
    fills in as soon as the book is open, with the running timer in the top line."""
    start_timer(studio, "Brand identity", "work")
    opening = threading.Event()

    def open_slowly() -> Any:
        opening.wait(timeout=30)
        return studio

    app = app_of(open_slowly)

    async def scenario() -> None:
        async with app.run_test() as pilot:  # not `drive`: it waits for the book to open
            await pilot.press("c")
            await pilot.pause(0.2)
            assert isinstance(app.screen, ClientsScreen)
            assert "Acme & Sons" not in screen_text(app)
            opening.set()
            await until(pilot, lambda: "Acme & Sons" in screen_text(app))
            shown = screen_text(app)
            assert "Harbor Lane" in shown
            assert "● work on Brand identity" in shown.splitlines()[0]

    asyncio.run(scenario())
