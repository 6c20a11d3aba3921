"""Undo round-trips every reversible command: apply it, undo, and the book is as it was."""

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import SQLModel

from clientkit.services.book import Book, acting
from clientkit.services.clients import add_client, archive_client, edit_client
from clientkit.services.credit import apply_credit, refund_credit
from clientkit.services.deposit_records import record_deposit
from clientkit.services.errors import ClientkitError
from clientkit.services.history import history, undo
from clientkit.services.invoicing import (
    add_line,
    create_invoice,
    delete_invoice,
    edit_line,
    issue_invoice,
    remove_line,
)
from clientkit.services.message_records import add_message
from clientkit.services.messages import (
    answer_message,
    delete_message,
    edit_message,
)
from clientkit.services.payment_records import void_payment
from clientkit.services.payments import pay_invoice
from clientkit.services.profile import set_profile
from clientkit.services.project_edits import ProjectChanges, edit_project, reopen_project
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.risk_acks import ack_risk, unack_risk
from clientkit.services.scope_items import add_scope_item, approve_scope_item
from clientkit.services.time_entries import delete_time, edit_time
from clientkit.services.tracking import (
    add_revision,
    log_time,
    start_timer,
    stop_timer,
    switch_timer,
)
from clientkit.storage.models import DERIVED_TABLES

# Every command gets its own examples: drawn from one pool, a rare one could go untried.
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NAMES = st.text(alphabet="abcdefgh Zé", min_size=1, max_size=8).map(str.strip).filter(bool)
PROJECTS = st.sampled_from(["Site", "Hours", "Draft"])
AMOUNTS = st.integers(min_value=1, max_value=500_000).map(lambda cents: f"{cents / 100:.2f}")
DURATIONS = st.sampled_from(["15m", "1h", "1h30m", "2.5h"])
KINDS = st.sampled_from(["work", "call", "meeting", "email", "chat"])
BODIES = st.text(alphabet="ab Šť\n\t", max_size=12)

Command = Callable[[Book, st.DataObject], None]


def _client_add(book: Book, data: st.DataObject) -> None:
    add_client(book, data.draw(NAMES), email="who@example.com", budget=data.draw(AMOUNTS))


# Values each checked field accepts; the other fields take any name-like text.
CHECKED = {
    "email": st.just("new@example.com"),
    "country": st.sampled_from(["SK", "DE", "AT"]),
    "vat_id": st.sampled_from(["SK2020273893", "DE298765435", ""]),
    "phone": st.sampled_from(["+421 2 1234 5678", "030 123456"]),
    "endpoint": st.sampled_from(["0088:4000001123452", "9950:SK2020273893", ""]),
}
PARTY = [
    "street",
    "postcode",
    "city",
    "country",
    "reg_id",
    "tax_id",
    "vat_id",
    "contact",
    "phone",
    "endpoint",
]


def _client_edit(book: Book, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["name", "email", "company", "address", *PARTY]))
    edit_client(book, "Acme", **{field: data.draw(CHECKED.get(field, NAMES))})


def _profile_set(book: Book, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["name", *PARTY]))
    set_profile(book, **{field: data.draw(CHECKED.get(field, NAMES))})  # type: ignore[misc]


def _project_add(book: Book, data: st.DataObject) -> None:
    terms = TermsInput(
        price=data.draw(AMOUNTS),
        deadline=data.draw(st.sampled_from([None, "2026-12-31"])),
        buyer_ref=data.draw(st.one_of(st.none(), NAMES)),
    )
    add_project(book, "Acme", data.draw(NAMES), terms)


def _move(book: Book, data: st.DataObject) -> None:
    move_project(
        book, data.draw(PROJECTS), data.draw(st.sampled_from(["start", "deliver", "close"]))
    )


def _project_edit(book: Book, data: st.DataObject) -> None:
    choice = data.draw(
        st.sampled_from(["title", "price", "hourly", "clear", "late fee", "references"])
    )
    changes = {
        "title": ProjectChanges(title=data.draw(NAMES)),
        "price": ProjectChanges(terms=TermsInput(price=data.draw(AMOUNTS))),
        "hourly": ProjectChanges(terms=TermsInput(hourly=data.draw(AMOUNTS))),
        "clear": ProjectChanges(clear=frozenset({"deadline", "revisions"})),
        "late fee": ProjectChanges(terms=TermsInput(late_fee="2%", deadline="2027-01-31")),
        "references": ProjectChanges(
            terms=TermsInput(buyer_ref=data.draw(NAMES), order_ref=data.draw(NAMES))
        ),
    }[choice]
    edit_project(book, data.draw(PROJECTS), changes)


def _scope_add(book: Book, data: st.DataObject) -> None:
    add_scope_item(
        book, data.draw(PROJECTS), data.draw(NAMES), price=data.draw(st.one_of(st.none(), AMOUNTS))
    )


def _approve(book: Book, data: st.DataObject) -> None:
    approve_scope_item(book, str(data.draw(st.integers(min_value=1, max_value=3))))


