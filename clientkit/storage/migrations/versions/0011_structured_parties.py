"""structured parties: street, post code, city, country, registration id, contact and phone

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 04:30:00

The profile and every client had one free-text address, which e-invoices cannot carry (a
city or post code is a rule of XRechnung and Peppol, a country of EN 16931). Both get
street, postcode, city, country (ISO 3166-1), reg_id (the company registration id) and
contact and phone; a client also a tax_id. The old `address` text stays as it was: nothing
is lost. Where it has a common shape ("Obchodná 24\\n811 06 Bratislava\\nSlovakia",
"Torstraße 140, 10119 Berlin") its parts are filled in; any other text is left unread. The
country comes from a last address line naming one, else the VAT id's prefix, else the
locale's territory (sk_SK -> SK). Plain added columns (no batch copy of the tables).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from clientkit.domain.addresses import read_address
from clientkit.domain.billing import EU_VAT_PREFIXES
from clientkit.i18n import countries, country_named

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# VAT ids whose two letters are surely a country (a "VAT 123" typed as an id is not Vatican).
VAT_COUNTRIES = EU_VAT_PREFIXES | {"GB", "CH", "NO"}
PARTY_COLUMNS = ("street", "postcode", "city", "country", "reg_id", "contact", "phone")
COLUMNS = {"profile": PARTY_COLUMNS, "client": (*PARTY_COLUMNS, "tax_id")}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for name in columns:
            op.add_column(
                table,
                sa.Column(
                    name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
                ),
            )
    connection = op.get_bind()
    for table in COLUMNS:
        _read_addresses(connection, table)


def _read_addresses(connection: sa.Connection, table: str) -> None:
    rows = connection.execute(sa.text(f"SELECT id, address, vat_id, locale FROM {table}")).all()
    update = sa.text(
        f"UPDATE {table} SET street = :street, postcode = :postcode, city = :city, "
        "country = :country WHERE id = :id"
    )
    for row_id, address, vat_id, locale in rows:
        read = read_address(address or "", country_named)
        parts = (read.street, read.postcode, read.city) if read else ("", "", "")
        country = (read.country if read else "") or _country(vat_id or "", locale or "")
        if any(parts) or country:
            connection.execute(
                update,
                {
                    "id": row_id,
                    "street": parts[0],
                    "postcode": parts[1],
                    "city": parts[2],
                    "country": country,
                },
            )


def _country(vat_id: str, locale: str) -> str:
    """The VAT id's country (EL is Greece), else the locale's territory, else ""."""
    prefix = vat_id.strip().upper()[:2]
    if prefix in VAT_COUNTRIES:
        return "GR" if prefix == "EL" else prefix
    territory = locale.replace("-", "_").split("_")[-1].upper() if "_" in locale else ""
    return territory if territory in countries() else ""


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both engines (SQLite since 3.35): a batch copy of the
    # client table would drop it, which the foreign keys of its projects forbid.
    for table, columns in COLUMNS.items():
        for name in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
