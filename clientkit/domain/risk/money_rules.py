"""Money and silence rules of SPEC section 5: overdue invoices, unresponsive clients, and
messages awaiting a reply."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from clientkit.domain.durations import format_minutes
from clientkit.domain.risk.facts import ClientFacts, InvoiceFacts, MessageFacts
from clientkit.domain.risk.findings import Finding, Money, plural, slot
from clientkit.domain.risk.thresholds import Thresholds


def _reminder_phrase(level: str) -> str:
    return {
        "friendly": "a friendly reminder",
        "second": "the second reminder",
        "final": "the final notice with the contractual late fee",
    }.get(level, f"the {level} reminder")


def _overdue_action(invoice: InvoiceFacts, days: int, t: Thresholds) -> str:
    """The reminder the schedule calls for by now; once it went out, the next step."""
    schedule = sorted(t.reminders)
    levels = [level for _, level in schedule]
    due = [level for after, level in schedule if after <= days]
    if not due:
        return "Send a friendly reminder (clientkit remind --send)."
    sent = invoice.last_reminder
    if sent not in levels or levels.index(sent) < levels.index(due[-1]):
        return f"Send {_reminder_phrase(due[-1])} (clientkit remind --send)."
    later = schedule[levels.index(sent) + 1 :]
    if not later:
        return f"Call the client: {_reminder_phrase(sent)} went out and the balance is still open."
    after, level = later[0]
    on = (invoice.due_date + timedelta(days=after)).isoformat()
    return (
        f"{_reminder_phrase(sent).capitalize()} went out; send {_reminder_phrase(level)} "
        f"on {on} if nothing arrives (clientkit remind --send)."
    )


def unpaid_overdue(invoice: InvoiceFacts, today: date, t: Thresholds) -> Finding | None:
    """An issued invoice with a balance past its due date: warning at first, then critical."""
    days = (today - invoice.due_date).days
    if days < 1 or invoice.balance_minor <= 0:
        return None
    c = invoice.currency
    severity = "critical" if days > t.overdue_critical_days else "warning"
    evidence = {
        "invoice": invoice.number,
        "invoice_id": invoice.invoice_id,
        "due_date": invoice.due_date.isoformat(),
        "days_overdue": days,
        "total": Money(invoice.total_minor, c),
        "paid": Money(invoice.paid_minor, c),
        "balance": Money(invoice.balance_minor, c),
        "last_reminder": invoice.last_reminder,
    }
    return Finding(
        "unpaid_overdue",
        severity,
        invoice.client_id,
        invoice.client,
        invoice.project_id,
        invoice.project,
        f"Invoice {invoice.number} is {plural(days, 'day')} overdue with {slot('balance')} unpaid.",
        evidence,
        _overdue_action(invoice, days, t),
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
        f"No word from the client for {plural(silent_days, 'day')} since the {event} on "
        f"{anchor.isoformat()}, with {slot('overdue')} overdue on "
        f"{plural(len(late), 'invoice')}.",
        evidence,
        "Send the final notice with the late fee, call the client, and stop further work until "
        "the balance is paid.",
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
    if m.waiting == 1:
        message = f"A message has waited {format_minutes(hours * 60)} for a reply."
    else:
        waited = format_minutes(hours * 60)
        message = f"{m.waiting} messages await a reply; the oldest has waited {waited}."
    return Finding(
        "awaiting_reply",
        severity,
        m.client_id,
        m.client,
        None,
        None,
        message,
        evidence,
        "Reply today and give a date for the answer (record it with clientkit message add "
        "CLIENT --outbound).",
    )
