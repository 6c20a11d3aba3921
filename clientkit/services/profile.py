"""The freelancer's own profile: who sends the contracts and invoices."""

from collections.abc import Callable
from functools import partial
from typing import TypedDict, Unpack

from sqlmodel import Session

from clientkit.clock import system_zone_name, zone_named
from clientkit.domain.errors import InvalidValue
from clientkit.domain.exemptions import PROFILE_EXEMPTIONS
from clientkit.domain.parties import PARTY_FIELDS
from clientkit.domain.payment_qr import check_slovak_qr
from clientkit.domain.text import check_email, check_no_controls
from clientkit.domain.wording import said, said_or
from clientkit.i18n import check_currency, check_locale
from clientkit.services.book import Book
from clientkit.services.errors import BadInput, config_problem, message_of
from clientkit.services.party_fields import check_party_field
from clientkit.services.views import ProfileView, profile_view
from clientkit.storage.models import Profile, utcnow

TEXT_FIELDS = ("name", "business", "address", "tax_id", "vat_id", "iban", "bic", "timezone")


class ProfileChanges(TypedDict, total=False):
    """What `set_profile` may change; None (or leaving a field out) keeps it."""

    name: str | None
    business: str | None
    email: str | None
    address: str | None
    street: str | None
    postcode: str | None
    city: str | None
    country: str | None
    reg_id: str | None
    tax_id: str | None
    vat_id: str | None
    contact: str | None
    phone: str | None
    endpoint: str | None
    iban: str | None
    bic: str | None
    currency: str | None
    locale: str | None
    timezone: str | None
    reverse_charge: bool | None
    lead_time_days: int | None
    vat_exemption: str | None
    slovak_qr: str | None


def get_profile(session: Session, book: Book) -> Profile:
    """The profile row, created from the configured defaults on first use."""
    profile = session.get(Profile, 1)
    if profile is None:
        profile = configured_profile(book)
        profile.timezone = _check_timezone(
            book.config.get("defaults", {}).get("timezone") or system_zone_name()
        )
        session.add(profile)
        session.flush()
    return profile


def configured_profile(book: Book) -> Profile:
    """A new profile of the configured [defaults]: a currency and locale checked as `profile set`
    checks them (a locale such as xx_YY failed only later, when an amount was formatted)."""
    defaults = book.config.get("defaults", {})
    return Profile(
        id=1,
        currency=_configured(defaults, "currency", "EUR"),
        locale=_configured(defaults, "locale", "en_US"),
    )


def _configured(defaults: dict[str, object], key: str, unset: str) -> str:
    try:
        return CONTACT_CHECKS[key](str(defaults.get(key) or unset))
    except InvalidValue as exc:
        raise BadInput(config_problem(f"[defaults] {key}", message_of(exc))) from None


def show_profile(book: Book) -> ProfileView:
    with book.write() as session:
        return profile_view(get_profile(session, book))


def set_profile(book: Book, **changes: Unpack[ProfileChanges]) -> ProfileView:
    """Update the given fields (None means unchanged)."""
    cleaned = _clean(changes)
    with book.write() as session:
        profile = get_profile(session, book)
        for key, value in cleaned.items():
            setattr(profile, key, value)
        profile.updated_at = utcnow()
        session.add(profile)
        view = profile_view(profile)
    if "timezone" in cleaned:
        book.forget_zone()
    return view


def _clean(changes: ProfileChanges) -> dict[str, object]:
    cleaned: dict[str, object] = {}
    for key, value in changes.items():
        if isinstance(value, str):
            cleaned[key] = clean_text(key, value)
        elif key == "lead_time_days" and isinstance(value, int):
            cleaned[key] = check_lead_time(value)
        elif value is not None:
            cleaned[key] = value
    return cleaned


def _check_address(value: str) -> str:
    check_no_controls(value, "address", multiline=True)
    return value


# The checks of the contact fields a profile and a client both have.
CONTACT_CHECKS: dict[str, Callable[[str], str]] = {
    "email": check_email,
    "currency": check_currency,
    "locale": check_locale,
    "address": _check_address,
    **{field: partial(check_party_field, field) for field in PARTY_FIELDS},
}
BANK_CHECKS: dict[str, Callable[[str], str]] = {
    field: partial(check_party_field, field) for field in ("iban", "bic")
}


def clean_text(key: str, value: str) -> str:
    """A profile text field as the profile keeps it; one it may not hold is refused."""
    if key in CONTACT_CHECKS:
        return CONTACT_CHECKS[key](value)
    if key in BANK_CHECKS:
        return BANK_CHECKS[key](value)
    if key == "timezone":
        return _check_timezone(value)
    if key == "vat_exemption":
        return _check_exemption(value)
    if key == "slovak_qr":
        return _check_slovak_qr(value)
    if key in TEXT_FIELDS:
        return check_no_controls(value, key.replace("_", " "))
    return value


def _check_exemption(value: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in PROFILE_EXEMPTIONS:
        raise BadInput(
            said(
                "invalid VAT exemption %(value)s: expected %(choices)s",
                value=repr(value),
                choices=said_or(PROFILE_EXEMPTIONS),
            )
        )
    return cleaned


def _check_slovak_qr(value: str) -> str:
    try:
        return check_slovak_qr(value)
    except InvalidValue as exc:
        raise BadInput(message_of(exc)) from None


def _check_timezone(name: str) -> str:
    try:
        return zone_named(name).key
    except InvalidValue:
        raise BadInput(
            said(
                "unknown time zone %(name)s: expected an IANA name, e.g. Europe/Berlin or UTC",
                name=repr(name),
            )
        ) from None


def check_lead_time(days: int) -> int:
    """The lead time a project's deadline needs (shorter is a rush job): 0 to 3650 days."""
    if not 0 <= days <= 3650:
        raise BadInput(said("invalid lead time %(days)s days: expected 0 to 3650", days=days))
    return days
