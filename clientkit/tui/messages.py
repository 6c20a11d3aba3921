"""What workers tell screens: small messages named in the past tense, carrying service views.

A `Done` subclass names the view it carries (`view: "InvoiceView"`, the types imported for
mypy only), so every read of it in a handler is checked."""

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Generic, TypedDict, TypeVar

from textual.message import Message

if TYPE_CHECKING:
    from clientkit.services.book import Book
    from clientkit.services.calendar import CalendarFile
    from clientkit.services.cancellation import CancellationQuote, CancelResult
    from clientkit.services.change_orders import ChangeOrderView
    from clientkit.services.contracts import ContractResult
    from clientkit.services.details import ClientDetail, ProjectDetail
    from clientkit.services.invoicing import InvoiceResult, InvoiceView
    from clientkit.services.projects import ProjectResult
    from clientkit.services.reminders import Preview, SendResult
    from clientkit.services.stored_documents import WrittenDocument
    from clientkit.services.time_import import TimeImportSummary
    from clientkit.services.tracking import TimeEntryView, TimerView
    from clientkit.services.views import Page, ScopeView
    from clientkit.tui.screens.time_import import ReviewedImport

View = TypeVar("View")
Row = TypeVar("Row")


@dataclass
class BookOpened(Message):
    """The book was opened (after the first screen was drawn); `zone` is its time zone."""

    book: "Book"
    zone: tzinfo


@dataclass
class BookUnopened(Message):
    """The book could not be opened (damaged, busy, unreadable); `error` says why."""

    error: Exception


class FirstScreenRead(Message):
    """The first screen shows everything it read from the book."""


@dataclass
class ActionRefused(Message):
    """A service refused the request or the input was bad; `reason` says why in words."""

    reason: str


@dataclass
class SectionLoaded(Message):
    """One part of a screen (a section of the dashboard, a detail view) was read from the book."""

    section: str
    view: object


@dataclass
class PageLoaded(Message, Generic[Row]):
    """A page of rows arrived for a paged table; `generation` drops pages of an old query."""

    generation: int
    page: "Page[Row]"


@dataclass
class TimerLoaded(Message):
    """The stored running timer was read (None: no timer runs)."""

    timer: "TimerView | None"


class Delivery(TypedDict):
    """Where one reminder went: its key (invoice number and level) and the mailer's word."""

    key: str
    where: str


@dataclass
class ReminderSent(Message):
    """One reminder of a batch was sent (or failed); `done` of `total` so far."""

    done: int
    total: int
    result: Delivery


@dataclass
class Done(Message, Generic[View]):
    """A service call succeeded; `view` is what it returned. Subclasses name what happened."""

    view: View


class ClientShown(Done[object]):
    """A client's detail view was read."""

    view: "ClientDetail"


class ProjectShown(Done[object]):
    """A project's detail view was read."""

    view: "ProjectDetail"


class InvoiceShown(Done[object]):
    """An invoice's detail view was read."""

    view: "InvoiceView"


class ProjectStarted(Done[object]):
    """A draft project was kicked off."""

    view: "ProjectResult"


class InvoiceCreated(Done[object]):
    """A draft invoice was made from a project."""

    view: "InvoiceResult"


class InvoiceIssued(Done[object]):
    """A draft was numbered and frozen."""

    view: "InvoiceResult"


class InvoiceCredited(Done[object]):
    """A credit note cancelled an issued invoice."""

    view: "InvoiceResult"


class PdfRendered(Done[object]):
    """An invoice or contract PDF was written; the view says where."""

    view: "WrittenDocument | ContractResult"


class TimerStarted(Done[object]):
    """The running timer was started."""

    view: "TimerView"


class TimerStopped(Done[object]):
    """The running timer was stopped into a time entry."""

    view: "TimeEntryView"


class RemindersListed(Done[object]):
    """The reminders due today were worked out (nothing sent)."""

    view: "Preview"


class RemindersSent(Done[object]):
    """A batch of reminders finished sending; the view holds one result per message."""

    view: "SendResult | None"


class CancellationQuoted(Done[object]):
    """The contract's cancellation fee was worked out (nothing cancelled yet)."""

    view: "CancellationQuote"


class ProjectCancelled(Done[object]):
    """A project was cancelled (and its cancellation maybe drafted as an invoice)."""

    view: "CancelResult"


class ChangeOrderRendered(Done[object]):
    """A change request's change-order PDF was written; the view says where."""

    view: "ChangeOrderView"


class ChangeApproved(Done[object]):
    """The client's signature of a change order was recorded."""

    view: "ScopeView"


class CalendarWritten(Done[object]):
    """The calendar feed (.ics) was written; the view says where and which events."""

    view: "CalendarFile"


class TimeImportReviewed(Done[object]):
    """Another tracker's file was read and mapped (dry run: nothing imported)."""

    view: "ReviewedImport"


class TimeImported(Done[object]):
    """Another tracker's time entries were imported."""

    view: "TimeImportSummary"
