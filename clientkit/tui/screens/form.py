"""The base of every form: fields validated as you type, saved through a service in a worker."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Footer, Input, Select, Static

from clientkit.tui.calls import call_service
from clientkit.tui.messages import ActionRefused, Done
from clientkit.tui.widgets.money_input import MoneyInput
from clientkit.tui.widgets.plain import PlainLabel, PlainStatic

if TYPE_CHECKING:
    from clientkit.services.book import Book

View = TypeVar("View")


@dataclass
class FieldSpec:
    """One field of a form: an Input (or MoneyInput for `currency`), or a Select for `choices`."""

    name: str
    label: str
    validator: Validator | None = None
    value: str = ""
    placeholder: str = ""
    choices: Sequence[str] = ()
    currency: str | None = None
    required: bool = False


class Saved(Done[View]):
    """The form's service call succeeded."""


class FormScreen(ModalScreen[View | None], Generic[View]):
    """Subclasses give `title`, `fields()` and `save(book, values)`; the view is the result."""

    CSS_PATH = "form.tcss"
    AUTO_FOCUS = "#form-fields Input, #form-fields Select"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    title_text = "Form"

    def fields(self) -> list[FieldSpec]:
        raise NotImplementedError

    def save(self, book: "Book", values: dict[str, str]) -> View:
        """Call the service (runs in a worker thread); its refusal is shown in the form."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        self._specs = {spec.name: spec for spec in self.fields()}
        with Vertical(id="form"):
            yield PlainLabel(self.title_text, id="form-title")
            with VerticalScroll(id="form-fields", can_focus=False):
                for spec in self._specs.values():
                    with Horizontal(classes="field"):
                        yield PlainLabel(
                            spec.label + (" *" if spec.required else ""), classes="field-label"
                        )
                        yield self._widget(spec)
                    yield PlainStatic("", id=f"error-{spec.name}", classes="field-error")
            yield PlainStatic("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer(compact=True)

    def _widget(self, spec: FieldSpec) -> Input | Select[str]:
        if spec.choices:
            return Select(
                [(choice, choice) for choice in spec.choices],
                value=spec.value or spec.choices[0],
                allow_blank=False,
                id=f"field-{spec.name}",
                compact=True,
            )
        if spec.currency is not None:
            return MoneyInput(
                spec.value,
                currency=spec.currency,
                required=spec.required,
                validator=spec.validator,
                id=f"field-{spec.name}",
                compact=True,
            )
        return Input(
            spec.value,
            placeholder=spec.placeholder,
            id=f"field-{spec.name}",
            validators=[spec.validator] if spec.validator else None,
            validate_on=["changed", "submitted", "blur"],
            compact=True,
        )

    def values(self) -> dict[str, str]:
        """The text of every field (Select values as their choice)."""
        found: dict[str, str] = {}
        for name in self._specs:
            widget = self.query_one(f"#field-{name}")
            found[name] = str(widget.value) if isinstance(widget, Input | Select) else ""
        return found

    @on(Input.Changed)
    def _show_validation(self, event: Input.Changed) -> None:
        self._show_error(event.input, event.validation_result)

    def _show_error(self, widget: Input, result: ValidationResult | None) -> None:
        name = (widget.id or "").removeprefix("field-")
        valid = result is None or result.is_valid
        message = "" if result is None or valid else "; ".join(result.failure_descriptions)
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.display = bool(message)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        inputs = [w for w in self.query("#form-fields Input, #form-fields Select")]
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        invalid = []
        for widget in self.query("#form-fields Input").results(Input):
            result = widget.validate(widget.value)
            self._show_error(widget, result)
            if result is not None and not result.is_valid:
                invalid.append(widget)
        if invalid:
            invalid[0].focus()
            self._say("fix the fields marked above first")
            return
        self._say("saving…")
        self._save(self.values())

    def _save(self, values: dict[str, str]) -> None:
        """Save through the service; a refusal is shown in the form, in words."""
        book = self.app.book  # type: ignore[attr-defined]
        call_service(self, partial(self.save, book, values), Saved, group="form", exclusive=True)

    def on_action_refused(self, message: ActionRefused) -> None:
        message.stop()
        self._say(message.reason)

    def _say(self, text: str) -> None:
        line = self.query_one("#form-error", Static)
        line.update(text)
        line.display = bool(text)

    def on_saved(self, message: Saved[View]) -> None:
        self.dismiss(message.view)


def optional(text: str) -> str | None:
    """A blank field means "not given"."""
    return text.strip() or None
