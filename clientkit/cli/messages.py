"""`clientkit message`: messages in and out; inbound ones are tracked until answered."""

from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ClientArg
from clientkit.cli.output import JsonOption, count, emit

app = typer.Typer(help="Messages to and from clients.", no_args_is_help=True)


@app.command("add")
def add(
    client: ClientArg,
    inbound: Annotated[bool, typer.Option("--inbound", help="The client wrote to you.")] = False,
    outbound: Annotated[bool, typer.Option("--outbound", help="You wrote to the client.")] = False,
    channel: Annotated[str, typer.Option(help="email, call, chat, meeting, ...")] = "email",
    subject: Annotated[str, typer.Option(help="What it is about, in a few words.")] = "",
    at: Annotated[str | None, typer.Option(help="When, e.g. 2026-11-23T09:30")] = None,
    project: Annotated[str | None, typer.Option(help="The project it is about.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Record a message; an outbound one answers what the client was waiting for."""
    from clientkit.services.errors import BadInput
    from clientkit.services.messages import add_message

    if inbound == outbound:
        raise BadInput("say exactly one of --inbound or --outbound")
    direction = "inbound" if inbound else "outbound"
    view = add_message(
        state.book(),
        client,
        direction,
        channel=channel,
        subject=subject,
        at=at,
        project_ref=project,
    )
    emit(
        view,
        as_json,
        lambda v: [
            f"{direction} message {v['id']} recorded for {v['client']}"
            + (
                f"; answers {count(v['answered_messages'], 'waiting message')}"
                if v["answered_messages"]
                else ""
            )
        ],
    )


@app.command("answer")
def answer(
    message_id: Annotated[str, typer.Argument(help="The message's id (see client show).")],
    at: Annotated[str | None, typer.Option(help="When you answered.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Mark an inbound message as answered."""
    from clientkit.services.messages import answer_message

    view = answer_message(state.book(), message_id, at)
    emit(view, as_json, lambda v: [f"message {v['id']} answered"])
