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
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=20,
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def pane(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, *texts: str, seconds: float = 40) -> str:
        """Poll the pane until every one of `texts` shows at once. The app starts and reads
        in its own time, and a capture can catch a frame in between (CI caught the client's
        title drawn over a summary still one line tall), so wait for all that is read."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pane = self.pane()
            if all(text in pane for text in texts):
                return pane
            time.sleep(0.2)
        raise AssertionError(f"{texts!r} never all appeared; the pane shows:\n{self.pane()}")


@pytest.fixture
def terminal(book, tmp_path: Path, _isolated_home: Path) -> Iterator[Terminal]:
    """`clientkit` running on the test book in a 100×30 tmux pane; its exit code is printed."""
    add_client(book, "Acme & Sons", email="billing@acme.test")
    add_client(book, "Brightline Media", email="projects@brightline.test")
    socket = f"ck-{uuid.uuid4().hex[:8]}"
    env = {
        "CLIENTKIT_HOME": str(_isolated_home),
        "CLIENTKIT_DB": book.url,
        "CLIENTKIT_TODAY": "2026-11-23",
        "TERM": "xterm-256color",
    }
    command = " ".join(
        [
            "env",
            *(f"{key}={shlex.quote(value)}" for key, value in env.items()),
            shlex.quote(shutil.which("clientkit") or "clientkit"),
            "; echo clientkit-exited-with-$?; sleep 60",
        ]
    )
    term = Terminal(socket, "ck")
    term.tmux("new-session", "-d", "-s", "ck", "-x", "100", "-y", "30", command)
    try:
        yield term
    finally:
        term.tmux("kill-server")


def test_open_clients_a_client_back_and_quit_in_a_real_terminal(terminal):
    """The real entry point draws the dashboard, walks to a client and back, and exits 0 on `q`."""
    terminal.wait_for("clientkit › Dashboard", "Risks today")
    terminal.keys("c")
    terminal.wait_for("2 clients", "Acme & Sons", "Brightline Media")
    terminal.keys("Enter")
    terminal.wait_for("clientkit › Client · Acme & Sons", "billing@acme.test", "patterns:")
    terminal.keys("Escape")
    back = terminal.wait_for("clientkit › Clients")
    assert "Client · Acme" not in back
    terminal.keys("q")
    terminal.wait_for("clientkit-exited-with-0")
