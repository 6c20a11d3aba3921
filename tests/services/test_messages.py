"""Messages: inbound ones wait until answered; an outbound reply answers them."""

from datetime import UTC, datetime

import pytest

from clientkit.domain.errors import InvalidValue
from clientkit.services.clients import add_client, show_client
from clientkit.services.errors import BadInput, NotFound, Refused
from clientkit.services.message_records import add_message
from clientkit.services.messages import (
    answer_message,
    delete_message,
    edit_message,
    list_messages,
    show_message,
)
from clientkit.services.projects import TermsInput, add_project
from clientkit.storage.models import Message


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


@pytest.fixture
def mailbox(acme):  # type: ignore[no-untyped-def]
    """Acme and Šťastný with a project each, and a thread of messages with bodies."""
    add_client(acme, "Šťastný Lubomír")
    add_project(acme, "Acme", "Site", TermsInput(price="1000"))
    add_message(
        acme, "Acme", "inbound", subject="Colours", body="The blue is off.", at="2026-11-20T09:00"
    )
    add_message(acme, "Acme", "outbound", subject="Re: Colours", at="2026-11-20T15:00")
    add_message(
        acme,
        "Šťastný Lubomír",
        "inbound",
        subject="Faktúra",
        body="Dobrý deň,\npán Šťastný prosí o opravu.",
        at="2026-11-22T10:00",
    )
    add_message(acme, "Acme", "inbound", subject="Logo", project_ref="Site", at="2026-11-23T08:00")
    return acme


def _ids(book, **query):  # type: ignore[no-untyped-def]
    limit = query.pop("limit", 50)
    return [row["id"] for row in list_messages(book, query, limit)["rows"]]


def test_a_body_is_kept_with_unix_line_ends_and_no_trailing_blank(acme):
    """A pasted e-mail keeps its lines, tabs and accents; CR LF becomes LF, the end is trimmed."""
    added = add_message(acme, "Acme", "inbound", body="Hi,\r\n\tčo nové?\r\n\r\n")
    assert show_message(acme, str(added["id"]))["body"] == "Hi,\n\tčo nové?"


@pytest.mark.parametrize("body", ["bell\a", "esc \x1b[31mred", "nul\x00"])
def test_a_body_with_control_characters_is_refused_and_nothing_is_recorded(acme, body):
    """Escape sequences and NUL never reach the book (they would act on the terminal)."""
    with pytest.raises(InvalidValue, match="control"):
        add_message(acme, "Acme", "inbound", body=body)
    assert list_messages(acme, {})["rows"] == []


def test_messages_are_listed_newest_first_with_names_and_the_first_line(mailbox):
    """A row names the client and project, says whether it was answered, and starts the body."""
    rows = list_messages(mailbox, {})["rows"]
    assert [r["id"] for r in rows] == [4, 3, 2, 1]
    assert (rows[0]["client"], rows[0]["project"], rows[0]["answered"]) == ("Acme", "Site", False)
    assert (rows[2]["direction"], rows[2]["answered"]) == ("outbound", None)
    assert (rows[3]["answered"], rows[3]["first_line"]) == (True, "The blue is off.")
    assert rows[1]["first_line"] == "Dobrý deň,"


def test_a_search_ignores_case_and_diacritics_in_subject_and_body(mailbox):
    """`stastny` finds Šťastný in a body; `FAKTURA` finds Faktúra in a subject."""
    assert _ids(mailbox, search="stastny") == [3]
    assert _ids(mailbox, search="FAKTURA") == [3]
    assert _ids(mailbox, search="šťastný") == [3]
    assert _ids(mailbox, search="BLUE") == [1]
    assert _ids(mailbox, search="nowhere") == []


def test_every_word_of_a_search_must_appear(mailbox):
    """Words match anywhere in the subject or body, in any order, but all of them."""
    assert _ids(mailbox, search="off colours") == [1]
    assert _ids(mailbox, search="colours faktura") == []


