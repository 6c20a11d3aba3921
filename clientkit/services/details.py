"""What a detail screen shows of one project or client, read in one transaction."""

from typing import Any, TypedDict

from clientkit.services import browse, clients, projects
from clientkit.services.book import Book
from clientkit.services.lookup import find_client, find_project

CLIENT_INVOICES = 100  # a client's latest invoices shown beside its projects


class ProjectDetail(TypedDict):
    """A project, what happened on it lately, and its invoices."""

    project: dict[str, Any]  # `show_project`'s view: terms, usage, scope items
    history: dict[str, Any]  # latest revisions, time entries and payments
    invoices: dict[str, Any]  # the first page of its invoices, newest first


class ClientDetail(TypedDict):
    """A client with its projects, payments and messages, and its latest invoices."""

    client: dict[str, Any]  # `show_client`'s view
    invoices: dict[str, Any]  # its latest CLIENT_INVOICES invoices, newest first


def project_detail(book: Book, project: str) -> ProjectDetail:
    """The project `project` names, as its screen shows it; all of it from one snapshot."""
    with book.read() as session:
        found = find_project(session, project)
        assert found.id is not None
        return {
            "project": projects.shown_in(session, found),
            "history": browse.history_in(session, found.id),
            "invoices": browse.invoices_in(session, book.clock.today(), project_id=found.id),
        }


def client_detail(book: Book, client: str) -> ClientDetail:
    """The client `client` names, as its screen shows it; all of it from one snapshot."""
    with book.read() as session:
        found = find_client(session, client)
        assert found.id is not None
        today = book.clock.today()
        return {
            "client": clients.shown_in(book, session, found),
            "invoices": browse.invoices_in(
                session, today, client_id=found.id, limit=CLIENT_INVOICES
            ),
        }
