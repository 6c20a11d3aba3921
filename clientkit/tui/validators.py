"""Input validators built on the domain's own parsers, so a form says what the CLI would say."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from textual.validation import ValidationResult, Validator

from clientkit.domain.dates import parse_date
from clientkit.domain.durations import parse_duration
from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import parse_amount, parse_percent
from clientkit.domain.text import check_email, check_name, check_no_controls
from clientkit.i18n import check_currency, check_locale


class Parsed(Validator):
    """Valid when `parse` accepts the text; the InvalidValue message is the failure, in words.

    Empty text is valid unless `required`, in which case `label` names what is missing.
    """

    def __init__(
        self, parse: Callable[[str], Any], *, required: bool = False, label: str = ""
    ) -> None:
        super().__init__()
        self.parse = parse
        self.required = required
        self.label = label

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            if self.required:
                return self.failure(f"{self.label or 'this field'} is required")
            return self.success()
        try:
            self.parse(value)
        except InvalidValue as exc:
            return self.failure(str(exc))
        return self.success()


def amount(digits: int = 2, *, required: bool = False, allow_negative: bool = False) -> Parsed:
    return Parsed(
        lambda text: parse_amount(text, digits=digits, allow_negative=allow_negative),
        required=required,
        label="an amount",
    )


def duration(*, required: bool = False) -> Parsed:
    return Parsed(parse_duration, required=required, label="a duration")


def percent(*, required: bool = False) -> Parsed:
    return Parsed(parse_percent, required=required, label="a percentage")


def day(*, required: bool = False) -> Parsed:
    return Parsed(parse_date, required=required, label="a date")


def name(label: str) -> Parsed:
    return Parsed(lambda text: check_name(text, label), required=True, label=label)


def email() -> Parsed:
    return Parsed(check_email)


def text(label: str) -> Parsed:
    return Parsed(lambda value: check_no_controls(value, label))


def currency(*, required: bool = False) -> Parsed:
    return Parsed(check_currency, required=required, label="a currency")


def locale() -> Parsed:
    return Parsed(check_locale)


def whole_number(label: str) -> Parsed:
    def parse(value: str) -> int:
        if not value.strip().isdecimal():
            raise InvalidValue(f"invalid {label} {value!r}: expected a whole number like 2")
        return int(value)

    return Parsed(parse, label=label)


def amount_or_percent(digits: int = 2) -> Parsed:
    """A deposit: `30%` or an amount such as `450`."""

    def parse(value: str) -> Any:
        if value.strip().endswith("%"):
            return parse_percent(value)
        return parse_amount(value, digits=digits)

    return Parsed(parse, label="a deposit")


def hours(*, required: bool = False) -> Parsed:
    """Hours as `40`, `12.5`, or a duration such as `1h30m`."""

    def parse(value: str) -> Any:
        cleaned = value.strip().lower()
        if cleaned.endswith(("h", "m")):
            return parse_duration(cleaned)
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or number <= 0:
            raise InvalidValue(f"invalid hours {value!r}: expected hours like 40 or 12.5")
        return number

    return Parsed(parse, required=required, label="hours")


def quantity() -> Parsed:
    def parse(value: str) -> Decimal:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = Decimal(0)
        if not number.is_finite() or number <= 0:
            raise InvalidValue(
                f"invalid quantity {value!r}: expected a positive number like 1 or 2.5"
            )
        return number

    return Parsed(parse, label="a quantity")


def import_maps() -> Parsed:
    """`source name=clientkit project` pairs separated by `;`, checked as the CLI's --map."""

    def parse(text: str) -> Any:
        from clientkit.services.time_import import parse_maps, split_maps

        return parse_maps(split_maps(text))

    return Parsed(parse)
