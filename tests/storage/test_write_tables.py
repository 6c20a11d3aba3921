"""The whole Core tables the everyday commands write agree with the schema the models define."""

import pytest
from sqlmodel import SQLModel

import clientkit.storage.models  # noqa: F401  (registers the tables)
from clientkit.storage import write_tables
from tests.storage.test_tables import python_type

TABLES = list(write_tables.METADATA.tables.values())


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_a_written_table_has_exactly_its_models_columns_key_and_nullability(table):
    """A column missing here would be left out of the history's record of a row, and an undo
    could not put it back: every column, its type, key and nullability match the model's."""
    model_table = SQLModel.metadata.tables[table.name]
    assert set(table.c.keys()) == set(model_table.c.keys())
    for column in table.columns:
        schema = model_table.c[column.name]
        where = f"{table.name}.{column.name}"
        assert python_type(column.type) is python_type(schema.type), where
        assert column.primary_key == schema.primary_key, where
        assert column.nullable == schema.nullable, where
