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
    if "password" in user.get("smtp", {}):
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
    for table, default in DEFAULTS.items():
        if isinstance(default, dict) and not isinstance(config.get(table, {}), dict):
            raise InvalidValue(f"{where}: [{table}] must be a table, not {config[table]!r}")
    for (table, key), problem_of in _CHECKS.items():
        _check_scalar(config, where, table, key, problem_of)


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
        lines.append(f"\n[{'.'.join(prefix)}]")
    for key, value in scalars.items():
        lines.append(f"{key} = {_toml_value(value)}")
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
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


_CHECKS: dict[tuple[str, str], Callable[[object], str | None]] = {
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
