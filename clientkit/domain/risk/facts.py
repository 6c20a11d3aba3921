"""What the risk rules read: open projects, overdue invoices, silent clients, waiting messages."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from clientkit.domain.terms import Terms

OPEN_STATUSES = ("draft", "active", "delivered")
STARTED_STATUSES = ("active", "delivered")


class ProjectFacts(NamedTuple):
    """An open project with everything the project rules look at.

    A named tuple, not a frozen dataclass: a large book has thousands of open projects,
    built straight from the rows of one query, and a frozen dataclass's per-field
    `__init__` cost more than the query itself."""

    terms: Terms
    project_id: int
    title: str
    client_id: int
    client: str
    status: str
    currency: str
    deadline: date | None = None
    started_on: date | None = None
    contract_signed: bool = False
    revisions: int = 0
    work_minutes: int = 0
    comm_minutes: int = 0
    deposit_received_minor: int = 0
    received_minor: int = 0
    change_requests: int = 0
    change_value_minor: int = 0  # priced change requests
    change_minutes: int = 0  # estimated minutes of change requests without a price
    unapproved_changes: int = 0
    unapproved_value_minor: int = 0  # priced change requests not approved
    first_unapproved_id: int | None = None  # scope item id of the oldest one
    open_scope_items: int = 0
    client_budget_minor: int | None = None
    client_currency: str | None = None
    billed_revisions_minor: int = 0  # extra revisions on the project's standing invoices
    billed_comm_minor: int = 0  # communication overage on them
    paid_invoices: int = 0  # the project's invoices paid in full
    unpaid_invoices: int = 0  # its drafts and issued invoices with a balance still open

    @property
    def settled(self) -> bool:
        """Delivered, invoiced and paid in full: nothing of it is left at stake."""
        return self.status == "delivered" and self.paid_invoices > 0 and not self.unpaid_invoices


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """An issued invoice past its due date, with what has been paid and reminded."""

    invoice_id: int
    number: str
    client_id: int
    client: str
    project_id: int | None
    project: str | None
    currency: str
    total_minor: int
    paid_minor: int
    due_date: date
    last_reminder: str | None = None  # the highest reminder level sent so far
    last_reminder_on: date | None = None  # the day that reminder went out
    late_fee_bp: int | None = None  # the project's contractual late fee, if it has one
    client_credit_minor: int = 0  # the client's unused credit in the invoice's currency

    @property
    def balance_minor(self) -> int:
        return max(0, self.total_minor - self.paid_minor)


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """When a client with overdue money last wrote, was reminded, and had work delivered."""

    client_id: int
    client: str
    last_inbound_at: datetime | None = None
    last_reminder_at: datetime | None = None
    last_delivery: date | None = None


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """A client's inbound messages still waiting for a reply."""

    client_id: int
    client: str
    waiting: int
    oldest_id: int
    oldest_at: datetime
    oldest_subject: str = ""
