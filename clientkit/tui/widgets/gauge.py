"""A one-line gauge: label, bar and `used/limit`, coloured when the limit is near or crossed."""

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


def level(used: float, limit: float | None, *, fill_is_good: bool = False) -> str:
    """`ok`, `warn` or `over` for a gauge's colour (for a deposit, filling up is good)."""
    if not limit:
        return "none"
    share = used / limit
    if fill_is_good:
        return "ok" if share >= 1 else "warn" if share > 0 else "over"
    if share > 1:
        return "over"
    return "warn" if share >= 0.8 else "ok"


class Gauge(Widget):
    """Shows `rev ■■■■□□ 2/3`; the text after the bar is given by the caller."""

    DEFAULT_CSS = """
    Gauge {
        height: 1;
        width: auto;
        margin-right: 2;
    }
    Gauge.-ok { color: $success; }
    Gauge.-warn { color: $warning; }
    Gauge.-over { color: $error; text-style: bold; }
    Gauge.-none { color: $text-muted; }
    """

    BAR_WIDTH = 6

    used: reactive[float] = reactive(0.0)
    limit: reactive[float | None] = reactive(None)

    def __init__(
        self,
        label: str,
        used: float = 0,
        limit: float | None = None,
        text: str = "",
        *,
        fill_is_good: bool = False,
        id: str | None = None,
    ) -> None:
        current = level(
            float(used), None if limit is None else float(limit), fill_is_good=fill_is_good
        )
        super().__init__(id=id, classes=f"-{current}")
        self.label = label
        self.fill_is_good = fill_is_good
        self.text = text
        self.set_reactive(Gauge.used, float(used))
        self.set_reactive(Gauge.limit, None if limit is None else float(limit))

    def update(self, used: float, limit: float | None, text: str) -> None:
        """Move the gauge to new figures."""
        self.text = text
        self.limit = None if limit is None else float(limit)
        self.used = float(used)
        self._restyle()
        self.refresh(layout=True)

    def _restyle(self) -> None:
        current = level(self.used, self.limit, fill_is_good=self.fill_is_good)
        for name in ("ok", "warn", "over", "none"):
            self.set_class(name == current, f"-{name}")

    def render(self) -> Text:
        filled = 0
        if self.limit:
            filled = min(self.BAR_WIDTH, round(self.BAR_WIDTH * self.used / self.limit))
        bar = "■" * filled + "□" * (self.BAR_WIDTH - filled) if self.limit else "·" * self.BAR_WIDTH
        return Text(f"{self.label} {bar} {self.text}")

    def get_content_width(self, container: object, viewport: object) -> int:
        return len(self.label) + self.BAR_WIDTH + len(self.text) + 2
