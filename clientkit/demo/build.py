"""`clientkit demo`: a realistic sample book built through the real use cases, or the large one."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection
from sqlmodel import Session

from clientkit.clock import Clock
from clientkit.demo.large import DEFAULT_SEED, build_large
from clientkit.domain.history_words import DEMO_BOOK
from clientkit.i18n import currency_digits
from clientkit.services import (
    clients,
    deposit_records,
    invoicing,
    message_records,
    payments,
    profile,
    project_show,
    projects,
    scope_items,
    tracking,
)
from clientkit.services.book import Book
from clientkit.services.errors import Refused
from clientkit.services.history import not_undoable
from clientkit.services.profile import ProfileChanges
from clientkit.services.projects import TermsInput
from clientkit.storage import bulk
from clientkit.storage.models import Contract

PROFILE: ProfileChanges = {
    "name": "Mara Novak",
    "business": "Novak Studio",
    "email": "mara@novak-studio.example",
    "street": "Kastanienallee 12",
    "postcode": "10435",
    "city": "Berlin",
    "country": "DE",
    "phone": "+49 30 1234 5678",
    "tax_id": "37/123/45678",
    "vat_id": "DE312345671",
    "iban": "DE89 3704 0044 0532 0130 00",
    "bic": "COBADEFFXXX",
    "currency": "EUR",
    "locale": "en_US",
    "timezone": "Europe/Berlin",
    "reverse_charge": True,  # EU business clients abroad account for the VAT themselves
}


def build_demo(
    book: Book,
    *,
    force: bool = False,
    large: bool = False,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
) -> dict[str, str | int]:
    """Fill an empty book (or, with `force`, a wiped one) in one transaction; returns row counts.

    The sample book goes through the real services so it obeys every rule; the large
    one (SPEC section 9, sizes times `scale`) is bulk-inserted for benchmarks.
    """
    with book.write() as session:
        if not force and bulk.has_data(session):
            raise Refused("the book already has data; use --force to replace it")
        not_undoable(session, DEMO_BOOK)
        bulk.delete_all(session)  # with no data, at most an empty profile row goes
        if large:
            build_large(
                session,
                today=book.clock.today(),
                now=book.clock.now(),
                config=book.config,
                profile=PROFILE,
                scale=scale,
                seed=seed,
            )
        else:
            _Sample(_Joined(book, session)).build()
        counts = bulk.table_counts(session)
    return {"book": "large" if large else "sample", **counts}


class _Joined(Book):
    """The book seen through one open transaction: every service call joins it.

    Services open `book.write()` themselves; handing them this book makes the whole
    demo one transaction, so a failure halfway leaves the book as it was.
    """

    def __init__(self, book: Book, session: Session) -> None:
        super().__init__(engine=book.engine, url=book.url, clock=book.clock, config=book.config)
        self._session = session

    @contextmanager
    def write(self) -> Iterator[Session]:
        yield self._session
        self._session.flush()

    @contextmanager
    def write_core(self) -> Iterator[Connection]:
        self._session.flush()  # what the ORM holds is in the transaction before Core reads it
        yield self._session.connection()

    @contextmanager
    def read(self) -> Iterator[Session]:
        yield self._session

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        self._session.flush()
        yield self._session.connection()

    @property
    def zone(self) -> tzinfo:
        """The zone read inside the demo's transaction: a second connection would wait on
        PostgreSQL for the tables this one emptied (it holds their locks until it ends)."""
        if self._zone is None:
            self._read_zone(self._session.connection())
        assert self._zone is not None
        return self._zone


@dataclass(frozen=True)
class _InvoicePlan:
    """An invoice to draw from a project once its work is logged, and how it gets paid."""

    project: str
    issued: int  # days relative to today
    vat: str | None = None
    paid: tuple[tuple[int, str], ...] = ()  # (day, "half" | "full" of what is due)


@dataclass
class _Sample:
    """Writes the sample book: one client per pattern of SPEC section 1, and healthy ones."""

    book: _Joined
    plans: list[_InvoicePlan] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(DEFAULT_SEED))  # noqa: S311
    locales: dict[str, str] = field(default_factory=dict)  # client or project id -> locale

    def __post_init__(self) -> None:
        self.today = self.book.clock.today()
        self.now = self.book.clock.now()

    def build(self) -> None:
        profile.set_profile(self.book, **PROFILE)
        self.indecisive()
        self.social()
        self.vanishing()
        self.squeezer()
        self.persistent()
        self.waiting()
        self.healthy_publisher()
        self.healthy_atelier()
        self.healthy_analytics()
        self.healthy_copywriting()
        self.healthy_outdoor()
        self.healthy_software()
        self.healthy_annual_report()
        self.issue_invoices()
        self.social_after_the_invoice()

    # -- the patterns ---------------------------------------------------------------------

    def indecisive(self) -> None:
        """Over its revision limit, with change requests after kickoff and a deadline near."""
        client = self.client(
            "Brightline Media GmbH",
            email="projects@brightline-media.example",
            company="Brightline Media GmbH",
            street="Torstraße 140",
            postcode="10119",
            city="Berlin",
            country="DE",
            reg_id="HRB 187654 B",
            contact="Lena Vogel",
            phone="+49 30 2345 6789",
            vat_id="DE298765435",
            currency="EUR",
            locale="de_DE",
        )
        project = self.project(
            client,
            "Brand refresh and website",
            [
                ("Logo refinement", None, "12"),
                ("Style guide, 20 pages", None, "16"),
                ("Homepage and four inner page designs", None, "30"),
            ],
            price="4800",
            estimate_hours="58",
            revisions=2,
            revision_fee="150",
            deposit="30%",
            comm_budget="6h",
            comm_rate="60",
            late_fee="1.5%",
            cancel_fee="20%",
            deadline=self.iso(5),
        )
        self.start(project, -42, signed=-45, deposit=-44)
        self.spread(project, -41, -2, hours=34, kind="work", note="design")
        self.spread(project, -40, -3, hours=3, kind="call", note="feedback call")
        for day, text in (
            (-30, "Homepage: swap the hero imagery"),
            (-24, "Logo: try a darker blue"),
            (-15, "Homepage: back to the first hero"),
            (-6, "Style guide: new typography"),
        ):
            self.revision(project, day, text)
        self.change(project, "Social media kit, 12 templates", "600", "8", approved=-19)
        self.change(project, "Landing page for the spring campaign", "450", "6")
        self.talk(client, project, -40 * 24, "Kickoff notes", reply_after=3)
        self.talk(client, project, -16 * 24, "Can we go back to the first hero?", reply_after=5)
        self.talk(client, project, -7 * 24, "New fonts from our agency", reply_after=20)

    def social(self) -> None:
        """Long calls and endless e-mails: communication far over the agreed budget."""
        client = self.client(
            "Kováč & Partneri s.r.o.",
            email="office@kovac-partneri.example",
            company="Kováč & Partneri s.r.o.",
            street="Obchodná 24",
            postcode="811 06",
            city="Bratislava",
            country="SK",
            reg_id="36281395",
            tax_id="2023456787",
            contact="Peter Kováč",
            phone="+421 2 5443 1234",
            vat_id="SK2023456787",
            currency="EUR",
            locale="sk_SK",
        )
        project = self.project(
            client,
            "Quarterly newsletter design",
            [
                ("Newsletter template", None, "12"),
                ("Four issues laid out", None, "18"),
            ],
            # A fixed price includes the communication budget; an hourly project would
            # bill all the talk as working time, and the budget would protect nothing.
            price="1650",
            estimate_hours="30",
            revisions=3,
            revision_fee="80",
            deposit="30%",
            comm_budget="5h",
            comm_rate="55",
            deadline=self.iso(35),
        )
        self.start(project, -35, signed=-37, deposit=-36)
        self.spread(project, -34, -1, hours=16, kind="work", note="layout")
        self.spread(project, -34, -1, hours=4, kind="call", note="weekly call")
        self.spread(project, -30, -2, hours=2.5, kind="meeting", note="review meeting")
        self.spread(project, -33, -1, hours=1.5, kind="email", note="e-mail thread")
        self.spread(project, -20, -1, hours=1, kind="chat", note="chat")
        self.revision(project, -12, "Issue 1: new colour for headings")
        for hours_ago in (30 * 24, 21 * 24, 14 * 24, 6 * 24, 2 * 24):
            self.talk(
                client,
                project,
                -hours_ago,
                "Quick question about the newsletter",
                reply_after=2,
                channel="email",
            )
        # Billed so far and half paid: for all the hours of talk, the rate is far below 55.
        self.plans.append(_InvoicePlan(project, -10, paid=((-3, "half"),)))

    def social_after_the_invoice(self) -> None:
        """The calls went on after the invoice: overage beyond the budget not billed yet."""
        self.spread(
            "Quarterly newsletter design", -9, -1, hours=1, kind="call", note="call about issue 2"
        )

    def vanishing(self) -> None:
        """Delivered, invoiced, overdue for weeks, and silent since delivery."""
        client = self.client(
            "Harbor Lane Foods LLC",
            email="ap@harborlanefoods.example",
            company="Harbor Lane Foods LLC",
            street="1200 NW Naito Pkwy",
            postcode="97209",
            city="Portland, OR",
            country="US",
            contact="Dana Whitfield",
            phone="+1 503 555 0142",
            currency="USD",
            locale="en_US",
        )
        project = self.project(
            client,
            "Packaging for the seasonal range",
            [
                ("Three pack designs", None, "30"),
                ("Print-ready files", None, "6"),
            ],
            price="3200",
            estimate_hours="36",
            revisions=2,
            revision_fee="120",
            deposit="0%",
            late_fee="2%",
            payment_days=14,
            deadline=self.iso(-50),
        )
        self.start(project, -75, signed=-77)
        self.spread(project, -74, -49, hours=32, kind="work", note="packaging design")
        self.spread(project, -70, -50, hours=1.5, kind="call", note="call")
        self.revision(project, -60, "Darker background on the berry pack")
        self.talk(client, project, -80 * 24, "Brief for the seasonal range", reply_after=4)
        self.talk(client, project, -50 * 24, "Looks great, sending to print", reply_after=1)
        projects.move_project(self.book, project, "deliver", self.day(-48))
        self.plans.append(_InvoicePlan(project, -47))
        for days_ago, subject in (
            (-47, "Invoice for the seasonal packaging"),
            (-32, "Friendly reminder: invoice due"),
            (-26, "Second reminder: invoice overdue"),
            (-19, "Final notice: invoice overdue"),
        ):
            self.send(client, days_ago * 24, subject)

    def squeezer(self) -> None:
        """A premium event identity for a stated budget less than half the estimate."""
        client = self.client(
            "Pennywise Events Ltd",
            email="hello@pennywise-events.example",
            company="Pennywise Events Ltd",
            street="14 Leonard Street",
            postcode="EC2A 4QX",
            city="London",
            country="GB",
            reg_id="09876543",
            phone="+44 20 7946 0321",
            currency="GBP",
            locale="en_GB",
            budget="1200",
        )
        project = self.project(
            client,
            "Conference identity and signage",
            [
                ("Conference logo and colour system", None, "12"),
                ("Signage set, 25 pieces", None, "20"),
                ("Slide template", None, "8"),
            ],
            hourly="70",
            estimate_hours="40",
            revisions=2,
            revision_fee="90",
            comm_budget="4h",
            comm_rate="70",
            deadline=self.iso(40),
        )
        self.talk(
            client, project, -4 * 24, "Can you do the whole identity for 1,200?", reply_after=20
        )

    def persistent(self) -> None:
        """Scope keeps growing past the estimate; no deposit, no signed contract (they pushed
        to start at once, and the paper never caught up)."""
        client = self.client(
            "Novotný Stavby s.r.o.",
            email="info@novotny-stavby.example",
            company="Novotný Stavby s.r.o.",
            street="Husova 8",
            postcode="602 00",
            city="Brno",
            country="CZ",
            reg_id="27654320",
            contact="Tomáš Novotný",
            vat_id="CZ27654320",
            currency="CZK",
            locale="cs_CZ",
        )
        project = self.project(
            client,
            "Web portal for construction clients",
            [
                ("Public website, 8 pages", None, "30"),
                ("Project gallery", None, "12"),
                ("Contact and quote form", None, "18"),
            ],
            hourly="1400",
            estimate_hours="60",
            revisions=2,
            revision_fee="2500",
            deposit="30%",
            comm_budget="6h",
            comm_rate="1400",
            deadline=self.iso(20),
        )
        self.start(project, -50)
        self.spread(project, -49, -1, hours=78, kind="work", note="development")
        self.spread(project, -45, -3, hours=3, kind="meeting", note="site meeting")
        self.revision(project, -20, "Gallery: larger thumbnails")
        self.change(project, "Client login area", "18000", "14", approved=-38)
        self.change(project, "German and English versions", "22000", "16")
        self.change(project, "Integration with their ERP", None, "24")
        self.change(project, "Photo upload for site managers", "9000", "6")
        self.talk(client, project, -44 * 24, "One more thing for the portal", reply_after=6)
        self.talk(
            client, project, -9 * 24, "Could the portal also connect to our ERP?", reply_after=8
        )

    def waiting(self) -> None:
        """Wrote four days ago and is still waiting for an answer."""
        client = self.client(
            "Sakura Design KK",
            email="info@sakura-design.example",
            company="Sakura Design KK",
            street="2-11-3 Meguro, Meguro-ku",
            postcode="153-0063",
            city="Tokyo",
            country="JP",
            phone="+81 3 5555 0198",
            currency="JPY",
            locale="ja_JP",
        )
        project = self.project(
            client,
            "English localisation of the product site",
            [
                ("Translate 40 pages", None, "20"),
                ("Glossary", None, "5"),
            ],
            hourly="9000",
            estimate_hours="25",
            revisions=2,
            revision_fee="15000",
            deposit="30%",
            comm_budget="3h",
            comm_rate="9000",
            deadline=self.iso(30),
        )
        self.start(project, -20, signed=-22, deposit=-21)
        self.spread(project, -19, -5, hours=10, kind="work", note="translation")
        self.spread(project, -18, -6, hours=1, kind="email", note="terminology questions")
        self.talk(client, project, -18 * 24, "Source files for the product site", reply_after=5)
        self.talk(client, project, -96, "Question about the glossary: which terms stay Japanese?")

    # -- healthy clients --------------------------------------------------------------------

    def healthy_publisher(self) -> None:
        client = self.client(
            "Nordlicht Verlag GmbH",
            email="herstellung@nordlicht-verlag.example",
            company="Nordlicht Verlag GmbH",
            street="Große Elbstraße 39",
            postcode="22767",
            city="Hamburg",
            country="DE",
            reg_id="HRB 145678",
            contact="Jonas Brandt",
            phone="+49 40 3890 1122",
            vat_id="DE811234565",
            currency="EUR",
            locale="de_DE",
        )
        covers = self.project(
            client,
            "Book cover series, three covers",
            [
                ("Three covers", None, "24"),
                ("Spine and back variants", None, "6"),
            ],
            price="2400",
            estimate_hours="30",
            revisions=3,
            revision_fee="120",
            deposit="30%",
            comm_budget="4h",
            comm_rate="80",
            deadline=self.iso(-95),
        )
        self.start(covers, -120, signed=-123, deposit=-122)
        self.spread(covers, -119, -96, hours=27, kind="work", note="cover design")
        self.spread(covers, -118, -100, hours=2, kind="meeting", note="editorial meeting")
        self.revision(covers, -110, "Cover 2: warmer palette")
        self.revision(covers, -104, "Cover 3: larger title")
        projects.move_project(self.book, covers, "deliver", self.day(-95))
        projects.move_project(self.book, covers, "close", self.day(-85))
        self.plans.append(_InvoicePlan(covers, -94, vat="19%", paid=((-85, "full"),)))
        catalogue = self.project(
            client,
            "Autumn catalogue layout",
            [
                ("Catalogue, 48 pages", None, "24"),
            ],
            price="1800",
            estimate_hours="24",
            revisions=2,
            revision_fee="100",
            deposit="20%",
            comm_budget="3h",
            comm_rate="80",
            deadline=self.iso(28),
        )
        self.start(catalogue, -10, signed=-12, deposit=-11)
        self.spread(catalogue, -9, -1, hours=4, kind="work", note="layout")
        self.talk(client, catalogue, -100 * 24, "Thank you for the covers!", reply_after=3)
        self.talk(client, catalogue, -13 * 24, "Catalogue brief attached", reply_after=2)

    def healthy_atelier(self) -> None:
        client = self.client(
            "Atelier Moreau",
            email="contact@atelier-moreau.example",
            company="Atelier Moreau SARL",
            street="18 rue Mercière",
            postcode="69002",
            city="Lyon",
            country="FR",
            reg_id="303 265 045",
            contact="Claire Moreau",
            vat_id="FR40303265045",
            currency="EUR",
            locale="fr_FR",
        )
        site = self.project(
            client,
            "Portfolio website",
            [
                ("Design of six pages", None, "20"),
                ("Build and launch", None, "18"),
            ],
            price="3500",
            estimate_hours="38",
            revisions=2,
            revision_fee="150",
            deposit="30%",
            comm_budget="5h",
            comm_rate="70",
            payment_days=21,
            deadline=self.iso(-12),
        )
        self.start(site, -45, signed=-48, deposit=-47)
        self.spread(site, -44, -13, hours=35, kind="work", note="web design")
        self.spread(site, -40, -14, hours=2, kind="call", note="review call")
        self.revision(site, -25, "Gallery page: masonry layout")
        projects.move_project(self.book, site, "deliver", self.day(-12))
        self.plans.append(_InvoicePlan(site, -11, paid=((-4, "full"),)))
        self.talk(client, site, -12 * 24, "The site is live, merci !", reply_after=2)

    def healthy_analytics(self) -> None:
        client = self.client(
            "Greenfield Analytics Inc.",
            email="billing@greenfield-analytics.example",
            company="Greenfield Analytics Inc.",
            street="501 Congress Ave",
            postcode="78701",
            city="Austin, TX",
            country="US",
            currency="USD",
            locale="en_US",
        )
        audit = self.project(
            client,
            "Dashboard UX audit",
            [
                ("Heuristic review", None, "10"),
                ("Usability test with 5 users", None, "12"),
                ("Recommendations report", None, "8"),
            ],
            hourly="95",
            estimate_hours="30",
            revisions=1,
            revision_fee="200",
            deposit="20%",
            comm_budget="5h",
            comm_rate="95",
            deadline=self.iso(-60),
        )
        self.start(audit, -90, signed=-92, deposit=-91)
        self.spread(audit, -89, -61, hours=28, kind="work", note="research")
        self.spread(audit, -85, -62, hours=3, kind="meeting", note="stakeholder meeting")
        projects.move_project(self.book, audit, "deliver", self.day(-60))
        projects.move_project(self.book, audit, "close", self.day(-40))
        self.plans.append(_InvoicePlan(audit, -59, paid=((-40, "full"),)))
        self.talk(client, audit, -88 * 24, "Access to the staging dashboard", reply_after=1)

    def healthy_copywriting(self) -> None:
        client = self.client(
            "Thames Copywriting Ltd",
            email="accounts@thames-copy.example",
            company="Thames Copywriting Ltd",
            street="3 Bankside",
            postcode="SE1 9JE",
            city="London",
            country="GB",
            reg_id="11223344",
            currency="GBP",
            locale="en_GB",
        )
        copy = self.project(
            client,
            "Website copy, 12 pages",
            [
                ("Twelve pages of copy", None, "22"),
            ],
            price="1900",
            estimate_hours="22",
            revisions=2,
            revision_fee="80",
            deposit="20%",
            comm_budget="3h",
            comm_rate="60",
            deadline=self.iso(-150),
        )
        self.start(copy, -175, signed=-178, deposit=-177)
        self.spread(copy, -174, -151, hours=21, kind="work", note="writing")
        self.spread(copy, -170, -155, hours=1, kind="call", note="tone of voice call")
        self.revision(copy, -160, "About page: shorter")
        projects.move_project(self.book, copy, "deliver", self.day(-150))
        projects.move_project(self.book, copy, "close", self.day(-135))
        self.plans.append(_InvoicePlan(copy, -149, paid=((-135, "full"),)))
        self.talk(client, copy, -176 * 24, "Brief and brand book", reply_after=4)

    def healthy_outdoor(self) -> None:
        client = self.client(
            "Tatra Outdoor a.s.",
            email="marketing@tatra-outdoor.example",
            company="Tatra Outdoor a.s.",
            street="Námestie sv. Egídia 10",
            postcode="058 01",
            city="Poprad",
            country="SK",
            reg_id="31456789",
            tax_id="2120987154",
            vat_id="SK2120987154",
            currency="EUR",
            locale="sk_SK",
        )
        photos = self.project(
            client,
            "Product photo retouching, winter range",
            [
                ("Retouch 120 product photos", None, "40"),
            ],
            hourly="45",
            estimate_hours="40",
            revisions=2,
            revision_fee="45",
            deposit="30%",
            comm_budget="3h",
            comm_rate="45",
            deadline=self.iso(25),
        )
        self.start(photos, -14, signed=-16, deposit=-15)
        self.spread(photos, -13, -1, hours=12, kind="work", note="retouching")
        self.spread(photos, -12, -2, hours=0.5, kind="chat", note="chat")
        self.talk(client, photos, -15 * 24, "First batch of photos uploaded", reply_after=3)
        self.talk(client, photos, -3 * 24, "Second batch uploaded", reply_after=6, channel="chat")

    def healthy_software(self) -> None:
        client = self.client(
            "Vltava Software s.r.o.",
            email="fakturace@vltava-software.example",
            company="Vltava Software s.r.o.",
            street="Karlínské náměstí 6",
            postcode="186 00",
            city="Praha 8",
            country="CZ",
            reg_id="08123454",
            vat_id="CZ08123454",
            currency="CZK",
            locale="cs_CZ",
        )
        docs = self.project(
            client,
            "Developer documentation",
            [
                ("API reference", None, "25"),
                ("Getting-started guide", None, "15"),
            ],
            price="65000",
            estimate_hours="40",
            revisions=2,
            revision_fee="2000",
            deposit="30%",
            comm_budget="4h",
            comm_rate="1200",
            deadline=self.iso(-30),
        )
        self.start(docs, -70, signed=-72, deposit=-71)
        self.spread(docs, -69, -31, hours=38, kind="work", note="writing")
        self.spread(docs, -66, -35, hours=2, kind="meeting", note="sprint review")
        self.revision(docs, -40, "Guide: add a Python example")
        projects.move_project(self.book, docs, "deliver", self.day(-30))
        projects.move_project(self.book, docs, "close", self.day(-8))
        self.plans.append(_InvoicePlan(docs, -29, paid=((-20, "half"), (-8, "full"))))
        self.talk(client, docs, -69 * 24, "Access to the repository", reply_after=2)

    def healthy_annual_report(self) -> None:
        client = self.client(
            "Lindqvist & Berg AB",
            email="info@lindqvist-berg.example",
            company="Lindqvist & Berg AB",
            street="Götgatan 22",
            postcode="118 46",
            city="Stockholm",
            country="SE",
            reg_id="556123-4567",
            contact="Elsa Lindqvist",
            phone="+46 8 555 123 45",
            vat_id="SE556123456701",
            currency="SEK",
            locale="sv_SE",
        )
        report = self.project(
            client,
            "Annual report design",
            [
                ("Annual report, 64 pages", None, "40"),
                ("Infographics", None, "10"),
            ],
            price="48000",
            estimate_hours="50",
            revisions=3,
            revision_fee="1500",
            deposit="30%",
            comm_budget="5h",
            comm_rate="900",
            payment_days=30,
            deadline=self.iso(-6),
        )
        self.start(report, -40, signed=-43, deposit=-42)
        self.spread(report, -39, -7, hours=40, kind="work", note="layout")
        self.spread(report, -35, -8, hours=2.5, kind="meeting", note="board review")
        self.revision(report, -20, "Chairman's letter: new photo")
        projects.move_project(self.book, report, "deliver", self.day(-6))
        self.plans.append(_InvoicePlan(report, -5, paid=((-2, "half"),)))
        self.talk(client, report, -6 * 24, "The report is approved, thank you", reply_after=3)

    # -- building blocks ---------------------------------------------------------------------

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def iso(self, offset: int) -> str:
        return self.day(offset).isoformat()

    def client(self, name: str, **details: Any) -> str:
        view = clients.add_client(self.book, name, **details)
        self.locales[str(view["id"])] = view["locale"]
        return str(view["id"])

    def project(
        self, client: str, title: str, scope: list[tuple[str, str | None, str | None]], **terms: Any
    ) -> str:
        """A draft project with its terms and original scope items."""
        # The demo writes a past: deadlines already gone are meant (confirmed), as below.
        view = projects.add_project(self.book, client, title, TermsInput(**terms), confirmed=True)
        ref = str(view["id"])
        self.locales[ref] = self.locales[client]
        for description, price, hours in scope:
            scope_items.add_scope_item(self.book, ref, description, price=price, hours=hours)
        return ref

    def start(
        self, project: str, day: int, *, signed: int | None = None, deposit: int | None = None
    ) -> None:
        """Kick off on `day`, with the contract signed and the deposit paid on the days given."""
        if signed is not None:
            with self.book.write() as session:
                session.add(
                    Contract(
                        project_id=int(project),
                        signed_on=self.day(signed),
                        lang=self.locales[project],
                    )
                )
        if deposit is not None:
            required = project_show.show_project(self.book, project)["deposit_required"]
            deposit_records.record_deposit(
                self.book,
                project,
                _amount(required),
                on=self.iso(deposit),
                method="bank transfer",
                confirmed=True,
            )
        projects.move_project(self.book, project, "start", self.day(day))

    def spread(
        self, project: str, first: int, last: int, *, hours: float, kind: str, note: str
    ) -> None:
        """Log `hours` of `kind` in sessions on working days between the two day offsets."""
        days = [d for d in range(first, last + 1) if self.day(d).weekday() < 5] or [last]
        step = 180 if kind == "work" else 30
        left = round(hours * 60)
        while left > 0:
            minutes = min(left, self.rng.choice((step // 2, step, step * 3 // 2)))
            tracking.log_time(
                self.book,
                project,
                f"{minutes}m",
                kind,
                note=note,
                on=self.iso(self.rng.choice(days)),
                confirmed=True,
            )
            left -= minutes

    def revision(self, project: str, day: int, description: str) -> None:
        """A revision requested on `day` (the service stamps it with the clock's date)."""
        real = self.book.clock
        self.book.clock = Clock(datetime.combine(self.day(day), time(11, 0), tzinfo=UTC))
        try:
            tracking.add_revision(self.book, project, description)
        finally:
            self.book.clock = real

    def change(
        self,
        project: str,
        description: str,
        price: str | None,
        hours: str,
        approved: int | None = None,
    ) -> None:
        """A change request (the project is running) and, maybe, its signed change order."""
        item = scope_items.add_scope_item(self.book, project, description, price=price, hours=hours)
        if approved is not None:
            scope_items.approve_scope_item(self.book, str(item["id"]), self.iso(approved))

    def talk(
        self,
        client: str,
        project: str,
        hours: int,
        subject: str,
        *,
        reply_after: int | None = None,
        channel: str = "email",
    ) -> None:
        """An inbound message `hours` from now (negative: ago), answered `reply_after` h later."""
        at = self.now + timedelta(hours=hours)
        message_records.add_message(
            self.book,
            client,
            "inbound",
            channel=channel,
            subject=subject,
            at=at.isoformat(),
            project_ref=project,
        )
        if reply_after is not None:
            reply = at + timedelta(hours=reply_after)
            message_records.add_message(
                self.book,
                client,
                "outbound",
                channel=channel,
                subject=f"Re: {subject}",
                at=reply.isoformat(),
                project_ref=project,
            )

    def send(self, client: str, hours: int, subject: str) -> None:
        at = self.now + timedelta(hours=hours)
        message_records.add_message(
            self.book, client, "outbound", subject=subject, at=at.isoformat()
        )

    def issue_invoices(self) -> None:
        """Draw and issue the planned invoices in date order, so numbers follow the calendar.

        Issuing absorbs the project's deposit; the payments then settle half or all of
        what is still due."""
        for plan in sorted(self.plans, key=lambda p: p.issued):
            draft = invoicing.create_invoice(self.book, plan.project, vat=plan.vat)
            view = invoicing.issue_invoice(self.book, str(draft["id"]), self.day(plan.issued))
            for day, share in plan.paid:
                due = view["balance"]
                amount = _half(due, view["currency"]) if share == "half" else due
                view = payments.pay_invoice(
                    self.book,
                    str(draft["id"]),
                    _amount(amount),
                    on=self.iso(day),
                    method="bank transfer",
                    confirmed=True,
                )


def _half(total: Decimal, currency: str) -> Decimal:
    digits = currency_digits(currency)
    return (total / 2).quantize(Decimal(1).scaleb(-digits))


def _amount(value: Decimal) -> str:
    """An exact amount as the services read it from the command line."""
    return f"{value:f}"