def test_a_search_treats_like_wildcards_as_plain_text(mailbox):
    """`%` and `_` are characters to find, not SQL patterns."""
    add_message(mailbox, "Acme", "inbound", subject="50% off", at="2026-11-21T09:00")
    assert _ids(mailbox, search="%") == [5]
    assert _ids(mailbox, search="_") == []


def test_the_list_narrows_by_client_project_direction_answer_and_period(mailbox):
    """Each filter keeps only what it names; the period is whole days, both ends included."""
    assert _ids(mailbox, client="stastny") == [3]
    assert _ids(mailbox, project="Site") == [4]
    assert _ids(mailbox, direction="outbound") == [2]
    assert _ids(mailbox, unanswered=True) == [4, 3]
    assert _ids(mailbox, start="2026-11-22") == [4, 3]
    assert _ids(mailbox, end="2026-11-20") == [2, 1]
    assert _ids(mailbox, start="2026-11-20", end="2026-11-22", client="Acme") == [2, 1]


def test_a_limit_keeps_the_newest_and_says_more_match(mailbox):
    """`more` tells a cut list from a complete one, with and without a search."""
    cut = list_messages(mailbox, {}, limit=2)
    assert ([r["id"] for r in cut["rows"]], cut["more"]) == ([4, 3], True)
    assert list_messages(mailbox, {}, limit=4)["more"] is False
    searched = list_messages(mailbox, {"search": "o"}, limit=1)
    assert (len(searched["rows"]), searched["more"]) == (1, True)


def test_the_largest_limit_click_takes_lists_everything(mailbox):
    """--limit 9223372036854775807 asked SQL for one row more than an integer holds (an
    OverflowError): any limit beyond the book's size lists everything, with and without a search."""
    assert [r["id"] for r in list_messages(mailbox, {}, limit=2**63 - 1)["rows"]] == [4, 3, 2, 1]
    searched = list_messages(mailbox, {"search": "o"}, limit=2**63 - 1)
    assert searched["more"] is False


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13-01"}, "invalid date"),
        ({"end": "yesterday"}, "invalid date"),
        ({"start": "2026-11-23", "end": "2026-11-01"}, "after"),
        ({"direction": "outbound", "unanswered": True}, "inbound"),
        ({"direction": "sideways"}, "invalid direction"),
        ({"search": "   "}, "some text"),
        ({"client": "Nobody"}, "no client"),
        ({"project": "Nothing"}, "no project"),
    ],
)
def test_bad_list_filters_are_bad_input(mailbox, query, message):
    """Unknown names, impossible periods and contradictory filters are refused plainly."""
    with pytest.raises(InvalidValue, match=message):
        list_messages(mailbox, query)


def test_a_limit_below_one_is_bad_input(mailbox):
    with pytest.raises(BadInput, match="limit"):
        list_messages(mailbox, {}, limit=0)


def test_show_gives_the_whole_body_and_what_answered_what(mailbox):
    """An inbound message names its reply; the reply lists what it answered."""
    asked, reply = show_message(mailbox, "1"), show_message(mailbox, "2")
    assert (asked["body"], asked["client"], asked["answered_by"]) == ("The blue is off.", "Acme", 2)
    assert (reply["answers"], reply["answered_by"]) == ([1], None)
    waiting = show_message(mailbox, "3")
    assert (waiting["answered_by"], waiting["body"]) == (
        None,
        "Dobrý deň,\npán Šťastný prosí o opravu.",
    )
    assert show_message(mailbox, "4")["project"] == "Site"
    with pytest.raises(NotFound):
        show_message(mailbox, "99")


def test_an_inbound_message_marked_answered_by_hand_names_no_reply(mailbox):
    answer_message(mailbox, "3", at="2026-11-22T11:00")
    shown = show_message(mailbox, "3")
    assert (shown["answered_at"] is not None, shown["answered_by"]) == (True, None)


