"""Writes through Core, each recorded in the book's history row by row (so it can be undone).

The everyday commands write a row or two per run; going through the ORM would cost them its
import. These run an INSERT, UPDATE or DELETE on a whole table (storage/write_tables.py)
inside `write_connection` and let history.record_statement note what changed."""

from typing import Any

from sqlalchemy import Table, delete, insert, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from clientkit.storage.history import record_statement


def insert_row(connection: Connection, table: Table, **values: Any) -> int:
    """Insert one row; its new id."""
    statement = insert(table).values(**values)
    result = record_statement(
        connection, table, statement, None, lambda: connection.execute(statement)
    )
    new_id = result.inserted_primary_key[0]
    assert new_id is not None
    return int(new_id)


def update_rows(
    connection: Connection, table: Table, where: ColumnElement[bool], **values: Any
) -> int:
    """Update the rows `where` matches; how many."""
    statement = update(table).where(where).values(**values)
    result = record_statement(
        connection, table, statement, None, lambda: connection.execute(statement)
    )
    return int(result.rowcount)


def delete_rows(connection: Connection, table: Table, where: ColumnElement[bool]) -> int:
    """Delete the rows `where` matches; how many."""
    statement = delete(table).where(where)
    result = record_statement(
        connection, table, statement, None, lambda: connection.execute(statement)
    )
    return int(result.rowcount)
