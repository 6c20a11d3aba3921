"""`clientkit import --from watson|klog|timewarrior PATH`: other trackers' time into the book.

Each source project maps to a clientkit project: by an explicit `--map "name=project"`,
else by a project whose title equals it (case-insensitively). Unmapped entries are
reported, never guessed. The import is one transaction, and every entry carries its
source and a stable external id, so importing the same file again adds nothing.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TypedDict

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from clientkit.domain.durations import format_minutes
from clientkit.domain.importers import Parsed, Skipped, SourceEntry, kind_for, rounded_minutes
from clientkit.domain.importers.klog import parse_klog
from clientkit.domain.importers.timewarrior import DATA_FILE, parse_timewarrior
from clientkit.domain.importers.watson import parse_watson
from clientkit.domain.terms import COMMUNICATION_KINDS, communication_use
from clientkit.domain.wording import said, said_and_more
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.lookup import find_project
from clientkit.services.tracking import communication_to_bill
from clientkit.services.views import Noticed
from clientkit.storage.import_queries import (
    ProjectTitle,
    TimeEntryRow,
    imported_ids,
    insert_time_entries,
    project_titles,
)
from clientkit.storage.models import Client, Project, utcnow
from clientkit.storage.terms import terms_of
from clientkit.storage.usage_queries import project_usage

SOURCES = ("watson", "klog", "timewarrior")
NO_PROJECT = "(none)"


class GroupView(TypedDict):
    """One source project's entries and where they go (project None: unmapped, and why)."""

    source_project: str
    project_id: int | None
    project: str | None
    client: str | None
    mapped_by: str | None
    reason: str | None
    entries: int
    minutes: int
    kinds: dict[str, int]  # minutes by time kind
    new: int
    already_imported: int


class SkippedView(TypedDict):
    where: str
    reason: str


class TimeImportSummary(Noticed):
    """What an import of another tracker's file found, mapped and (unless a dry run) added."""

    source: str
    path: str
    dry_run: bool
    entries: int
    new: int
    imported: int
    already_imported: int
    unmapped: int
    unmapped_minutes: int
    projects: list[GroupView]
    skipped: list[SkippedView]


@dataclass(frozen=True)
class Target:
    """Where a source project's entries go, or why they go nowhere."""

    project_id: int | None
    project: str | None
    client: str | None
    mapped_by: str | None  # "map" (explicit) or "title" (same name); None when unmapped
    reason: str = ""


@dataclass
class Group:
    """One source project's entries, as the review shows them."""

    name: str
    target: Target
    entries: int = 0
    minutes: int = 0
    new: int = 0  # not imported yet: imported now when mapped, reported when not
    new_minutes: int = 0
    already_imported: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def import_time(
    book: Book, source: str, path: Path, *, maps: Sequence[str] = (), dry_run: bool = False
) -> TimeImportSummary:
    """Import (or with `dry_run` only review) the time tracked in another tool's file."""
    if source not in SOURCES:
        raise BadInput(
            said(
                "unknown source %(source)s: expected one of %(choices)s",
                source=repr(source),
                choices=", ".join(SOURCES),
            )
        )
    explicit = parse_maps(maps)
    parsed, shown = read_source(source, path)
    if dry_run:
        with book.read() as session:
            return _run(session, book, parsed, explicit, shown, write=False)
    try:
        with book.write() as session:
            return _run(session, book, parsed, explicit, shown, write=True)
    except IntegrityError:
        raise Refused(
            said(
                "another import of the same entries ran at the same time; run this one again to"
                " add what is still missing"
            )
        ) from None


def parse_maps(maps: Sequence[str]) -> dict[str, tuple[str, str]]:
    """`--map "source name=clientkit project"` values, keyed by the folded source name."""
    explicit: dict[str, tuple[str, str]] = {}
    for text in maps:
        name, equals, ref = text.partition("=")
        if not equals or not ref.strip():
            raise BadInput(
                said(
                    'invalid --map %(map)s: expected "source name=clientkit project"',
                    map=repr(text),
                )
            )
        explicit[name.strip().casefold()] = (name.strip(), ref.strip())
    return explicit


def split_maps(text: str) -> list[str]:
    """Several mappings written on one line, as the TUI's form takes them:
    `Old site=Website relaunch; Calls=Brand identity` (each part as one --map value)."""
    return [part.strip() for part in text.split(";") if part.strip()]


