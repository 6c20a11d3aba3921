"""`clientkit payment`: payments as recorded, listed, and voided when recorded by mistake."""

from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import (
    JsonOption,
    emit,
    money,
    money_cell,
    plain,
    table,
    value_cell,
)
from clientkit.domain.wording import said

if TYPE_CHECKING:
    from clientkit.services.payment_records import PaymentRow

app = typer.Typer(
    help="Payments received: list them, void one recorded by mistake.", no_args_is_help=True
)

LIST_COLUMNS = ("id", "date", "client", "project", "invoice", "kind", "amount", "method")
CELLS = {"amount": money_cell("amount"), "kind": value_cell("kind", "payment kind")}


def _void_note(row: "PaymentRow") -> str:
    """Below a voided payment: when and why (it is listed, and counts nowhere)."""
    if row["voided_at"] is None:
        return ""
    return said("voided %(at)s: %(reason)s", at=plain(row["voided_at"]), reason=row["void_reason"])


@app.command("list")
def list_(
    client: Annotated[str | None, typer.Option("--client", help="Only this client's.")] = None,
    invoice: Annotated[
        str | None, typer.Option("--invoice", help="Only those on this invoice (number or id).")
    ] = None,
    project: Annotated[str | None, typer.Option("--project", help="Only this project's.")] = None,
    voided: Annotated[
        bool, typer.Option("--voided", help="Only voided payments (listed with the rest anyway).")
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """List payments and deposits, newest first; voided ones say when and why."""
    from clientkit.services.payment_records import list_payments

    rows = list_payments(
        state.book(), client_ref=client, invoice_ref=invoice, project_ref=project, voided=voided
    )
    emit(
        rows,
        as_json,
        lambda found: table(found, LIST_COLUMNS, cells=CELLS, note=_void_note),
    )


@app.command("void")
def void(
    payment: Annotated[str, typer.Argument(help="The payment's id, as `payment list` shows it.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why it is voided (required; kept with it).")
    ],
    as_json: bool = JsonOption,
) -> None:
    """Void a payment recorded by mistake: kept and listed, but it counts nowhere."""
    from clientkit.services.payment_records import void_payment

    row = void_payment(state.book(), payment, reason=reason)
    emit(
        row,
        as_json,
        lambda v: [
            said(
                "payment %(id)s of %(amount)s from %(client)s voided: %(reason)s",
                id=v["id"],
                amount=money(v["amount"], v["currency"]),
                client=v["client"],
                reason=v["void_reason"],
            )
        ],
    )
