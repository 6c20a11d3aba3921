"""An invoice document's facts (domain.billing.InvoiceDoc) as JSON bytes and back, exactly.

Stored with the PDF when an invoice is issued, so that what an e-invoice export says is what
the invoice said on the day it was issued. The codec follows the dataclasses' own type hints
(dates, Decimals, nested parties and lines, dicts with int keys), so a field added later with
a default still reads old facts; bytes are canonical (sorted keys) so the same facts always
give the same SHA-256.
"""

import json
import types
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from clientkit.domain.billing import InvoiceDoc


class UnreadableFacts(ValueError):
    """Stored facts that do not fit the document's shape."""


def encode_facts(doc: InvoiceDoc) -> bytes:
    """The document as canonical JSON (UTF-8, sorted keys, no spaces)."""
    return json.dumps(
        _plain(doc), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def decode_facts(data: bytes) -> InvoiceDoc:
    """The document `encode_facts` wrote; UnreadableFacts when the bytes do not fit it."""
    try:
        raw = json.loads(data.decode("utf-8"))
        doc = _typed(InvoiceDoc, raw)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError, KeyError) as exc:
        raise UnreadableFacts(str(exc) or type(exc).__name__) from None
    assert isinstance(doc, InvoiceDoc)
    return doc


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):  # keys may be ints (VAT rates): pairs keep type and order
        return [[_plain(key), _plain(item)] for key, item in value.items()]
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"a document fact of type {type(value).__name__} cannot be stored")


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


def _typed(kind: Any, raw: Any) -> Any:
    """`raw` (JSON) as a value of the type `kind` names."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        if raw is None and type(None) in get_args(kind):
            return None
        options = [arg for arg in get_args(kind) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot read a value of type {kind}")
        return _typed(options[0], raw)
    if isinstance(kind, type) and is_dataclass(kind):
        if not isinstance(raw, dict):
            raise TypeError(f"{kind.__name__}: expected an object")
        hints = _hints(kind)
        known = {f.name for f in fields(kind) if f.init}
        return kind(**{name: _typed(hints[name], raw[name]) for name in known if name in raw})
    if origin is list:
        (item,) = get_args(kind)
        return [_typed(item, value) for value in _sequence(raw)]
    if origin is tuple:
        item = get_args(kind)[0]
        return tuple(_typed(item, value) for value in _sequence(raw))
    if origin is dict:
        key_kind, value_kind = get_args(kind)
        return {_typed(key_kind, k): _typed(value_kind, v) for k, v in _sequence(raw)}
    return _scalar(kind, raw)


def _sequence(raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise TypeError("expected a list")
    return raw


def _scalar(kind: Any, raw: Any) -> Any:
    if kind is date:
        return date.fromisoformat(raw)
    if kind is Decimal:
        if not isinstance(raw, str):
            raise TypeError("expected a decimal as text")
        return Decimal(raw)
    if kind is bool:
        if not isinstance(raw, bool):
            raise TypeError("expected true or false")
        return raw
    if kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise TypeError("expected an integer")
        return raw
    if kind is str:
        if not isinstance(raw, str):
            raise TypeError("expected text")
        return raw
    raise TypeError(f"cannot read a value of type {kind}")