def read_source(source: str, path: Path) -> tuple[Parsed, str]:
    """Parse the file (or timewarrior directory) at `path`; returns it and the path shown."""
    if source == "timewarrior":
        files = _timewarrior_files(path)
        return parse_timewarrior((str(file), _text(file)) for file in files), str(path)
    file = path / "frames" if source == "watson" and path.is_dir() else path
    if not file.is_file():
        raise BadInput(
            said("%(file)s: no such file", file=str(file))
            if not file.exists()
            else said(
                "%(path)s is a directory: give the %(source)s file", path=str(path), source=source
            )
        )
    reader = parse_watson if source == "watson" else parse_klog
    return reader(_text(file), str(file)), str(file)


def _timewarrior_files(path: Path) -> list[Path]:
    if path.is_file() and DATA_FILE.fullmatch(path.name):
        return [path]
    directory = path / "data" if (path / "data").is_dir() else path
    if not directory.is_dir():
        raise BadInput(
            said("%(path)s: no such directory: give timewarrior's data directory", path=str(path))
        )
    files = sorted(
        file for file in directory.iterdir() if DATA_FILE.fullmatch(file.name) and file.is_file()
    )
    if not files:
        raise BadInput(
            said("%(path)s: no timewarrior data files (YYYY-MM.data) in it", path=str(directory))
        )
    return files


