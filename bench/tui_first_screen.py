"""TUI cold start in a real terminal: from process start until the dashboard shows its risks.

Each run starts `clientkit` (no arguments: the TUI) as a fresh process in a tmux pane of
120x40 on a private tmux server, and polls the pane's text (`tmux capture-pane`) every
few milliseconds. The clock starts just before tmux is asked to start the process, so
it includes the interpreter's start-up, every import and the first paint. Moments:

- paint:  the dashboard's frame is on screen (its "Risks today:" title, still "reading…");
- lists:  the lists under it have arrived (no section title says "reading…" any more
          except the risks');
- risks:  the risks title shows what was found ("Risks today: 3 high, …" or "none"):
          the dashboard is whole. This is the figure SPEC section 9 and issue 20 promise.

Peak memory is the TUI process's own high-water mark (VmHWM in /proc/PID/status), read
when the risks are shown, just before `q` quits it. A first run warms the page cache and
bytecode and is not counted.

    python bench/tui_first_screen.py --book /tmp/large.db [--runs 5] [--today 2026-11-23]
"""

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SIZE = (120, 40)
POLL_S = 0.004
TIMEOUT_S = 60.0
RISKS_SHOWN = re.compile(r"Risks today: (?!reading)\S")
PAINTED = re.compile(r"Risks today:")
READING = re.compile(
    r"^\s*(Overdue invoices|Awaiting your reply|Active projects|This week): "
    r"reading",
    re.MULTILINE,
)


@dataclass(frozen=True)
class TuiSample:
    """Seconds from process start to each moment, and the TUI process's peak RSS in KiB."""

    paint: float
    lists: float
    risks: float
    peak: int


class TuiTerminal:
    """A private tmux server holding one 120x40 pane in which the TUI is started again
    and again (`respawn-pane`), so starting tmux itself is not part of any figure."""

    def __init__(self) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"clientkit-bench-{os.getpid()}"
        width, height = SIZE
        self.tmux(
            "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), "sleep 86400"
        )
        self.tmux("set-option", "-t", "bench", "remain-on-exit", "on")
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "bench")

    def pane_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def pane_dead(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "bench", "#{pane_dead}").strip() == "1"

    def run(self, command: list[str], env: dict[str, str]) -> TuiSample:
        """One cold start of `command` in the pane, timed until the risks are shown."""
        settings = [f"{k}={v}" for k, v in sorted(env.items())]
        line = "exec env -i " + shlex.join([*settings, *command])
        start = time.perf_counter()
        self.tmux("respawn-pane", "-k", "-t", "bench", line)
        pid = self.pane_pid()  # `exec env` keeps the pane's process id for the TUI
        paint = lists = 0.0
        while True:
            text = self.screen()
            now = time.perf_counter() - start
            if not paint and PAINTED.search(text):
                paint = now
            if paint and not lists and not READING.search(text):
                lists = now
            if RISKS_SHOWN.search(text):
                peak = high_water_kib(pid)
                break
            if now > TIMEOUT_S or (now > 1 and self.pane_dead()):
                raise RuntimeError("the dashboard never showed its risks:\n" + text.strip())
            time.sleep(POLL_S)
        self.tmux("send-keys", "-t", "bench", "q")
        deadline = time.perf_counter() + 10
        while not self.pane_dead() and time.perf_counter() < deadline:
            time.sleep(0.02)
        return TuiSample(paint, lists or now, now, peak)


def high_water_kib(pid: int) -> int:
    """The process's peak resident set (VmHWM) in KiB, 0 if it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def tui_environment(db: Path, home: Path, today: str | None) -> dict[str, str]:
    """What the TUI process gets: a clean environment naming the book (plus PATH, HOME,
    a terminal type and the PYTHONPATH the bench runs with, so the same code is measured)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "TERM": "tmux-256color",
        "LANG": "C.UTF-8",  # the dashboard's English titles are what the poll looks for
        "CLIENTKIT_HOME": str(home),
        "CLIENTKIT_DB": f"sqlite:///{db}",
    }
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    if today:
        env["CLIENTKIT_TODAY"] = today
    return env


def main() -> None:
    from run import clientkit_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, required=True, help="SQLite file of the book")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", help="fix today (YYYY-MM-DD)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clientkit-bench-") as home:
        env = tui_environment(options.book.resolve(), Path(home), options.today)
        terminal = TuiTerminal()
        try:
            terminal.run(clientkit_command(), env)  # warm-up
            runs = [terminal.run(clientkit_command(), env) for _ in range(options.runs)]
        finally:
            terminal.close()
    print(f"TUI cold start in tmux {SIZE[0]}x{SIZE[1]}, median of {options.runs} runs:")
    for key in ("paint", "lists", "risks"):
        print(f"  {key:<6} {statistics.median(getattr(r, key) for r in runs) * 1000:7.0f} ms")
    print(f"  peak   {max(r.peak for r in runs) / 1024:7.0f} MiB")


if __name__ == "__main__":
    main()
