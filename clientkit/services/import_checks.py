"""The checks every row of an export passes before it is imported: each field by the rule the
CLI applies to what a user types, references to rows of the same export, and each figure the
book derives (an invoice's totals, a line's amount) recomputed and compared.

The rules are the CLI's own functions (clientkit.domain and the services that check input),
called on the stored value; nothing here decides what a valid name or amount is. The totals
the database keeps by triggers (project_minutes, project_scope, project_payments) are not in
an export: the triggers rebuild them from the imported rows.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial
from typing import Any

from sqlalchemy import Table

from clientkit.domain.billing import totals
from clientkit.domain.cancellation import check_basis
from clientkit.domain.durations import check_estimate, check_length
from clientkit.domain.einvoice import check_reference
from clientkit.domain.errors import InvalidValue
from clientkit.domain.exemptions import CATEGORIES, PROFILE_EXEMPTIONS
from clientkit.domain.fx import parse_rate
from clientkit.domain.money import (
    check_amount,
    check_basis_points,
    check_storable,
    line_amount,
    parse_quantity,
)
from clientkit.domain.parties import PARTY_FIELDS
from clientkit.domain.payment_qr import SLOVAK_QR_CHOICES
from clientkit.domain.reminders import LEVELS
from clientkit.domain.risk.evaluation import CODES
from clientkit.domain.states import (
    INVOICE_KINDS,
    INVOICE_STATUSES,
    LINE_KINDS,
    PAYMENT_KINDS,
    PROJECT_STATUSES,
    REMINDER_STATUSES,
)
from clientkit.domain.text import check_email, check_name, check_no_controls
from clientkit.i18n import check_currency, check_locale, money
from clientkit.services.errors import BadInput
from clientkit.services.message_records import CHANNELS, DIRECTIONS, clean_body
from clientkit.services.party_fields import check_party_field
from clientkit.services.profile import CONTACT_CHECKS, TEXT_FIELDS, check_lead_time, clean_text
from clientkit.services.risk_acks import check_reason
from clientkit.services.time_import import SOURCES
from clientkit.services.tracking import check_kind
from clientkit.storage.transfer_queries import TableRow, book_tables

# A rule: raises InvalidValue (BadInput is one) saying why the value breaks it.
Check = Callable[[Any], object]

# Asked for every invoice and payment: Babel's lists are read once per distinct code.
_currency = cache(check_currency)
_locale = cache(check_locale)


def _text(what: str) -> Check:
    return lambda value: check_no_controls(value, what)


def _lines(what: str) -> Check:
    """Text with line breaks, such as an address."""
    return lambda value: check_no_controls(value, what, multiline=True)


def _name(what: str) -> Check:
    return lambda value: check_name(value, what)


def _one_of(values: Iterable[str], what: str) -> Check:
    allowed = tuple(values)

    def check(value: str) -> None:
        if value not in allowed:
            raise InvalidValue(f"unknown {what} {value!r}: expected one of {', '.join(allowed)}")

    return check


def _amount(what: str) -> Check:
    """Money a user types as an amount: not negative, within the money columns."""
    return lambda minor: check_amount(minor, what)


def _signed_amount(what: str) -> Check:
    return lambda minor: check_storable(minor, what)


def _positive_amount(minor: int) -> None:
    """Money received (a payment, a refund): more than zero, like parse_positive_minor."""
    check_amount(minor, "amount")
    if minor == 0:
        raise InvalidValue("amount must be more than zero")


def _percent(bp: int) -> None:
    check_basis_points(bp, f"{bp} basis points")


def _at_least(low: int, what: str) -> Check:
    def check(value: int) -> None:
        if value < low:
            raise InvalidValue(f"{what} {value} must be at least {low}")

    return check


def _estimate(minutes: int) -> None:
    check_estimate(minutes, f"{minutes} minutes")


def _duration(minutes: int) -> None:
    check_length(minutes, f"{minutes} minutes")


def _entry_minutes(minutes: int) -> None:
    """A time entry: a duration, or a correction of one (negative), never zero."""
    check_length(abs(minutes), f"{minutes} minutes")


def _sha256(value: str) -> None:
    """A document's SHA-256 in hex (a contract's is empty before its PDF is written)."""
    if value and (len(value) != 64 or not set(value) <= _HEX):
        raise InvalidValue(f"{value!r} is not a SHA-256 in hex")


_HEX = frozenset("0123456789abcdef")


def _profile(key: str) -> Check:
    return lambda value: clean_text(key, value)


def _exchange_rate(text: str) -> None:
    """An invoice's rate to the accounting currency, as `invoice issue --rate` takes it."""
    parse_rate(text)


def _json_object(text: str) -> None:
    """The values a contract was rendered with, as JSON."""
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, a number too long, nesting too deep
        values = None
    if not isinstance(values, dict):
        raise InvalidValue("expected the contract's values as a JSON object")


# The buyer's and order references of a project or invoice, as `--buyer-ref` takes them.
_REFERENCES: dict[str, Check] = {
    "buyer_ref": lambda value: check_reference(value, "buyer reference"),
    "order_ref": lambda value: check_reference(value, "order reference"),
}

