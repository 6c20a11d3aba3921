"""The long lists as use cases: newest first, read a chunk at a time, counted when a page left
rows out, and as complete chunk by chunk as in one go."""

import pytest

from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.errors import BadInput
from clientkit.services.lists import (
    client_list,
    invoice_table,
    list_clients,
    list_invoices,
    list_projects,
    list_time,
)
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import log_time
from clientkit.storage import list_queries


@pytest.fixture
def busy(book: Book) -> Book:
    """Seven clients, a project of each with two entries of time logged."""
    for n in range(1, 8):
        add_client(book, f"Client {n}")
        add_project(book, f"Client {n}", f"Work {n}", TermsInput(hourly="50"))
        move_project(book, f"Work {n}", "start")
        for day in ("2026-11-02", "2026-11-03"):
            log_time(book, f"Work {n}", "1h", "work", on=day)
    return book


def test_a_page_is_the_newest_rows_and_counts_all_that_match(busy):
    """A limit keeps the newest rows; how many match in all is counted once the page is
    full, and is the rows read when it is not."""
    with client_list(busy, limit=3) as listing:
        names = [client["name"] for client in listing]
        assert (listing.shown, listing.matching()) == (3, 7)
    assert names == ["Client 7", "Client 6", "Client 5"]
    with client_list(busy, limit=10) as listing:
        assert len(list(listing)) == 7
        assert listing.matching() == 7


def test_rows_read_a_chunk_at_a_time_are_the_rows_read_at_once(busy, monkeypatch):
    """However small the chunks the cursor is read in, every list is the same."""
    whole = (
        list_clients(busy),
        list_projects(busy),
        list_invoices(busy),
        list_time(busy, limit=None),
    )
    monkeypatch.setattr(list_queries, "CHUNK", 2)
    chunked = (
        list_clients(busy),
        list_projects(busy),
        list_invoices(busy),
        list_time(busy, limit=None),
    )
    assert chunked == whole
    assert len(whole[3]["entries"]) == whole[3]["count"] == 14


def test_an_empty_list_is_counted_as_empty(book):
    with invoice_table(book, limit=50) as listing:
        assert list(listing) == []
        assert listing.matching() == 0


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_bad_input(busy, limit):
    with pytest.raises(BadInput, match="limit"), client_list(busy, limit=limit):
        pass
