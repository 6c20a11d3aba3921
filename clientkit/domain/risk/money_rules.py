"""Money and silence rules of SPEC section 5: overdue invoices, unresponsive clients, and
messages awaiting a reply."""

import shlex
from collections.abc import Sequence
from datetime import date, datetime

from clientkit.domain.durations import format_minutes
from clientkit.domain.risk.facts import ClientFacts, InvoiceFacts, MessageFacts
from clientkit.domain.risk.findings import Evidence, Finding, Money, slot
from clientkit.domain.risk.thresholds import Thresholds
from clientkit.domain.wording import said, said_in, said_n

LADDER = ("friendly", "second", "final")  # reminder levels, mildest first


# The reminder levels as the sentences of a finding name them, said in the profile's language:
# the one sent (the subject of "... went out"), the one to send next, and as what comes next.
_SENT = {
    "friendly": said_in("reminder sent", "A friendly reminder"),
    "second": said_in("reminder sent", "The second reminder"),
    "final": said_in("reminder sent", "The final notice"),
}
_NEXT = {
    "friendly": said_in("reminder next", "a friendly reminder"),
    "second": said_in("reminder next", "the second reminder"),
    "final": said_in("reminder next", "the final notice"),
    "final fee": said_in("reminder next", "the final notice with the contractual late fee"),
}
_SEND = {
    "friendly": said("Send a friendly reminder (clientkit remind --send)."),
    "second": said("Send the second reminder (clientkit remind --send)."),
    "final": said("Send the final notice (clientkit remind --send)."),
    "final fee": said(
        "Send the final notice with the contractual late fee (clientkit remind --send)."
    ),
}


def _reminder_phrase(level: str, late_fee: bool = False) -> str:
    """The reminder `level` named in a sentence; the final notice carries the late fee only
    where the contract has one."""
    known = _NEXT.get("final fee" if level == "final" and late_fee else level)
    return known if known is not None else f"the {level} reminder"


def _levels(t: Thresholds) -> list[str]:
    """The reminder levels the configured schedule sends, in the order it sends them."""
    levels = [level for _, level in sorted(t.reminders)]
    return levels or list(LADDER)


def next_reminder(sent: str | None, t: Thresholds) -> str | None:
    """The level that follows the highest one sent so far, one step at a time; None once the
    last level of the schedule went out."""
    reached = LADDER.index(sent) if sent in LADDER else -1
    # A level the schedule skips may have been sent (the schedule changed since): the next
    # is the first configured one above it, never one below.
    higher = [level for level in _levels(t) if _rank(level) > reached]
    return higher[0] if higher else None


def _rank(level: str) -> int:
    return LADDER.index(level) if level in LADDER else len(LADDER)


def _sent_phrase(invoice: InvoiceFacts) -> str:
    """The reminder last sent, as the subject of a sentence: `A friendly reminder on DATE`."""
    level = invoice.last_reminder
    assert level is not None
    sent = _SENT.get(level) or f"The {level} reminder"
    if invoice.last_reminder_on is None:
        return sent
    return said(
        "%(reminder)s on %(date)s", reminder=sent, date=invoice.last_reminder_on.isoformat()
    )


def _overdue_action(invoice: InvoiceFacts, t: Thresholds) -> str:
    """The next step for an overdue invoice, from the reminders already sent: the next level
    of the ladder, or once the last went out, a call and a formal demand."""
    following = next_reminder(invoice.last_reminder, t)
    fee = bool(invoice.late_fee_bp)
    if invoice.last_reminder is None:
        assert following is not None
        send = _SEND.get("final fee" if following == "final" and fee else following)
        return send or f"Send the {following} reminder (clientkit remind --send)."
    sent = _sent_phrase(invoice)
    if following is None:
        return said(
            "%(sent)s went out and the balance is still open: call the client, then send a"
            " formal demand or hand the debt to a collection agency.",
            sent=sent,
        )
    return said(
        "%(sent)s went out; if nothing arrives, %(next)s is next (clientkit remind --send sends"
        " it when it is due).",
        sent=sent,
        next=_reminder_phrase(following, fee),
    )


def _apply_credit(client: str, number: str) -> str:
    return f"clientkit credit apply {shlex.quote(client)} {shlex.quote(number)}"


def unpaid_overdue(
    invoice: InvoiceFacts, today: date, t: Thresholds, credit_minor: int = 0
) -> Finding | None:
    """An issued invoice with a balance past its due date: warning at first, then critical;
    only `info` when `credit_minor` of the client's credit (what is left of it after older
    invoices) covers the balance, since applying it settles the invoice."""
    days = (today - invoice.due_date).days
    balance = invoice.balance_minor
    if days < 1 or balance <= 0:
        return None
    c = invoice.currency
    credit = min(max(credit_minor, 0), balance)
    evidence: Evidence = {
        "invoice": invoice.number,
        "invoice_id": invoice.invoice_id,
        "due_date": invoice.due_date.isoformat(),
        "days_overdue": days,
        "total": Money(invoice.total_minor, c),
        "paid": Money(invoice.paid_minor, c),
        "balance": Money(balance, c),
        "last_reminder": invoice.last_reminder,
    }
    apply = _apply_credit(invoice.client, invoice.number)
    if credit:
        evidence["credit"] = Money(credit, c)
    if credit == balance:
        severity = "info"
        message = said_n(
            "Invoice %(invoice)s is %(count)s day overdue with %(balance)s unpaid; the client's"
            " credit of %(credit)s covers it.",
            "Invoice %(invoice)s is %(count)s days overdue with %(balance)s unpaid; the client's"
            " credit of %(credit)s covers it.",
            days,
            invoice=invoice.number,
            balance=slot("balance"),
            credit=slot("credit"),
        )
        action = said(
            "Settle it from the client's credit (%(command)s); no reminder is needed.",
            command=apply,
        )
    else:
        severity = "critical" if days > t.overdue_critical_days else "warning"
        message = said_n(
            "Invoice %(invoice)s is %(count)s day overdue with %(balance)s unpaid.",
            "Invoice %(invoice)s is %(count)s days overdue with %(balance)s unpaid.",
            days,
            invoice=invoice.number,
            balance=slot("balance"),
        )
        action = _overdue_action(invoice, t)
        if credit:
            action = said(
                "Apply the client's credit of %(credit)s first (%(command)s). %(then)s",
                credit=slot("credit"),
                command=apply,
                then=action,
            )
    return Finding(
        "unpaid_overdue",
        severity,
        invoice.client_id,
        invoice.client,
        invoice.project_id,
        invoice.project,
        message,
        evidence,
        action,
    )


