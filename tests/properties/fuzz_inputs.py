"""What the CLI fuzz types: hostile text, odd numbers and dates, and command lines built from
the click tree, each parameter filled with values of the kind it takes."""

import copy
import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from clientkit.cli.main import build_command, walk
from clientkit.config import DEFAULTS
from clientkit.domain.risk.evaluation import CODES

# C0 controls, DEL, C1's CSI, and the marks that reorder or hide text (RTL overrides, BOM).
CONTROLS = "".join(map(chr, range(0x20))) + "\x7f\x85\x9b"
MARKS = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069\ufeff\u00a0\u2028"
SPECIAL_TEXT = [
    "",
    " ",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "\u202eevil\u202c",
    "a\r\nBcc: x@evil.example",
    "=?utf-8?q?a=0D=0ABcc:_x@evil.example?=",
    "Jürgen, someone@else.example",
    "\udcff\udcfe",  # bytes that are not UTF-8, as Python hands argv on
    "nul\x00byte",
    "-",
    "--",
    "--json",
    "-h",
    "x" * 300,
    "%s %n {0} {{x}} ${HOME}",
    "Robert'); DROP TABLE client;--",
    "<img src=x>",
    "../../etc/passwd",
    "💶🎨" * 3,
    "𝕏𝔶𝔷",
]
TEXT = st.one_of(
    st.text(max_size=16),
    st.text(
        st.sampled_from(CONTROLS + MARKS + "aZé 1-./\\%{}'\"")
        | st.characters(min_codepoint=0x10000),
        max_size=10,
    ),
    st.sampled_from(SPECIAL_TEXT),
)
NUMBER_TEXT = [
    "0",
    "-0",
    "1",
    "-1",
    "0.001",
    "0.005",
    "1e30",
    "-1e30",
    "1e-30",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "92233720368547758.07",
    "92233720368547758.08",
    "99999999999999999999999999",
    "１２",
    "١٢",
    "²",
    "NaN",
    "sNaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1_000",
    "1,50",
    "1.234,56",
    "0x10",
    "+5",
    ".5",
    "5.",
    " 7 ",
    "12%",
    "-5%",
]
NUMBERS = st.one_of(
    st.sampled_from(NUMBER_TEXT),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals().map(str),
    st.from_regex(r"\A-?[0-9]{1,22}(\.[0-9]{0,6})?\Z"),
    TEXT,
)
WHOLE = st.one_of(
    st.sampled_from(
        ["0", "1", "-1", "2", "9223372036854775807", "9223372036854775808", "１", "1.5"]
    ),
    st.integers().map(str),
    TEXT,
)
PERCENTS = st.one_of(NUMBERS, NUMBERS.map(lambda n: f"{n}%"))
DURATIONS = st.one_of(
    st.sampled_from(
        ["1h", "90m", "1h30m", "1.5h", "-1h", "0h", "8785h", "1e30h", "h", "m", "1h 3m"]
    ),
    st.integers().map(lambda n: f"{n}m"),
    st.integers().map(lambda n: f"{n}h"),
    NUMBERS,
)
OFFSETS = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23))
DATES = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "1899-12-31",  # the edges of the years a book keeps (1900 to 2999)
            "1900-01-01T00:00+14:00",
            "2999-12-31",
            "2999-12-31T23:59-12:00",
            "3000-01-01",
            "2026-02-30",
            "2026-02-29",
            "2024-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-23T10:00+05:00",
            "2026-11-23T10:00:00Z",
            "2026-11-23T24:00",
            "2026-11-23 10:00",
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00+14:00",
            "20261123",
            "2026-W48-1",
            "+12026-01-01",
            "1969-12-31",
            "2038-01-19T03:14:08",
            "today",
            "23.11.2026",
        ]
    ),
    st.dates().map(date.isoformat),
    st.datetimes(timezones=st.none() | OFFSETS.map(timezone)).map(datetime.isoformat),
    TEXT,
)
EMAILS = st.one_of(
    st.sampled_from(
        [
            "a@b.example",
            "a@b",
            "a@@b.example",
            "Jürgen, someone@else.example",
            "x@y.example\r\nBcc: z@evil.example",
            '"quoted, name" <q@x.example>',
            "ünï@cødé.example",
        ]
    ),
    st.emails().map(str),
    TEXT,
)


