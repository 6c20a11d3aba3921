"""`clientkit message`: messages in and out; inbound ones are tracked until answered."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ClientArg
from clientkit.cli.output import NOTE_INDENT, JsonOption, emit, fields, table, text_width
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.messages import (
        DeletedMessage,
        MessageChanges,
        MessageDetail,
        MessageQuery,
        MessageRow,
    )

app = typer.Typer(help="Messages to and from clients.", no_args_is_help=True)

MessageArg = Annotated[str, typer.Argument(help="The message's id.", show_default=False)]
BodyOption = Annotated[
    str | None,
    typer.Option(
        "--body",
        help="The text of the message; `-` reads it from standard input (UTF-8).",
        show_default=False,
    ),
]
ChannelOption = Annotated[
    str, typer.Option(help="How it came or went: email, call, chat, meeting, letter or other.")
]
SubjectOption = Annotated[str, typer.Option(help="A one-line subject.")]
LIST_COLUMNS = ("id", "at", "client", "project", "direction", "channel", "subject", "answered")
SHOW_FIELDS = (
    "id",
    "client",
    "project",
    "direction",
    "channel",
    "subject",
    "at",
    "answered_at",
    "answered_by",
    "answers",
    "message_id",
    "created_at",
    "updated_at",
)


def _read_body(value: str | None) -> str | None:
    """The body as given, or read from standard input for `-`: UTF-8, else bad input."""
    from clientkit.services.errors import BadInput

    if value != "-":
        return value
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream put in place of stdin (tests, embedding)
        return sys.stdin.read()
    data = stream.read()
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadInput(
            f"the body on standard input is not UTF-8 (byte {data[error.start]:#04x}"
            f" at offset {error.start}); convert it first, e.g. with iconv"
        ) from None


@app.command("add")
def add(
    client: ClientArg,
    inbound: Annotated[bool, typer.Option("--inbound", help="The client wrote to you.")] = False,
    outbound: Annotated[bool, typer.Option("--outbound", help="You wrote to the client.")] = False,
    channel: ChannelOption = "email",
    subject: SubjectOption = "",
    at: Annotated[str | None, typer.Option(help="When, e.g. 2026-11-23T09:30")] = None,
    project: Annotated[str | None, typer.Option(help="The project it is about.")] = None,
    body: BodyOption = None,
    as_json: bool = JsonOption,
) -> None:
    """Record a message; an outbound one answers what the client was waiting for."""
    from clientkit.services.errors import BadInput
    from clientkit.services.message_records import add_message

    if inbound == outbound:
        raise BadInput(said("say exactly one of --inbound or --outbound"))
    direction = "inbound" if inbound else "outbound"
    view = add_message(
        state.book(),
        client,
        direction,
        channel=channel,
        subject=subject,
        at=at,
        project_ref=project,
        body=_read_body(body) or "",
    )
    emit(
        view,
        as_json,
        lambda v: [_recorded_line(direction, v["id"], v["client"], v["answered_messages"])],
    )


def _recorded_line(direction: str, message_id: int, client: str, answered: int) -> str:
    if direction == "inbound":
        line = said("inbound message %(id)s recorded for %(client)s", id=message_id, client=client)
    else:
        line = said("outbound message %(id)s recorded for %(client)s", id=message_id, client=client)
    if not answered:
        return line
    return said_n(
        "%(recorded)s; answers %(count)s waiting message",
        "%(recorded)s; answers %(count)s waiting messages",
        answered,
        recorded=line,
    )


@app.command("answer")
def answer(
    message_id: MessageArg,
    at: Annotated[str | None, typer.Option(help="When you answered.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Mark an inbound message as answered."""
    from clientkit.services.messages import answer_message

    view = answer_message(state.book(), message_id, at)
    emit(view, as_json, lambda v: [said("message %(id)s answered", id=v["id"])])


