"""What workers tell screens: small messages named in the past tense, carrying service views."""

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class ActionRefused(Message):
    """A service refused the request or the input was bad; `reason` says why in words."""

    reason: str


@dataclass
class SectionLoaded(Message):
    """One part of a screen (a section of the dashboard, a detail view) was read from the book."""

    section: str
    view: Any


@dataclass
class PageLoaded(Message):
    """A page of rows arrived for a paged table; `generation` drops pages of an old query."""

    generation: int
    page: dict[str, Any]


@dataclass
class TimerLoaded(Message):
    """The stored running timer was read (None: no timer runs)."""

    timer: dict[str, Any] | None


@dataclass
class ReminderSent(Message):
    """One reminder of a batch was sent (or failed); `done` of `total` so far."""

    done: int
    total: int
    result: dict[str, Any]


@dataclass
class Done(Message):
    """A service call succeeded; `view` is what it returned. Subclasses name what happened."""

    view: Any


class ClientShown(Done):
    """A client's detail view was read."""


class ProjectShown(Done):
    """A project's detail view was read."""


class InvoiceShown(Done):
    """An invoice's detail view was read."""


class ProjectStarted(Done):
    """A draft project was kicked off."""


class InvoiceCreated(Done):
    """A draft invoice was made from a project."""


class InvoiceIssued(Done):
    """A draft was numbered and frozen."""


class InvoiceCredited(Done):
    """A credit note cancelled an issued invoice."""


class PdfRendered(Done):
    """An invoice or contract PDF was written; the view says where."""


class TimerStarted(Done):
    """The running timer was started."""


class TimerStopped(Done):
    """The running timer was stopped into a time entry."""


class RemindersListed(Done):
    """The reminders due today were worked out (nothing sent)."""


class RemindersSent(Done):
    """A batch of reminders finished sending; the view holds one result per message."""


class CancellationQuoted(Done):
    """The contract's cancellation fee was worked out (nothing cancelled yet)."""


class ProjectCancelled(Done):
    """A project was cancelled (and its cancellation maybe drafted as an invoice)."""


class ChangeOrderRendered(Done):
    """A change request's change-order PDF was written; the view says where."""


class ChangeApproved(Done):
    """The client's signature of a change order was recorded."""


class CalendarWritten(Done):
    """The calendar feed (.ics) was written; the view says where and which events."""


class TimeImportReviewed(Done):
    """Another tracker's file was read and mapped (dry run: nothing imported)."""


class TimeImported(Done):
    """Another tracker's time entries were imported."""
