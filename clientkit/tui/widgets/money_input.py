"""An input for an amount in a currency, validated as you type with the domain's parser."""

from typing import Any

from textual.validation import Validator
from textual.widgets import Input

from clientkit.i18n import currency_digits
from clientkit.tui import validators


class MoneyInput(Input):
    """Accepts `1500` or `1500.50` with at most the currency's decimals; says what is wrong.

    `validator` replaces the plain amount check where the service asks more of the amount
    (money received is more than zero; a line's price may be negative)."""

    DEFAULT_CSS = """
    MoneyInput {
        width: 24;
    }
    MoneyInput > .input--placeholder {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        currency: str = "EUR",
        required: bool = False,
        validator: Validator | None = None,
        **kwargs: Any,
    ) -> None:
        digits = currency_digits(currency)
        example = "1500" if digits == 0 else "1500." + "50"[:digits].ljust(digits, "0")
        super().__init__(
            value,
            placeholder=f"{currency}, e.g. {example}",
            validators=[validator or validators.amount(currency, required=required)],
            validate_on=["changed", "submitted", "blur"],
            **kwargs,
        )
        self.currency = currency
