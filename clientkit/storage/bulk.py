"""Whole-book SQL for the demo: emptiness check, wiping every table, chunked bulk inserts,
and a load with the indexes and the derived tables' triggers out of the way."""

from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from itertools import chain, islice
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Table, delete, func, insert, select, text
from sqlmodel import Session, SQLModel

from clientkit.storage import models

# Values per executemany: 25,000 rows of the time entries' eight columns, fewer of wider rows
# (a chunk of 20,000 projects as dicts held ~30 MB).
CHUNK_CELLS = 200_000
Item = TypeVar("Item")

# One row for any model's table, column key -> value in that column's Python type (int,
# str, date, datetime, bool or None); the column's own bind processor converts each value.
# The big tables pass tuples instead, with the column keys once (`insert_rows`' `columns`).
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


def chunks(rows: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """`rows` in lists of at most `size`, so a generator never has to sit in memory whole."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _chunks_of_cells(rows: Iterable[Sized]) -> Iterator[list[Any]]:
    """`rows` in lists of about CHUNK_CELLS values, sized by the first row's width."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    yield from chunks(chain([first], iterator), max(1, CHUNK_CELLS // max(1, len(first))))


def insert_rows(
    session: Session,
    model: type[SQLModel],
    rows: Iterable[BulkRow] | Iterable[tuple[object, ...]],
    columns: Sequence[str] | None = None,
) -> int:
    """Insert rows by the driver's executemany (PostgreSQL: COPY), chunk by chunk: dicts
    all with the same keys, or, with `columns`, tuples in that order (cheaper for a million
    rows: no dict per row). Returns the count.

    Same SQL and the same bound values as Core's `insert(table)`, but each column's bind
    processor runs once per distinct value, over the chunk's columns rather than its rows:
    a million rows share a few thousand dates and one timestamp, and SQLAlchemy's per-row
    processing was most of the time. Missing columns get their Python default once.
    """
    table: Table = model.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    dialect = connection.dialect
    count = 0
    for batch in _chunks_of_cells(rows):
        if columns is None:
            names = list(batch[0])
            batch = _as_tuples(batch, names)
        else:
            names = list(columns)
        cells: dict[str, Sequence[Any]] = dict(zip(names, zip(*batch, strict=True), strict=True))
        for name, value in _defaults(table, names).items():
            cells[name] = (value,) * len(batch)
        compiled = insert(table).compile(dialect=dialect, column_keys=list(cells))
        order = list(compiled.positiontup or []) if compiled.positional else list(cells)
        converted = [_converted(cells[name], table.c[name].type, dialect) for name in order]
        values = list(zip(*converted, strict=True))
        if dialect.name == "postgresql":
            _copy(connection, table.name, order, values)
        elif compiled.positional:
            connection.exec_driver_sql(compiled.string, values)
        else:
            connection.exec_driver_sql(
                compiled.string, [dict(zip(order, row, strict=True)) for row in values]
            )
        count += len(batch)
    return count


def _as_tuples(batch: list[BulkRow], names: list[str]) -> list[tuple[object, ...]]:
    if len(names) == 1:
        return [(row[names[0]],) for row in batch]
    return list(map(itemgetter(*names), batch))


def _converted(cells: Sequence[Any], type_: Any, dialect: Any) -> Any:
    """One column's values through its bind processor, once per distinct value."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return cells
    try:
        memo = {value: process(value) for value in set(cells)}
    except TypeError:  # unhashable values: no memo
        return [process(value) for value in cells]
    return list(map(memo.__getitem__, cells))


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


def _defaults(table: Table, names: list[str]) -> BulkRow:
    """Python-side defaults of the columns not in `names`, computed once."""
    values = {}
    for column in table.columns:
        if column.key in names or column.default is None:
            continue
        default: Any = column.default
        values[column.key] = default.arg(None) if default.is_callable else default.arg
    return values


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


# Each derived table (models.DERIVED_TABLES) summed from its base table in one statement,
# exactly as the triggers keep it row by row: migration 0002 (minutes), 0004 (scope) and 0009
# (payments, voided ones counting nowhere). A trigger makes a row on a project's first base
# row, so both make one row per project (and currency) that has any base row to count.
DERIVED_SUMS = {
    "project_minutes": (
        "time_entry",
        "INSERT INTO project_minutes (project_id, work_minutes, comm_minutes) "
        "SELECT project_id, SUM(CASE WHEN kind = 'work' THEN minutes ELSE 0 END), "
        "SUM(CASE WHEN kind IN ('call', 'meeting', 'email', 'chat') THEN minutes ELSE 0 END) "
        "FROM time_entry GROUP BY project_id",
    ),
    "project_scope": (
        "scope_item",
        "INSERT INTO project_scope (project_id, change_requests, change_value_minor, "
        "change_minutes, unapproved_changes, unapproved_value_minor, open_items) "
        "SELECT project_id, SUM(CASE WHEN change_request THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN change_request THEN COALESCE(price_minor, 0) ELSE 0 END), "
        "SUM(CASE WHEN change_request AND price_minor IS NULL "
        "THEN COALESCE(estimate_minutes, 0) ELSE 0 END), "
        "SUM(CASE WHEN change_request AND approved_on IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN change_request AND approved_on IS NULL "
        "THEN COALESCE(price_minor, 0) ELSE 0 END), "
        "SUM(CASE WHEN done THEN 0 ELSE 1 END) "
        "FROM scope_item GROUP BY project_id",
    ),
    "project_payments": (
        "payment",
        "INSERT INTO project_payments (project_id, currency, deposit_minor, received_minor) "
        "SELECT project_id, currency, "
        "SUM(CASE WHEN kind = 'deposit' THEN amount_minor ELSE 0 END), "
        "SUM(CASE WHEN kind = 'refund' THEN -amount_minor ELSE amount_minor END) "
        "FROM payment WHERE project_id IS NOT NULL AND voided_at IS NULL "
        "GROUP BY project_id, currency",
    ),
}


@contextmanager
def upkeep_deferred(session: Session, models_loaded: Iterable[Any]) -> Iterator[None]:
    """Load the tables of `models_loaded` with their indexes and the derived tables'
    triggers out of the way, then build each derived table with one INSERT ... SELECT
    and put the same indexes and triggers back.

    Row by row, a million time entries cost a trigger's upsert and several index inserts
    each, in random order (most of the write traffic of the large build); one sort per
    index and one grouped sum per derived table after the load are far cheaper. Use it
    inside the caller's transaction and on an empty book (the derived tables are summed
    again from the whole base tables): every step is transactional on both engines, so a
    build that fails or is interrupted rolls back to the book as it was, indexes and
    triggers included, and never leaves a complete-looking book without them. On failure
    nothing is put back here: the rollback does it.
    """
    connection = session.connection()
    tables = [model.__table__.name for model in models_loaded]
    sources = [name for name, (source, _) in DERIVED_SUMS.items() if source in tables]
    if connection.dialect.name == "postgresql":
        indexes = _pg_indexes(connection, tables)
    else:
        indexes = _sqlite_schema(connection, "index", tables)
    triggers = _suspend_triggers(connection, [DERIVED_SUMS[name][0] for name in sources])
    quote = connection.dialect.identifier_preparer.quote
    for name, _ in indexes:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for _, create in indexes:
        connection.exec_driver_sql(create)
    for name in sources:  # after the indexes: a covering index serves the GROUP BY
        connection.exec_driver_sql(f"DELETE FROM {quote(name)}")
        connection.exec_driver_sql(DERIVED_SUMS[name][1])
    _resume_triggers(connection, triggers)


def _sqlite_schema(connection: Any, kind: str, tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes or triggers on `tables`, as SQLite keeps them;
    the unique constraints' own indexes (no statement) belong to their table and stay."""
    marks = ", ".join("?" * len(tables))
    found = connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        (kind, *tables),
    )
    return [(str(name), str(sql)) for name, sql in found]


def _pg_indexes(connection: Any, tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes on `tables` in the book's schema, leaving out
    those of primary keys and unique constraints (they belong to their constraint)."""
    found = connection.execute(
        text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace "
            "AND t.relname = ANY(:tables) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY c.relname"
        ),
        {"tables": tables},
    )
    return [(str(name), str(create)) for name, create in found]


def _suspend_triggers(connection: Any, tables: list[str]) -> list[tuple[str, str]]:
    """Stop the triggers on `tables` until `_resume_triggers`: SQLite drops them (returning
    their statements), PostgreSQL disables its user triggers (foreign keys stay checked)."""
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name == "postgresql":
        for table in tables:
            connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
        return [(table, "") for table in tables]
    triggers = _sqlite_schema(connection, "trigger", tables) if tables else []
    for name, _ in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER {quote(name)}")
    return triggers


def _resume_triggers(connection: Any, triggers: list[tuple[str, str]]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    for name, create in triggers:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"ALTER TABLE {quote(name)} ENABLE TRIGGER USER")
        else:
            connection.exec_driver_sql(create)
