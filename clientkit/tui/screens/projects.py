"""Projects: every project by status, searchable by title or client; Enter opens one."""

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from clientkit.tui.format import day_text, money_text
from clientkit.tui.list_base import ListScreen

if TYPE_CHECKING:
    from clientkit.services.browse import ProjectRow
    from clientkit.services.views import Page


class ProjectsScreen(ListScreen["ProjectRow"]):
    """Projects with their client, status, deadline and price; `a` adds one."""

    CSS_PATH = "projects.tcss"
    TITLE = "Projects"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "app.add_project", "Add project")]

    noun = "project"
    placeholder = "search title or client (/)"
    columns: ClassVar[list[tuple[str, int | None]]] = [
        ("Title", 22),
        ("Client", 14),
        ("Status", 9),
        ("Deadline", 10),
        ("Price", 14),
    ]
    sorts = ("newest", "deadline", "title")
    filters = ("all", "active", "draft", "delivered", "closed", "cancelled")

    def fetch(self, offset: int) -> "Page[ProjectRow]":
        from clientkit.services.browse import project_page

        status = None if self.filter == "all" else self.filter
        return project_page(
            self.book, search=self.search_text, status=status, sort=self.sort, offset=offset
        )

    def cells(self, row: "ProjectRow") -> tuple[str | Text, ...]:
        c = row["currency"]
        if row["price"] is not None:
            price = money_text(row["price"], c)
        elif row["hourly_rate"] is not None:
            price = money_text(row["hourly_rate"], c) + "/h"
        else:
            price = "-"
        return (row["title"], row["client"], row["status"], day_text(row["deadline"]), price)

    def open_row(self, row: "ProjectRow") -> None:
        self.ck_app.open_project(row["id"])
