"""Every command family fuzzed with hostile text, odd numbers and dates: exit 0, 1 or 2, never a
traceback, nothing raw on the terminal, and a book left exactly as it was on exit 2.

Each example starts from a copy of one seeded book (the demo book plus a draft invoice, a
running timer, client credit, a risk acknowledgement: built once per module), runs one or two
command lines drawn from the click tree itself, each parameter filled with values of its kind,
and checks every outcome. The book is compared table by table, row by row, not byte by byte:
opening a SQLite book may checkpoint its journal or touch its header without changing a row.
Examples are derandomized, so a run on CI tries the same inputs as the last run here;
CLIENTKIT_FUZZ_SCALE=N tries N times as many, with a fresh seed each run, to look further.
"""

import json
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clientkit.config import DEFAULTS
from tests.cli.helpers import assert_one_error_line, demo_in_home, home_db
from tests.conftest import (
    _PG_DATABASES,
    PG_URL,
    _drop_pg_database,
    _fresh_pg_database,
    _pg_admin,
    _pg_url,
)
from tests.properties.fuzz_inputs import (
    COMMAND,
    CONFIG_KEYS,
    EMAILS,
    STORABLE_TEXT,
    TEMPLATE_PIECES,
    TEXT,
    Line,
    Refs,
    command_lines,
    config_files,
    damaged_exports,
    runnable,
    tracker_files,
    value_kinds,
)

