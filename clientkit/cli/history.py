"""`clientkit history` and `clientkit undo`: what changed; taking back the last change."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit, plain, text, wrapped
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.history import ChangeView, EntryView, UndoView

DEFAULT_LIMIT = 20
HIDDEN = {"created_at", "updated_at"}  # shown in --json; in text they only repeat the time
SIGNS = {"insert": "+", "delete": "-", "update": "~"}


def history(
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Show at most this many entries.")
    ] = DEFAULT_LIMIT,
    as_json: bool = JsonOption,
) -> None:
    """List the changes made to the book, newest first, each row before and after."""
    from clientkit.services.history import history as list_history

    emit(list_history(state.book(), limit), as_json, _history_lines)


def undo(as_json: bool = JsonOption) -> None:
    """Take back the latest change; issuing, sending and issued documents stay as they are."""
    from clientkit.services.history import undo as undo_latest

    view = undo_latest(state.book())
    emit(view, as_json, _undo_lines)


def _undo_lines(view: "UndoView") -> list[str]:
    undone = view["undone"]
    rows = view["rows"]
    return [
        said_n(
            "undid #%(id)s `%(label)s` (%(count)s row)",
            "undid #%(id)s `%(label)s` (%(count)s rows)",
            rows,
            id=undone["id"],
            label=undone["label"],
        )
    ]


def _history_lines(entries: "list[EntryView]") -> list[str]:
    if not entries:
        return [said("(no changes yet)")]
    lines = []
    for entry in entries:
        lines += wrapped(_entry_line(entry), "", "    ")
        for change in entry["changes"]:
            lines += wrapped(_change_line(change), "    ", "      ")
    return lines


def _entry_line(entry: "EntryView") -> str:
    at = entry["at"][:16].replace("T", " ")
    notes = []
    if entry["undoes"] is not None:
        notes.append(text(said("undid #%(id)s", id=entry["undoes"])))
    if entry["undone_by"] is not None:
        notes.append(text(said("undone by #%(id)s", id=entry["undone_by"])))
    if entry["bulk"]:
        notes.append(text(said("not undoable: %(why)s", why=entry["bulk"])))
    suffix = f"  ({'; '.join(notes)})" if notes else ""
    return f"#{entry['id']}  {at}  {text(entry['label'])}{suffix}"


def _change_line(change: "ChangeView") -> str:
    row = f"{SIGNS[change['op']]} {change['table'].replace('_', ' ')} {_key(change['key'])}"
    if change["op"] != "update":
        return row
    before, after = change["before"] or {}, change["after"] or {}
    shown = [
        f"{name} {plain(before.get(name))} -> {plain(value)}"
        for name, value in after.items()
        if name not in HIDDEN
    ]
    return f"{row}: {', '.join(shown)}" if shown else row


def _key(key: Mapping[str, object]) -> str:
    return " ".join(str(value) for value in key.values())


def register(app: typer.Typer) -> None:
    app.command("history")(history)
    app.command("undo")(undo)
