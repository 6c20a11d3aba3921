"""Messages: inbound ones wait until answered; an outbound reply answers them."""

from datetime import UTC, datetime

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, show_client
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.messages import add_message, answer_message


@pytest.fixture
def acme(book):  # type: ignore[no-untyped-def]
    add_client(book, "Acme")
    return book


def test_an_inbound_message_waits_for_a_reply(acme):
    """A recorded inbound message has no answer yet."""
    view = add_message(acme, "Acme", "inbound", subject="Quote?", at="2026-11-22T09:00")
    assert view["direction"] == "inbound"
    assert view["at"] == datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    assert view["answered_at"] is None


def test_an_outbound_message_answers_the_inbound_ones_before_it(acme):
    """A reply answers every earlier waiting message of that client, not later ones."""
    first = add_message(acme, "Acme", "inbound", at="2026-11-20T09:00")
    second = add_message(acme, "Acme", "inbound", at="2026-11-21T09:00")
    later = add_message(acme, "Acme", "inbound", at="2026-11-23T18:00")
    reply = add_message(acme, "Acme", "outbound", at="2026-11-23T10:00")
    assert reply["answered_messages"] == 2
    answered = {m["id"]: m["answered_at"] for m in show_client(acme, "Acme")["messages"]}
    assert answered[first["id"]] == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert answered[second["id"]] == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert answered[later["id"]] is None


def test_a_reply_to_one_client_does_not_answer_another(acme):
    """Answers are per client."""
    add_client(acme, "Bureau")
    waiting = add_message(acme, "Bureau", "inbound", at="2026-11-20T09:00")
    add_message(acme, "Acme", "outbound", at="2026-11-23T10:00")
    messages = show_client(acme, "Bureau")["messages"]
    assert [(m["id"], m["answered_at"]) for m in messages] == [(waiting["id"], None)]


def test_answering_marks_one_message_and_refuses_twice(acme):
    """message answer stamps the time; answering again or an outbound message is refused."""
    inbound = add_message(acme, "Acme", "inbound", at="2026-11-20T09:00")
    answered = answer_message(acme, str(inbound["id"]), at="2026-11-20T11:00")
    assert answered["answered_at"] == datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
    with pytest.raises(Refused, match="already answered"):
        answer_message(acme, str(inbound["id"]))
    outbound = add_message(acme, "Acme", "outbound")
    with pytest.raises(Refused, match="outbound"):
        answer_message(acme, str(outbound["id"]))
    with pytest.raises(NotFound):
        answer_message(acme, "999")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"channel": "pigeon"}, "invalid channel"),
        ({"subject": "Hi\r\nBcc: x@y.z"}, "control"),
        ({"at": "yesterday"}, "invalid date-time"),
    ],
)
def test_malformed_messages_are_refused(acme, kwargs, message):
    """Unknown channels, control characters in subjects and bad times are refused."""
    with pytest.raises(InvalidValue, match=message):
        add_message(acme, "Acme", "inbound", **kwargs)
    assert show_client(acme, "Acme")["messages"] == []


def test_a_message_needs_a_direction(acme):
    """Neither inbound nor outbound is bad input."""
    with pytest.raises(BadInput):
        add_message(acme, "Acme", "sideways")
