"""Every command's JSON (and the text of the everyday reads) is exactly what was recorded.

The recording in `recorded_output.json` was made before the views became typed; a view
that loses, renames or reformats a key fails here. After a deliberate change of output,
record again with `CLIENTKIT_RECORD=1 pytest tests/cli/test_recorded_output.py` and read
the diff of the recording before committing it.
"""

import json
import os
import re
from pathlib import Path

import pytest

RECORDING = Path(__file__).with_name("recorded_output.json")
CHECKOUT = str(Path(__file__).resolve().parents[2])  # shipped templates are listed by path
# The moment a file was written is the machine's, not the book's fixed clock.
WRITTEN_AT = re.compile(r'"created_at": "[^"]+"')

# A working week on a fresh book: every command that writes, with --json.
WEEK = [
    "profile set --name Jana --email jana@studio.test --iban SK3112000000198742637541"
    " --vat-id SK2020123457 --currency EUR --locale sk_SK --json",
    "profile show --json",
    "client add Acme --email billing@acme.test --currency EUR --budget 2000 --json",
    "client add Zeta --company Zeta~GmbH --currency EUR --locale de_DE --json",
    "client edit Zeta --email office@zeta.test --json",
    "client edit Acme --street Obchodná~24 --postcode 811~06 --city Bratislava --country SK"
    " --reg-id 36281395 --vat-id SK2020273893 --contact Eva --phone +421~2~1234 --json",
    "project add Acme Brand --price 1500 --revisions 2 --revision-fee 150 --comm-budget 3h"
    " --comm-rate 60 --late-fee 1.5% --deadline 2026-12-20 --json",
    "project add Zeta Site --hourly 80 --estimate-hours 10 --deadline 2026-11-30 --json",
    "contract pdf Brand --json",
    "contract sign Brand --json",
    "contract show Brand --json",
    "project start Brand --json",
    "project start Site --json",
    "deposit Brand 450 --json",
    "scope add Brand Social~kit --price 300 --json",
    "scope approve 1 --json",
    "revision add Brand Bolder --json",
    "revision add Brand Again --json",
    "revision add Brand Third --json",
    "log Brand 1h30m --kind call --json",
    "log Site 4h --json",
    "timer start Site --kind work --json",
    "timer status --json",
    "timer stop --json",
    "message add Acme --inbound --subject Colours? --json",
    "message add Acme --outbound --subject Re --json",
    "message add Zeta --inbound --subject Invoice? --json",
    "message answer 3 --json",
    "project deliver Brand --json",
    "invoice create Brand --vat 20% --json",
    "invoice add-line 1 Photos 45.90 --qty 2 --json",
    "invoice issue 1 --json",
    "invoice create Site --json",
    "invoice delete 2 --json",
    "invoice create Site --json",
    "invoice issue 2 --json",
    "pay 2026-0001 900 --json",
    "invoice credit 2026-0002 --reason cancelled --json",
    "project close Brand --json",
    "project cancel Site --json",
    "client archive Zeta --json",
    "client list --json",
    "client show Acme --json",
    "project list --json",
    "project show Brand --json",
    "invoice list --json",
    "invoice show 2026-0001 --json",
    "risks --json",
    "report --json",
    "remind --dry-run --json",
    "contract templates --json",
    "config show --json",
    # An advance invoice asks for the deposit, the deposit pays it, the final invoice deducts
    # it, and a deposit after the final invoice counts against its balance.
    "project add Acme Print --price 1000 --deposit 30% --json",
    "deposit request Print --percent 30 --vat 20% --json",
    "deposit Print 360 --json",
    "invoice create Print --vat 20% --json",
    "invoice issue 5 --json",
    "deposit Print 12 --json",
    "invoice show 5 --json",
]

# The demo book: the reads, as JSON and as the text a user sees.
DEMO_READS = [
    "client list",
    "client list --json",
    "client show 1",
    "client show 1 --json",
    "project list",
    "project list --json",
    "project show 1",
    "project show 1 --json",
    "invoice list",
    "invoice list --json",
    "invoice show 1",
    "invoice show 1 --json",
    "risks",
    "risks --json",
    "report",
    "report --json",
    "remind --dry-run",
    "remind --dry-run --json",
    "calendar -o $HOME/calendar.ics --json",
]


def _words(command: str) -> list[str]:
    # `~` stands for a space inside one argument, so the lists above stay one line each.
    return [word.replace("~", " ") for word in command.split()]


def _machine_free(stdout: str, home: Path) -> str:
    """The output without what depends on the machine: paths and the moment of writing."""
    stdout = stdout.replace(str(home), "$HOME").replace(CHECKOUT, "$CHECKOUT")
    return WRITTEN_AT.sub('"created_at": "…"', stdout)


def _run_all(invoke, commands: list[str], home: Path) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    seen: dict[str, dict[str, object]] = {}
    for command in commands:
        done = invoke(*_words(command.replace("$HOME", str(home))))
        seen[command] = {
            "code": done.code,
            "stdout": _machine_free(done.stdout, home),
            "stderr": done.stderr,
        }
    return seen


def _compare(name: str, seen: dict[str, dict[str, object]]) -> None:
    recorded = json.loads(RECORDING.read_text()) if RECORDING.exists() else {}
    if os.environ.get("CLIENTKIT_RECORD"):
        recorded[name] = seen
        RECORDING.write_text(json.dumps(recorded, ensure_ascii=False, indent=1) + "\n")
        pytest.skip("recorded")
    for command, output in seen.items():
        assert output == recorded[name][command], command
    assert list(seen) == list(recorded[name])


def _home() -> Path:
    return Path(os.environ["CLIENTKIT_HOME"])


def test_a_week_of_commands_prints_the_recorded_output(invoke):
    _compare("week", _run_all(invoke, WEEK, _home()))


def test_the_demo_book_reads_print_the_recorded_output(invoke):
    assert invoke("demo").code == 0
    _compare("demo", _run_all(invoke, DEMO_READS, _home()))
