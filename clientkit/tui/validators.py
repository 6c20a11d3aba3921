"""Input validators built on the domain's own parsers, so a form says what the CLI would say."""

from collections.abc import Callable
from typing import Any

from textual.validation import ValidationResult, Validator

from clientkit.domain.dates import parse_date
from clientkit.domain.durations import parse_duration, parse_hours
from clientkit.domain.errors import InvalidValue
from clientkit.domain.money import (
    parse_minor,
    parse_percent,
    parse_positive_minor,
    parse_quantity,
    parse_unit_price_minor,
)
from clientkit.domain.terms import parse_deposit
from clientkit.domain.text import check_email, check_name, check_no_controls
from clientkit.i18n import check_currency, check_locale, currency_digits


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


def amount(currency: str, *, required: bool = False) -> Parsed:
    """An amount in `currency` as the services take a price, rate, fee or budget."""
    digits = currency_digits(currency)
    return Parsed(lambda text: parse_minor(text, digits), required=required, label="an amount")


def received(currency: str, *, required: bool = False) -> Parsed:
    """Money received (a payment, a deposit): more than zero."""
    digits = currency_digits(currency)
    return Parsed(
        lambda text: parse_positive_minor(text, digits), required=required, label="an amount"
    )


def unit_price(currency: str, *, required: bool = False) -> Parsed:
    """An invoice line's unit price: negative for a discount, never zero."""
    digits = currency_digits(currency)
    return Parsed(
        lambda text: parse_unit_price_minor(text, digits), required=required, label="an amount"
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


def party(field: str) -> Parsed:
    """A party's structured field (street, postcode, country, vat_id...) as the CLI checks it."""
    from clientkit.services.party_fields import check_party_field

    return Parsed(lambda value: check_party_field(field, value))


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


def deposit(currency: str) -> Parsed:
    """A deposit: `30%` or an amount such as `450`."""
    digits = currency_digits(currency)
    return Parsed(lambda text: parse_deposit(text, digits), label="a deposit")


def hours(*, required: bool = False) -> Parsed:
    """An estimate in hours: `40`, `12.5`, or a duration such as `1h30m`."""
    return Parsed(parse_hours, required=required, label="hours")


def quantity() -> Parsed:
    return Parsed(parse_quantity, label="a quantity")


def import_maps() -> Parsed:
    """`source name=clientkit project` pairs separated by `;`, checked as the CLI's --map."""

    def parse(text: str) -> Any:
        from clientkit.services.time_import import parse_maps, split_maps

        return parse_maps(split_maps(text))

    return Parsed(parse)
