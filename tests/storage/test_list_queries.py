"""The lists' queries stay fast on a large book: a page is read through an index in order and
the scan stops at the limit, rather than sorting every row."""

from sqlalchemy import text

from clientkit.services.book import Book
from clientkit.storage.list_queries import TimeFilter, time_rows


def _plan(book: Book, where: TimeFilter) -> str:
    statement = time_rows(where, 50).compile(
        dialect=book.engine.dialect, compile_kwargs={"literal_binds": True}
    )
    with book.snapshot() as connection:
        plan = connection.execute(text(f"EXPLAIN QUERY PLAN {statement}")).all()
    return "\n".join(str(row[-1]) for row in plan)


def test_the_newest_entries_are_read_from_the_day_index_without_sorting_the_table(book):
    """Unfiltered and by kind, the list reads ix_time_day in order; at most the entries of
    one day are sorted by id (`RIGHT PART`), never the whole table."""
    if book.dialect != "sqlite":
        return  # the plan read here is SQLite's; the other tests run on PostgreSQL too
    for where in (TimeFilter(), TimeFilter(kind="call")):
        plan = _plan(book, where)
        assert "ix_time_day" in plan, plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
