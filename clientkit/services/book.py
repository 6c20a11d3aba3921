"""The open book: engine, clock and configuration handed to every use case."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from clientkit import paths
from clientkit.clock import Clock, system_zone_name, zone_named
from clientkit.config import Config, load_config
from clientkit.i18n import TEXT_LOCALE
from clientkit.storage.engine import (
    make_engine,
    read_connection,
    read_session,
    write_connection,
    write_session,
)
from clientkit.storage.migrate import ensure_schema
from clientkit.storage.risk_queries import profile_locale
from clientkit.storage.tables import profile

if TYPE_CHECKING:
    from sqlmodel import Session


# What the user asked for, as the history names it ("project start Brand", "tui: add client"):
# set by the adapter around the service call, so one book can serve many actions (the TUI).
ACTION: ContextVar[str | None] = ContextVar("clientkit_action", default=None)


@contextmanager
def acting(label: str) -> Iterator[None]:
    """Name the writes made inside this block in the book's history."""
    token = ACTION.set(label)
    try:
        yield
    finally:
        ACTION.reset(token)


@dataclass
class Book:
    """One freelancer's book; pass it to service functions.

    `label` names its writes in the history when no `acting` block does (the CLI sets it to
    the command line)."""

    engine: Engine
    url: str
    clock: Clock = field(default_factory=Clock)
    config: Config = field(default_factory=dict)
    label: str = ""
    # The profile's time zone, read once (see `zone`); `forget_zone` after the profile changes.
    _zone: tzinfo | None = field(default=None, init=False, repr=False, compare=False)

    def __setattr__(self, name: str, value: object) -> None:
        # A clock made before the book was readable (--today, a test's) counts calendar dates
        # in the book's zone, read when it is first asked; one taken from another book (a
        # `dataclasses.replace`) follows this book's.
        if name == "clock" and isinstance(value, Clock) and _follows_a_book(value):
            value = value.in_zone(self._zone_source)
        super().__setattr__(name, value)

    @property
    def zone(self) -> tzinfo:
        """The book's time zone: the profile's, else the configured default, else the
        system's. Read with one small query on first use, then kept."""
        if self._zone is None:
            with read_connection(self.engine) as db:
                self._read_zone(db)
        assert self._zone is not None
        return self._zone

    def _zone_source(self) -> tzinfo:
        return self.zone

    def _read_zone(self, db: Connection) -> None:
        name = db.execute(select(profile.c.timezone).where(profile.c.id == 1)).scalar()
        where = "time zone in the profile"
        if not name:
            name, where = self.config.get("defaults", {}).get("timezone"), "time zone in config"
        self._zone = zone_named(str(name), where) if name else zone_named(system_zone_name())

    def forget_zone(self) -> None:
        """Read the zone again on next use (the profile's zone was changed)."""
        self._zone = None

    @contextmanager
    def write(self) -> Iterator["Session"]:
        """One write transaction, recorded in the history as one entry."""
        label = ACTION.get() or self.label or "(unnamed)"
        with write_session(self.engine, label, self.clock.now()) as session:
            # Notices a write returns name amounts in the profile's locale, as text output does.
            if self._zone is None:  # read on the transaction's own connection, not a second
                self._read_zone(session.connection())
            token = TEXT_LOCALE.set(self.text_locale(session.connection()))
            try:
                yield session
            finally:
                TEXT_LOCALE.reset(token)

    @contextmanager
    def write_core(self) -> Iterator[Connection]:
        """`write` on a Core connection (storage.engine.write_connection): for the everyday
        commands, which then import neither the ORM nor the model classes."""
        label = ACTION.get() or self.label or "(unnamed)"
        with write_connection(self.engine, label, self.clock.now()) as connection:
            if self._zone is None:
                self._read_zone(connection)
            token = TEXT_LOCALE.set(self.text_locale(connection))
            try:
                yield connection
            finally:
                TEXT_LOCALE.reset(token)

    def text_locale(self, db: Connection) -> str:
        """The profile's locale, else the configured default, else en_US: one small query."""
        locale = profile_locale(db)
        if locale is not None:
            return locale
        return str(self.config.get("defaults", {}).get("locale", "en_US"))

    @contextmanager
    def read(self) -> Iterator["Session"]:
        with read_session(self.engine) as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Like `read`, but a Core connection: for aggregate queries, without the ORM."""
        with read_connection(self.engine) as connection:
            yield connection

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def _follows_a_book(clock: Clock) -> bool:
    given = clock.zone_given
    return given is None or getattr(given, "__func__", None) is Book._zone_source


def database_url(explicit: str | None = None) -> str:
    """--db, then CLIENTKIT_DB, then the SQLite file in the clientkit home."""
    url = explicit or os.environ.get("CLIENTKIT_DB")
    if url:
        return url
    return f"sqlite:///{paths.default_database_path()}"


def open_book(url: str | None = None, clock: Clock | None = None) -> Book:
    """Open (creating and migrating as needed) the book at `url`."""
    resolved = database_url(url)
    engine = make_engine(resolved)
    try:
        ensure_schema(engine, resolved)
        config = load_config(paths.config_path())
    except BaseException:
        # No book is handed out, so nothing else would close its connections: left to the
        # garbage collector, a SQLite one would checkpoint the book at some later moment.
        engine.dispose()
        raise
    return Book(engine=engine, url=resolved, clock=clock or Clock(), config=config)