SCALE = int(os.environ.get("CLIENTKIT_FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# What the seeded book holds besides the demo: something in every state a command can meet.
SEED = [
    ("invoice", "create", "8"),  # a draft (id 9) with lines
    ("client", "add", "Ünïcødé 🎨 Studio", "--email", "u@example.com"),
    ("project", "add", "Ünïcødé", "Hourly help", "--hourly", "80"),
    ("project", "start", "Hourly help"),
    ("log", "Hourly help", "2h"),
    ("timer", "start", "1"),
    ("message", "add", "1", "--inbound", "--subject", "Hello"),
    ("scope", "add", "1", "Extra page", "--price", "200"),
    ("pay", "2026-0007", "700"),  # €12.50 beyond the balance: client credit
    ("risks", "ack", "no_deposit", "--project", "5", "--reason", "agreed by phone"),
]
# The command families, by the words that start their commands.
FAMILIES: dict[str, tuple[tuple[str, ...], ...]] = {
    "client": (("client",),),
    "project": (("project",),),
    "scope": (("scope",), ("revision",)),
    "time": (("log",), ("time",)),
    "timer": (("timer",),),
    "message": (("message",),),
    "contract": (("contract",),),
    "invoice": (("invoice",),),
    "payment": (("pay",), ("deposit",), ("payment",)),
    "credit": (("credit",),),
    "risks": (("risks",),),
    "remind": (("remind",),),
    "report": (("report",),),
    "calendar": (("calendar",),),
    "config": (("config",),),
    "profile": (("profile",),),
    "transfer": (("export",), ("import",), ("backup",)),
    "history": (("history",), ("undo",)),
}
# Not fuzzed: `demo` takes no input but flags (and --large builds thousands of rows); `tui`
# opens the terminal UI, which its own tests drive.
UNFUZZED = {("demo",), ("tui",)}
# Control characters that must never reach the terminal raw (newline and tab are layout).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
RAW_C0 = re.compile("[\x00-\x08\x0b-\x1f]")


@dataclass(frozen=True)
class Seed:
    book: Path
    export: Path
    refs: Refs


def book_rows(url: str | None = None, path: Path | None = None) -> dict[str, list[str]]:
    """Every row of every table (and the schema), in a stable order: what "the book" is; the
    home book's unless a PostgreSQL `url` or a SQLite `path` is given."""
    if url and url.startswith("postgresql"):
        return _pg_rows(url)
    connection = sqlite3.connect(path or home_db())
    try:
        names = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        rows = {
            name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names
        }
        rows["schema"] = sorted(map(repr, connection.execute("SELECT sql FROM sqlite_master")))
        return rows
    finally:
        connection.close()


def _pg_rows(url: str) -> dict[str, list[str]]:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return {
                name: sorted(map(repr, connection.execute(text(f'SELECT * FROM "{name}"'))))
                for name in names
            }
    finally:
        engine.dispose()


def book_refs() -> Refs:
    """Ids and names of the home book's rows, for the lookups the fuzz types."""
    connection = sqlite3.connect(home_db())

    def column(query: str) -> tuple[str, ...]:
        return tuple(str(value) for (value,) in connection.execute(query) if value is not None)

    try:
        return Refs(
            client=column("SELECT id FROM client")
            + column("SELECT name FROM client")
            + column("SELECT email FROM client"),
            project=column("SELECT id FROM project") + column("SELECT title FROM project"),
            invoice=column("SELECT id FROM invoice") + column("SELECT number FROM invoice"),
            message_id=column("SELECT id FROM message"),
            scope_id=column("SELECT id FROM scope_item"),
            entry=column("SELECT id FROM time_entry ORDER BY id DESC LIMIT 12"),
            payment=column("SELECT id FROM payment"),
        )
    finally:
        connection.close()


@pytest.fixture(scope="module")
def _seed_cache() -> dict[str, Any]:
    return {}


@pytest.fixture
def seed(invoke, home, demo_book_file, _seed_cache, tmp_path_factory) -> Seed:  # type: ignore[no-untyped-def]
    """The seeded book, built on the module's first test through the CLI, then copied."""
    if not _seed_cache:
        demo_in_home(demo_book_file)
        for args in SEED:
            done = invoke(*args)
            assert done.code == 0, (args, done.stderr)
        folder = tmp_path_factory.mktemp("fuzz-seed")
        assert invoke("export", "-o", str(folder / "export")).code == 0
        assert not home_db().with_name("clientkit.db-wal").exists()
        shutil.copy(home_db(), folder / "book.db")
        _seed_cache["seed"] = Seed(folder / "book.db", folder / "export", book_refs())
    return _seed_cache["seed"]  # type: ignore[no-any-return]


class Fuzz:
    """Runs drawn command lines against a fresh copy of the seeded book and checks each."""

    def __init__(self, invoke, home: Path, seed: Seed, folder: Path, db: str | None = None):  # type: ignore[no-untyped-def]
        self.invoke, self.home, self.seed, self.folder, self.db = invoke, home, seed, folder, db
        self.kinds = value_kinds(seed.refs, folder)

    def __repr__(self) -> str:
        return "Fuzz()"

    def reset(self, book: Path | None = None) -> None:
        """The seeded book (or `book`), no config, no templates, no files from before."""
        for leftover in ("config.toml", "templates", "documents"):
            _remove(self.home / leftover)
        for extra in self.home.glob("clientkit.db*"):
            extra.unlink(missing_ok=True)  # a -wal file goes when the last connection closes
        self.home.mkdir(exist_ok=True)
        if not self.db:
            shutil.copy(book or self.seed.book, home_db())
        _remove(self.folder)
        (self.folder / "empty").mkdir(parents=True)
        (self.folder / "full").mkdir()
        (self.folder / "full" / "inside.txt").write_text("taken\n")
        (self.folder / "existing.txt").write_text("taken\n")

    def run(self, line: Line) -> Any:
        """Run one command line and check its outcome; returns it."""
        before = book_rows(self.db)
        done = self.invoke(*line.args)
        said = f"clientkit {list(line.args)!r} -> exit {done.code}\n{done.stderr}{done.stdout}"
        assert done.code in (0, 1, 2), said
        for text in (done.stdout, done.stderr):
            assert "Traceback" not in text, said
            assert "unexpected failure" not in text, said
        assert not RAW.search(done.stderr), said
        # -h typed where a value was expected prints the help, never JSON
        json_out = line.as_json and done.code == 0 and not done.stdout.startswith("Usage: ")
        assert not (RAW_C0 if json_out else RAW).search(done.stdout), said
        if done.code == 2:
            assert_one_error_line(done.stderr)
            assert done.stdout == "", said
            assert book_rows(self.db) == before, f"exit 2 changed the book: {said}"
        elif done.code == 1:  # a failure is said: one line, or a run's report (remind)
            assert (done.stderr + done.stdout).strip(), said
        elif json_out:
            assert _is_json(done.stdout), f"--json printed no JSON document: {said}"
        return done


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


@pytest.fixture
def fuzz(invoke, home, seed, tmp_path, monkeypatch) -> Fuzz:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # a relative output path lands in the test's folder
    # One command tree for every run: building it takes longer than most commands, and a
    # click command keeps no state from one run to the next.
    monkeypatch.setattr("clientkit.cli.main.build_command", lambda: COMMAND)
    return Fuzz(invoke, home, seed, tmp_path / "files")


def test_every_command_belongs_to_a_fuzzed_family():
    """A new command is fuzzed as soon as it exists: its words start one of the families."""
    every = {words for words, _ in runnable(())} - {()}
    covered = {
        words for family in FAMILIES.values() for start in family for words, _ in runnable(start)
    }
    unfuzzed = {words for start in UNFUZZED for words, _ in runnable(start)}
    assert every - unfuzzed == covered
    assert COMMAND.name == "clientkit"


PLAIN = [name for name in FAMILIES if name not in ("remind", "config", "contract")]


@pytest.mark.parametrize("family", PLAIN)
@fuzz_settings(25)
@given(data=st.data())
def test_a_command_family_takes_any_input_without_a_traceback(fuzz, family, data):
    """One or two commands of the family on the seeded book, with anything typed."""
    fuzz.reset()
    lines = data.draw(st.lists(command_lines(FAMILIES[family], fuzz.kinds), min_size=1, max_size=2))
    for line in lines:
        fuzz.run(line)


REMIND_SMTP = (
    '[smtp]\nhost = "127.0.0.1"\nport = {port}\nfrom = "Mara <mara@novak.example>"\ntimeout = 5\n'
)


@pytest.fixture
def smtp_port(smtp_server) -> int:  # type: ignore[no-untyped-def]
    """The loopback SMTP server's port (the server itself prints too long in a failure)."""
    return int(smtp_server.port)


@fuzz_settings(20)
@given(data=st.data())
def test_reminders_take_hostile_client_names_and_addresses(fuzz, smtp_port, data):
    """A client of an overdue invoice renamed to anything, then `remind` with any options,
    sending to a loopback SMTP server (never further) or writing an outbox in the test."""
    fuzz.reset()
    (fuzz.home / "config.toml").write_text(REMIND_SMTP.format(port=smtp_port))
    if data.draw(st.booleans()):
        name, email = data.draw(STORABLE_TEXT | TEXT), data.draw(EMAILS)
        fuzz.run(Line(("client", "edit", "3", "--name", name, "--email", email), False))
    fuzz.run(data.draw(command_lines(FAMILIES["remind"], fuzz.kinds, frozenset({"send"}))))


@pytest.fixture
def empty_book(_sqlite_template: Path) -> Path:
    """A migrated empty book's file, to copy."""
    return _sqlite_template


def config_readers(folder: Path) -> dict[str, list[tuple[str, ...]]]:
    """The commands that read each table of the configuration (`config show` reads them all)."""
    remind = [("remind", "--dry-run", "--json"), ("remind", "--outbox", str(folder / "outbox"))]
    issue = [
        ("invoice", "issue", "9", "--json"),
        ("invoice", "pdf", "4", "-o", str(folder / "i.pdf")),
    ]
    return {
        "defaults": [
            ("project", "add", "1", "Fuzzed", "--price", "1000", "--deadline", "2026-11-30"),
            ("client", "add", "Fuzz Client", "--json"),
            ("profile", "show", "--json"),
            ("log", "Hourly help", "1h", "--json"),
            ("report", "--json"),
            *issue,
        ],
        "deposit": [("project", "add", "1", "Fuzzed", "--price", "1000", "--json")],
        "risk": [("risks", "--json"), ("risks", "--all"), ("client", "show", "3")],
        "reminders": [*remind, ("risks", "--json"), ("calendar", "-o", str(folder / "b.ics"))],
        "credit": [("pay", "2026-0004", "4000", "--json"), *issue, ("credit", "apply", "2", "9")],
        "statutory_interest": remind,
        "invoice": [("invoice", "create", "15", "--json"), *issue],
        "smtp": [("config", "show"), *remind],
    }


@fuzz_settings(30)
@given(data=st.data())
def test_any_config_file_is_read_or_refused_naming_the_setting(fuzz, empty_book, data):
    """A config.toml holding anything in one of its tables: the commands that read that table
    (or `config show`) work, or refuse it with one line; on a new book too, whose profile
    takes the configured defaults."""
    fuzz.reset(empty_book if data.draw(st.integers(0, 3)) == 0 else None)
    table = data.draw(st.sampled_from(list(DEFAULTS)))
    keys = [key for key in CONFIG_KEYS if key[0] == table]
    (fuzz.home / "config.toml").write_bytes(data.draw(config_files(keys)))
    readers = [
        ("config", "show"),
        ("config", "show", "--json"),
        *config_readers(fuzz.folder)[table],
    ]
    for args in data.draw(st.lists(st.sampled_from(readers), min_size=1, max_size=2)):
        fuzz.run(Line(args, "--json" in args))


@fuzz_settings(15)
@given(data=st.data())
def test_contracts_take_any_input_and_any_user_template(fuzz, data):
    """`contract` commands, sometimes with a user template of random markup and values."""
    fuzz.reset()
    if data.draw(st.booleans()):
        pieces = data.draw(st.lists(st.sampled_from(TEMPLATE_PIECES) | TEXT, max_size=6))
        (fuzz.home / "templates").mkdir()
        (fuzz.home / "templates" / "contract.en.txt").write_text(
            "\n".join(pieces), encoding="utf-8", errors="surrogateescape"
        )
    for line in data.draw(
        st.lists(command_lines(FAMILIES["contract"], fuzz.kinds), min_size=1, max_size=2)
    ):
        fuzz.run(line)


@fuzz_settings(25)
@given(data=st.data())
def test_import_takes_any_export_or_tracker_file_without_a_traceback(fuzz, empty_book, data):
    """A damaged export into an empty book, or another tracker's file of anything."""
    fuzz.reset()
    options = [option for option in ("--dry-run", "--json") if data.draw(st.booleans())]
    if data.draw(st.booleans()):
        fuzz.reset(empty_book)  # an export restores into an empty book only
        path = data.draw(damaged_exports(fuzz.seed.export, fuzz.folder))
    else:
        source, path = data.draw(tracker_files(fuzz.folder))
        options += ["--from", data.draw(st.just(source) | TEXT)]
        options += [
            item
            for value in data.draw(st.lists(fuzz.kinds["maps"].wild, max_size=2))
            for item in ("--map", value)
        ]
    fuzz.run(Line(("import", *options, "--", str(path)), "--json" in options))


# PostgreSQL: the families that write most, on a copy of the seeded book per example.
PG_FAMILIES = ["client", "project", "invoice", "payment", "time"]


@pytest.fixture(scope="module")
def _pg_seed_cache() -> Iterator[dict[str, str]]:
    cache: dict[str, str] = {}
    yield cache
    if "url" in cache:
        _drop_pg_database(cache["url"])


class PgFuzz(Fuzz):
    """The fuzz on PostgreSQL: each example on its own copy of the seeded book's database
    (CREATE DATABASE ... TEMPLATE), so that every example starts alike."""

    def __init__(self, fuzz: Fuzz, template: str, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__(fuzz.invoke, fuzz.home, fuzz.seed, fuzz.folder)
        self.template, self.monkeypatch = template, monkeypatch

    def reset(self, book: Path | None = None) -> None:
        self.drop()
        super().reset(book)
        name = f"ck_{uuid.uuid4().hex[:12]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        _PG_DATABASES.append(name)  # dropped at the end of the run if not before
        self.db = _pg_url(name)
        self.monkeypatch.setenv("CLIENTKIT_DB", self.db)

    def drop(self) -> None:
        if self.db:
            _drop_pg_database(self.db)
            self.db = None


@pytest.fixture
def pg_fuzz(fuzz, seed, _pg_seed_cache, monkeypatch) -> Iterator[PgFuzz]:  # type: ignore[no-untyped-def]
    """The seeded book imported once into a PostgreSQL database, the template of each copy."""
    if not PG_URL:
        pytest.skip("needs CLIENTKIT_TEST_PG_URL")
    if "url" not in _pg_seed_cache:
        url = _fresh_pg_database()
        done = fuzz.invoke("--db", url, "import", str(seed.export))
        assert done.code == 0, done.stderr
        assert len(book_rows(url)["client"]) == len(book_rows(path=seed.book)["client"])
        _pg_seed_cache["url"] = url
    pg = PgFuzz(fuzz, _pg_seed_cache["url"].rsplit("/", 1)[-1], monkeypatch)
    yield pg
    pg.drop()


@pytest.mark.postgres
@pytest.mark.parametrize("family", PG_FAMILIES)
@fuzz_settings(6)
@given(data=st.data())
def test_a_command_family_takes_any_input_on_postgresql(pg_fuzz, family, data):
    """The same property on a PostgreSQL book, for the families that write the most."""
    pg_fuzz.reset()
    assert os.environ["CLIENTKIT_DB"].startswith("postgresql")
    for line in data.draw(
        st.lists(command_lines(FAMILIES[family], pg_fuzz.kinds), min_size=1, max_size=2)
    ):
        pg_fuzz.run(line)
