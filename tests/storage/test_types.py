"""Timestamps are stored as UTC on every engine and come back aware."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from clientkit.storage.models import Client, Message


def test_instants_round_trip_as_aware_utc(book):
    """A message time given with an offset comes back as the same instant in UTC."""
    berlin = timezone(timedelta(hours=1))
    with book.write() as session:
        client = Client(name="Acme")
        session.add(client)
        session.flush()
        session.add(
            Message(
                client_id=client.id,
                direction="inbound",
                at=datetime(2026, 11, 23, 10, 30, tzinfo=berlin),
            )
        )
    with book.read() as session:
        stored = session.exec(select(Message)).one()
    assert stored.at == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert stored.at.tzinfo is not None
    assert stored.created_at.tzinfo is not None


def test_a_naive_datetime_is_refused(book):
    """A datetime without a zone is a bug: it is refused rather than guessed."""

    def store_naive() -> None:
        with book.write() as session:
            client = Client(name="Acme")
            session.add(client)
            session.flush()
            session.add(
                Message(client_id=client.id, direction="inbound", at=datetime(2026, 11, 23))
            )

    with pytest.raises(Exception, match="naive"):
        store_naive()