@dataclass(frozen=True)
class Kind:
    """What a parameter takes: values it should accept, and anything at all (which includes
    the valid ones, so that a wild draw may still succeed)."""

    valid: st.SearchStrategy[str]
    hostile: st.SearchStrategy[str]

    @property
    def wild(self) -> st.SearchStrategy[str]:
        return st.one_of(self.valid, self.hostile)


def choices(*valid: str) -> Kind:
    return Kind(st.sampled_from(valid), TEXT)


# Text the product should take and keep exactly: any script, marks, emoji, no control chars.
STORABLE_TEXT = st.one_of(
    st.sampled_from(["Logo", "Kováč & Partneri", "שלום עולם", "Studio 🎨", "<b>x</b>", "‮evil"]),
    st.text(
        st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20
    ).filter(str.strip),
)
AMOUNTS = st.one_of(
    st.integers(1, 100_000).map(str),
    st.decimals(min_value=Decimal("0.01"), max_value=100_000, places=2).map(str),
    st.sampled_from(["0.01", "1500", "99999999999.99"]),
)
WHOLES = st.integers(0, 30).map(str)
VALID_DAYS = st.dates(date(2025, 12, 1), date(2026, 11, 23)).map(date.isoformat)
VALID_INSTANTS = st.datetimes(datetime(2025, 12, 1), datetime(2026, 11, 23)).map(
    lambda moment: moment.isoformat(timespec="minutes")
)
VALID_DURATIONS = st.one_of(
    st.integers(1, 600).map(lambda minutes: f"{minutes}m"),
    st.sampled_from(["1h", "1h30m", "2.5h", "-1h", "8h"]),
)


@dataclass(frozen=True)
class Refs:
    """Ids and names in the seeded book, so that lookups succeed often enough to go deeper."""

    client: tuple[str, ...]
    project: tuple[str, ...]
    invoice: tuple[str, ...]
    message_id: tuple[str, ...]
    scope_id: tuple[str, ...]
    entry: tuple[str, ...]
    payment: tuple[str, ...]


def reference(valid: tuple[str, ...]) -> Kind:
    """Something naming a row: one of the book's, a number out of range, or hostile text."""
    return Kind(
        st.sampled_from(valid),
        st.one_of(st.sampled_from(["0", "-1", "99999999999999999999"]), TEXT),
    )


def paths(folder: Path) -> Kind:
    """Paths inside the example's own folder only (clientkit must never write elsewhere):
    new, existing, a directory, a file where a directory should be, oddly named."""
    fixed = [
        "",
        str(folder / "existing.txt"),
        str(folder / "full"),
        str(folder / "missing" / "deeper" / "x.out"),
        str(folder / "existing.txt" / "x.out"),
        str(folder / ("x" * 300)),  # longer than a file name may be
    ]
    odd_names = st.text(min_size=1, max_size=12).filter(
        lambda name: "/" not in name and "\x00" not in name and name not in (".", "..")
    )
    return Kind(
        st.sampled_from(["relative.out", str(folder / "new.out"), str(folder / "empty")]),
        st.one_of(st.sampled_from(fixed), odd_names.map(lambda name: str(folder / name))),
    )


