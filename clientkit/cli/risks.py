"""`clientkit risks`: what needs attention, grouped by client, most severe first."""

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, count, json_items, text_width, wrapped

if TYPE_CHECKING:
    from clientkit.services.risks import FindingView

LEVELS = ("critical", "warning", "info")
LEVEL_WIDTH = 8
BODY = " " * (2 + LEVEL_WIDTH + 2)  # message and action sit under the finding's code


def render(findings: Iterable["FindingView"]) -> Iterator[str]:
    """Findings as text, wrapped to the terminal: a block per client, each finding's level,
    code and project on one line, its message and the action to take beneath."""
    counts = dict.fromkeys(LEVELS, 0)
    current: int | None = None
    width = text_width()  # once: thousands of findings are wrapped to it
    for finding in findings:
        if finding["client_id"] != current:
            if current is not None:
                yield ""
            current = finding["client_id"]
            yield finding["client"]
        counts[finding["severity"]] += 1
        where = f" ({finding['project']})" if finding["project"] else ""
        yield from wrapped(
            f"{finding['code']}{where}", f"  {finding['severity']:<{LEVEL_WIDTH}}  ", BODY, width
        )
        yield from wrapped(finding["message"], BODY, BODY, width)
        yield from wrapped(finding["action"], BODY + "-> ", BODY + "   ", width)
    total = sum(counts.values())
    if not total:
        yield "No risks found."
        return
    summary = ", ".join(
        count(number, level, plural=level) if level != "warning" else count(number, level)
        for level, number in counts.items()
        if number
    )
    yield ""
    yield f"{count(total, 'finding')}: {summary}"


def json_lines(findings: Iterable["FindingView"]) -> Iterator[str]:
    """One JSON array, a finding per line, written as each is rendered."""
    yield "["
    yield from json_items(findings)
    yield "]"


def risks(
    client: Annotated[str | None, typer.Option(help="Only this client (name or id).")] = None,
    min_severity: Annotated[
        str, typer.Option("--min-severity", help="info, warning or critical.")
    ] = "info",
    as_json: bool = JsonOption,
) -> None:
    """What needs attention, most severe first: each risk with its evidence and next step."""
    from clientkit.services.risks import iter_risks

    findings = iter_risks(state.book(), client_ref=client, min_severity=min_severity)
    lines = (json_lines if as_json else render)(findings)
    # One buffered write per line: click.echo would flush after each of thousands of lines.
    sys.stdout.writelines(line + "\n" for line in lines)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("risks")(risks)