@app.command("list")
def list_(
    client: Annotated[
        str | None, typer.Option(help="Only this client's messages (name, company, e-mail or id).")
    ] = None,
    project: Annotated[
        str | None, typer.Option(help="Only the messages about this project (title or id).")
    ] = None,
    inbound: Annotated[
        bool | None,
        typer.Option(
            "--inbound/--outbound",
            help="Only what clients wrote (--inbound) or what you wrote (--outbound).",
            show_default=False,
        ),
    ] = None,
    unanswered: Annotated[
        bool, typer.Option("--unanswered", help="Only inbound messages still awaiting a reply.")
    ] = False,
    search: Annotated[
        str | None,
        typer.Option(
            help="Words to find in the subject or body, all of them; case and accents ignored."
        ),
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Show at most this many messages.")
    ] = 50,
    as_json: bool = JsonOption,
) -> None:
    """List messages, newest first, with the first line of each body."""
    from clientkit.services.messages import list_messages

    query: MessageQuery = {"unanswered": unanswered}
    for key, value in (
        ("client", client),
        ("project", project),
        ("search", search),
        ("start", start),
        ("end", end),
    ):
        if value is not None:
            query[key] = value  # type: ignore[literal-required]
    if inbound is not None:
        query["direction"] = "inbound" if inbound else "outbound"
    listing = list_messages(state.book(), query, limit)
    more = listing["more"]
    emit(listing["rows"], as_json, lambda rows: _list_lines(rows, more))


def _list_lines(rows: "list[MessageRow]", more: bool) -> list[str]:
    room = text_width() - len(NOTE_INDENT)
    # The body's first line under each row, cut to one line: a preview, not the message.
    lines = table(rows, LIST_COLUMNS, note=lambda row: _cut(row["first_line"], room))
    if more:
        lines.append(
            said(
                "(the newest %(count)s shown; more match: narrow the list or raise --limit)",
                count=len(rows),
            )
        )
    return lines


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


@app.command("show")
def show(message_id: MessageArg, as_json: bool = JsonOption) -> None:
    """Show one message whole: every field, the full body, and what answered what."""
    from clientkit.services.messages import show_message

    emit(show_message(state.book(), message_id), as_json, _detail_lines)


def _detail_lines(view: "MessageDetail") -> list[str]:
    shown = {**view, "answers": ", ".join(str(i) for i in view["answers"]) or None}
    lines = fields(shown, SHOW_FIELDS)
    return [*lines, "", view["body"]] if view["body"] else lines


@app.command("edit")
def edit(
    message_id: MessageArg,
    subject: Annotated[str | None, typer.Option(help="The corrected subject.")] = None,
    body: BodyOption = None,
    channel: Annotated[
        str | None,
        typer.Option(help="The corrected channel: email, call, chat, meeting, letter or other."),
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="The corrected time, e.g. 2026-11-23T09:30.")
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Correct a message's subject, body, channel or time (a sent e-mail's record stays)."""
    from clientkit.services.messages import edit_message

    changes: MessageChanges = {}
    for key, value in (
        ("subject", subject),
        ("body", _read_body(body)),
        ("channel", channel),
        ("at", at),
    ):
        if value is not None:
            changes[key] = value  # type: ignore[literal-required]
    view = edit_message(state.book(), message_id, changes)
    emit(view, as_json, lambda v: [said("message %(id)s corrected", id=v["id"])])


@app.command("delete")
def delete(message_id: MessageArg, as_json: bool = JsonOption) -> None:
    """Delete a message recorded by mistake; what it answered waits again unless a later
    reply answers it (undo brings it all back)."""
    from clientkit.services.messages import delete_message

    emit(delete_message(state.book(), message_id), as_json, _deleted_lines)


def _deleted_lines(view: "DeletedMessage") -> list[str]:
    waiting = view["waiting_again"]
    line = said("message %(id)s of %(client)s deleted", id=view["id"], client=view["client"])
    if waiting:
        line = said_n(
            "%(deleted)s; message %(ids)s awaits a reply again",
            "%(deleted)s; messages %(ids)s await a reply again",
            len(waiting),
            deleted=line,
            ids=", ".join(str(i) for i in waiting),
        )
    return [line]