def value_kinds(refs: Refs, folder: Path) -> dict[str, Kind]:
    """What each parameter of the CLI takes, by its name."""
    amount = Kind(AMOUNTS, NUMBERS)
    percent = Kind(st.integers(0, 100).map(lambda n: f"{n}%") | st.just("1.5%"), PERCENTS)
    duration = Kind(VALID_DURATIONS, DURATIONS)
    day = Kind(VALID_DAYS, DATES)
    instant = Kind(VALID_INSTANTS | VALID_DAYS, DATES)
    kinds: dict[str, Kind] = {
        "client": reference(refs.client),
        "project": reference(refs.project),
        "invoice": reference(refs.invoice),
        "message_id": reference(refs.message_id),
        "scope_id": reference(refs.scope_id),
        "entry": reference(refs.entry),
        "payment": reference(refs.payment),
        "code": choices(*CODES),
        "currency": Kind(
            st.sampled_from(["EUR", "USD", "CZK", "GBP"]), choices("eur", "XXX", "€").wild
        ),
        "locale": Kind(
            st.sampled_from(["en_US", "de_DE", "sk_SK", "cs_CZ"]),
            choices("xx_YY", "en-US", "C").wild,
        ),
        "lang": Kind(st.sampled_from(["en", "de", "sk"]), choices("xx", "EN").wild),
        "timezone": Kind(
            st.sampled_from(["Europe/Berlin", "UTC", "America/New_York", "Pacific/Kiritimati"]),
            choices("Mars/Olympus", "../../etc/passwd", "+05:00").wild,
        ),
        "email": Kind(st.sampled_from(["a@b.example", "jane.doe+work@example.co.uk"]), EMAILS),
        "iban": choices("DE89370400440532013000", "GB82WEST12345698765432"),
        "bic": choices("COBADEFFXXX"),
        "vat_id": choices("DE312345678", "SK2020202020"),
        "tax_id": choices("37/123/45678"),
        "method": choices("bank transfer", "card", "cash"),
        "channel": choices("email", "call", "chat", "meeting", "letter", "other"),
        "kind": choices("work", "call", "meeting", "email", "chat"),
        "cancel_fee_basis": choices("price", "remainder"),
        "fmt": choices("json", "csv"),
        "source": choices("watson", "klog", "timewarrior"),
        "min_severity": choices("info", "warning", "critical"),
        "template": choices("contract", "contract.de.txt", "change_order"),
        "maps": Kind(
            st.sampled_from(["Website=1", "Website=Brand refresh"]),
            choices("a=b", "=", "x", "Website==").wild,
        ),
        "revisions": Kind(WHOLES, WHOLE),
    }
    kinds |= dict.fromkeys(
        ["amount", "price", "hourly", "budget", "deposit", "revision_fee", "comm_rate"], amount
    )
    kinds |= dict.fromkeys(["qty", "quantity"], amount)
    kinds |= dict.fromkeys(["rush_fee", "cancel_fee", "late_fee", "vat"], percent)
    kinds |= dict.fromkeys(["duration", "hours", "estimate_hours", "comm_budget"], duration)
    kinds |= dict.fromkeys(["date", "day", "deadline", "start", "end", "on", "until", "today"], day)
    kinds |= dict.fromkeys(["at"], instant)
    kinds |= dict.fromkeys(["output", "outbox", "path"], paths(folder))
    return kinds


# Parameters the fuzz never sets: ones that reach outside the test (--send mails, only with a
# loopback server configured; --large builds thousands of rows) or print help and stop.
NEVER = {"help", "send", "large"}
COMMAND = build_command()


