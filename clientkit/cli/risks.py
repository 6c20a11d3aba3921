"""`clientkit risks`: what needs attention, grouped by client, most severe first."""

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, json_items

if TYPE_CHECKING:
    from clientkit.services.risks import FindingView

CODE_WIDTH = 26
LEVELS = ("critical", "warning", "info")


def render(findings: Iterable["FindingView"]) -> Iterator[str]:
    """Findings as text: a block per client, each finding with its action beneath."""
    counts = dict.fromkeys(LEVELS, 0)
    current: int | None = None
    for finding in findings:
        if finding["client_id"] != current:
            if current is not None:
                yield ""
            current = finding["client_id"]
            yield finding["client"]
        counts[finding["severity"]] += 1
        where = f"{finding['project']}: " if finding["project"] else ""
        yield (
            f"  {finding['severity']:<8}  {finding['code']:<{CODE_WIDTH}}  "
            f"{where}{finding['message']}"
        )
        yield f"  {'':<8}  {'':<{CODE_WIDTH}}  -> {finding['action']}"
    total = sum(counts.values())
    if not total:
        yield "No risks found."
        return
    summary = ", ".join(f"{count} {level}" for level, count in counts.items() if count)
    yield ""
    yield f"{total} {'finding' if total == 1 else 'findings'}: {summary}"


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
    """Risks of SPEC section 5: each with its evidence and the next step to take."""
    from clientkit.services.risks import iter_risks

    findings = iter_risks(state.book(), client_ref=client, min_severity=min_severity)
    lines = (json_lines if as_json else render)(findings)
    # One buffered write per line: click.echo would flush after each of thousands of lines.
    sys.stdout.writelines(line + "\n" for line in lines)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("risks")(risks)
