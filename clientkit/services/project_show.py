"""`project show`: one project with its terms, what it used and its scope items, through Core.

Read many times a day as a fresh process, so it imports neither the ORM nor pydantic: the
rows are Core rows whose attributes are the columns the views read (storage/tables.py), and
the views are the ones the ORM use cases build (services/views.py).
"""

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from clientkit.services.book import Book
from clientkit.services.name_lookup import project_id_named
from clientkit.services.views import ProjectView, ScopeView, project_view, scope_view
from clientkit.storage.tables import client, contract, scope_item
from clientkit.storage.usage_queries import project_row, project_usage

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    Reader = Connection | Session


class ShownProject(ProjectView):
    """A project with its scope items."""

    scope: list[ScopeView]


def show_project(book: Book, ref: str) -> ShownProject:
    """A project with its terms, usage and scope items."""
    with book.snapshot() as db:
        return shown(db, project_id_named(db, ref))


def shown(db: "Reader", project_id: int) -> ShownProject:
    """`show_project`'s view of the project `project_id`, read with `db` (a connection, or an
    open session for use cases that read more in the same snapshot)."""
    found = project_row(db, project_id)
    owner = db.execute(select(client.c.name).where(client.c.id == found.client_id)).scalar_one()
    usage = project_usage(db, [project_id])[project_id]
    items = db.execute(
        select(scope_item).where(scope_item.c.project_id == project_id).order_by(scope_item.c.id)
    ).all()
    return {
        **project_view(found, owner, usage, signed_dates(db, [project_id]).get(project_id)),
        "scope": [scope_view(item, found.currency) for item in items],
    }


def signed_dates(db: "Reader", ids: list[int]) -> dict[int, date]:
    """The day each project's contract was signed, for those whose contract is."""
    if not ids:
        return {}
    rows = db.execute(
        select(contract.c.project_id, contract.c.signed_on).where(
            contract.c.project_id.in_(ids), contract.c.signed_on.is_not(None)
        )
    )
    return {project_id: signed for project_id, signed in rows if signed is not None}
