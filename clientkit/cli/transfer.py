"""`clientkit export` and `clientkit import`: the whole book out to files and back."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.import_ import ImportSummary


def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="A new or empty directory.")],
    fmt: Annotated[str, typer.Option("--format", help="json (re-importable) or csv.")] = "json",
    as_json: bool = JsonOption,
) -> None:
    """Write everything in the book to DIR: JSON to re-import, or CSV for spreadsheets."""
    from clientkit.services.export import export_book

    summary = export_book(state.book(), output, fmt)
    emit(
        summary,
        as_json,
        lambda s: [
            said_n(
                "exported %(rows)s of %(count)s table to %(path)s (%(format)s, format version"
                " %(version)s)",
                "exported %(rows)s of %(count)s tables to %(path)s (%(format)s, format version"
                " %(version)s)",
                len(s["tables"]),
                rows=_rows(s["rows"]),
                path=s["path"],
                format=s["format"],
                version=s["version"],
            )
        ],
    )


def import_(
    path: Annotated[
        Path,
        typer.Argument(
            help="A directory made by `clientkit export`, or with --from the tracker's file/dir."
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the export and report; change nothing.")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Import time from watson (frames file), klog (.klg) or timewarrior (data dir).",
        ),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option("--map", help='With --from: "source project=clientkit project" (repeatable).'),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Restore a JSON export into an empty book (all or nothing), or --from another tracker."""
    if source is not None or maps:
        from clientkit.cli.time_import import import_from

        import_from(source, path, maps or [], dry_run=dry_run, as_json=as_json)
        return
    from clientkit.services.import_ import import_path

    summary = import_path(state.book(), path, dry_run=dry_run)
    emit(summary, as_json, _render_import)


def _render_import(summary: "ImportSummary") -> list[str]:
    if summary["status"] == "unchanged":
        return [
            said(
                "nothing to import: the book already holds everything in %(path)s",
                path=summary["path"],
            )
        ]
    rows, tables, path = _rows(summary["rows"]), len(summary["tables"]), summary["path"]
    if summary["dry_run"]:
        line = said_n(
            "would import %(rows)s of %(count)s table from %(path)s",
            "would import %(rows)s of %(count)s tables from %(path)s",
            tables,
            rows=rows,
            path=path,
        )
    else:
        line = said_n(
            "imported %(rows)s of %(count)s table from %(path)s",
            "imported %(rows)s of %(count)s tables from %(path)s",
            tables,
            rows=rows,
            path=path,
        )
    return [line]


def _rows(number: int) -> str:
    return said_n("%(count)s row", "%(count)s rows", number)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