def _silence_anchor(client: ClientFacts, overdue: Sequence[InvoiceFacts]) -> tuple[date, str]:
    anchors: list[tuple[date, str]] = []
    if client.last_reminder_at is not None:
        anchors.append((client.last_reminder_at.date(), "reminder"))
    if client.last_delivery is not None:
        anchors.append((client.last_delivery, "delivery"))
    if anchors:
        return max(anchors)
    # Neither reminded nor delivered: the silence counts from when the money fell due.
    return min(invoice.due_date for invoice in overdue), "due date"


def unresponsive_client(
    client: ClientFacts, overdue: Sequence[InvoiceFacts], today: date, t: Thresholds
) -> Finding | None:
    """Money overdue and no word from the client for the allowed days since reminder/delivery."""
    late = [
        i
        for i in overdue
        if i.client_id == client.client_id
        and i.balance_minor > 0
        and (today - i.due_date).days >= 1
    ]
    if not late:
        return None
    anchor, event = _silence_anchor(client, late)
    silent_days = (today - anchor).days
    if client.last_inbound_at is not None and client.last_inbound_at.date() >= anchor:
        return None
    if silent_days < t.unresponsive_days:
        return None
    totals: dict[str, int] = {}
    for invoice in late:
        totals[invoice.currency] = totals.get(invoice.currency, 0) + invoice.balance_minor
    evidence = {
        "days_silent": silent_days,
        "since": anchor.isoformat(),
        "since_event": event,
        "last_inbound": client.last_inbound_at.isoformat() if client.last_inbound_at else None,
        "overdue_invoices": len(late),
        "overdue": [Money(minor, currency) for currency, minor in sorted(totals.items())],
    }
    return Finding(
        "unresponsive_client",
        t.severity_of("unresponsive_client"),
        client.client_id,
        client.client,
        None,
        None,
        _silence_message(silent_days, event, anchor, len(late)),
        evidence,
        _unresponsive_action(late, t),
    )


def _silence_message(days: int, event: str, anchor: date, invoices: int) -> str:
    """How long the client has been silent, since what, and how much is overdue on how many
    invoices."""
    since = {
        "reminder": said_n(
            "No word from the client for %(count)s day since the reminder on %(date)s",
            "No word from the client for %(count)s days since the reminder on %(date)s",
            days,
            date=anchor.isoformat(),
        ),
        "delivery": said_n(
            "No word from the client for %(count)s day since the delivery on %(date)s",
            "No word from the client for %(count)s days since the delivery on %(date)s",
            days,
            date=anchor.isoformat(),
        ),
        "due date": said_n(
            "No word from the client for %(count)s day since the due date on %(date)s",
            "No word from the client for %(count)s days since the due date on %(date)s",
            days,
            date=anchor.isoformat(),
        ),
    }[event]
    return said_n(
        "%(silence)s, with %(overdue)s overdue on %(count)s invoice.",
        "%(silence)s, with %(overdue)s overdue on %(count)s invoices.",
        invoices,
        silence=since,
        overdue=slot("overdue"),
    )


def _unresponsive_action(late: Sequence[InvoiceFacts], t: Thresholds) -> str:
    """Call and stop work; then, from the reminders sent, whether the ladder still has a step
    or only a formal demand is left."""
    pending = [i for i in late if next_reminder(i.last_reminder, t) is not None]
    if pending:
        return said(
            "Call the client and stop further work until the balance is paid; the reminders"
            " go on (clientkit remind --send)."
        )
    return said(
        "Call the client and stop further work: %(last)s went out, so what is left is a formal"
        " demand or a collection agency.",
        last=_reminder_phrase(_levels(t)[-1]),
    )


def awaiting_reply(m: MessageFacts, now: datetime, t: Thresholds) -> Finding | None:
    """Inbound messages unanswered for a day (warning) or three (critical)."""
    hours = int((now - m.oldest_at).total_seconds() // 3600)
    if hours < t.awaiting_reply_warning_hours:
        return None
    severity = "critical" if hours >= t.awaiting_reply_critical_hours else "warning"
    evidence = {
        "waiting": m.waiting,
        "oldest_message_id": m.oldest_id,
        "oldest_at": m.oldest_at.isoformat(),
        "hours_waiting": hours,
        "subject": m.oldest_subject,
    }
    waited = format_minutes(hours * 60)
    if m.waiting == 1:
        message = said("A message has waited %(waited)s for a reply.", waited=waited)
    else:
        message = said_n(
            "%(count)s message awaits a reply; the oldest has waited %(waited)s.",
            "%(count)s messages await a reply; the oldest has waited %(waited)s.",
            m.waiting,
            waited=waited,
        )
    return Finding(
        "awaiting_reply",
        severity,
        m.client_id,
        m.client,
        None,
        None,
        message,
        evidence,
        said(
            "Reply today and give a date for the answer (record it with clientkit message add"
            " CLIENT --outbound)."
        ),
    )
