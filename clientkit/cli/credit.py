"""`clientkit credit`: what a client holds, applied to its open invoices, or paid back."""

from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ClientArg, SignedCommand, YesOption
from clientkit.cli.output import JsonOption, emit, money, word
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said

if TYPE_CHECKING:
    from clientkit.services.credit import ApplyResult, CreditView

app = typer.Typer(
    help="Client credit (money received beyond invoices): show, apply to invoices, refund.",
    no_args_is_help=True,
)


def _balances(view: "CreditView") -> list[str]:
    return [
        said(
            "%(client)s: credit %(credit)s, open balance %(balance)s",
            client=view["client"],
            credit=money(item["credit"], item["currency"]),
            balance=money(item["open_balance"], item["currency"]),
        )
        for item in view["balances"]
    ]


@app.command("show")
def show(client: ClientArg, as_json: bool = JsonOption) -> None:
    """Show the client's credit per currency, beside what it owes in each."""
    from clientkit.services.credit import show_credit

    emit(show_credit(state.book(), client), as_json, _balances)


def _applied(view: "ApplyResult") -> list[str]:
    return [
        said(
            "invoice %(invoice)s: %(applied)s of credit applied, balance %(balance)s (%(status)s)",
            invoice=item["invoice"],
            applied=money(item["applied"], item["currency"]),
            balance=money(item["balance"], item["currency"]),
            status=word(VALUES["invoice status"], item["status"]),
        )
        for item in view["settled"]
    ] + _balances(view)


@app.command("apply")
def apply(
    client: ClientArg,
    invoice: Annotated[
        str | None,
        typer.Argument(
            help="Only this invoice (number or id); default: every open one, oldest due first.",
            show_default=False,
        ),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Settle the client's open invoices from its credit, in the same currency only."""
    from clientkit.services.credit import apply_credit

    emit(apply_credit(state.book(), client, invoice), as_json, _applied)


@app.command("refund", cls=SignedCommand)
def refund(
    client: ClientArg,
    amount: Annotated[
        str, typer.Argument(help="Amount paid back to the client, e.g. 402.00", show_default=False)
    ],
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day it was paid back, YYYY-MM-DD (default today)."),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="bank transfer, card, cash, ...")] = "",
    currency: Annotated[
        str | None,
        typer.Option("--currency", help="The credit's currency (default: the client's)."),
    ] = None,
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Record money paid back to the client from its credit (never more than the credit)."""
    from clientkit.services.credit import refund_credit

    view = refund_credit(
        state.book(), client, amount, on=on, method=method, currency=currency, confirmed=yes
    )
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "refund of %(amount)s to %(client)s recorded; credit left %(left)s",
                amount=money(v["amount"], v["currency"]),
                client=v["client"],
                left=money(v["credit_left"], v["currency"]),
            )
        ],
    )
