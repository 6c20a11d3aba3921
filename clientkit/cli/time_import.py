"""`clientkit import --from watson|klog|timewarrior PATH`: the review table and the result."""

from pathlib import Path
from typing import TYPE_CHECKING

from clientkit.cli import state
from clientkit.cli.output import count, duration, emit, table

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
    rows = [
        {
            "source_project": group["source_project"],
            "clientkit_project": _target(group),
            "entries": group["entries"],
            "time": duration(group["minutes"]),
            "kinds": ", ".join(
                f"{kind} {duration(minutes)}" for kind, minutes in group["kinds"].items()
            ),
            "new": group["new"] if group["project_id"] is not None else "-",
        }
        for group in summary["projects"]
    ]
    lines = [
        f"{summary['source']} {summary['path']}: {count(summary['entries'], 'entry')} "
        f"in {count(len(rows), 'source project')}"
    ]
    lines += table(rows, ["source_project", "clientkit_project", "entries", "time", "kinds", "new"])
    lines.append(_outcome(summary))
    skipped = summary["skipped"]
    lines += [f"skipped {item['where']}: {item['reason']}" for item in skipped[:MAX_SKIPPED_LINES]]
    if len(skipped) > MAX_SKIPPED_LINES:
        lines.append(f"skipped {len(skipped) - MAX_SKIPPED_LINES} more")
    return lines


def _target(group: "GroupView") -> str:
    if group["project_id"] is None:
        return "UNMAPPED"
    return f"{group['project']} ({group['client']}, #{group['project_id']})"


def _outcome(summary: "TimeImportSummary") -> str:
    verb = "dry run: would import" if summary["dry_run"] else "imported"
    entries = summary["new"] if summary["dry_run"] else summary["imported"]
    parts = [f"{verb} {count(entries, 'entry')}"]
    if summary["already_imported"]:
        parts.append(f"{summary['already_imported']} already imported")
    if summary["unmapped"]:
        parts.append(
            f"{summary['unmapped']} unmapped ({duration(summary['unmapped_minutes'])}) not imported"
        )
    line = ", ".join(parts)
    return line + ("; nothing changed" if summary["dry_run"] else "")
