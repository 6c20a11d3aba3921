"""Whole-book SQL for the demo: emptiness check, wiping every table, chunked bulk inserts."""

from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Table, delete, func, insert, select, text
from sqlmodel import Session, SQLModel

from clientkit.storage import models

CHUNK_ROWS = 20_000
Item = TypeVar("Item")

# One row for any model's table, column key -> value in that column's Python type (int,
# str, date, datetime, bool or None); the column's own bind processor converts each value.
BulkRow = dict[str, object]

# What `table_counts` reports, by the names the demo summary uses.
COUNTED = {
    "clients": models.Client,
    "projects": models.Project,
    "scope_items": models.ScopeItem,
    "revisions": models.Revision,
    "time_entries": models.TimeEntry,
    "messages": models.Message,
    "contracts": models.Contract,
    "invoices": models.Invoice,
    "invoice_lines": models.InvoiceLine,
    "payments": models.Payment,
}


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def has_data(session: Session) -> bool:
    """True when any table holds a row, or the profile has been filled in."""
    profile = models.Profile.__table__  # type: ignore[attr-defined]
    for table in _tables():
        if table is profile:
            continue
        if session.execute(select(1).select_from(table).limit(1)).first() is not None:
            return True
    named = select(1).select_from(profile).where(profile.c.name != "").limit(1)
    return session.execute(named).first() is not None


def delete_all(session: Session) -> None:
    """Delete every row of every table, children first, inside the caller's transaction.

    PostgreSQL truncates instead (also transactional): a row-by-row DELETE fires a
    foreign-key check per parent row against tables full of not yet vacuumed rows.
    """
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in _tables())
        session.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY"))
        return
    for table in reversed(_tables()):
        session.execute(delete(table))


def table_counts(session: Session) -> dict[str, int]:
    """Row counts of the book's main tables."""
    return {
        name: int(session.execute(select(func.count()).select_from(model.__table__)).scalar_one())  # type: ignore[attr-defined]
        for name, model in COUNTED.items()
    }


def next_id(session: Session, model: Any) -> int:
    """The first id above every existing row of `model`'s table."""
    table = model.__table__
    return int(session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1


def chunks(rows: Iterable[Item], size: int = CHUNK_ROWS) -> Iterator[list[Item]]:
    """`rows` in lists of at most `size`, so a generator never has to sit in memory whole."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(session: Session, model: type[SQLModel], rows: Iterable[BulkRow]) -> int:
    """Insert dicts (all with the same keys) by the driver's executemany, chunk by chunk.

    Same SQL and the same bound values as Core's `insert(table)`, but each column's bind
    processor runs once per distinct value rather than once per row: a million rows share
    a few thousand dates and one timestamp, and SQLAlchemy's per-row processing was most
    of the time. Missing columns get their Python default once per chunk. Returns the count.
    """
    table: Table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    count = 0
    for batch in chunks(rows):
        defaults = _defaults(table, batch[0])
        if defaults:
            batch = [{**defaults, **row} for row in batch]
        compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(batch[0]))
        names = list(compiled.positiontup or []) if compiled.positional else list(batch[0])
        values = _values(batch, names, table, connection.dialect)
        if connection.dialect.name == "postgresql":
            _copy(connection, table.name, names, values)
        elif compiled.positional:
            connection.exec_driver_sql(compiled.string, values)
        else:
            connection.exec_driver_sql(
                compiled.string, [dict(zip(names, row, strict=True)) for row in values]
            )
        count += len(batch)
    return count


def _values(batch: list[BulkRow], names: list[str], table: Table, dialect: Any) -> list[Any]:
    """Each row's values in `names` order, through the columns' bind processors."""
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    converters = [
        (index, convert)
        for index, name in enumerate(names)
        if (convert := _memoized(table.c[name].type, dialect)) is not None
    ]
    if not converters:
        return [pick(row) for row in batch]
    values = []
    for row in batch:
        cells = list(pick(row))
        for index, convert in converters:
            cells[index] = convert(cells[index])
        values.append(tuple(cells))
    return values


def _copy(connection: Any, table: str, names: list[str], values: list[Any]) -> None:
    """PostgreSQL's COPY through psycopg, in the connection's open transaction: several
    times faster than executemany for a million rows."""
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def _defaults(table: Table, row: BulkRow) -> BulkRow:
    """Python-side defaults of the columns `row` leaves out, computed once."""
    values = {}
    for column in table.columns:
        if column.key in row or column.default is None:
            continue
        default: Any = column.default
        values[column.key] = default.arg(None) if default.is_callable else default.arg
    return values


def _memoized(type_: Any, dialect: Any) -> Any:
    """The column type's bind processor, remembering its result per distinct value."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = process(value)
            return result
        except TypeError:  # unhashable: no memo
            return process(value)

    return convert


def sync_id_sequences(session: Session, models_with_ids: Iterable[Any]) -> None:
    """Move PostgreSQL's id sequences past explicitly inserted ids (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models_with_ids:
        name = model.__table__.name
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{name}"), false)'
            )
        )


def tune_for_bulk(session: Session) -> None:
    """A larger page cache for this SQLite connection while it writes a million rows."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA cache_size = -32768"))  # 32 MiB, in KiB


def untune(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA cache_size = -2000"))  # SQLite's default
