"""`clientkit risks`: what needs attention, grouped by client, most severe first; `risks ack`
silences one finding until it changes, `risks unack` shows it again."""

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import (
    JsonOption,
    emit,
    json_items,
    text,
    text_width,
    word,
    wrapped,
    write_lines,
)
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.risk_acks import AckRecord, AckView
    from clientkit.services.risks import AcknowledgedView, FindingView

LEVELS = ("critical", "warning", "info")
SEVERITIES = VALUES["risk level"]


def render(findings: Iterable["FindingView"], silenced: int = 0) -> Iterator[str]:
    """Findings as text, wrapped to the terminal: a block per client, each finding's level,
    code and project on one line, its message and the action to take beneath; last, how many
    silenced ones were left out."""
    counts = dict.fromkeys(LEVELS, 0)
    current: int | None = None
    width = text_width()  # once: thousands of findings are wrapped to it
    levels = {level: word(SEVERITIES, level) for level in LEVELS}  # in the profile's language
    level_width = max(len(shown) for shown in levels.values())
    body = " " * (2 + level_width + 2)  # message and action sit under the finding's code
    for finding in findings:
        if finding["client_id"] != current:
            if current is not None:
                yield ""
            current = finding["client_id"]
            yield finding["client"]
        counts[finding["severity"]] += 1
        where = f" ({finding['project']})" if finding["project"] else ""
        level = levels[finding["severity"]]
        yield from wrapped(f"{finding['code']}{where}", f"  {level:<{level_width}}  ", body, width)
        yield from wrapped(text(finding["message"]), body, body, width)
        yield from wrapped(text(finding["action"]), body + "-> ", body + "   ", width)
        if (ack := finding["acknowledged"]) is not None:
            acknowledged = said("acknowledged: %(ack)s", ack=_ack_text(ack))
            yield from wrapped(text(acknowledged), body, body, width)
    yield from (text(line) for line in _summary(counts, silenced))


def _summary(counts: dict[str, int], silenced: int) -> list[str]:
    """The last line: how many findings of each level, and how many silenced ones were left
    out."""
    total = sum(counts.values())
    hidden = said_n(
        "; %(count)s acknowledged finding not shown (risks --all)",
        "; %(count)s acknowledged findings not shown (risks --all)",
        silenced,
    )
    if not total:
        return [said("No risks found%(hidden)s.", hidden=hidden if silenced else "")]
    summary = ", ".join(text(_counted(level, number)) for level, number in counts.items() if number)
    line = said_n(
        "%(count)s finding: %(summary)s%(hidden)s",
        "%(count)s findings: %(summary)s%(hidden)s",
        total,
        summary=summary,
        hidden=hidden if silenced else "",
    )
    return ["", line]


def _counted(level: str, number: int) -> str:
    if level == "critical":
        return said_n("%(count)s critical", "%(count)s critical", number)
    if level == "warning":
        return said_n("%(count)s warning", "%(count)s warnings", number)
    return said_n("%(count)s info", "%(count)s info", number)


def _ack_text(ack: "AcknowledgedView") -> str:
    at = ack["at"][:10]
    return said("%(reason)s (%(at)s, %(until)s)", reason=ack["reason"], at=at, until=_until(ack))


def _until(ack: "AcknowledgedView | AckView") -> str:
    if ack["until"]:
        return said("until %(date)s", date=ack["until"])
    return said("until it changes")


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
    return [
        said(
            "%(code)s (%(where)s) acknowledged %(until)s: %(message)s",
            code=view["code"],
            where=where,
            until=_until(view),
            message=view["message"],
        )
    ]


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
    return [said("%(code)s (%(where)s) is no longer acknowledged", code=view["code"], where=where)]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="risks")
