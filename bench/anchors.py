"""The anchors' environment: a venv with Watson and InvoiceGenerator, and Watson's frames.

bench/run.py compares clientkit with tools people use for the same work, installed from
bench/anchors.txt into their own venv (never into clientkit's environment), made on
first use and remade when anchors.txt changes.
"""

import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "anchors.txt"
DEFAULT_DIR = Path.home() / ".cache" / "clientkit-bench" / "anchors"
FRAMES = 10_000
PROJECTS = ("website", "logo", "brochure", "shop", "newsletter", "app", "photos", "report")
TAGS = ("call", "email", "design", "code", "review", "meeting")
START = 1_704_067_200  # 2024-01-01 UTC: the frames cover about two years after it


def ensure_venv(directory: Path) -> Path:
    """The venv's bin directory, made and filled from anchors.txt if it is not yet."""
    bin_dir = directory / "bin"
    wanted = REQUIREMENTS.read_text()
    stamp = directory / "anchors.txt"
    if (bin_dir / "watson").exists() and stamp.exists() and stamp.read_text() == wanted:
        return bin_dir
    print(f"installing the anchors into {directory} ...", flush=True)
    for step in (
        [sys.executable, "-m", "venv", str(directory)],
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)],
    ):
        if subprocess.run(step, check=False).returncode != 0:
            raise SystemExit(f"installing the anchors failed: {' '.join(step)}")
    stamp.write_text(wanted)
    return bin_dir


def frames(count: int = FRAMES) -> str:
    """Watson's frames file with `count` frames of half an hour to two, oldest first.

    Seeded, so every run measures the same file; written as Watson writes it (JSON,
    indent 1), so its own `add` rewrites a file of the same shape."""
    chosen = random.Random(20)  # noqa: S311 (test data, not secrets)
    rows, at = [], START
    for _ in range(count):
        at += chosen.randrange(900, 3_600)
        stop = at + chosen.randrange(1_800, 7_200)
        tags = sorted(chosen.sample(TAGS, chosen.randrange(0, 3)))
        frame_id = f"{chosen.getrandbits(128):032x}"
        rows.append([at, stop, chosen.choice(PROJECTS), frame_id, tags, stop])
        at = stop
    return json.dumps(rows, indent=1, ensure_ascii=False)