def _log(book: Book, data: st.DataObject) -> None:
    log_time(
        book, data.draw(PROJECTS), data.draw(DURATIONS), data.draw(KINDS), note=data.draw(NAMES)
    )


def _timer(book: Book, data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        start_timer(book, data.draw(PROJECTS), data.draw(KINDS))
    else:
        stop_timer(book)


ENTRY_IDS = st.integers(min_value=1, max_value=3).map(str)  # the fixture logs entry 1


def _time_edit(book: Book, data: st.DataObject) -> None:
    changes = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "duration": DURATIONS,
                "day": st.sampled_from(["2026-11-01", "2026-11-20"]),
                "kind": KINDS,
                "note": NAMES,
                "project": PROJECTS,
                "billable": st.booleans(),
            },
        )
    )
    edit_time(book, data.draw(ENTRY_IDS), **changes)


def _timer_switch(book: Book, data: st.DataObject) -> None:
    switch_timer(book, data.draw(PROJECTS), data.draw(KINDS), data.draw(NAMES))


def _invoice(book: Book, data: st.DataObject) -> None:
    choice = data.draw(st.sampled_from(["create", "add-line", "delete"]))
    if choice == "create":
        refs = st.one_of(st.none(), NAMES)
        create_invoice(book, "Hours", buyer_ref=data.draw(refs), order_ref=data.draw(refs))
    elif choice == "add-line":
        add_line(book, "1", data.draw(NAMES), data.draw(AMOUNTS))
    else:
        delete_invoice(book, "1")


def _edit_line(book: Book, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["description", "quantity", "price", "vat"]))
    value = {
        "description": data.draw(NAMES),
        "quantity": data.draw(st.sampled_from(["0.5", "2", "3.25"])),
        "price": data.draw(AMOUNTS),
        "vat": data.draw(st.sampled_from(["0%", "10%", "21%"])),
    }[field]
    invoice = data.draw(st.sampled_from(["1", "2026-0001"]))  # a draft, or frozen lines
    edit_line(book, invoice, data.draw(st.integers(min_value=1, max_value=3)), **{field: value})


def _remove_line(book: Book, data: st.DataObject) -> None:
    invoice = data.draw(st.sampled_from(["1", "2026-0001"]))
    remove_line(book, invoice, data.draw(st.integers(min_value=1, max_value=3)))


def _void(book: Book, data: st.DataObject) -> None:
    """Payment 1 paid invoice 2026-0001 in full; payment 2 is a deposit on Draft."""
    void_payment(book, data.draw(st.sampled_from(["1", "2"])), reason=data.draw(NAMES))


def _message_edit(book: Book, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(["subject", "body", "channel", "at"]))
    value = {
        "subject": data.draw(NAMES),
        "body": data.draw(BODIES),
        "channel": data.draw(st.sampled_from(["email", "call", "pigeon"])),
        "at": data.draw(
            st.sampled_from(["2026-11-01T09:00", "2026-11-19T08:00", "2026-11-23T18:00"])
        ),
    }[field]
    edit_message(book, data.draw(st.sampled_from(["1", "2", "3"])), {field: value})  # type: ignore[misc]


def _risks_ack(book: Book, data: st.DataObject) -> None:
    """Site and Hours started without a contract (Hours' acknowledged already: replaced);
    Draft has no such finding (refused)."""
    ack_risk(
        book,
        "no_contract",
        project_ref=data.draw(PROJECTS),
        reason=data.draw(NAMES),
        until=data.draw(st.sampled_from([None, "2026-12-31"])),
    )


def _risks_unack(book: Book, data: st.DataObject) -> None:
    """Hours' missing contract is acknowledged; Site's is not (refused)."""
    unack_risk(book, "no_contract", project_ref=data.draw(st.sampled_from(["Site", "Hours"])))