FIELD_CHECKS: dict[str, dict[str, Check]] = {
    "profile": {
        **{key: _profile(key) for key in (*TEXT_FIELDS, *CONTACT_CHECKS)},
        "lead_time_days": check_lead_time,
        "vat_exemption": _one_of(PROFILE_EXEMPTIONS, "VAT exemption"),
        "slovak_qr": _one_of(SLOVAK_QR_CHOICES, "Slovak QR choice"),
    },
    "client": {
        "name": _name("client name"),
        "email": check_email,
        "company": _text("company"),
        "address": _lines("address"),
        **{field: partial(check_party_field, field) for field in PARTY_FIELDS},
        "currency": _currency,
        "locale": _locale,
        "budget_minor": _amount("budget"),
    },
    "project": {
        "title": _name("project title"),
        "status": _one_of(PROJECT_STATUSES, "project status"),
        "currency": _currency,
        "price_minor": _amount("price"),
        "hourly_rate_minor": _amount("hourly rate"),
        "estimate_minutes": _estimate,
        "revisions_included": _at_least(0, "revisions"),
        "revision_fee_minor": _amount("revision fee"),
        "deposit_bp": _percent,
        "deposit_minor": _amount("deposit"),
        "comm_budget_minutes": _duration,
        "comm_rate_minor": _amount("communication rate"),
        "rush_fee_bp": _percent,
        "cancel_fee_bp": _percent,
        "cancel_fee_basis": check_basis,
        "late_fee_bp": _percent,
        "payment_days": _at_least(0, "payment days"),
        **_REFERENCES,
    },
    "scope_item": {
        "description": _name("description"),
        "price_minor": _amount("price"),
        "estimate_minutes": _estimate,
    },
    "revision": {"number": _at_least(1, "revision number"), "description": _name("description")},
    "time_entry": {
        "kind": check_kind,
        "minutes": _entry_minutes,
        "note": _text("note"),
        "source": _one_of(SOURCES, "source"),
        "external_id": _text("external id"),
    },
    "running_timer": {"kind": check_kind, "note": _text("note")},
    "message": {
        "direction": _one_of(DIRECTIONS, "direction"),
        "channel": _one_of(CHANNELS, "channel"),
        "subject": _text("subject"),
        "body": clean_body,
        "message_id": _text("message id"),
    },
    "issued_document": {"sha256": _sha256},
    "contract": {
        "template": _text("template"),
        "lang": _locale,
        "values_json": _json_object,
        "sha256": _sha256,
        "path": _text("path"),
    },
    "invoice": {
        "number": _text("number"),
        "kind": _one_of(INVOICE_KINDS, "invoice kind"),
        "status": _one_of(INVOICE_STATUSES, "invoice status"),
        "currency": _currency,
        "note": _text("note"),
        "subtotal_minor": _signed_amount("subtotal"),
        "vat_minor": _signed_amount("VAT"),
        "total_minor": _signed_amount("total"),
        # "" on drafts and on invoices issued before reasons were kept
        "vat_exemption": _one_of(("", *CATEGORIES), "VAT exemption"),
        "exchange_rate": _exchange_rate,
        "tax_currency": _currency,
        **_REFERENCES,
    },
    "invoice_line": {
        "position": _at_least(1, "position"),
        "quantity": parse_quantity,
        "unit_price_minor": _signed_amount("unit price"),
        "vat_bp": _percent,
        "amount_minor": _signed_amount("amount"),
        "kind": _one_of(LINE_KINDS, "line kind"),
    },
    "invoice_series": {"series": _text("series"), "last_seq": _at_least(0, "last number")},
    "payment": {
        "kind": _one_of(PAYMENT_KINDS, "payment kind"),
        "amount_minor": _positive_amount,
        "currency": _currency,
        "method": _text("method"),
        "external_ref": _text("reference"),
        "void_reason": _text("reason"),
    },
    "risk_ack": {
        "code": _one_of(CODES, "risk code"),
        "fingerprint": _text("fingerprint"),
        "reason": check_reason,
    },
    "reminder": {
        "level": _one_of(LEVELS, "reminder level"),
        "status": _one_of(REMINDER_STATUSES, "reminder status"),
        "channel": _text("channel"),
        "message_id": _text("message id"),
        "error": clean_body,  # a mail server's answer may run over lines
        "owner": _text("owner"),
    },
}


def _line_description(row: TableRow) -> None:
    """A line typed by hand is named like anything the user names; one billing writes may be
    longer (a project title with ': work' after it)."""
    if row.get("kind", "manual") == "manual":
        check_name(row["description"], "description")
    else:
        check_no_controls(row["description"], "description")


def _line_amount(row: TableRow) -> None:
    """A line's amount is its quantity times its unit price, rounded once (domain.billing)."""
    quantity, unit = row.get("quantity", "1"), row.get("unit_price_minor")
    if unit is None:
        return  # the database refuses a line without one
    expected = line_amount(Decimal(quantity), unit)
    if row["amount_minor"] != expected:
        raise InvalidValue(
            f"amount {row['amount_minor']} is not quantity {quantity} × unit price {unit} "
            f"({expected}), in minor units"
        )


