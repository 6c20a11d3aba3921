"""`clientkit client`: add, list, show, edit and archive clients."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ClientArg, unsigned
from clientkit.cli.output import (
    Cell,
    JsonOption,
    emit,
    fields,
    hours,
    label,
    money,
    money_cell,
    plain,
    stream_table,
    table,
    text,
    value_cell,
    wrapped,
)
from clientkit.cli.paging import AllOption, LimitOption, emit_list, page_limit
from clientkit.cli.party_options import (
    City,
    Contact,
    Country,
    Endpoint,
    Phone,
    Postcode,
    RegId,
    Street,
    TaxId,
    VatId,
    given,
)
from clientkit.domain.wording import said, said_n

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
LIST_COLUMNS = ("id", "name", "email", "balance", "effective_rate")
Text = Annotated[str | None, typer.Option()]


def _rate(row: Mapping[str, object]) -> str:
    rate = row.get("effective_rate")
    return "-" if rate is None else money(str(rate), str(row["currency"])) + "/h"


# How a client's amounts and hours read in text.
CELLS: dict[str, Cell] = {
    "budget": money_cell("budget"),
    "balance": money_cell("balance"),
    "credit": money_cell("credit"),
    "received": money_cell("received"),
    "amount": money_cell("amount"),
    "hours_logged": lambda row: hours(row["hours_logged"]),
    "effective_rate": _rate,
    "status": value_cell("status", "project status"),
    "kind": value_cell("kind", "payment kind"),
    "direction": value_cell("direction", "message direction"),
}


def _render_one(view: "ShownClient") -> list[str]:
    from clientkit.domain.parties import PARTY_FIELDS

    # The structured address and contact fields only where set: most clients have few.
    party = [name for name in PARTY_FIELDS if view[name]]  # type: ignore[literal-required]
    names = (*SHOW_FIELDS[:4], *party, *SHOW_FIELDS[4:])
    lines = fields(view, names, CELLS)
    if view["patterns"]:
        width = max(len(label(name)) for name in (*names, "patterns"))
        lines += wrapped(", ".join(view["patterns"]), f"{label('patterns'):<{width}}  ")
    sections: tuple[tuple[str, Sequence[Mapping[str, object]], tuple[str, ...]], ...] = (
        (said("projects:"), view["projects"], ("id", "title", "status", "currency")),
        (said("payments:"), view["payments"], ("date", "kind", "amount", "invoice_id")),
        (
            said("messages:"),
            view["messages"],
            ("id", "at", "direction", "channel", "subject", "answered_at"),
        ),
    )
    for title, rows, columns in sections:
        lines += ["", text(title), *table(rows, columns, CELLS, indent="  ")]
    return lines


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The client's name.")],
    email: Annotated[str, typer.Option(help="E-mail address for invoices and reminders.")] = "",
    company: Annotated[str, typer.Option(help="The company to invoice, if not the name.")] = "",
    address: Annotated[
        str,
        typer.Option(help="Postal address as free text (newlines allowed); see --street."),
    ] = "",
    street: Street = None,
    postcode: Postcode = None,
    city: City = None,
    country: Country = None,
    reg_id: RegId = None,
    tax_id: TaxId = None,
    vat_id: VatId = None,
    contact: Contact = None,
    phone: Phone = None,
    endpoint: Endpoint = None,
    currency: Annotated[
        str | None, typer.Option(help="Currency of the client's projects (default: yours).")
    ] = None,
    locale: Annotated[str | None, typer.Option(help="Language of documents, e.g. de_DE.")] = None,
    budget: Annotated[
        str | None, typer.Option(help="The budget the client stated.", callback=unsigned)
    ] = None,
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
        currency=currency,
        locale=locale,
        budget=budget,
        **given(
            street=street,
            postcode=postcode,
            city=city,
            country=country,
            reg_id=reg_id,
            tax_id=tax_id,
            vat_id=vat_id,
            contact=contact,
            phone=phone,
            endpoint=endpoint,
        ),
    )
    emit(
        view, as_json, lambda v: [said("client %(id)s added: %(name)s", id=v["id"], name=v["name"])]
    )


@app.command("list")
def list_(
    archived: Annotated[bool, typer.Option("--archived", help="Include archived clients.")] = False,
    limit: LimitOption = None,
    all_: AllOption = False,
    as_json: bool = JsonOption,
) -> None:
    """List clients with their balance and effective rate, newest first (a page of 50 by
    default)."""
    from clientkit.services.lists import client_list

    limited = page_limit(limit, all_, as_json)
    with client_list(state.book(), include_archived=archived, limit=limited) as listing:
        emit_list(listing, as_json, lambda rows: stream_table(rows, LIST_COLUMNS, CELLS), _left_out)


def _left_out(shown: int, matching: int) -> str:
    return said_n(
        "showing the newest %(shown)s of %(count)s client: --limit N shows more, --all every one",
        "showing the newest %(shown)s of %(count)s clients: --limit N shows more, --all every one",
        matching,
        shown=shown,
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
    address: Annotated[
        str | None, typer.Option(help="Postal address as free text ('' clears it).")
    ] = None,
    street: Street = None,
    postcode: Postcode = None,
    city: City = None,
    country: Country = None,
    reg_id: RegId = None,
    tax_id: TaxId = None,
    vat_id: VatId = None,
    contact: Contact = None,
    phone: Phone = None,
    endpoint: Endpoint = None,
    currency: Annotated[
        str | None,
        typer.Option(help="Default currency of new projects; not while money counts in the old."),
    ] = None,
    locale: Annotated[str | None, typer.Option(help="Language of documents, e.g. de_DE.")] = None,
    budget: Annotated[
        str | None,
        typer.Option(help="The budget the client stated ('none' clears it).", callback=unsigned),
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
        street=street,
        postcode=postcode,
        city=city,
        country=country,
        reg_id=reg_id,
        tax_id=tax_id,
        vat_id=vat_id,
        contact=contact,
        phone=phone,
        endpoint=endpoint,
        currency=currency,
        locale=locale,
        budget_minor=budget,
    )
    emit(
        view,
        as_json,
        lambda v: [said("client %(id)s updated: %(name)s", id=v["id"], name=v["name"])],
    )


@app.command("archive")
def archive(
    client: ClientArg,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Archive although the client owes money (it stays in risks, remind)."
        ),
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """Archive a client: kept with its history, hidden from lists."""
    from clientkit.services.clients import archive_client

    view = archive_client(state.book(), client, force=force)
    emit(
        view,
        as_json,
        lambda v: [said("client %(id)s archived: %(name)s", id=v["id"], name=plain(v["name"]))],
    )