def runnable(words: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    """The commands a family runs: `words` and every command below it that does something."""
    found = []
    for path, command in walk(COMMAND):
        typed = tuple(path.split()[1:])
        if typed[: len(words)] != words:
            continue
        if not getattr(command, "commands", None) or command.invoke_without_command:
            found.append((typed, command))
    return found


@dataclass(frozen=True)
class Line:
    """One command line and whether it asked for JSON."""

    args: tuple[str, ...]
    as_json: bool


@st.composite
def command_lines(  # type: ignore[no-untyped-def]
    draw, families: tuple[tuple[str, ...], ...], kinds, allowed: frozenset[str] = frozenset()
) -> Line:
    """A command of the family with arguments and options of the kinds they take: all valid,
    valid but for one, or anything in each (so that most lines get past the first check and
    the odd value meets the code behind it). `allowed` lifts NEVER for a parameter the test
    has made safe."""
    words, command = draw(st.sampled_from([c for family in families for c in runnable(family)]))
    params = [p for p in command.params if p.name not in NEVER - allowed]
    valued = [i for i, p in enumerate(params) if not getattr(p, "is_flag", False)]
    mode = draw(st.sampled_from(["valid", "one", "wild"]))
    odd = draw(st.sampled_from(valued)) if mode == "one" and valued else None
    options: list[str] = []
    arguments: list[str] = []
    as_json = False
    for index, param in enumerate(params):
        kind = _kind(param, kinds)
        value = kind.wild if mode == "wild" else kind.hostile if index == odd else kind.valid
        if param.param_type_name == "argument":
            if param.required or index == odd or draw(st.booleans()):
                arguments.append(draw(value))
        elif getattr(param, "is_flag", False):
            if draw(st.booleans()):
                flags = param.opts + (param.secondary_opts or [])
                chosen = draw(st.sampled_from(flags))
                options.append(chosen)
                as_json = as_json or chosen == "--json"
        elif param.required or index == odd or draw(st.integers(0, 2)) == 0:
            options.extend(_option(param, draw(value), draw))
    if draw(st.integers(0, 9)) == 0:  # the global --today goes before the command's words
        words = ("--today", draw(VALID_DAYS if mode == "valid" else DATES), *words)
    dashes = ["--"] if arguments and draw(st.integers(0, 5)) else []
    return Line((*words, *options, *dashes, *arguments), as_json)


def _kind(param: Any, kinds: dict[str, Kind]) -> Kind:
    if param.name in kinds:
        return kinds[param.name]
    if getattr(param.type, "choices", None):
        return choices(*param.type.choices)
    if param.type.name.startswith("int"):
        return Kind(WHOLES, WHOLE)
    return Kind(STORABLE_TEXT, TEXT)


def _option(param: Any, value: str, draw: Any) -> list[str]:
    name = max(param.opts, key=len)
    if name.startswith("--") and draw(st.booleans()):
        return [f"{name}={value}"]
    return [name, value]


# Values a config.toml may hold, written as TOML: any type where one type is expected.
TOML_SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 2**63 - 1, -(2**63), 10**6]),
    st.floats(),
    st.booleans(),
    TEXT,
    NUMBERS,
    PERCENTS,
    st.dates(),
    st.datetimes(timezones=st.none() | OFFSETS.map(timezone)),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def toml_value(value: Any) -> str:
    """`value` as TOML: strings as JSON-style basic strings, dates and times bare."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value), repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _config_keys() -> list[tuple[Any, ...]]:
    """Every setting of the shipped configuration, as a path of keys (and list positions)."""
    found: list[tuple[Any, ...]] = []

    def visit(path: tuple[Any, ...], value: Any) -> None:
        found.append(path)
        if isinstance(value, dict):
            for key, inner in value.items():
                visit((*path, key), inner)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            found.append((*path, 0))  # a whole entry: keys missing, or not a table at all
            for key, inner in value[0].items():
                visit((*path, 0, key), inner)

    for table, value in DEFAULTS.items():
        visit((table,), value)
    return found


CONFIG_KEYS = _config_keys()


@st.composite
def config_files(draw, keys: list[tuple[Any, ...]]) -> bytes:  # type: ignore[no-untyped-def]
    """A config.toml with one to three of `keys` set to a value of the wrong type, size or
    shape, or a file that is not TOML (nor UTF-8) at all."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=40))
    if kind == 1:
        return draw(TEXT).encode("utf-8", "surrogateescape")
    user: dict[str, Any] = {}
    for path in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3)):
        _set(user, path, draw(TOML_VALUES))
    lines = []
    for table, values in user.items():
        if isinstance(values, dict):
            lines.append(f"[{json.dumps(table)}]")
            lines += [f"{json.dumps(key)} = {toml_value(value)}" for key, value in values.items()]
        else:
            lines.insert(0, f"{json.dumps(table)} = {toml_value(values)}")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _set(user: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    """Set `path` in the user's config to `value`, copying the shipped lists it goes through."""
    target: Any = user
    shipped: Any = DEFAULTS
    for step in path[:-1]:
        shipped = shipped[step]
        present = step in target if isinstance(target, dict) else step < len(target)
        if not (present and _shaped_as(target[step], shipped)):  # an earlier setting replaced it
            target[step] = copy.deepcopy(shipped) if isinstance(shipped, list) else {}
        target = target[step]
    target[path[-1]] = value


def _shaped_as(value: Any, shipped: Any) -> bool:
    if isinstance(shipped, list):
        return isinstance(value, list) and len(value) >= len(shipped)
    return isinstance(value, dict)


TEMPLATE_PIECES = [
    "{{ client.name }}",
    "{{ project.title }}",
    "{{ terms.price }}",
    "{{ nothing.at.all }}",
    "{{ 1/0 }}",
    "{{ '%s' % 1 }}",
    "{{ ''.__class__.__mro__ }}",
    "{% if %}",
    "{% for x in [1, 2] %}{{ x }}{% endfor %}",
    "{{",
    "}}",
    "{#",
    "# Title",
    "## Clause",
    "| a | b |",
    "- item",
    "\\",
]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT | DATES,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)


