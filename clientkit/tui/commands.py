"""The command palette's provider: every action, and any client, project or invoice by name."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from clientkit.tui.calls import read_quietly

if TYPE_CHECKING:
    from clientkit.services.browse import NameHit
    from clientkit.tui.app import ClientkitApp

NAME_HITS = 8


def actions(app: "ClientkitApp") -> list[tuple[str, str, Callable[[], Any]]]:
    """(name, help, callback) of every action the palette offers by name."""
    go = app.action_go
    return [
        ("Dashboard", "today's risks, overdue invoices, replies owed", partial(go, "dashboard")),
        ("Clients", "search and sort clients", partial(go, "clients")),
        ("Projects", "all projects by status", partial(go, "projects")),
        ("Invoices", "filter by status or overdue", partial(go, "invoices")),
        ("Reminders", "preview and send today's payment reminders", partial(go, "reminders")),
        ("Timer", "start or stop the running timer", partial(go, "timer")),
        ("Add client", "a new client", app.action_add_client),
        ("Add project", "a new project with its terms", app.action_add_project),
        ("Stop timer", "stop the running timer into a time entry", app.action_stop_timer),
        (
            "Export calendar (.ics)",
            "deadlines, due dates, reminders, replies owed",
            app.action_export_calendar,
        ),
        (
            "Import time from Watson/klog/timewarrior…",
            "review the mapping, then import",
            app.action_import_time,
        ),
        ("Refresh", "read everything on screen again", app.action_refresh),
    ]


class BookCommands(Provider):
    """Actions by name, then clients, projects and invoices whose name contains the query."""

    @property
    def ck_app(self) -> "ClientkitApp":
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        if not self.ck_app.book_open:
            return
        for name, help_text, callback in actions(self.ck_app):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        if not self.ck_app.book_open:  # its first instants: the book is still being opened
            return
        matcher = self.matcher(query)
        for name, help_text, callback in actions(self.ck_app):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)
        from clientkit.services.browse import find_by_name

        # A busy or broken book leaves the actions usable: no names, no error.
        found = await read_quietly(partial(find_by_name, self.ck_app.book, query, NAME_HITS))
        for hit in found or ():
            label = f"{hit['kind'].title()}: {hit['name']}"
            score = max(matcher.match(label), 0.5)
            # The palette reads `help` as markup; a detail like "Logo [/v2]" must stay text.
            yield Hit(
                score,
                highlighted(matcher, label),
                self._opener(hit),
                text=label,
                help=escape(hit["detail"]) if hit["detail"] else None,
            )

    def _opener(self, hit: "NameHit") -> Callable[[], None]:
        app = self.ck_app
        open_ = {
            "client": app.open_client,
            "project": app.open_project,
            "invoice": app.open_invoice,
        }[hit["kind"]]
        return partial(open_, hit["id"])


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters the query matched marked, read as plain text.

    Textual's own `Matcher.highlight` reads its candidate as markup, and a client called
    "Studio [/x]" would be a broken closing tag there."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