COMMANDS: dict[str, Command] = {
    "client add": _client_add,
    "client edit": _client_edit,
    "client archive": lambda book, data: archive_client(book, "Acme") and None,
    "profile set": _profile_set,
    "profile set --vat-exemption": lambda book, data: (
        set_profile(
            book, vat_exemption=data.draw(st.sampled_from(["small-business", "none", "yes"]))
        )
        and None
    ),
    "profile set --slovak-qr": lambda book, data: (
        set_profile(
            book, slovak_qr=data.draw(st.sampled_from(["pay-by-square", "epc", "both", "qr"]))
        )
        and None
    ),
    "project add": _project_add,
    "project move": _move,
    "project edit": _project_edit,
    "project reopen": lambda book, data: (
        reopen_project(book, data.draw(st.sampled_from(["Done", "Site"]))) and None
    ),
    "client edit --unarchive": lambda book, data: (
        edit_client(book, data.draw(st.sampled_from(["Old", "Acme"])), unarchive=True) and None
    ),
    "scope add": _scope_add,
    "scope approve": _approve,
    "revision add": lambda book, data: (
        add_revision(book, data.draw(PROJECTS), data.draw(NAMES)) and None
    ),
    "log": _log,
    "timer": _timer,
    "timer switch": _timer_switch,
    "time edit": _time_edit,
    "time delete": lambda book, data: delete_time(book, data.draw(ENTRY_IDS)) and None,
    "deposit": lambda book, data: (
        record_deposit(book, data.draw(PROJECTS), data.draw(AMOUNTS)) and None
    ),
    "message add": lambda book, data: (
        add_message(
            book,
            "Acme",
            data.draw(st.sampled_from(["inbound", "outbound"])),
            subject=data.draw(NAMES),
            body=data.draw(BODIES),
        )
        and None
    ),
    "message answer": lambda book, data: answer_message(book, "1") and None,
    "message edit": _message_edit,
    "message delete": lambda book, data: (
        delete_message(book, data.draw(st.sampled_from(["1", "2", "3"]))) and None
    ),
    "invoice": _invoice,
    "invoice create --period/--delivered": lambda book, data: (
        create_invoice(
            book,
            "Hours",
            **data.draw(
                st.sampled_from(
                    [
                        {"period": "2026-11-01..2026-11-20"},
                        {"delivered": "2026-11-22"},
                    ]
                )
            ),
        )
        and None
    ),
    "invoice edit-line": _edit_line,
    "invoice remove-line": _remove_line,
    "payment void": _void,
    "credit refund": lambda book, data: (
        refund_credit(book, "Acme", data.draw(st.sampled_from(["10", "50", "50.01"]))) and None
    ),
    # Refused here (nothing open to settle); applied, it pays an issued invoice: never undone.
    "credit apply": lambda book, data: apply_credit(book, "Acme") and None,
    "risks ack": _risks_ack,
    "risks unack": _risks_unack,
}


@pytest.fixture
def small_book(book: Book) -> Book:
    """Acme with an active fixed-price project, an active hourly one with time and a draft
    invoice (with two lines), a draft project with a deposit, a delivered one, a change
    request, an inbound message waiting and another answered by an outbound one, a running
    timer, invoice 2026-0001 paid in full and 50 EUR of client credit beside it, Hours'
    missing contract acknowledged; and an archived client."""
    set_profile(book, name="Jana Nováková", currency="EUR")
    add_client(book, "Acme", email="acme@example.com")
    add_project(book, "Acme", "Site", TermsInput(price="1200", deposit="0"))
    add_project(book, "Acme", "Hours", TermsInput(hourly="80", deposit="0"))
    add_project(book, "Acme", "Draft", TermsInput(price="300"))
    add_project(book, "Acme", "Done", TermsInput(price="500", deposit="0"))
    for move in ("start", "deliver"):
        move_project(book, "Done", move)
    add_client(book, "Old")
    archive_client(book, "Old")
    for title in ("Site", "Hours"):
        move_project(book, title, "start")
    add_scope_item(book, "Site", "Extra page", price="150")
    log_time(book, "Hours", "3h", "work")
    create_invoice(book, "Hours")
    add_line(book, "1", "Hosting", "40")
    paid = issue_invoice(book, str(create_invoice(book, "Site")["id"]))["number"]
    pay_invoice(book, paid or "", "1200")
    record_deposit(book, "Draft", "30")
    pay_invoice(book, paid or "", "50")  # on a paid invoice: all of it client credit
    add_message(book, "Acme", "inbound", subject="Question")
    add_message(book, "Acme", "inbound", subject="Earlier", at="2026-11-19T09:00")
    add_message(book, "Acme", "outbound", body="Yes.\nJana", at="2026-11-20T09:00")
    start_timer(book, "Site", "work")
    ack_risk(book, "no_contract", project_ref="Hours", reason="Signed on paper")
    return book


def _tables(book: Book) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every book table (not the history). Kept totals are compared without
    their all-zero rows: a total taken back to zero is the same as no total at all."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with book.snapshot() as connection:
        for table in SQLModel.metadata.sorted_tables:
            found = [tuple(row) for row in connection.execute(select(table))]
            if table.name in DERIVED_TABLES:
                found = [row for row in found if any(isinstance(v, int) and v for v in row[1:])]
            rows[table.name] = sorted(found, key=repr)
    return rows


@pytest.mark.parametrize("name", sorted(COMMANDS))
@SETTINGS
@given(data=st.data())
def test_apply_then_undo_leaves_every_table_as_it_was(small_book, data, name):
    """Whatever reversible command ran (or was refused), undo brings every row back exactly."""
    before = _tables(small_book)
    entries = len(history(small_book))
    try:
        with acting(name):
            COMMANDS[name](small_book, data)
    except ClientkitError:
        assert _tables(small_book) == before  # refused: nothing changed, nothing recorded
        assert len(history(small_book)) == entries
        return
    if len(history(small_book)) == entries:
        assert _tables(small_book) == before  # it changed nothing (unarchive an active
        return  # client, a subject set to itself), so there is nothing to undo
    view = undo(small_book)
    assert view["undone"]["label"] == name
    assert _tables(small_book) == before
