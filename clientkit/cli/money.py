"""`clientkit pay` and `clientkit deposit`: money received, and advance invoices asking for it.

`deposit PROJECT AMOUNT` records a deposit, as it always did: it is short for `deposit record
PROJECT AMOUNT`, which the group runs whenever its first word names none of its commands.
`deposit request PROJECT` issues an advance invoice for a deposit (services.advances).
"""

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from clientkit.cli import state
from clientkit.cli.args import ProjectArg, SignedCommand, YesOption, unsigned
from clientkit.cli.output import JsonOption, emit, money, word
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said

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
            said(
                "invoice %(number)s: paid %(paid)s of %(total)s, balance %(balance)s (%(status)s)",
                number=v["number"],
                paid=money(v["paid"], v["currency"]),
                total=money(v["total"], v["currency"]),
                balance=money(v["balance"], v["currency"]),
                status=word(VALUES["invoice status"], v["status"]),
            )
        ],
    )


class DepositGroup(TyperGroup):
    """`deposit` runs `deposit record` unless its first word names one of its commands (or
    asks for help): `deposit Brand 450` records, `deposit request Brand ...` asks."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [RECORD, *args]
        return list(super().parse_args(ctx, args))


RECORD = "record"
deposit_app = typer.Typer(
    cls=DepositGroup,
    help="Deposits: record one received (`deposit PROJECT AMOUNT`, short for `deposit record`), "
    "or ask for one with an advance invoice (`deposit request`).",
)


@deposit_app.command(RECORD, cls=SignedCommand)
def deposit(
    project: ProjectArg,
    amount: Annotated[str, typer.Argument(help="Amount received, e.g. 450")],
    date: DateOption = None,
    method: Annotated[str, typer.Option(help="bank transfer, card, cash, ...")] = "",
    advance: Annotated[
        str | None,
        typer.Option(
            "--advance",
            metavar="NUMBER",
            help="The advance invoice it pays (number); by default the project's oldest open one.",
        ),
    ] = None,
    yes: YesOption = False,
    as_json: bool = JsonOption,
) -> None:
    """Record a deposit received: it pays the project's open advance invoices (oldest first),
    then what its issued invoices still ask; the rest waits for its next invoice."""
    from clientkit.services.deposit_records import record_deposit

    view = record_deposit(
        state.book(), project, amount, on=date, method=method, confirmed=yes, advance_ref=advance
    )
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "deposit of %(amount)s recorded on %(project)s",
                amount=money(v["amount"], v["currency"]),
                project=v["project"],
            )
        ],
    )


@deposit_app.command("request")
def request(
    project: ProjectArg,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount", help="The net amount asked for, e.g. 450 (VAT is added).", callback=unsigned
        ),
    ] = None,
    percent: Annotated[
        str | None,
        typer.Option(
            "--percent",
            metavar="N",
            help="Or a share of the project's price or estimate, e.g. 30 (net, VAT is added).",
            callback=unsigned,
        ),
    ] = None,
    vat: Annotated[
        str | None,
        typer.Option(
            "--vat", help="VAT rate, e.g. 20% (default: as for invoice create).", callback=unsigned
        ),
    ] = None,
    rate: Annotated[
        str | None,
        typer.Option(
            "--rate",
            metavar="RATE",
            help="Exchange rate to your accounting currency, e.g. 0.92: needed for VAT in "
            "another currency.",
        ),
    ] = None,
    as_json: bool = JsonOption,
) -> None:
    """Issue a numbered advance invoice for a deposit; recording the deposit pays it, and the
    final invoice deducts it."""
    from clientkit.services.advances import request_advance

    view = request_advance(
        state.book(), project, amount=amount, percent=percent, vat=vat, rate=rate
    )
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "advance invoice %(number)s issued to %(client)s: total %(total)s, due %(due)s"
                " by %(date)s",
                number=v["number"],
                client=v["client"],
                total=money(v["total"], v["currency"]),
                due=money(v["balance"], v["currency"]),
                date=v["due_date"],
            )
        ],
    )


def register(app: typer.Typer) -> None:
    # Signed: `pay 2026-0001 -50` says a payment is more than zero, not "No such option: -5".
    app.command("pay", cls=SignedCommand)(pay)
    app.add_typer(deposit_app, name="deposit")