def test_edit_corrects_subject_body_and_channel(mailbox):
    """Only what is given changes; the body is cleaned as when it was added."""
    edited = edit_message(
        mailbox, "1", {"subject": "Colors", "body": "Blue.\r\n", "channel": "chat"}
    )
    assert (edited["subject"], edited["body"], edited["channel"]) == ("Colors", "Blue.", "chat")
    assert edited["at"] == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_reply_moved_in_time_takes_its_answers_along(mailbox):
    """Moved later, it still answers; moved before the question, the question waits again."""
    edit_message(mailbox, "2", {"at": "2026-11-21T08:00"})
    assert show_message(mailbox, "1")["answered_at"] == datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    edit_message(mailbox, "2", {"at": "2026-11-19T08:00"})
    assert (show_message(mailbox, "1")["answered_at"], show_message(mailbox, "2")["answers"]) == (
        None,
        [],
    )


def test_a_question_cannot_be_moved_after_its_answer(mailbox):
    with pytest.raises(Refused, match="answered"):
        edit_message(mailbox, "1", {"at": "2026-11-21T09:00"})
    assert show_message(mailbox, "1")["at"] == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({}, "nothing to change"),
        ({"channel": "pigeon"}, "invalid channel"),
        ({"subject": "a\nb"}, "control"),
        ({"body": "\x1b[2J"}, "control"),
        ({"at": "soon"}, "invalid date-time"),
    ],
)
def test_bad_edits_are_bad_input_and_change_nothing(mailbox, changes, error):
    before = show_message(mailbox, "1")
    with pytest.raises(InvalidValue, match=error):
        edit_message(mailbox, "1", changes)
    assert show_message(mailbox, "1") == before


def test_deleting_a_reply_leaves_what_it_answered_waiting(mailbox):
    """The deleted reply's question waits again, unless a later reply answers it."""
    deleted = delete_message(mailbox, "2")
    assert (deleted["client"], deleted["waiting_again"]) == ("Acme", [1])
    assert _ids(mailbox, unanswered=True) == [4, 3, 1]
    with pytest.raises(NotFound):
        show_message(mailbox, "2")


def test_deleting_a_reply_hands_its_answers_to_the_next_reply(mailbox):
    add_message(mailbox, "Acme", "outbound", subject="Again", at="2026-11-20T16:00")
    assert delete_message(mailbox, "2")["waiting_again"] == []
    assert show_message(mailbox, "1")["answered_by"] == 5


def test_the_record_of_a_sent_e_mail_cannot_be_edited_or_deleted(mailbox):
    """A reminder clientkit sent is what the client received: it stays as it is."""
    with mailbox.write() as session:
        session.add(
            Message(
                client_id=1,
                direction="outbound",
                subject="Reminder",
                at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
                message_id="<r@x>",
            )
        )
    sent = str(list_messages(mailbox, {"search": "reminder"})["rows"][0]["id"])
    with pytest.raises(Refused, match="sent"):
        edit_message(mailbox, sent, {"subject": "Nicer"})
    with pytest.raises(Refused, match="sent"):
        delete_message(mailbox, sent)
    with pytest.raises(NotFound):
        delete_message(mailbox, "99")


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Main Strasse 5", "straße"),  # a search folds too: ß is ss
        ("Привет, Jana", "ПРИВЕТ"),  # beyond Latin: case still ignored
        ("Łódź office", "lodz"),  # letters people type without their stroke
        ("café\u0301 naïve", "cafe naive"),  # combining marks typed separately
        ("line one\n\tline two", "one line"),  # words in any order, across lines
    ],
)
def test_a_search_folds_the_text_as_names_are_folded(acme, stored, typed):
    """Plain-ASCII and accented bodies alike are found however the words are typed."""
    add_message(acme, "Acme", "inbound", subject="x", body=stored)
    add_message(acme, "Acme", "inbound", subject="y", body="nothing to see")
    assert [row["subject"] for row in list_messages(acme, {"search": typed})["rows"]] == ["x"]
