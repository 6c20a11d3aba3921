"""`clientkit scope`: deliverables, and change requests once the project has started."""

from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ProjectArg, unsigned
from clientkit.cli.output import DocumentLang, DocumentOutput, JsonOption, ReplaceFile, emit
from clientkit.domain.wording import said

app = typer.Typer(help="Scope items and change requests.", no_args_is_help=True)


@app.command("add")
def add(
    project: ProjectArg,
    description: Annotated[str, typer.Argument(help="The deliverable or the change asked for.")],
    price: Annotated[
        str | None, typer.Option(help="Price of this item or change.", callback=unsigned)
    ] = None,
    hours: Annotated[str | None, typer.Option(help="Estimated hours.", callback=unsigned)] = None,
    as_json: bool = JsonOption,
) -> None:
    """Add a scope item; after kickoff it is recorded as a change request."""
    from clientkit.services.scope_items import add_scope_item

    view = add_scope_item(state.book(), project, description, price=price, hours=hours)
    if view["change_request"]:
        line = said(
            "change request %(id)s added: %(description)s",
            id=view["id"],
            description=view["description"],
        )
    else:
        line = said(
            "scope item %(id)s added: %(description)s",
            id=view["id"],
            description=view["description"],
        )
    emit(view, as_json, lambda v: [line])


@app.command("approve")
def approve(
    scope_id: Annotated[
        str, typer.Argument(help="The change request's id (see project show).", show_default=False)
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="When the client signed, YYYY-MM-DD (today).")
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Record that the client signed the change order, and apply it: the deadline moves as
    the order says (scope order --days); its price is billed as a line of its own."""
    from clientkit.services.scope_items import approve_scope_item

    view = approve_scope_item(state.book(), scope_id, date)
    emit(
        view,
        as_json,
        lambda v: [
            said("change request %(id)s approved on %(on)s", id=v["id"], on=v["approved_on"])
        ],
    )


@app.command("order")
def order(
    scope_id: Annotated[str, typer.Argument(help="The change request's id (see project show).")],
    output: DocumentOutput = None,
    lang: DocumentLang = None,
    days: Annotated[
        int | None, typer.Option("--days", help="The change extends the deadline by N days.")
    ] = None,
    revisions: Annotated[
        int | None,
        typer.Option(
            "--revisions", help="Rounds of revisions the change includes (default: the contract's)."
        ),
    ] = None,
    price: Annotated[
        str | None,
        typer.Option(
            "--price", help="Quote the change (recorded; only before approval).", callback=unsigned
        ),
    ] = None,
    force: ReplaceFile = False,
    as_json: bool = JsonOption,
) -> None:
    """Render the change order of a change request as a one-page PDF for the client to sign."""
    from clientkit.services.change_orders import ChangeOrderRequest, render_change_order

    request = ChangeOrderRequest(
        days=days, revisions=revisions, price=price, lang=lang, output=output, force=force
    )
    view = render_change_order(state.book(), scope_id, request)
    emit(
        view,
        as_json,
        lambda v: [
            said("change order %(number)s written: %(path)s", number=v["number"], path=v["path"])
        ],
    )
