"""Migration 0011: a book of revision 0010 keeps every old address text, gets the parts of the
common shapes filled in, and a country from the address, the VAT id or the locale."""

from sqlalchemy import text

from clientkit.domain.addresses import read_address
from clientkit.i18n import country_named
from clientkit.services.book import Book
from clientkit.services.lists import list_clients
from clientkit.services.profile import show_profile
from tests.storage.kept_totals import downgrade_to, reopened, rows, run

OLD_CLIENTS = {
    # name: (address, vat_id, locale)
    "Kovac": ("Obchodná 24\n811 06 Bratislava\nSlovakia", "", "en_US"),
    "Brightline": ("Torstraße 140, 10119 Berlin", "DE298765435", "en_US"),
    "Keller": ("c/o Keller AG\nPostfach 12\nZürich", "", "de_CH"),
    "Portland": ("1200 NW Naito Pkwy\nPortland, OR 97209\nUSA", "", "en_US"),
    "Nowhere": ("somewhere", "", "en"),
}


def _old_book(book: Book) -> None:
    """A book as clientkit 0010 left it: the free-text addresses only."""
    downgrade_to(book, "0010")
    for name, (address, vat_id, locale) in OLD_CLIENTS.items():
        run(
            book,
            "INSERT INTO client (created_at, updated_at, name, email, company, address, vat_id,"
            " currency, locale, archived) VALUES ('2026-11-23 10:00:00', '2026-11-23 10:00:00',"
            " :name, '', '', :address, :vat_id, 'EUR', :locale, false)",
            name=name,
            address=address,
            vat_id=vat_id,
            locale=locale,
        )
    run(
        book,
        "INSERT INTO profile (id, created_at, updated_at, name, business, email, address,"
        " tax_id, vat_id, iban, bic, currency, locale, timezone, reverse_charge, lead_time_days)"
        " VALUES (1, '2026-11-23 10:00:00', '2026-11-23 10:00:00', 'Jana', '', '',"
        " :address, '', 'SK2020273893', '', '', 'EUR', 'en_US', 'UTC', false, 14)",
        address="Hlavná 5\n040 01 Košice",
    )


def test_migrating_a_0010_book_keeps_every_address_text_and_reads_the_common_shapes(book):
    _old_book(book)
    migrated = reopened(book)
    clients = {view["name"]: view for view in list_clients(migrated)}
    for name, (address, _, _) in OLD_CLIENTS.items():
        assert clients[name]["address"] == address  # nothing lost
    parts = {
        name: (view["street"], view["postcode"], view["city"], view["country"])
        for name, view in clients.items()
    }
    assert parts == {
        "Kovac": ("Obchodná 24", "811 06", "Bratislava", "SK"),
        "Brightline": ("Torstraße 140", "10119", "Berlin", "DE"),
        "Keller": ("", "", "", "CH"),  # not a shape read with confidence: the locale's country
        "Portland": ("", "", "", "US"),
        "Nowhere": ("", "", "", ""),  # no country anywhere: none is made up
    }
    profile = show_profile(migrated)
    assert (profile["address"], profile["street"], profile["postcode"], profile["city"]) == (
        "Hlavná 5\n040 01 Košice",
        "Hlavná 5",
        "040 01",
        "Košice",
    )
    assert profile["country"] == "SK"  # from the VAT id, before the en_US locale
    migrated.engine.dispose()


def test_downgrading_to_0010_drops_the_new_columns_and_keeps_the_address(book):
    _old_book(book)
    migrated = reopened(book)
    downgrade_to(migrated, "0010")
    found = rows(migrated, "SELECT name, address FROM client ORDER BY name")
    assert dict(found) == {name: old[0] for name, old in OLD_CLIENTS.items()}
    with migrated.engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM client")).keys()
    assert "street" not in columns
    migrated.engine.dispose()


def test_only_the_common_address_shapes_are_read():
    def read(address: str) -> tuple[str, str, str, str] | None:
        found = read_address(address, country_named)
        return None if found is None else (found.street, found.postcode, found.city, found.country)

    assert read("Street 1\n811 01 Bratislava") == ("Street 1", "811 01", "Bratislava", "")
    assert read("Street 1, 10115 Berlin, Germany") == ("Street 1", "10115", "Berlin", "DE")
    assert read("14 Leonard Street\nLondon EC2A 4QX\nUK") == (
        "14 Leonard Street",
        "EC2A 4QX",
        "London",
        "GB",
    )
    assert read("Keizersgracht 1\n1015 CJ Amsterdam") == (
        "Keizersgracht 1",
        "1015 CJ",
        "Amsterdam",
        "",
    )
    assert read("Husova 8\n602 00 Brno\nČesko") == ("Husova 8", "602 00", "Brno", "CZ")
    for unclear in (
        "c/o Foo\nStreet 1\n10115 Berlin",
        "1200 NW Naito Pkwy\nPortland, OR 97209\nUSA",
        "Bratislava\nSlovakia",
        "just a name",
        "",
    ):
        assert read(unclear) is None, unclear
