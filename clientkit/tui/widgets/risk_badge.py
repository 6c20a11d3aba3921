"""A coloured badge for a risk finding's severity: INFO, WARN or CRIT."""

from rich.text import Text
from textual.widget import Widget

LABELS = {"critical": "CRIT", "warning": "WARN", "info": "INFO"}


class RiskBadge(Widget):
    """Four letters on a coloured background, so severity reads even without colour."""

    DEFAULT_CSS = """
    RiskBadge {
        width: 6;
        height: 1;
        text-style: bold;
        content-align: center middle;
    }
    RiskBadge.-critical { background: $error; color: $text; }
    RiskBadge.-warning { background: $warning; color: $background; }
    RiskBadge.-info { background: $primary; color: $text; }
    """

    def __init__(self, severity: str) -> None:
        super().__init__(classes=f"-{severity}")
        self.severity = severity

    def render(self) -> Text:
        return Text(LABELS.get(self.severity, self.severity[:4].upper()))
