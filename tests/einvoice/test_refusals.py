"""A document that would break a rule of its profile is never written: the PDF or export is
refused with exit 1 and one line naming what is missing, the rule, and the command that sets
it; no file appears. Inputs the rules could never accept are refused as they are typed (exit 2,
nothing changed)."""

from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_error_line, one_json, row_counts

SELLER = (
    "profile",
    "set",
    "--name",
    "Lena Schmidt",
    "--email",
    "lena@schmidt-design.de",
    "--street",
    "Torstraße 140",
    "--postcode",
    "10119",
    "--city",
    "Berlin",
    "--country",
    "DE",
    "--vat-id",
    "DE298765435",
    "--contact",
    "Lena Schmidt",
    "--phone",
    "+49 30 1234567",
    "--iban",
    "DE89370400440532013000",
)
BUYER = (
    "client",
    "add",
    "Stadtwerke",
    "--company",
    "Stadtwerke Köln GmbH",
    "--street",
    "Parkgürtel 24",
    "--postcode",
    "50823",
    "--city",
    "Köln",
    "--country",
    "DE",
    "--vat-id",
    "DE123456788",
)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the files written (the test's home is beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _issue_portal(invoke, *before: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Invoice 2026-0001 of a German seller to a German public buyer, with its Leitweg-ID, the
    `before` commands run just before it is issued."""
    for args in (
        SELLER,
        BUYER,
        ("project", "add", "Stadtwerke", "Portal", "--price", "2000"),
        ("project", "edit", "Portal", "--buyer-ref", "04011000-1234512345-06"),
        ("invoice", "create", "Portal", "--vat", "19%"),
        *before,
        ("invoice", "issue", "1"),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)
    return invoke


@pytest.fixture
def issued(invoke):  # type: ignore[no-untyped-def]
    """A valid XRechnung and Peppol invoice 2026-0001."""
    return _issue_portal(invoke)


def _export(invoke, profile: str, folder: Path, number: str = "2026-0001"):  # type: ignore[no-untyped-def]
    return invoke("invoice", "export", number, "--ubl", "--profile", profile, "-o", str(folder))


def test_the_complete_invoice_exports_for_every_profile(issued, out):
    for profile in ("en16931", "xrechnung", "peppol"):
        done = _export(issued, profile, out)
        assert done.code == 0, done.stderr
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "invoice-2026-0001-stadtwerke-peppol.xml",
        "invoice-2026-0001-stadtwerke-xrechnung.xml",
        "invoice-2026-0001-stadtwerke.xml",
    ]


# (what is taken away before the invoice is issued, the profile, what the error line says)
MISSING = {
    "seller city": (
        ("profile", "set", "--city", ""),
        "xrechnung",
        "your address has no city (XRechnung BR-DE-3): set it with clientkit profile set --city",
    ),
    "seller post code": (
        ("profile", "set", "--postcode", ""),
        "xrechnung",
        "your address has no post code (XRechnung BR-DE-4): set it with clientkit profile set "
        "--postcode ...",
    ),
    "seller phone": (
        ("profile", "set", "--phone", ""),
        "xrechnung",
        "your profile has no phone number for the seller's contact (XRechnung BR-DE-6): set it "
        "with clientkit profile set --contact ... --phone ...",
    ),
    "seller e-mail": (
        ("profile", "set", "--email", ""),
        "xrechnung",
        "your profile has no e-mail address for the seller's contact (XRechnung BR-DE-7)",
    ),
    "client city": (
        ("client", "edit", "Stadtwerke", "--city", ""),
        "xrechnung",
        "the client's address has no city (XRechnung BR-DE-8): set it with clientkit client "
        "edit Stadtwerke --city ...",
    ),
    "client post code": (
        ("client", "edit", "Stadtwerke", "--postcode", ""),
        "xrechnung",
        "the client's address has no post code (XRechnung BR-DE-9): set it with clientkit "
        "client edit Stadtwerke --postcode ...",
    ),
    "payment account": (
        ("profile", "set", "--iban", ""),
        "xrechnung",
        "your profile has no IBAN, which XRechnung requires as the payment instructions "
        "(XRechnung BR-DE-1): set it with clientkit profile set --iban ...",
    ),
    "client's Peppol address": (
        ("client", "edit", "Stadtwerke", "--vat-id", ""),
        "peppol",
        "client Stadtwerke has no Peppol address (PEPPOL-EN16931-R010): set it with clientkit "
        "client edit Stadtwerke --endpoint SCHEME:ID",
    ),
    "seller's Peppol address": (
        ("profile", "set", "--vat-id", "", "--tax-id", "21/815/08150"),
        "peppol",
        "your profile has no Peppol address (PEPPOL-EN16931-R020): set it with clientkit "
        "profile set --endpoint SCHEME:ID",
    ),
}


@pytest.mark.parametrize("missing", MISSING)
def test_an_export_missing_a_piece_is_exit_1_naming_the_rule_and_nothing_is_written(
    invoke, out, missing
):
    change, profile, says = MISSING[missing]
    _issue_portal(invoke, change)
    done = _export(invoke, profile, out)
    assert done.code == 1
    assert_one_error_line(done.stderr)
    assert says in done.stderr
    assert "invoice 2026-0001 keeps what it was issued with, so then credit it" in done.stderr
    assert list(out.iterdir()) == []


def test_edits_after_issue_neither_break_nor_mend_an_export(issued, out):
    """The export is rendered from the facts of the issue day: a city taken away later does
    not break it, and the XML still names the city it was issued with."""
    assert issued("client", "edit", "Stadtwerke", "--city", "").code == 0
    assert issued("profile", "set", "--iban", "").code == 0
    done = _export(issued, "xrechnung", out)
    assert done.code == 0, done.stderr
    assert "<cbc:CityName>Köln</cbc:CityName>" in next(out.iterdir()).read_text()


def _reissue(invoke, project: str, option: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Mend the project, credit invoice 2026-0001 and issue its replacement (2026-0003, after
    the credit note 2026-0002)."""
    for args in (
        ("project", "edit", project, option, value),
        ("invoice", "credit", "2026-0001", "--reason", "reference missing"),
        ("invoice", "create", project),
        ("invoice", "issue", "3"),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)


@pytest.mark.parametrize(
    ("profile", "title", "rule"),
    [("xrechnung", "XRechnung", "XRechnung BR-DE-15"), ("peppol", "Peppol", "Peppol DE-R-015")],
)
def test_an_invoice_issued_without_a_buyer_reference_is_refused_and_replaced(
    invoke, out, profile, title, rule
):
    """Between German parties XRechnung and Peppol both require the buyer reference; an
    invoice issued without one keeps lacking it, so the way out is a credit note and a new
    invoice once the project has it."""
    for args in (
        SELLER,
        BUYER,
        ("project", "add", "Stadtwerke", "Portal", "--price", "2000"),
        ("invoice", "create", "Portal", "--vat", "19%"),
        ("invoice", "issue", "1"),
    ):
        assert invoke(*args).code == 0, args
    done = _export(invoke, profile, out)
    assert done.code == 1
    assert_one_error_line(done.stderr)
    assert (
        f"invoice 2026-0001 has no buyer reference, which {title} requires "
        f"({rule}; for a German public buyer, its Leitweg-ID): set it with clientkit "
        "project edit Portal --buyer-ref ...; invoice 2026-0001 keeps what it was issued with, "
        "so then credit it (clientkit invoice credit 2026-0001) and invoice again"
    ) in done.stderr
    assert list(out.iterdir()) == []
    _reissue(invoke, "Portal", "--buyer-ref", "04011000-1234512345-06")
    assert _export(invoke, profile, out, "2026-0003").code == 0


def test_peppol_without_any_reference_names_r003(invoke, out):
    """Outside Germany Peppol takes a buyer or an order reference: with neither, R003."""
    for args in (
        ("profile", "set", "--name", "Jana", "--country", "SK", "--vat-id", "SK2020273893"),
        ("client", "add", "Kovac", "--country", "SK", "--vat-id", "SK2120046819"),
        ("project", "add", "Kovac", "Brand", "--price", "900"),
        ("invoice", "create", "Brand", "--vat", "20%"),
        ("invoice", "issue", "1"),
    ):
        assert invoke(*args).code == 0, args
    done = _export(invoke, "peppol", out)
    assert done.code == 1
    assert "(PEPPOL-EN16931-R003): set one with clientkit project edit Brand --buyer-ref" in (
        done.stderr
    )
    _reissue(invoke, "Brand", "--order-ref", "PO-7")
    assert _export(invoke, "peppol", out, "2026-0003").code == 0


def _draft_stays_a_draft(invoke) -> None:  # type: ignore[no-untyped-def]
    shown = one_json(invoke("invoice", "show", "1", "--json").stdout)
    assert (shown["status"], shown["number"]) == ("draft", None)


def test_an_invoice_charging_vat_without_the_sellers_vat_id_is_not_issued(invoke, tmp_path):
    """EN 16931 BR-S-02: an invoice with VAT names the seller's VAT id or tax number; as its
    PDF is made when it is issued, issuing is refused and the draft is left as it was."""
    for args in (
        ("profile", "set", "--name", "Jana", "--country", "SK"),
        ("client", "add", "Kovac", "--country", "SK"),
        ("project", "add", "Kovac", "Brand", "--price", "900"),
        ("invoice", "create", "Brand", "--vat", "20%"),
    ):
        assert invoke(*args).code == 0, args
    done = invoke("invoice", "issue", "1")
    assert done.code == 1
    assert_one_error_line(done.stderr)
    assert "(EN 16931 BR-S-02): set it with clientkit profile set --vat-id ..." in done.stderr
    _draft_stays_a_draft(invoke)
    assert invoke("profile", "set", "--vat-id", "SK2020273893").code == 0
    assert invoke("invoice", "issue", "1").code == 0
    assert invoke("invoice", "pdf", "2026-0001", "-o", str(tmp_path / "x.pdf")).code == 0


def test_a_reverse_charge_invoice_keeps_the_vat_ids_it_was_issued_with(invoke, out):
    """EN 16931 BR-AE-02: a reverse-charge invoice names both parties' VAT ids. Once issued,
    the client's VAT id taken away later changes nothing in its documents."""
    for args in (
        ("profile", "set", "--name", "Jana", "--vat-id", "SK2020273893", "--reverse-charge"),
        ("client", "add", "Alpen", "--country", "AT", "--vat-id", "ATU13585627"),
        ("project", "add", "Alpen", "Catalogue", "--price", "900"),
        ("invoice", "create", "Catalogue", "--vat", "20%"),
        ("invoice", "issue", "1"),
        ("client", "edit", "Alpen", "--vat-id", ""),
    ):
        assert invoke(*args).code == 0, args
    for args in (
        ("invoice", "pdf", "2026-0001", "-o", str(out / "x.pdf")),
        ("invoice", "pdf", "--all", "-o", str(out / "all")),
        ("invoice", "export", "2026-0001", "--ubl", "-o", str(out / "x.xml")),
    ):
        done = invoke(*args)
        assert done.code == 0, (args, done.stderr)
    xml = (out / "x.xml").read_text()
    assert "ATU13585627" in xml
    assert "<cbc:ID>AE</cbc:ID>" in xml


BAD_INPUT = {
    "an e-mail address as Peppol endpoint": (
        ("profile", "set", "--endpoint", "EM:lena@schmidt-design.de"),
        "--endpoint EM:lena@schmidt-design.de: EM (e-mail) is no Peppol scheme",
    ),
    "a scheme not on the EAS list": (
        ("client", "edit", "Stadtwerke", "--endpoint", "1234:567"),
        "--endpoint 1234:567: unknown scheme 1234",
    ),
    "another country's VAT scheme": (
        ("client", "edit", "Stadtwerke", "--endpoint", "9950:DE123456788"),
        "--endpoint 9950:DE123456788: DE123456788 is not a VAT number of scheme 9950",
    ),
    "a GLN with a wrong check digit": (
        ("client", "edit", "Stadtwerke", "--endpoint", "0088:4000001123453"),
        "--endpoint 0088:4000001123453: not a valid GLN (check digit)",
    ),
    "no scheme": (
        ("profile", "set", "--endpoint", "DE298765435"),
        "not an electronic address (SCHEME:ID, e.g. 9950:SK2020273893)",
    ),
    "an unknown profile": (
        ("invoice", "export", "2026-0001", "--ubl", "--profile", "zugferd"),
        "unknown e-invoice profile 'zugferd': expected one of en16931, xrechnung, peppol",
    ),
    "two syntaxes": (
        ("invoice", "export", "2026-0001", "--ubl", "--cii"),
        "choose a format: --ubl or --cii",
    ),
    "a buyer reference with a control character": (
        ("project", "edit", "Portal", "--buyer-ref", "0401\x1b[2J"),
        "buyer reference must not contain control characters",
    ),
    "an order reference too long": (
        ("invoice", "create", "Portal", "--order-ref", "x" * 201),
        "order reference is too long (201 characters; at most 200)",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_input_no_e_invoice_could_carry_is_exit_2_and_changes_nothing(issued, case):
    args, says = BAD_INPUT[case]
    before = row_counts()
    shown = [issued(*view).stdout for view in VIEWS]
    done = issued(*args)
    assert done.code == 2, done
    assert_one_error_line(done.stderr)
    assert says in done.stderr
    assert row_counts() == before
    assert [issued(*view).stdout for view in VIEWS] == shown


VIEWS = (
    ("profile", "show", "--json"),
    ("client", "show", "Stadtwerke", "--json"),
    ("project", "show", "Portal", "--json"),
)


def test_the_references_and_addresses_show_in_json(issued):
    assert issued("profile", "set", "--endpoint", "0088:4000001123452").code == 0
    assert issued("client", "edit", "Stadtwerke", "--endpoint", "0204:991-12345-67").code == 0
    assert issued("project", "edit", "Portal", "--order-ref", "PO-7").code == 0
    profile = one_json(issued("profile", "show", "--json").stdout)
    client = one_json(issued("client", "show", "Stadtwerke", "--json").stdout)
    project = one_json(issued("project", "show", "Portal", "--json").stdout)
    invoice = one_json(issued("invoice", "show", "2026-0001", "--json").stdout)
    assert (profile["endpoint"], client["endpoint"]) == ("0088:4000001123452", "0204:991-12345-67")
    assert (project["buyer_ref"], project["order_ref"]) == ("04011000-1234512345-06", "PO-7")
    # Issued with the project's buyer reference, kept; the order number came later.
    assert (invoice["buyer_ref"], invoice["order_ref"]) == ("04011000-1234512345-06", "")
