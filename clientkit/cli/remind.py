"""`clientkit remind`: today's payment reminders, previewed, sent over SMTP or written as .eml."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from clientkit.cli import state
from clientkit.cli.output import JsonOption, emit, text, wrapped
from clientkit.cli.words import VALUES
from clientkit.domain.wording import said, said_n

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.mailer import Mailer
    from clientkit.services.reminders import Preview, SendResult, SentReminder


LEVELS = VALUES["reminder level"]


def remind(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be sent today.")
    ] = False,
    send: Annotated[
        bool, typer.Option("--send", help="Send over SMTP (the smtp table of config.toml).")
    ] = False,
    outbox: Annotated[
        Path | None,
        typer.Option("--outbox", metavar="DIR", help="Write .eml files to DIR instead of sending."),
    ] = None,
    today: Annotated[str | None, typer.Option("--today", help="Act as if today were DATE.")] = None,
    resend_interrupted: Annotated[
        bool,
        typer.Option(
            "--resend-interrupted",
            help="Send again reminders whose earlier send was interrupted (check your sent mail).",
        ),
    ] = False,
    as_json: bool = JsonOption,
) -> None:
    """Payment reminders due today: friendly, second, final notice; each sent once.

    Without --send or --outbox nothing leaves the machine (same as --dry-run).
    Exit 1 when something due was not sent (delivery failure, interrupted send).
    """
    from clientkit.services.errors import BadInput

    if sum((dry_run, send, outbox is not None)) > 1:
        raise BadInput("give only one of --dry-run, --send and --outbox DIR")
    if outbox is not None and outbox.exists() and not outbox.is_dir():
        raise BadInput(f"--outbox {outbox} is a file; give a directory")
    if today:
        state.reset(state.current.db, today)
    book = state.book()
    if send or outbox is not None:
        _deliver(book, outbox, resend_interrupted, as_json)
    else:
        _preview(book, as_json)


def _preview(book: "Book", as_json: bool) -> None:
    from clientkit.services.reminders import preview

    emit(preview(book), as_json, _render_preview)


def _render_preview(view: "Preview") -> list[str]:
    due = len(view["reminders"])
    lines = [
        text(
            said_n(
                "%(today)s: %(count)s reminder would be sent",
                "%(today)s: %(count)s reminders would be sent",
                due,
                today=view["today"],
            )
            if due
            else said("%(today)s: no reminder is due", today=view["today"])
        )
    ]
    for item in view["reminders"]:
        line = said(
            "invoice %(invoice)s to %(client)s <%(to)s>: %(level)s (%(overdue)s)",
            invoice=item["invoice"],
            client=item["client"],
            to=item["to"],
            level=LEVELS.get(item["level"], item["level"]),
            overdue=said_n("%(count)s day overdue", "%(count)s days overdue", item["days_overdue"]),
        )
        lines += wrapped(text(line), "- ")
        subject = said("Subject: %(subject)s", subject=item["subject"])
        lines += wrapped(text(subject), "    ", "      ")
        lines += [
            part for line in item["first_lines"] for part in wrapped(line, "    | ", "    | ")
        ]
    return lines + _notes(view)


def _deliver(book: "Book", outbox: Path | None, resend: bool, as_json: bool) -> None:
    from clientkit.services.errors import Refused
    from clientkit.services.reminders import send_reminders

    result = send_reminders(book, _mailer(book, outbox), resend_interrupted=resend)
    emit(result, as_json, _render_sent)
    if result["failure"]:
        raise Refused(result["failure"])
    if result["interrupted"] or result["problems"]:
        raise typer.Exit(1)


def _mailer(book: "Book", outbox: Path | None) -> "Mailer":
    from clientkit.services.mailer import OutboxMailer, smtp_mailer

    if outbox is not None:
        return OutboxMailer(outbox)
    return smtp_mailer(book.config)


def _render_sent(result: "SendResult") -> list[str]:
    lines: list[str] = [_sent_line(item, result["mode"]) for item in result["sent"]]
    if not lines and not result["failure"]:
        lines.append(said("%(today)s: nothing to send", today=result["today"]))
    return lines + _notes(result)


def _sent_line(item: "SentReminder", mode: str) -> str:
    values = {
        "level": LEVELS.get(item["level"], item["level"]),
        "invoice": item["invoice"],
        "to": item["to"],
        "where": item["where"],
    }
    if mode == "outbox":
        return said(
            "wrote %(level)s reminder for invoice %(invoice)s to %(to)s: %(where)s", **values
        )
    return said("sent %(level)s reminder for invoice %(invoice)s to %(to)s: %(where)s", **values)


def _notes(view: "Preview | SendResult") -> list[str]:
    from clientkit.services.reminders import interrupted_notice

    notes = [interrupted_notice(item) for item in view["interrupted"]]
    notes += [
        said(
            "the %(level)s reminder for invoice %(invoice)s is being sent by another run right now",
            level=LEVELS.get(item["level"], item["level"]),
            invoice=item["invoice"],
        )
        for item in view["in_progress"]
    ]
    notes += [*view["skipped"], *view["notices"], *view["problems"]]
    return [f"! {text(note)}" for note in notes]


def register(app: typer.Typer) -> None:
    app.command("remind")(remind)
