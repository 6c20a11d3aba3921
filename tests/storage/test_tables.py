"""The Core views in storage/tables.py agree with the schema the models define."""

import pytest
from sqlalchemy import TableClause
from sqlalchemy.types import TypeDecorator, TypeEngine
from sqlmodel import SQLModel

import clientkit.storage.models  # noqa: F401  (registers the tables)
from clientkit.storage import tables
from clientkit.storage.types import UTCDateTime

# Every view the module defines, so a new one is checked without being listed here.
VIEWS = [view for view in vars(tables).values() if isinstance(view, TableClause)]


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_every_column_of_a_view_exists_in_the_model_with_a_matching_type(view):
    """A renamed or retyped model column must not leave the fact queries reading a ghost, and
    a value must come back as the same Python type (a UTC datetime stays UTC)."""
    model_table = SQLModel.metadata.tables[view.name]
    for column in view.columns:
        where = f"{view.name}.{column.name}"
        assert column.name in model_table.c, f"{where} is not in the schema"
        schema_type = model_table.c[column.name].type
        assert python_type(column.type) is python_type(schema_type), where
        if isinstance(schema_type, UTCDateTime):
            assert isinstance(column.type, UTCDateTime), where


def python_type(kind: TypeEngine) -> type:
    """What a column of this type reads as (a decorator such as SQLModel's AutoString
    reads as what it decorates)."""
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind.python_type
