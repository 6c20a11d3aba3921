"""`clientkit client`: add, list, show, edit and archive clients."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ClientArg
from clientkit.cli.output import JsonOption, emit, fields, plain, table

if TYPE_CHECKING:
    from clientkit.services.clients import ShownClient

app = typer.Typer(help="Your clients.", no_args_is_help=True)

SHOW_FIELDS = (
    "id",
    "name",
    "email",
    "company",
    "currency",
    "locale",
    "budget",
    "balance",
    "credit",
    "received",
    "hours_logged",
    "effective_rate",
    "archived",
)
Text = Annotated[str | None, typer.Option()]


def _render_one(view: "ShownClient") -> list[str]:
    lines = fields(view, SHOW_FIELDS)
    if view["patterns"]:
        width = max(len(name) for name in SHOW_FIELDS)
        lines.append(f"{'patterns':<{width}}  {', '.join(view['patterns'])}")
    sections: tuple[tuple[str, Sequence[Mapping[str, object]], tuple[str, ...]], ...] = (
        ("projects", view["projects"], ("id", "title", "status", "currency")),
        ("payments", view["payments"], ("date", "kind", "amount", "currency", "invoice_id")),
        (
            "messages",
            view["messages"],
            ("id", "at", "direction", "channel", "subject", "answered_at"),
        ),
    )
    for title, rows, columns in sections:
        lines += ["", f"{title}:", *("  " + row for row in table(rows, columns))]
    return lines


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The client's name.")],
    email: Annotated[str, typer.Option(help="E-mail address for invoices and reminders.")] = "",
    company: str = "",
    address: str = "",
    vat_id: Annotated[str, typer.Option("--vat-id")] = "",
    currency: Text = None,
    locale: Annotated[str | None, typer.Option(help="Language of documents, e.g. de_DE.")] = None,
    budget: Annotated[str | None, typer.Option(help="The budget the client stated.")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a client."""
    from clientkit.services.clients import add_client

    view = add_client(
        state.book(),
        name,
        email=email,
        company=company,
        address=address,
        vat_id=vat_id,
        currency=currency,
        locale=locale,
        budget=budget,
    )
    emit(view, as_json, lambda v: [f"client {v['id']} added: {v['name']}"])


@app.command("list")
def list_(
    archived: Annotated[bool, typer.Option("--archived", help="Include archived clients.")] = False,
    as_json: bool = JsonOption,
) -> None:
    """List clients with their balance and effective rate."""
    from clientkit.services.clients import list_clients

    views = list_clients(state.book(), include_archived=archived)
    emit(
        views,
        as_json,
        lambda rows: table(rows, ("id", "name", "email", "currency", "balance", "effective_rate")),
    )


@app.command("show")
def show(client: ClientArg, as_json: bool = JsonOption) -> None:
    """Show a client: contact, balance, effective rate, projects, payments, messages."""
    from clientkit.services.clients import show_client

    emit(show_client(state.book(), client), as_json, _render_one)


@app.command("edit")
def edit(
    client: ClientArg,
    name: Annotated[str | None, typer.Option(help="New name (unique).")] = None,
    email: Annotated[
        str | None, typer.Option(help="E-mail address for invoices and reminders.")
    ] = None,
    company: Annotated[str | None, typer.Option(help="Company name ('' clears it).")] = None,
    address: Annotated[str | None, typer.Option(help="Postal address ('' clears it).")] = None,
    vat_id: Annotated[
        str | None, typer.Option("--vat-id", help="VAT id, e.g. SK2020123456 ('' clears it).")
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(help="Default currency of new projects; not while money counts in the old."),
    ] = None,
    locale: Annotated[str | None, typer.Option(help="Language of documents, e.g. de_DE.")] = None,
    budget: Annotated[
        str | None, typer.Option(help="The budget the client stated ('none' clears it).")
    ] = None,
    unarchive: Annotated[
        bool, typer.Option("--unarchive", help="Bring an archived client back.")
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """Change a client's details, or bring an archived client back."""
    from clientkit.services.clients import edit_client

    view = edit_client(
        state.book(),
        client,
        unarchive=unarchive,
        name=name,
        email=email,
        company=company,
        address=address,
        vat_id=vat_id,
        currency=currency,
        locale=locale,
        budget_minor=budget,
    )
    emit(view, as_json, lambda v: [f"client {v['id']} updated: {v['name']}"])


@app.command("archive")
def archive(client: ClientArg, as_json: bool = JsonOption) -> None:
    """Archive a client: kept with its history, hidden from lists."""
    from clientkit.services.clients import archive_client

    view = archive_client(state.book(), client)
    emit(view, as_json, lambda v: [f"client {v['id']} archived: {plain(v['name'])}"])
