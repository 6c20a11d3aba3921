"""Cancelling a project: the contract's fee first, then yes/no, with the invoice as an option."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer

from clientkit.tui.screens.confirm import ConfirmScreen
from clientkit.tui.widgets.plain import PlainLabel


class CancelProjectScreen(ConfirmScreen):
    """The confirm dialog plus `i`: also draft the cancellation invoice (read from `.invoice`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "toggle_invoice", "Invoice too"),
    ]

    def __init__(self, question: str, *, invoice: bool = False) -> None:
        super().__init__(question)
        self.invoice = invoice  # kept in step with the box: still readable once dismissed

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield PlainLabel(self.question, id="question")
            yield Checkbox(
                "also draft the cancellation invoice (i)",
                self.invoice,
                id="with-invoice",
                compact=True,
            )
            with Horizontal(id="answers"):
                yield Button("Yes (y)", variant="primary", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)
        yield Footer(compact=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.invoice = event.value

    def action_toggle_invoice(self) -> None:
        box = self.query_one("#with-invoice", Checkbox)
        box.value = self.invoice = not box.value
