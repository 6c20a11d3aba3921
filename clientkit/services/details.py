"""What a detail screen shows of one project or client, read in one transaction."""

from typing import TypedDict

from clientkit.services import browse, clients, project_show
from clientkit.services.book import Book
from clientkit.services.lookup import find_client, find_project
from clientkit.services.views import Page, stored

CLIENT_INVOICES = 100  # a client's latest invoices shown beside its projects


class ProjectDetail(TypedDict):
    """A project, what happened on it lately, and its invoices."""

    project: project_show.ShownProject  # `show_project`'s view: terms, usage, scope items
    history: browse.ProjectHistory  # latest revisions, time entries and payments
    invoices: Page[browse.InvoiceRow]  # the first page of its invoices, newest first


class ClientDetail(TypedDict):
    """A client with its projects, payments and messages, and its latest invoices."""

    client: clients.ShownClient  # `show_client`'s view
    invoices: Page[browse.InvoiceRow]  # its latest CLIENT_INVOICES invoices, newest first


def project_detail(book: Book, project: str) -> ProjectDetail:
    """The project `project` names, as its screen shows it; all of it from one snapshot."""
    with book.read() as session:
        found = find_project(session, project)
        project_id = stored(found.id)
        return {
            "project": project_show.shown(session, project_id),
            "history": browse.history_in(session, project_id),
            "invoices": browse.invoices_in(session, book.clock.today(), project_id=project_id),
        }


def client_detail(book: Book, client: str) -> ClientDetail:
    """The client `client` names, as its screen shows it; all of it from one snapshot."""
    with book.read() as session:
        found = find_client(session, client)
        today = book.clock.today()
        return {
            "client": clients.shown_in(book, session, found),
            "invoices": browse.invoices_in(
                session, today, client_id=stored(found.id), limit=CLIENT_INVOICES
            ),
        }
