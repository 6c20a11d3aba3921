"""`clientkit contract`: templates, the contract PDF, the signature and what was signed."""

from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.args import ProjectArg
from clientkit.cli.output import (
    DocumentLang,
    DocumentOutput,
    JsonOption,
    ReplaceFile,
    emit,
    fields,
    table,
)
from clientkit.domain.wording import said

if TYPE_CHECKING:
    from clientkit.services.contracts import ContractShown, TemplateView

app = typer.Typer(help="Contracts: render from templates, sign, show.", no_args_is_help=True)

SHOW_FIELDS = (
    "id",
    "project",
    "client",
    "template",
    "lang",
    "path",
    "sha256",
    "file_matches",
    "created_at",
    "signed_on",
)


@app.command("templates")
def templates(as_json: bool = JsonOption) -> None:
    """List contract and e-mail templates, yours and the shipped ones, with their origin."""
    from clientkit.services.contracts import list_contract_templates

    def render(rows: list["TemplateView"]) -> list[str]:
        shown = [{**row, "in_use": row["active"]} for row in rows]
        return table(shown, ("name", "origin", "in_use", "path"))

    emit(list_contract_templates(), as_json, render)


@app.command("pdf")
def pdf(
    project: ProjectArg,
    template: Annotated[
        str | None,
        typer.Option(
            "--template", help="Template name, e.g. contract (default) or contract.de.txt."
        ),
    ] = None,
    lang: DocumentLang = None,
    output: DocumentOutput = None,
    force: ReplaceFile = False,
    as_json: bool = JsonOption,
) -> None:
    """Render the project's contract to PDF and record its values and SHA-256."""
    from clientkit.services.contracts import ContractRequest, generate_contract

    request = ContractRequest(template=template, lang=lang, output=output, force=force)
    view = generate_contract(state.book(), project, request)
    emit(
        view,
        as_json,
        lambda v: [said("contract written: %(path)s", path=v["path"]), f"sha256: {v['sha256']}"],
    )


@app.command("sign")
def sign(
    project: ProjectArg,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today)")] = None,
    as_json: bool = JsonOption,
) -> None:
    """Record that the latest contract of the project was signed."""
    from clientkit.services.contracts import sign_contract

    view = sign_contract(state.book(), project, date)
    emit(
        view,
        as_json,
        lambda v: [
            said(
                "contract of %(project)s signed on %(on)s", project=v["project"], on=v["signed_on"]
            )
        ],
    )


@app.command("show")
def show(
    project: ProjectArg,
    as_json: bool = JsonOption,
) -> None:
    """Show what was signed: the template, the values it was filled with, the file's hash."""
    from clientkit.services.contracts import show_contract

    emit(show_contract(state.book(), project), as_json, _render_show)


def _render_show(view: "ContractShown") -> list[str]:
    lines = fields(view, SHOW_FIELDS)
    lines += ["", "values:"]
    lines += ["  " + line for line in _flatten(view["values"])]
    return lines


def _flatten(values: object, prefix: str = "") -> list[str]:
    """`terms.price: 1.500,00 €` lines for nested values."""
    if isinstance(values, dict):
        return [
            line
            for key, item in values.items()
            for line in _flatten(item, f"{prefix}.{key}" if prefix else key)
        ]
    if isinstance(values, list):
        return [
            line
            for index, item in enumerate(values, 1)
            for line in _flatten(item, f"{prefix}[{index}]")
        ]
    shown = "-" if values is None else str(values).replace("\n", ", ")
    return [f"{prefix}: {shown}"]