@st.composite
def damaged_exports(draw, export: Path, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the seeded book's export with one field of one row changed to anything, its
    manifest's hashes recomputed as a careful forger would."""
    target = folder / "import"
    shutil.copytree(export, target)
    manifest_file = target / "clientkit-export.json"
    manifest = json.loads(manifest_file.read_text())
    table = draw(st.sampled_from(sorted(manifest["tables"])))
    entry = manifest["tables"][table]
    data_file = target / entry["file"]
    rows = [json.loads(line) for line in data_file.read_text().splitlines()]
    if rows:
        row = draw(st.sampled_from(rows))
        row[draw(st.sampled_from(sorted(row)))] = draw(JSON_VALUES)
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        data_file.write_bytes(body.encode("utf-8", "surrogateescape"))
        entry["sha256"] = hashlib.sha256(data_file.read_bytes()).hexdigest()
        manifest_file.write_text(json.dumps(manifest))
    return target


@st.composite
def tracker_files(draw, folder: Path) -> tuple[str, Path]:  # type: ignore[no-untyped-def]
    """A watson frames file, klog file or timewarrior data folder of random content."""
    source = draw(st.sampled_from(["watson", "klog", "timewarrior"]))
    stamp = st.integers(min_value=-(2**40), max_value=2**40) | st.floats() | TEXT
    if source == "watson":
        frame = st.tuples(
            stamp, stamp, TEXT | st.just("Website"), TEXT, st.lists(TEXT, max_size=2), stamp
        )
        path = folder / "frames"
        frames = json.dumps(draw(st.lists(frame, max_size=3)), ensure_ascii=False)
        path.write_bytes(frames.encode("utf-8", "surrogateescape"))
        return source, path
    line = st.one_of(
        TEXT,
        DATES,
        st.builds(lambda a, b: f"    {a} - {b} #website", TEXT | DATES, TEXT | DATES),
        st.builds(lambda a, b: f"inc {a} - {b} # Website", TEXT | DATES, TEXT | DATES),
        st.sampled_from(
            ["2026-11-20", "Website", "    1h30m #website", "    -15m", "inc 20261120T090000Z"]
        ),
    )
    body = "\n".join(draw(st.lists(line, max_size=5))).encode("utf-8", "surrogateescape")
    if source == "klog":
        path = folder / "times.klg"
        path.write_bytes(body)
        return source, path
    path = folder / "timewarrior"
    path.mkdir()
    (path / "2026-11.data").write_bytes(body)
    return source, path
