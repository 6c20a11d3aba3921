"""The eight kinds of document the e-invoice tests write, each in a book of its own.

A German freelancer billing a German public buyer (Leitweg-ID as buyer reference), and a
Slovak one billing: a Slovak company (20 % lines and an exempt 0 % line, an order reference),
an Austrian company under the EU reverse charge, a private person, a credit note, a Czech
company in CZK with VAT, an advance invoice (type 386) asking a Slovak company for a deposit,
and the final invoice deducting that advance once paid. Every party has the structured
address, ids and contact the rules ask for; each builder returns the number of the document
it issued.
"""

from collections.abc import Callable

from clientkit.services.advances import request_advance
from clientkit.services.book import Book
from clientkit.services.clients import add_client
from clientkit.services.deposit_records import record_deposit
from clientkit.services.invoicing import add_line, create_invoice, credit_invoice, issue_invoice
from clientkit.services.profile import set_profile
from clientkit.services.projects import TermsInput, add_project, move_project
from clientkit.services.tracking import log_time

SLOVAK_SELLER = {
    "name": "Jana Nováková",
    "business": "Štúdio Nováková",
    "email": "jana@studio-novakova.sk",
    "street": "Obchodná 24",
    "postcode": "811 06",
    "city": "Bratislava",
    "country": "SK",
    "reg_id": "50123456",
    "vat_id": "SK2020273893",
    "contact": "Jana Nováková",
    "phone": "+421 2 1234 5678",
    "iban": "SK3112000000198742637541",
    "bic": "TATRSKBX",
    "locale": "sk_SK",
}
GERMAN_SELLER = {
    "name": "Lena Schmidt",
    "business": "Schmidt Design",
    "email": "lena@schmidt-design.de",
    "street": "Torstraße 140",
    "postcode": "10119",
    "city": "Berlin",
    "country": "DE",
    "vat_id": "DE298765435",
    "contact": "Lena Schmidt",
    "phone": "+49 30 1234567",
    "iban": "DE89370400440532013000",
    "bic": "COBADEFFXXX",
    "locale": "de_DE",
}
SLOVAK_COMPANY = {
    "company": "Kováč & Partneri s.r.o.",
    "email": "faktury@kovac.sk",
    "street": "Hlavná 12",
    "postcode": "040 01",
    "city": "Košice",
    "country": "SK",
    "reg_id": "36281395",
    "vat_id": "SK2120046819",
    "contact": "Eva Kováčová",
    "locale": "sk_SK",
}
LEITWEG_ID = "04011000-1234512345-06"


def _issue(book: Book, project: str, vat: str, rate: str | None = None) -> str:
    draft = str(create_invoice(book, project, vat=vat)["id"])
    return str(issue_invoice(book, draft, rate=rate)["number"])


def german_business(book: Book) -> str:
    """A German freelancer's hours and a flat fee for a German public buyer, at 19 %."""
    set_profile(book, **GERMAN_SELLER)  # type: ignore[arg-type]
    add_client(
        book,
        "Stadtwerke Köln",
        company="Stadtwerke Köln GmbH",
        email="rechnungen@stadtwerke-koeln.de",
        street="Parkgürtel 24",
        postcode="50823",
        city="Köln",
        country="DE",
        vat_id="DE123456788",
        contact="Max Weber",
        locale="de_DE",
    )
    terms = TermsInput(hourly="85", deposit="0", buyer_ref=LEITWEG_ID)
    add_project(book, "Stadtwerke Köln", "Portal", terms)
    move_project(book, "Portal", "start")
    log_time(book, "Portal", "12h30m", "work", on="2026-11-20")
    draft = str(create_invoice(book, "Portal", vat="19%")["id"])
    add_line(book, draft, "Hosting setup", "250", vat="19%")
    return str(issue_invoice(book, draft)["number"])


def slovak_business(book: Book) -> str:
    """A Slovak company: 20 % lines and one exempt line at 0 %, with its order number."""
    set_profile(book, **SLOVAK_SELLER)  # type: ignore[arg-type]
    add_client(book, "Kováč", **SLOVAK_COMPANY)  # type: ignore[arg-type]
    add_project(book, "Kováč", "Brand", TermsInput(price="1500", deposit="0"))
    draft = str(create_invoice(book, "Brand", vat="20%", order_ref="OBJ-2026-117")["id"])
    add_line(book, draft, "Hosting", "100", quantity="2", vat="20%")
    add_line(book, draft, "Training (exempt)", "200", vat="0%")
    return str(issue_invoice(book, draft)["number"])


