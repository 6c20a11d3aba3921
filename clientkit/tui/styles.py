"""Warming the stylesheet: every widget type's CSS parsed once, soon after the first screen.

Textual parses a widget type's DEFAULT_CSS the first time such a widget is mounted, and
each time it re-parses the whole stylesheet and restyles every widget on every screen.
On the dashboard that made the first visit to another screen cost about half a second.
Reading every type's CSS once, while the user looks at the first screen, pays that once.
"""

from typing import Any

from textual import containers, widgets
from textual.app import App

from clientkit.tui.widgets.gauge import Gauge
from clientkit.tui.widgets.money_input import MoneyInput
from clientkit.tui.widgets.paged_table import PagedTable
from clientkit.tui.widgets.risk_badge import RiskBadge

WIDGET_TYPES: tuple[type[Any], ...] = (
    widgets.Button,
    widgets.ContentSwitcher,
    widgets.DataTable,
    widgets.Digits,
    widgets.Input,
    widgets.Label,
    widgets.ListItem,
    widgets.ListView,
    widgets.ProgressBar,
    widgets.Select,
    widgets.Static,
    widgets.TabbedContent,
    widgets.TabPane,
    widgets.Tabs,
    containers.Horizontal,
    containers.Vertical,
    containers.VerticalScroll,
    Gauge,
    MoneyInput,
    PagedTable,
    RiskBadge,
)


def warm_styles(app: App[Any]) -> None:
    """Add the default CSS of every widget type the screens use, and parse once."""
    try:
        for widget_type in WIDGET_TYPES:
            # The CSS a widget type brings with it (and inherits), as Textual reads it on mount.
            bare = object.__new__(widget_type)  # only its class is read, nothing is set up
            for read_from, css, tie_breaker, scope in widget_type._get_default_css(bare):
                app.stylesheet.add_source(
                    css,
                    read_from=read_from,
                    is_default_css=True,
                    tie_breaker=tie_breaker,
                    scope=scope,
                )
        app.stylesheet.parse()
    except Exception:  # an optimisation only: without it the first visits are just slower
        return
