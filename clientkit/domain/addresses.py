"""Free-text postal addresses read as street, post code, city and country, when the shape is clear.

Books written before the structured fields kept one text per party. The common European
shapes are read with confidence ("Obchodná 24\n811 06 Bratislava\nSlovakia", "Torstraße 140,
10119 Berlin", "14 Leonard Street\nLondon EC2A 4QX\nUK"); anything else (a c/o line, a US
state, a PO box, no post code) is left unread rather than guessed.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

# Post code first, then the city: 811 06 and 118 46 (SK, CZ, SE, GR), 10115 (DE, FR, IT, ES,
# FI...), 1010 (AT, CH, BE, DK, HU...), 00-950 (PL), 1000-001 (PT), 1012 AB (NL).
CODE_THEN_CITY = re.compile(
    r"(?P<code>\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{4} ?[A-Z]{2}|\d{4,5})"
    r"\s+(?P<city>[^\W\d_][^,]*)"
)
# The city, then a British post code: London EC2A 4QX.
CITY_THEN_UK_CODE = re.compile(
    r"(?P<city>[^\W\d_][^,\d]*?)\s+(?P<code>[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})"
)


@dataclass(frozen=True)
class ReadAddress:
    """The parts of a free-text address; `country` is a code when a line named one."""

    street: str
    postcode: str
    city: str
    country: str


def read_address(text: str, country_named: Callable[[str], str | None]) -> ReadAddress | None:
    """The address's parts when it has a street line, a post code and city line and at most a
    country line after them; None when it has any other shape. `country_named` gives the code
    of a country's name (or None), so that a trailing "Slovakia" or "Deutschland" is read."""
    parts = [line.strip() for line in text.splitlines() if line.strip()]
    country = _trailing_country(parts, country_named)
    if len(parts) == 1:
        parts = [part.strip() for part in parts[0].split(",") if part.strip()]
        country = country or _trailing_country(parts, country_named)
    if len(parts) != 2:
        return None
    street, place = parts
    if not _is_street(street):
        return None
    found = CODE_THEN_CITY.fullmatch(place) or CITY_THEN_UK_CODE.fullmatch(place)
    if found is None:
        return None
    return ReadAddress(street, found["code"], found["city"].strip(), country or "")


def _trailing_country(parts: list[str], country_named: Callable[[str], str | None]) -> str | None:
    """Take a last line naming a country off `parts`, returning its code."""
    if len(parts) < 2:
        return None
    code = country_named(parts[-1])
    if code is not None:
        parts.pop()
    return code


def _is_street(line: str) -> bool:
    """A street line has a letter and is not itself a post code and city."""
    return any(char.isalpha() for char in line) and not CODE_THEN_CITY.fullmatch(line)


# Where the post code follows the city on an envelope ("London EC2A 4QX", "Austin, TX 78701").
CITY_FIRST = frozenset({"AU", "CA", "GB", "IE", "JP", "NZ", "US"})


def place_line(postcode: str, city: str, country: str) -> str:
    """The post code and city as that country writes them: `811 06 Bratislava`, or
    `London EC2A 4QX` in the countries that put the city first."""
    parts = (city, postcode) if country in CITY_FIRST else (postcode, city)
    return " ".join(part for part in parts if part)
