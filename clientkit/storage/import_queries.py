"""SQL for importing other trackers' time: project titles, entries already imported, bulk insert."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from sqlalchemy import insert, select
from sqlmodel import Session, col

from clientkit.storage.models import Client, Project, TimeEntry

CHUNK = 500  # bound parameters per IN (...): well below SQLite's limit


class TimeEntryRow(TypedDict):
    """The columns of one imported time entry, as inserted."""

    project_id: int
    kind: str
    minutes: int
    day: date
    billable: bool
    note: str
    source: str
    external_id: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ProjectTitle:
    id: int
    title: str
    client: str


def project_titles(session: Session) -> list[ProjectTitle]:
    """Every project's id, title and client name (plain tuples, not ORM rows)."""
    rows = session.execute(
        select(Project.id, Project.title, Client.name)  # type: ignore[call-overload]
        .join(Client, Client.id == Project.client_id)
        .order_by(Project.id)
    ).all()
    return [ProjectTitle(id=row[0], title=row[1], client=row[2]) for row in rows]


def imported_ids(session: Session, source: str, external_ids: Iterable[str]) -> set[str]:
    """Which of `external_ids` from `source` the book already holds."""
    wanted = list(dict.fromkeys(external_ids))
    found: set[str] = set()
    column = col(TimeEntry.external_id)
    source_column = col(TimeEntry.source)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(
            session.execute(
                select(column).where(source_column == source, column.in_(chunk))
            ).scalars()
        )
    return found


def insert_time_entries(session: Session, rows: Sequence[TimeEntryRow]) -> None:
    """Insert time entry rows (dicts of column values) in one executemany."""
    if rows:
        session.execute(insert(TimeEntry.__table__), list(rows))  # type: ignore[attr-defined]
