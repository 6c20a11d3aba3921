"""SQL for export and import: every table in dependency order, streamed reads, bulk inserts."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Integer, Table, func, select, text, tuple_
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from clientkit.storage import models  # noqa: F401  (registers the tables)
from clientkit.storage.tables import DERIVED_TABLES

READ_BATCH = 2000

# A row of any table, column name -> stored value. Which type a value has depends on its
# column (int, bool, text, date or instant: see services.transfer.column_kind), known only
# when the table is, so the row stays open; export and import check each value by column.
TableRow = dict[str, Any]


def book_tables() -> list[Table]:
    """The book's own tables, parents before children (the order rows can be inserted in).

    Tables the database derives (DERIVED_TABLES) are left out: an import rebuilds them."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in DERIVED_TABLES]


def table_named(name: str) -> Table | None:
    if name in DERIVED_TABLES:
        return None
    return SQLModel.metadata.tables.get(name)


def key_columns(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


def row_counts(connection: Connection) -> dict[str, int]:
    """How many rows each table holds."""
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in book_tables()
    }


def stream_rows(connection: Connection, table: Table) -> Iterator[TableRow]:
    """Every row of `table` in key order, in batches (a server-side cursor on PostgreSQL)."""
    query = select(table).order_by(*key_columns(table))
    result = connection.execution_options(stream_results=True, yield_per=READ_BATCH).execute(query)
    for row in result:
        yield dict(row._mapping)


def rows_with_keys(
    connection: Connection, table: Table, keys: Sequence[tuple[object, ...]]
) -> dict[tuple[object, ...], TableRow]:
    """The rows of `table` whose primary keys are among `keys`, by key."""
    if not keys:
        return {}
    columns = key_columns(table)
    key = columns[0] if len(columns) == 1 else tuple_(*columns)
    wanted = [k[0] for k in keys] if len(columns) == 1 else list(keys)
    found = connection.execute(select(table).where(key.in_(wanted)))
    return {tuple(row._mapping[c.name] for c in columns): dict(row._mapping) for row in found}


def insert_rows(connection: Connection, table: Table, rows: list[TableRow]) -> None:
    """Insert rows with their own primary keys (one executemany)."""
    if rows:
        connection.execute(table.insert(), rows)


def delete_all(connection: Connection, table: Table) -> None:
    connection.execute(table.delete())


def reset_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequences past them.

    SQLite derives the next rowid from the table itself; PostgreSQL's SERIAL
    sequences do not notice explicit ids and would hand out a taken one next.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        column = _serial_column(table)
        if column is None:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": table.name, "column": column.name},
        )


def _serial_column(table: Table) -> Column[Any] | None:
    columns = key_columns(table)
    if len(columns) == 1 and isinstance(columns[0].type, Integer):
        return columns[0]
    return None


def repeatable_read(connection: Connection) -> Connection:
    """A connection whose transaction reads one snapshot on every engine (for export)."""
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="REPEATABLE READ")
    return connection  # SQLite's transactions already read one snapshot
