"""Migration 0015: a book of revision 0014 keeps its profile and gets the Slovak QR choice
"both" (its EUR invoices keep the EPC code and add PAY by square); downgrading drops it."""

from sqlalchemy import text

from clientkit.services.profile import set_profile, show_profile
from tests.storage.kept_totals import downgrade_to, reopened


def _profile_columns(book) -> set[str]:  # type: ignore[no-untyped-def]
    with book.engine.connect() as connection:
        return set(connection.execute(text("SELECT * FROM profile")).keys())


def test_a_0014_book_keeps_its_profile_and_gets_both_codes_for_slovak_clients(book):
    set_profile(book, name="Jana", iban="SK3112000000198742637541")
    downgrade_to(book, "0014")
    assert "slovak_qr" not in _profile_columns(book)
    migrated = reopened(book)
    profile = show_profile(migrated)
    assert (profile["name"], profile["iban"], profile["slovak_qr"]) == (
        "Jana",
        "SK3112000000198742637541",
        "both",
    )
    migrated.engine.dispose()


def test_downgrading_to_0014_drops_only_the_choice(book):
    set_profile(book, name="Jana", slovak_qr="epc")
    downgrade_to(book, "0014")
    assert "slovak_qr" not in _profile_columns(book)
    with book.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM profile")).scalar() == "Jana"
