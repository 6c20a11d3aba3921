"""Labels and statics that show strings as written: clientkit's own text never uses markup.

Textual reads a string given to `Label` or `Static` as markup. The strings clientkit
shows carry what the user typed (names, subjects, notes, a search, the reason a value
was refused), and "Logo [/v2]" read as markup is a broken closing tag that stops the app.
Styling is done with `rich.text.Text`, which these show as it is."""

from typing import Any

from textual.visual import VisualType
from textual.widgets import Label, Static


class PlainStatic(Static):
    """A `Static` whose strings are plain text."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        super().__init__(content, markup=False, **options)


class PlainLabel(Label):
    """A `Label` whose strings are plain text."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        super().__init__(content, markup=False, **options)
