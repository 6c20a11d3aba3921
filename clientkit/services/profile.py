"""The freelancer's own profile: who sends the contracts and invoices."""

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from clientkit.domain.text import check_email, check_no_controls
from clientkit.i18n import check_currency, check_locale
from clientkit.services.book import Book
from clientkit.services.errors import BadInput
from clientkit.services.views import profile_view
from clientkit.storage.models import Profile, utcnow

TEXT_FIELDS = ("name", "business", "address", "tax_id", "vat_id", "iban", "bic", "timezone")


def get_profile(session: Session, book: Book) -> Profile:
    """The profile row, created from the configured defaults on first use."""
    profile = session.get(Profile, 1)
    if profile is None:
        defaults = book.config.get("defaults", {})
        profile = Profile(
            id=1,
            currency=defaults.get("currency", "EUR"),
            locale=defaults.get("locale", "en_US"),
            timezone=defaults.get("timezone", "UTC"),
        )
        session.add(profile)
        session.flush()
    return profile


def show_profile(book: Book) -> dict[str, Any]:
    with book.write() as session:
        return profile_view(get_profile(session, book))


def set_profile(book: Book, **changes: Any) -> dict[str, Any]:
    """Update the given fields (None means unchanged)."""
    cleaned = _clean(changes)
    with book.write() as session:
        profile = get_profile(session, book)
        for key, value in cleaned.items():
            setattr(profile, key, value)
        profile.updated_at = utcnow()
        session.add(profile)
        return profile_view(profile)


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key == "email":
            value = check_email(value)
        elif key == "currency":
            value = check_currency(value)
        elif key == "locale":
            value = check_locale(value)
        elif key == "address":
            check_no_controls(value.replace("\n", " "), "address")  # lines are fine
        elif key == "timezone":
            value = _check_timezone(value)
        elif key == "lead_time_days":
            value = _check_lead_time(value)
        elif key in TEXT_FIELDS:
            value = check_no_controls(value, key.replace("_", " "))
        if key == "iban":
            value = value.replace(" ", "").upper()
        cleaned[key] = value
    return cleaned


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name.strip())
    except (ValueError, ZoneInfoNotFoundError):
        raise BadInput(f"unknown time zone {name!r}: expected e.g. Europe/Berlin or UTC") from None
    return name.strip()


def _check_lead_time(days: int) -> int:
    if not 0 <= days <= 3650:
        raise BadInput(f"invalid lead time {days} days: expected 0 to 3650")
    return days
