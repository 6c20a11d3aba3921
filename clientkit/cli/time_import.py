"""`clientkit import --from watson|klog|timewarrior PATH`: the review table and the result."""

from pathlib import Path
from typing import TYPE_CHECKING

from clientkit.cli import state
from clientkit.cli.output import duration, emit, table, text, word
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.time_import import GroupView, TimeImportSummary

MAX_SKIPPED_LINES = 10


def import_from(
    source: str | None, path: Path, maps: list[str], *, dry_run: bool, as_json: bool
) -> None:
    """Import another tracker's time (or review the mapping with --dry-run)."""
    from clientkit.services.errors import BadInput
    from clientkit.services.time_import import import_time

    if source is None:
        raise BadInput("--map needs --from watson, --from klog or --from timewarrior")

    summary = import_time(state.book(), source.strip().lower(), path, maps=maps, dry_run=dry_run)
    emit(summary, as_json, render)


def render(summary: "TimeImportSummary") -> list[str]:
    """The mapping table, the outcome in one line, then what was skipped."""
    kinds = VALUES["time kind"]
    rows = [
        {
            "source_project": group["source_project"],
            "clientkit_project": _target(group),
            "entries": group["entries"],
            "time": duration(group["minutes"]),
            "kinds": ", ".join(
                f"{word(kinds, kind)} {duration(minutes)}"
                for kind, minutes in group["kinds"].items()
            ),
            "new": group["new"] if group["project_id"] is not None else "-",
        }
        for group in summary["projects"]
    ]
    lines = [
        said_n(
            "%(source)s %(path)s: %(count)s entry in %(projects)s",
            "%(source)s %(path)s: %(count)s entries in %(projects)s",
            summary["entries"],
            source=summary["source"],
            path=summary["path"],
            projects=said_n("%(count)s source project", "%(count)s source projects", len(rows)),
        )
    ]
    lines += table(rows, ["source_project", "clientkit_project", "entries", "time", "kinds", "new"])
    lines.append(_outcome(summary))
    skipped = summary["skipped"]
    lines += [
        said("skipped %(where)s: %(reason)s", where=item["where"], reason=item["reason"])
        for item in skipped[:MAX_SKIPPED_LINES]
    ]
    if len(skipped) > MAX_SKIPPED_LINES:
        more = len(skipped) - MAX_SKIPPED_LINES
        lines.append(said_n("skipped %(count)s more", "skipped %(count)s more", more))
    return lines


def _target(group: "GroupView") -> str:
    if group["project_id"] is None:
        return text(said("UNMAPPED"))
    return f"{group['project']} ({group['client']}, #{group['project_id']})"


def _outcome(summary: "TimeImportSummary") -> str:
    parts = [_imported(summary)]
    if summary["already_imported"]:
        parts.append(
            said_n(
                "%(count)s already imported",
                "%(count)s already imported",
                summary["already_imported"],
            )
        )
    if summary["unmapped"]:
        parts.append(
            said_n(
                "%(count)s unmapped (%(time)s) not imported",
                "%(count)s unmapped (%(time)s) not imported",
                summary["unmapped"],
                time=duration(summary["unmapped_minutes"]),
            )
        )
    line = ", ".join(text(part) for part in parts)
    return said("%(outcome)s; nothing changed", outcome=line) if summary["dry_run"] else line


def _imported(summary: "TimeImportSummary") -> str:
    if summary["dry_run"]:
        return said_n(
            "dry run: would import %(count)s entry",
            "dry run: would import %(count)s entries",
            summary["new"],
        )
    return said_n("imported %(count)s entry", "imported %(count)s entries", summary["imported"])
