"""The values the book's status and kind columns take: one list each, for the CLI's choices
and the checks an imported export passes."""

from typing import Literal, get_args

# click shows these in a filter's help and refuses any other value with exit 2.
InvoiceStatus = Literal["draft", "issued", "paid", "credited"]
ProjectStatus = Literal["draft", "active", "delivered", "closed", "cancelled"]

INVOICE_STATUSES: tuple[str, ...] = get_args(InvoiceStatus)
PROJECT_STATUSES: tuple[str, ...] = get_args(ProjectStatus)
INVOICE_KINDS = ("invoice", "credit_note")
# What an invoice line bills (clientkit.domain.billing and cancellation make all but manual).
LINE_KINDS = (
    "price",
    "hours",
    "rush",
    "revision",
    "communication",
    "change",
    "cancellation",
    "deposit",
    "advance",
    "manual",
)
PAYMENT_KINDS = ("deposit", "partial", "final", "credit", "refund")
REMINDER_STATUSES = ("intent", "sent", "failed")
