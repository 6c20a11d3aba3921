"""Effective configuration: shipped defaults deep-merged with CLIENTKIT_HOME/config.toml."""

import copy
import re
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from clientkit.clock import system_zone_name
from clientkit.domain.errors import InvalidValue
from clientkit.domain.risk.thresholds import risk_defaults
from clientkit.domain.terms import MAX_PAYMENT_DAYS, MAX_REVISIONS

# The parsed TOML: tables of tables, lists and scalars, nested as the user wrote them. It stays
# open-ended on purpose: a user file may hold any key, and each reader checks the values it
# takes where it takes them (a wrong type there is bad input, exit 2).
Config = dict[str, Any]

DEFAULTS: Config = {
    "defaults": {
        "payment_days": 14,
        "revisions": 2,
        "currency": "EUR",
        "locale": "en_US",
        # The system's IANA zone, filled in by load_config (reading it is no import-time work).
        "timezone": "",
    },
    "deposit": {
        # The larger the project, the larger the prepayment: a new project
        # without --deposit takes the first tier whose `up_to` covers its value.
        "tiers": [
            {"up_to": "1000", "percent": "20%"},
            {"up_to": "5000", "percent": "30%"},
            {"percent": "50%"},
        ],
    },
    # The rule thresholds and severities of SPEC section 5: the domain's own defaults,
    # so the two can never disagree.
    "risk": risk_defaults(),
    "reminders": {
        "schedule": [
            {"days": 1, "level": "friendly"},
            {"days": 7, "level": "second"},
            {"days": 14, "level": "final"},
        ],
        # Reminders ask for payment within this many days of being sent.
        "grace_days": 7,
        # Reminders climb the schedule one level at a time: the first is the friendly one
        # however late the invoice is, and each next level waits at least this many days
        # after the one before.
        "gap_days": 7,
    },
    # `auto_apply = true`: credit a client holds settles its open invoices (oldest due
    # first, same currency) when a payment creates credit and when an invoice is issued.
    "credit": {"auto_apply": False},
    "statutory_interest": {
        # The final notice to a business client (company name or VAT id) states statutory
        # late-payment interest (EU Directive 2011/7/EU): the reference rate of each
        # half-year of delay plus `margin`, and a fixed recovery compensation per invoice.
        # The compensation is stated only on invoices in `compensation_currency`: clientkit
        # never converts or adds up amounts of different currencies.
        "enabled": True,
        "margin": "8%",
        "compensation": "40",
        "compensation_currency": "EUR",
        # The claim is made where the directive applies: you and the client both in the EU
        # (country from the VAT id prefix, else the locale). List other client countries
        # here (ISO codes, e.g. ["CH", "US"]) only where a law you rely on gives the claim.
        "countries": [],
        # ECB main refinancing rate in force on 1 January / 1 July. YOU must keep this
        # table current (add each new half-year); the latest entry applies until a newer
        # one is added. 2026-07-01 is assumed unchanged: check it. In Germany use the
        # Basiszinssatz here and margin "9%" (§ 288 BGB).
        "reference_rates": [
            {"from": "2024-01-01", "rate": "4.5%"},
            {"from": "2024-07-01", "rate": "4.25%"},
            {"from": "2025-01-01", "rate": "3.15%"},
            {"from": "2025-07-01", "rate": "2.15%"},
            {"from": "2026-01-01", "rate": "2.15%"},
            {"from": "2026-07-01", "rate": "2.15%"},
        ],
    },
    "invoice": {"number_pattern": "{year}-{seq:04d}", "default_vat": "0%"},
    "smtp": {
        "host": "localhost",
        "port": 25,
        "username": "",
        "starttls": False,
        "from": "",
        "timeout": 30,
    },
}


def load_config(path: Path) -> Config:
    """The effective configuration: defaults overridden by the file at `path`, if any."""
    effective = copy.deepcopy(DEFAULTS)
    effective["defaults"]["timezone"] = system_zone_name()
    if not path.exists():
        return effective
    try:
        with path.open("rb") as handle:
            user = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(f"{path}: not valid TOML ({exc})") from None
    smtp = user.get("smtp")
    if isinstance(smtp, dict) and "password" in smtp:  # any other smtp = ... is refused below
        raise InvalidValue(
            f"{path}: [smtp] password must not be stored in a file; "
            "use CLIENTKIT_SMTP_PASSWORD or the system keyring"
        )
    _merge(effective, user)
    check_values(effective, str(path))
    return effective


