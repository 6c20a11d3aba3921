"""`risks ack` and `risks unack`: silence one finding until it changes or a day passes, and
take that back."""

from datetime import date
from typing import TypedDict

from sqlmodel import Session, col, select

from clientkit.domain.dates import parse_date
from clientkit.domain.risk.acks import fingerprint, key_of
from clientkit.domain.risk.evaluation import CLIENT_CODES, CODES
from clientkit.domain.risk.findings import RANK
from clientkit.domain.text import check_no_controls
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.lookup import find_client, find_project
from clientkit.services.risks import FindingRenderer, findings, locale_of
from clientkit.storage.models import Client, Project, RiskAck


class AckRecord(TypedDict):
    """Which finding was silenced, why, until when, and when."""

    code: str
    client: str
    client_id: int
    project: str | None
    project_id: int | None
    reason: str
    until: str | None  # the last day it stays silent, ISO; None: until it changes
    at: str  # when it was silenced, ISO (UTC)


class AckView(AckRecord):
    """A finding just silenced, with what it says now."""

    severity: str
    message: str


def ack_risk(
    book: Book,
    code: str,
    *,
    reason: str,
    project_ref: str | None = None,
    client_ref: str | None = None,
    until: str | None = None,
) -> AckView:
    """Silence the current `code` finding of a project (or of a client, for a client's own
    findings) for `reason`: it shows again once it changes, or after `until`."""
    code = _code(code, project_ref, client_ref)
    why = check_reason(reason)
    last_day = _last_day(until, book.clock.today())
    with book.write() as session:
        client, project = _subject(session, project_ref, client_ref)
        assert client.id is not None
        key = (code, client.id, project.id if project else None)
        found = [f for f in findings(book, session, client.id) if key_of(f) == key]
        if not found:
            raise BadInput(f"no {code} finding {_on(client, project)} now: nothing to acknowledge")
        row = _ack_row(session, key) or RiskAck(
            code=code, client_id=client.id, project_id=key[2], fingerprint="", reason=""
        )
        now = book.clock.now()
        row.fingerprint, row.reason, row.until = fingerprint(found), why, last_day
        row.created_at = row.updated_at = now
        session.add(row)
        session.flush()
        message = FindingRenderer(locale_of(session, book))(found[0])["message"]
        return {
            "code": code,
            "severity": max(found, key=lambda f: RANK[f.severity]).severity,
            "client": client.name,
            "client_id": client.id,
            "project": project.title if project else None,
            "project_id": key[2],
            "message": message if len(found) == 1 else f"{message} (and {len(found) - 1} more)",
            "reason": why,
            "until": last_day.isoformat() if last_day else None,
            "at": now.isoformat(),
        }


def unack_risk(
    book: Book, code: str, *, project_ref: str | None = None, client_ref: str | None = None
) -> AckRecord:
    """Show a silenced finding again: the acknowledgement is removed."""
    code = _code(code, project_ref, client_ref)
    with book.write() as session:
        client, project = _subject(session, project_ref, client_ref)
        assert client.id is not None
        key = (code, client.id, project.id if project else None)
        row = _ack_row(session, key)
        if row is None:
            raise BadInput(f"no acknowledged {code} finding {_on(client, project)}")
        view: AckRecord = {
            "code": code,
            "client": client.name,
            "client_id": client.id,
            "project": project.title if project else None,
            "project_id": key[2],
            "reason": row.reason,
            "until": row.until.isoformat() if row.until else None,
            "at": row.created_at.isoformat(),
        }
        session.delete(row)
        return view


def _code(code: str, project_ref: str | None, client_ref: str | None) -> str:
    if code not in CODES:
        raise BadInput(f"unknown risk code {code!r}: expected one of {', '.join(CODES)}")
    if (project_ref is None) == (client_ref is None):
        raise BadInput("name the finding's project with --project, or its client with --client")
    if code in CLIENT_CODES and project_ref is not None:
        raise BadInput(f"{code} is about a client, not a project: name it with --client")
    if code not in CLIENT_CODES and code != "unpaid_overdue" and client_ref is not None:
        raise BadInput(f"{code} is about a project: name it with --project")
    return code


def check_reason(reason: str) -> str:
    """Why a finding needs no action, as kept: one line of text, not empty."""
    text = check_no_controls(reason, "reason").strip()
    if not text:
        raise BadInput("--reason is empty: say why the finding needs no action")
    return text


def _last_day(until: str | None, today: date) -> date | None:
    if until is None:
        return None
    day = parse_date(until)
    if day < today:
        raise BadInput(f"--until {day.isoformat()} has already passed (today is {today})")
    return day


def _subject(
    session: Session, project_ref: str | None, client_ref: str | None
) -> tuple[Client, Project | None]:
    if project_ref is not None:
        project = find_project(session, project_ref)
        client = session.get(Client, project.client_id)
        assert client is not None  # a project's client exists (foreign key)
        return client, project
    assert client_ref is not None
    return find_client(session, client_ref), None


def _on(client: Client, project: Project | None) -> str:
    return f"on project {project.title}" if project else f"for client {client.name}"


def _ack_row(session: Session, key: tuple[str, int, int | None]) -> RiskAck | None:
    code, client_id, project_id = key
    project = (
        col(RiskAck.project_id).is_(None)
        if project_id is None
        else col(RiskAck.project_id) == project_id
    )
    query = select(RiskAck).where(RiskAck.code == code, RiskAck.client_id == client_id, project)
    return session.exec(query).first()