# Checks of a field that read other fields of the row (run after every field's own check).
ROW_CHECKS: dict[str, dict[str, Callable[[TableRow], None]]] = {
    "invoice_line": {"description": _line_description, "amount_minor": _line_amount},
}


@dataclass(frozen=True)
class _Reference:
    """A column whose value names a row of a table (maybe its own)."""

    column: str
    target: str  # "table.column" of the rows it names


@dataclass(frozen=True)
class _Plan:
    """What a table's rows are checked for, worked out once per table."""

    fields: tuple[tuple[str, str, Check], ...]  # column, "table.column", its check
    row_checks: tuple[tuple[str, str, Callable[[TableRow], None]], ...]
    references: tuple[_Reference, ...]
    referenced: tuple[str, ...]  # its columns that rows of other tables name


@cache
def _plan(table: Table) -> _Plan:
    referenced: dict[str, set[str]] = defaultdict(set)
    for other in book_tables():
        for key in other.foreign_keys:
            referenced[key.column.table.name].add(key.column.name)
    return _Plan(
        fields=tuple(
            (column, f"{table.name}.{column}", check)
            for column, check in FIELD_CHECKS.get(table.name, {}).items()
        ),
        row_checks=tuple(
            (column, f"{table.name}.{column}", check)
            for column, check in ROW_CHECKS.get(table.name, {}).items()
        ),
        references=tuple(
            _Reference(key.parent.name, f"{key.column.table.name}.{key.column.name}")
            for key in table.foreign_keys
        ),
        referenced=tuple(sorted(referenced[table.name])),
    )


@dataclass(frozen=True)
class _Invoice:
    where: str
    currency: str
    figures: dict[str, int]  # subtotal_minor, vat_minor, total_minor as stored


FIGURES = (("subtotal_minor", "subtotal"), ("vat_minor", "VAT"), ("total_minor", "total"))


class ExportChecks:
    """Checks the rows of an export as they are read (parents before children), then what
    only the whole export can tell (`finish`). Any problem is BadInput naming the file, line,
    row key, column and why."""

    def __init__(self) -> None:
        self._keys: dict[str, set[object]] = defaultdict(set)  # "table.column" -> values read
        self._invoices: dict[object, _Invoice] = {}
        self._lines: dict[object, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def row(self, table: Table, row: TableRow, where: str) -> None:
        """Check one decoded row; `where` names it (file, line and key)."""
        plan = _plan(table)
        for column, field, check in plan.fields:
            value = row.get(column)
            if value is not None:
                _apply(check, value, where, field)
        for column, field, row_check in plan.row_checks:
            if row.get(column) is not None:
                _apply(row_check, row, where, field)
        for column in plan.referenced:
            self._keys[f"{table.name}.{column}"].add(row.get(column))
        # A row may name itself or an earlier row of its own table (a credit note its
        # invoice), never a later one: the database checks each row as it goes in.
        for ref in plan.references:
            value = row.get(ref.column)
            if value is not None:
                self._refer(where, table.name, ref, value)
        self._remember_money(table.name, row, where)

    def finish(self) -> None:
        """Check what needs every row: invoice totals against all their lines."""
        for invoice_id, invoice in self._invoices.items():
            self._compare_totals(invoice_id, invoice)

    def _refer(self, where: str, name: str, ref: _Reference, value: object) -> None:
        if value not in self._keys[ref.target]:
            target = ref.target.partition(".")[0]
            raise BadInput(f"{where}: {name}.{ref.column}: {target} {value!r} is not in the export")

    def _remember_money(self, name: str, row: TableRow, where: str) -> None:
        if name == "invoice":
            figures = {column: row.get(column, 0) for column, _ in FIGURES}
            self._invoices[row["id"]] = _Invoice(where, row.get("currency", "EUR"), figures)
        elif name == "invoice_line" and row.get("amount_minor") is not None:
            self._lines[row.get("invoice_id")][row.get("vat_bp", 0)] += row["amount_minor"]

    def _compare_totals(self, invoice_id: object, invoice: _Invoice) -> None:
        """The totals invoicing would compute from the lines (one rounding rule, VAT per rate)."""
        by_rate = self._lines.get(invoice_id, {})
        result = totals([(net, rate) for rate, net in by_rate.items()])
        recomputed = {
            "subtotal_minor": result.subtotal_minor,
            "vat_minor": result.vat_minor,
            "total_minor": result.total_minor,
        }
        for column, label in FIGURES:
            stored, expected = invoice.figures[column], recomputed[column]
            if stored != expected:
                raise BadInput(
                    f"{invoice.where}: invoice.{column}: {label} "
                    f"{money(stored, invoice.currency)} does not match its lines "
                    f"({money(expected, invoice.currency)})"
                )


def _apply(check: Callable[[Any], object], value: Any, where: str, field: str) -> None:
    try:
        check(value)
    except InvalidValue as exc:
        raise BadInput(f"{where}: {field}: {exc}") from None
