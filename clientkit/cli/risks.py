"""`clientkit risks`: what needs attention, grouped by client, most severe first; `risks ack`
silences one finding until it changes, `risks unack` shows it again."""

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import (
    JsonOption,
    count,
    emit,
    json_items,
    text_width,
    wrapped,
    write_lines,
)

if TYPE_CHECKING:
    from clientkit.services.risk_acks import AckRecord, AckView
    from clientkit.services.risks import AcknowledgedView, FindingView

LEVELS = ("critical", "warning", "info")
LEVEL_WIDTH = 8
BODY = " " * (2 + LEVEL_WIDTH + 2)  # message and action sit under the finding's code


def render(findings: Iterable["FindingView"], silenced: int = 0) -> Iterator[str]:
    """Findings as text, wrapped to the terminal: a block per client, each finding's level,
    code and project on one line, its message and the action to take beneath; last, how many
    silenced ones were left out."""
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
        if (ack := finding["acknowledged"]) is not None:
            yield from wrapped(f"acknowledged: {_ack_text(ack)}", BODY, BODY, width)
    total = sum(counts.values())
    hidden = f"; {count(silenced, 'acknowledged finding')} not shown (risks --all)"
    if not total:
        yield "No risks found" + (hidden if silenced else "") + "."
        return
    summary = ", ".join(
        count(number, level, plural=level) if level != "warning" else count(number, level)
        for level, number in counts.items()
        if number
    )
    yield ""
    yield f"{count(total, 'finding')}: {summary}" + (hidden if silenced else "")


def _ack_text(ack: "AcknowledgedView") -> str:
    until = f"until {ack['until']}" if ack["until"] else "until it changes"
    return f"{ack['reason']} ({ack['at'][:10]}, {until})"


def json_lines(findings: Iterable["FindingView"]) -> Iterator[str]:
    """One JSON array, a finding per line, written as each is rendered."""
    yield "["
    yield from json_items(findings)
    yield "]"


app = typer.Typer(
    help="What needs attention, most severe first: each risk with its evidence and next step.",
    invoke_without_command=True,
)

CodeArg = Annotated[
    str,
    typer.Argument(
        help="The finding's code, as `risks` shows it (e.g. no_deposit).", show_default=False
    ),
]
ProjectOption = Annotated[
    str | None,
    typer.Option("--project", help="The project the finding is about (id or title)."),
]
ClientOption = Annotated[
    str | None,
    typer.Option(
        "--client",
        help="The client, for a finding about the client itself (unresponsive_client, "
        "awaiting_reply, an overdue invoice of no project).",
    ),
]


@app.callback()
def risks(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option(help="Only this client (name or id).")] = None,
    min_severity: Annotated[
        str, typer.Option("--min-severity", help="info, warning or critical.")
    ] = "info",
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Also the findings silenced with `risks ack`, marked."),
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """What needs attention, most severe first: each risk with its evidence and next step."""
    if ctx.invoked_subcommand is not None:
        return
    from clientkit.services.risks import risk_list

    findings = risk_list(
        state.book(), client_ref=client, min_severity=min_severity, acknowledged=show_all
    )
    lines = json_lines(findings) if as_json else render(findings, findings.silenced)
    write_lines(lines, exact=as_json)


@app.command("ack")
def ack(
    code: CodeArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it needs no action (kept with it).")],
    project: ProjectOption = None,
    client: ClientOption = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Show it again after this day (YYYY-MM-DD)."),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Silence one finding: hidden from `risks` and the dashboard until it changes or the
    --until day passes (`risks --all` still shows it)."""
    from clientkit.services.risk_acks import ack_risk

    view = ack_risk(
        state.book(), code, reason=reason, project_ref=project, client_ref=client, until=until
    )
    emit(view, as_json, _acked)


def _acked(view: "AckView") -> list[str]:
    where = view["project"] or view["client"]
    until = f" until {view['until']}" if view["until"] else " until it changes"
    return [f"{view['code']} ({where}) acknowledged{until}: {view['message']}"]


@app.command("unack")
def unack(
    code: CodeArg,
    project: ProjectOption = None,
    client: ClientOption = None,
    as_json: bool = JsonOption,
) -> None:
    """Show a silenced finding again."""
    from clientkit.services.risk_acks import unack_risk

    view = unack_risk(state.book(), code, project_ref=project, client_ref=client)
    emit(view, as_json, _unacked)


def _unacked(view: "AckRecord") -> list[str]:
    where = view["project"] or view["client"]
    return [f"{view['code']} ({where}) is no longer acknowledged"]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="risks")
