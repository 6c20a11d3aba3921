"""Plain views of rows for the CLI and TUI: exact Decimals, dates, the fields of SPEC section 4."""

from typing import Any

from clientkit.domain.durations import hours
from clientkit.domain.money import format_percent, quantize
from clientkit.domain.terms import deposit_required_minor, effective_rate_minor
from clientkit.i18n import money
from clientkit.storage.models import Client, Message, Payment, Profile, Project, ScopeItem
from clientkit.storage.queries import ClientMoney, ProjectUsage
from clientkit.storage.terms import terms_of


def optional_money(minor: int | None, currency: str) -> Any:
    return None if minor is None else money(minor, currency)


def profile_view(profile: Profile) -> dict[str, Any]:
    fields = ("name", "business", "email", "address", "tax_id", "vat_id", "iban", "bic")
    view: dict[str, Any] = {name: getattr(profile, name) for name in fields}
    view.update(
        currency=profile.currency,
        locale=profile.locale,
        timezone=profile.timezone,
        reverse_charge=profile.reverse_charge,
        lead_time_days=profile.lead_time_days,
    )
    return view


def client_view(client: Client, figures: ClientMoney | None = None) -> dict[str, Any]:
    figures = figures or ClientMoney()
    currency = client.currency
    rate = effective_rate_minor(figures.received_minor, figures.logged_minutes)
    return {
        "id": client.id,
        "name": client.name,
        "email": client.email,
        "company": client.company,
        "address": client.address,
        "vat_id": client.vat_id,
        "currency": currency,
        "locale": client.locale,
        "budget": optional_money(client.budget_minor, currency),
        "archived": client.archived,
        "balance": money(figures.balance_minor, currency),
        "received": money(figures.received_minor, currency),
        "credit": money(figures.credit_minor, currency),
        "hours_logged": quantize(hours(figures.logged_minutes), 2),
        "effective_rate": optional_money(rate, currency),
    }


def project_view(project: Project, client: Client, usage: ProjectUsage) -> dict[str, Any]:
    c = project.currency
    terms = terms_of(project)
    return {
        "id": project.id,
        "title": project.title,
        "client": client.name,
        "client_id": client.id,
        "status": project.status,
        "currency": c,
        "price": optional_money(project.price_minor, c),
        "hourly_rate": optional_money(project.hourly_rate_minor, c),
        "estimate_minutes": project.estimate_minutes,
        "revisions_included": project.revisions_included,
        "revisions_used": usage.revisions,
        "revision_fee": optional_money(project.revision_fee_minor, c),
        "deposit_required": money(deposit_required_minor(terms), c),
        "deposit_received": money(usage.deposit_received_minor, c),
        "comm_budget_minutes": project.comm_budget_minutes,
        "comm_minutes": usage.comm_minutes,
        "comm_rate": optional_money(project.comm_rate_minor, c),
        "work_minutes": usage.work_minutes,
        "rush_fee_percent": _percent(project.rush_fee_bp),
        "rush": project.rush,
        "cancel_fee_percent": _percent(project.cancel_fee_bp),
        "cancel_fee_basis": project.cancel_fee_basis,
        "late_fee_percent": _percent(project.late_fee_bp),
        "payment_days": project.payment_days,
        "deadline": project.deadline,
        "started_on": project.started_on,
        "delivered_on": project.delivered_on,
        "contract_signed": None,
    }


def _percent(basis_points: int | None) -> str | None:
    return None if basis_points is None else format_percent(basis_points)


def scope_view(item: ScopeItem, currency: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "project_id": item.project_id,
        "description": item.description,
        "price": optional_money(item.price_minor, currency),
        "estimate_minutes": item.estimate_minutes,
        "change_request": item.change_request,
        "approved_on": item.approved_on,
        "done": item.done,
    }


def message_view(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "client_id": message.client_id,
        "project_id": message.project_id,
        "direction": message.direction,
        "channel": message.channel,
        "subject": message.subject,
        "at": message.at,
        "answered_at": message.answered_at,
        "message_id": message.message_id,
    }


def payment_view(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "client_id": payment.client_id,
        "project_id": payment.project_id,
        "invoice_id": payment.invoice_id,
        "kind": payment.kind,
        "amount": money(payment.amount_minor, payment.currency),
        "currency": payment.currency,
        "date": payment.day,
        "method": payment.method,
    }