def check_values(config: Config, where: str = "config.toml") -> None:
    """Refuse, naming the key, a shipped table given as a plain value, or a scalar that some
    reader takes with a plain cast (int(), float(), bool()) of the wrong kind: one line, exit 2,
    never a ValueError mid-run or a quoted "false" that bool() reads as true. Other keys are
    checked by the code that reads them."""
    _check_shapes(config, DEFAULTS, where)
    for (table, key), problem_of in _CHECKS.items():
        _check_scalar(config, where, table, key, problem_of)


def _check_shapes(config: Config, shipped: Config, where: str, table: str = "") -> None:
    """Refuse, naming the key, a shipped table or list given as anything else: its readers walk
    it as shipped (the items of a table, each step of the reminder schedule as a table)."""
    for key, default in shipped.items():
        if key not in config:
            continue
        value, name = config[key], f"{table}.{key}" if table else key
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise InvalidValue(f"{where}: [{name}] must be a table, not {value!r}")
            _check_shapes(value, default, where, name)
        elif isinstance(default, list):
            of_tables = bool(default) and isinstance(default[0], dict)
            if not isinstance(value, list) or (
                of_tables and not all(isinstance(item, dict) for item in value)
            ):
                expected = "a list of tables, as shipped" if of_tables else "a list"
                raise InvalidValue(f"{where}: [{table}] {key} = {value!r}: expected {expected}")


def _check_scalar(
    config: Config, where: str, table: str, key: str, problem_of: Callable[[object], str | None]
) -> None:
    values = config.get(table, {})
    if key not in values:
        return
    problem = problem_of(values[key])
    if problem:
        raise InvalidValue(f"{where}: [{table}] {key} = {values[key]!r}: {problem}")


def _whole(value: object, low: int, high: int) -> str | None:
    expected = f"expected a whole number from {low} to {high}"
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,19}", value.strip(), re.ASCII):
        value = int(value)  # a quoted "25" has always worked
    if isinstance(value, bool) or not isinstance(value, int):
        return expected
    return None if low <= value <= high else expected


def _seconds(value: object, most: int) -> str | None:
    expected = f"expected a number of seconds, more than 0 and at most {most}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return expected
    return None if 0 < value <= most else expected


def _flag(value: object) -> str | None:
    return None if isinstance(value, bool) else "expected true or false (without quotes)"


def _text(value: object) -> str | None:
    return None if isinstance(value, str) else "expected text in quotes"


def _merge(base: Config, override: Config) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def to_toml(config: Config) -> str:
    """Render a configuration as TOML text (for `config show`)."""
    lines: list[str] = []
    _emit_table(lines, [], config)
    return "\n".join(lines).strip() + "\n"


def _emit_table(lines: list[str], prefix: list[str], table: Config) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    if prefix and scalars:
        lines.append(f"\n[{'.'.join(map(_toml_key, prefix))}]")
    for key, value in scalars.items():
        lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in table.items():
        if isinstance(value, dict):
            _emit_table(lines, [*prefix, key], value)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    return _toml_string(str(value))


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What a TOML basic string must escape, and the C1 controls a terminal would obey: each as
# \uXXXX, so that the text is valid TOML and prints nothing raw.
_STRING_ESCAPES = {code: f"\\u{code:04x}" for code in [*range(0x20), *range(0x7F, 0xA0)]} | {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
}


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return '"' + text.translate(_STRING_ESCAPES) + '"'


_CHECKS: dict[tuple[str, str], Callable[[object], str | None]] = {
    ("defaults", "payment_days"): partial(_whole, low=0, high=MAX_PAYMENT_DAYS),
    ("defaults", "revisions"): partial(_whole, low=0, high=MAX_REVISIONS),
    ("defaults", "currency"): _text,  # text methods are called on these: 19 or [1] would fail
    ("defaults", "locale"): _text,
    ("defaults", "timezone"): _text,
    ("invoice", "default_vat"): _text,
    ("smtp", "host"): _text,
    ("smtp", "port"): partial(_whole, low=1, high=65535),
    ("smtp", "username"): _text,
    ("smtp", "starttls"): _flag,
    ("smtp", "from"): _text,
    ("smtp", "timeout"): partial(_seconds, most=3600),
    ("reminders", "grace_days"): partial(_whole, low=0, high=3650),
    ("credit", "auto_apply"): _flag,  # read only when credit is made or an invoice issued
    ("risk", "awaiting_reply_warning_hours"): partial(_whole, low=0, high=100_000),
}