def _text(file: Path) -> str:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise BadInput(
            said("%(file)s: cannot be read (%(why)s)", file=str(file), why=str(exc.strerror))
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(
            said("%(file)s:%(line)s: not UTF-8 text", file=str(file), line=line)
        ) from None


def _run(
    session: Session,
    book: Book,
    parsed: Parsed,
    explicit: dict[str, tuple[str, str]],
    shown: str,
    *,
    write: bool,
) -> TimeImportSummary:
    zone = book.zone
    entries, skipped = _countable(parsed)
    already = imported_ids(session, parsed.source, (entry.external_id for entry in entries))
    targets = _targets(session, {entry.project for entry in entries}, explicit)
    groups: dict[str, Group] = {}
    rows: list[TimeEntryRow] = []
    now = utcnow()
    for entry in entries:
        key = entry.project.casefold()
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(entry.project or NO_PROJECT, targets[key])
        minutes, kind = rounded_minutes(entry.seconds), kind_for(entry.tags)
        group.entries += 1
        group.minutes += minutes
        group.kinds[kind] = group.kinds.get(kind, 0) + minutes
        if entry.external_id in already:
            group.already_imported += 1
            continue
        group.new += 1
        group.new_minutes += minutes
        if group.target.project_id is not None:
            rows.append(
                _row(
                    parsed.source,
                    entry,
                    group.target.project_id,
                    minutes,
                    kind,
                    _day(entry, zone),
                    now,
                )
            )
    if write:
        insert_time_entries(session, rows)
    summary = _summary(parsed, shown, groups, skipped, explicit, write=write, imported=len(rows))
    summary["notices"] += _budget_notices(session, rows, written=write)
    return summary


def _countable(parsed: Parsed) -> tuple[list[SourceEntry], list[Skipped]]:
    """Entries of at least half a minute, each external id once; the rest as skipped."""
    skipped = list(parsed.skipped)
    kept: list[SourceEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        if rounded_minutes(entry.seconds) <= 0:
            skipped.append(Skipped(entry.where, said("rounds to zero minutes")))
        elif entry.external_id in seen:
            repeats = said("repeats the entry id %(id)s", id=entry.external_id)
            skipped.append(Skipped(entry.where, repeats))
        else:
            seen.add(entry.external_id)
            kept.append(entry)
    return kept, skipped


def _targets(
    session: Session, names: Iterable[str], explicit: dict[str, tuple[str, str]]
) -> dict[str, Target]:
    titles = project_titles(session)
    targets: dict[str, Target] = {}
    for name in names:
        key = name.casefold()
        if key in targets:
            continue
        given = explicit.get(key)
        targets[key] = _explicit(session, given) if given is not None else _by_title(name, titles)
    return targets


def _explicit(session: Session, given: tuple[str, str]) -> Target:
    name, ref = given
    try:
        project = find_project(session, ref)
    except NotFound:
        raise BadInput(
            said(
                "--map %(name)s=%(ref)s: no clientkit project named %(project)s",
                name=name,
                ref=ref,
                project=repr(ref),
            )
        ) from None
    client = session.get(Client, project.client_id)
    return Target(project.id, project.title, client.name if client else None, "map")


def _by_title(name: str, titles: list[ProjectTitle]) -> Target:
    if not name:
        return Target(None, None, None, None, "the entries name no project")
    matches = _same_title(name, titles)
    if len(matches) == 1:
        found = matches[0]
        return Target(found.id, found.title, found.client, "title")
    if matches:
        ids = ", ".join(str(found.id) for found in matches[:5])
        return Target(
            None, None, None, None, f"several projects are titled {name!r} (ids {ids}): use --map"
        )
    return Target(None, None, None, None, f"no project titled {name!r}: use --map")


def _same_title(name: str, titles: list[ProjectTitle]) -> list[ProjectTitle]:
    wanted = name.strip().casefold()
    exact = [found for found in titles if found.title.strip().casefold() == wanted]
    if exact:
        return exact
    # Tags cannot hold spaces: `#acme_website` stands for the title "Acme website".
    spaced = " ".join(wanted.replace("_", " ").split())
    return [found for found in titles if " ".join(found.title.casefold().split()) == spaced]


def _day(entry: SourceEntry, zone: tzinfo) -> date:
    if entry.day is not None:
        return entry.day
    assert entry.start is not None
    return entry.start.astimezone(zone).date()


def _row(
    source: str,
    entry: SourceEntry,
    project_id: int,
    minutes: int,
    kind: str,
    day: date,
    now: datetime,
) -> TimeEntryRow:
    return {
        "project_id": project_id,
        "kind": kind,
        "minutes": minutes,
        "day": day,
        "billable": True,
        "note": entry.note,
        "source": source,
        "external_id": entry.external_id,
        "created_at": now,
        "updated_at": now,
    }


def _summary(
    parsed: Parsed,
    shown: str,
    groups: dict[str, Group],
    skipped: list[Skipped],
    explicit: dict[str, tuple[str, str]],
    *,
    write: bool,
    imported: int,
) -> TimeImportSummary:
    projects = [_group_view(group) for group in groups.values()]
    unmapped = [group for group in groups.values() if group.target.project_id is None]
    new = sum(group.new for group in groups.values() if group.target.project_id is not None)
    return {
        "source": parsed.source,
        "path": shown,
        "dry_run": not write,
        "entries": sum(group.entries for group in groups.values()),
        "new": new,
        "imported": imported if write else 0,
        "already_imported": sum(group.already_imported for group in groups.values()),
        "unmapped": sum(group.new for group in unmapped),
        "unmapped_minutes": sum(group.new_minutes for group in unmapped),
        "projects": projects,
        "skipped": [{"where": item.where, "reason": item.reason} for item in skipped],
        "notices": _notices(groups, explicit),
    }


def _budget_notices(session: Session, rows: list[TimeEntryRow], *, written: bool) -> list[str]:
    """Communication budgets the imported calls, meetings, e-mails and chats go beyond."""
    added: dict[int, int] = {}
    for row in rows:
        if row["kind"] in COMMUNICATION_KINDS:
            added[row["project_id"]] = added.get(row["project_id"], 0) + row["minutes"]
    usage = project_usage(session, list(added))
    notices = []
    for project_id, minutes in added.items():
        project = session.get(Project, project_id)
        assert project is not None
        used = usage[project_id].comm_minutes + (0 if written else minutes)
        use = communication_use(terms_of(project), used)
        if use.budget_minutes is None or not use.over_minutes:
            continue
        cost = communication_to_bill(session, project, used)
        notices.append(
            said(
                "%(project)s: communication %(used)s of %(budget)s budget, %(over)s over"
                " (%(cost)s)",
                project=project.title,
                used=format_minutes(used),
                budget=format_minutes(use.budget_minutes),
                over=format_minutes(use.over_minutes),
                cost=cost,
            )
        )
    return notices


def _group_view(group: Group) -> GroupView:
    return {
        "source_project": group.name,
        "project_id": group.target.project_id,
        "project": group.target.project,
        "client": group.target.client,
        "mapped_by": group.target.mapped_by,
        "reason": group.target.reason or None,
        "entries": group.entries,
        "minutes": group.minutes,
        "kinds": dict(sorted(group.kinds.items())),
        "new": group.new,
        "already_imported": group.already_imported,
    }


def _notices(groups: dict[str, Group], explicit: dict[str, tuple[str, str]]) -> list[str]:
    notices = [
        said(
            "--map %(name)s=%(ref)s: no entries of a source project %(source)s in the file",
            name=name,
            ref=ref,
            source=repr(name),
        )
        for key, (name, ref) in explicit.items()
        if key not in groups
    ]
    unmapped = [
        group.name for group in groups.values() if group.target.project_id is None and group.new
    ]
    if unmapped:
        listed = ", ".join(repr(name) for name in unmapped[:5])
        if len(unmapped) > 5:
            listed = said_and_more(listed, len(unmapped) - 5)
        notices.append(
            said(
                "not imported, no clientkit project for %(names)s: add the project or map it"
                ' with --map "source name=clientkit project"',
                names=listed,
            )
        )
    return notices