def reverse_charge(book: Book) -> str:
    """An Austrian company: the EU reverse charge, every line at 0 % (category AE)."""
    set_profile(book, **SLOVAK_SELLER, reverse_charge=True)  # type: ignore[arg-type]
    add_client(
        book,
        "Alpen Design",
        company="Alpen Design GmbH",
        email="office@alpendesign.at",
        street="Mariahilfer Straße 1",
        postcode="1060",
        city="Wien",
        country="AT",
        vat_id="ATU13585627",
        locale="de_AT",
    )
    terms = TermsInput(price="2000", deposit="0", buyer_ref="Einkauf 17")
    add_project(book, "Alpen Design", "Catalogue", terms)
    return _issue(book, "Catalogue", "20%")


def private_client(book: Book) -> str:
    """A private person, no company and no VAT id, at 20 %."""
    set_profile(book, **SLOVAK_SELLER)  # type: ignore[arg-type]
    add_client(
        book,
        "Ľubomír Šťastný",
        email="lubo@example.sk",
        street="Dlhá 5",
        postcode="949 01",
        city="Nitra",
        country="SK",
        locale="sk_SK",
    )
    add_project(book, "Ľubomír Šťastný", "Wedding album", TermsInput(price="400", deposit="0"))
    return _issue(book, "Wedding album", "20%")


def credit_note(book: Book) -> str:
    """The credit note cancelling an invoice to a Slovak company with a buyer reference."""
    set_profile(book, **SLOVAK_SELLER)  # type: ignore[arg-type]
    add_client(book, "Kováč", **SLOVAK_COMPANY)  # type: ignore[arg-type]
    add_project(book, "Kováč", "Brand", TermsInput(price="1500", deposit="0", buyer_ref="KP-88"))
    number = _issue(book, "Brand", "20%")
    return str(credit_invoice(book, number, reason="Billed twice")["number"])


def foreign_currency(book: Book) -> str:
    """A Czech company billed in CZK with Slovak VAT at 20 %."""
    set_profile(book, **SLOVAK_SELLER)  # type: ignore[arg-type]
    add_client(
        book,
        "Vltava Software",
        company="Vltava Software s.r.o.",
        email="ucetni@vltava.cz",
        street="Karlova 1",
        postcode="110 00",
        city="Praha",
        country="CZ",
        vat_id="CZ26168685",
        currency="CZK",
        locale="cs_CZ",
    )
    terms = TermsInput(price="40000", deposit="0", buyer_ref="PO 5521")
    add_project(book, "Vltava Software", "Docs", terms)
    return _issue(book, "Docs", "20%", rate="0.0401")  # 1 CZK in EUR, the accounting currency


def _advance(book: Book) -> str:
    """A Slovak company's project of 1,500 with a buyer reference, and its advance invoice
    for 30 % of the price at 20 % VAT (450 net, 540 in all)."""
    set_profile(book, **SLOVAK_SELLER)  # type: ignore[arg-type]
    add_client(book, "Kováč", **SLOVAK_COMPANY)  # type: ignore[arg-type]
    add_project(book, "Kováč", "Brand", TermsInput(price="1500", deposit="30%", buyer_ref="KP-88"))
    return str(request_advance(book, "Brand", percent="30", vat="20%")["number"])


def advance_invoice(book: Book) -> str:
    """An advance (prepayment) invoice asking a Slovak company for a deposit: type 386."""
    return _advance(book)


def final_invoice(book: Book) -> str:
    """The final invoice of that project once the advance is paid: the price, and the advance
    deducted at 20 % (a negative line), naming it as a preceding invoice."""
    _advance(book)
    record_deposit(book, "Brand", "540")
    draft = create_invoice(book, "Brand", vat="20%")
    return str(issue_invoice(book, str(draft["id"]))["number"])


KINDS: dict[str, Callable[[Book], str]] = {
    "German business client": german_business,
    "Slovak business client": slovak_business,
    "EU reverse charge": reverse_charge,
    "private client": private_client,
    "credit note": credit_note,
    "non-EUR with VAT": foreign_currency,
    "advance invoice": advance_invoice,
    "final invoice deducting an advance": final_invoice,
}
