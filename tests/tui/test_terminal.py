"""The installed `clientkit` in a real terminal (tmux): open, clients, a client, back, quit."""

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from clientkit.services.clients import add_client

pytestmark = pytest.mark.timeout(120)


class Terminal:
    """A detached tmux session on a private server socket, read with capture-pane."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False, timeout=20)
        return done.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def pane(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, seconds: float = 40) -> str:
        """Poll the pane until `text` shows (the app starts and reads in its own time)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pane = self.pane()
            if text in pane:
                return pane
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the pane shows:\n{self.pane()}")


@pytest.fixture
def terminal(book, tmp_path: Path, _isolated_home: Path) -> Iterator[Terminal]:
    """`clientkit` running on the test book in a 100×30 tmux pane; its exit code is printed."""
    add_client(book, "Acme & Sons", email="billing@acme.test")
    add_client(book, "Brightline Media", email="projects@brightline.test")
    socket = f"ck-{uuid.uuid4().hex[:8]}"
    env = {"CLIENTKIT_HOME": str(_isolated_home), "CLIENTKIT_DB": book.url,
           "CLIENTKIT_TODAY": "2026-11-23", "TERM": "xterm-256color"}
    command = " ".join([
        "env", *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
        shlex.quote(shutil.which("clientkit") or "clientkit"),
        "; echo clientkit-exited-with-$?; sleep 60",
    ])
    term = Terminal(socket, "ck")
    term.tmux("new-session", "-d", "-s", "ck", "-x", "100", "-y", "30", command)
    try:
        yield term
    finally:
        term.tmux("kill-server")


def test_open_clients_a_client_back_and_quit_in_a_real_terminal(terminal):
    """The real entry point draws the dashboard, walks to a client and back, and exits 0 on `q`."""
    first = terminal.wait_for("clientkit › Dashboard")
    assert "Risks today" in first
    terminal.keys("c")
    clients = terminal.wait_for("2 clients")
    assert "Acme & Sons" in clients
    assert "Brightline Media" in clients
    terminal.keys("Enter")
    detail = terminal.wait_for("clientkit › Client · Acme & Sons")
    assert "billing@acme.test" in detail
    terminal.keys("Escape")
    back = terminal.wait_for("clientkit › Clients")
    assert "Client · Acme" not in back
    terminal.keys("q")
    terminal.wait_for("clientkit-exited-with-0")
