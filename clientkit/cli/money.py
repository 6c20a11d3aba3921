"""`clientkit pay` and `clientkit deposit`: money received."""

from typing import Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ProjectArg, SignedCommand, YesOption
from clientkit.cli.output import JsonOption, emit, money

DateOption = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today)")]


def pay(
    invoice: Annotated[str, typer.Argument(help="Invoice number or id.")],
    amount: Annotated[str, typer.Argument(help="Amount received, e.g. 1500.50")],
    date: DateOption = None,
    method: Annotated[str, typer.Option(help="bank transfer, card, cash, ...")] = "",
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Record a payment on an issued invoice; any excess becomes client credit."""
    from clientkit.services.payments import pay_invoice

    view = pay_invoice(state.book(), invoice, amount, on=date, method=method, confirmed=yes)
    emit(
        view,
        as_json,
        lambda v: [
            f"invoice {v['number']}: paid {money(v['paid'], v['currency'])} "
            f"of {money(v['total'], v['currency'])}, "
            f"balance {money(v['balance'], v['currency'])} ({v['status']})"
        ],
    )


def deposit(
    project: ProjectArg,
    amount: Annotated[str, typer.Argument(help="Amount received, e.g. 450")],
    date: DateOption = None,
    method: Annotated[str, typer.Option(help="bank transfer, card, cash, ...")] = "",
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Record a prepayment received before any invoice."""
    from clientkit.services.payments import record_deposit

    view = record_deposit(state.book(), project, amount, on=date, method=method, confirmed=yes)
    emit(
        view,
        as_json,
        lambda v: [f"deposit of {money(v['amount'], v['currency'])} recorded on {v['project']}"],
    )


def register(app: typer.Typer) -> None:
    # Signed: `pay 2026-0001 -50` says a payment is more than zero, not "No such option: -5".
    app.command("pay", cls=SignedCommand)(pay)
    app.command("deposit", cls=SignedCommand)(deposit)
