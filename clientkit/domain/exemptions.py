"""Why a line carries 0 % VAT: its EN 16931 VAT category, VATEX code and reason (BT-118, BT-120,
BT-121), the reason in the invoice's language.

The basis is decided per invoice, for all its 0 % lines (a line with a rate above zero is
standard rated, S):

- reverse charge (the invoice's own flag, clientkit.domain.billing) -> AE, VATEX-EU-AE;
- the profile's small-business exemption -> E with the statutory sentence of the seller's
  country. The VATEX list has no EU code for the small-enterprise scheme (Council Directive
  2006/112/EC, Articles 282-292); only France has one (VATEX-FR-FRANCHISE). Elsewhere the
  sentence alone is the reason, which BR-E-10 accepts (code or text);
- a seller with neither VAT nor tax id -> O, not subject to VAT, VATEX-EU-O;
- a VAT-registered seller in the EU billing a client outside it -> G, export outside the EU,
  VATEX-EU-G (BR-G-1 needs the seller's VAT id, so a seller with a tax id only falls to E);
- any other 0 % line -> E, exempt: no code, as the right one names the very article of the
  exemption (VATEX-EU-132-1x, ...) which clientkit cannot know; the text is the reason.
"""

from dataclasses import dataclass

from clientkit.domain.billing import EU_VAT_PREFIXES, InvoiceDoc

REVERSE_CHARGE = "reverse-charge"
SMALL_BUSINESS = "small-business"
EXPORT = "export"
NOT_SUBJECT = "not-subject"
EXEMPT = "exempt"
NO_EXEMPTION = "none"
# What `profile set --vat-exemption` takes.
PROFILE_EXEMPTIONS = (NO_EXEMPTION, SMALL_BUSINESS)

# ISO 3166 codes of the EU member states (Greece's VAT prefix is EL, its country code GR).
EU_COUNTRIES = frozenset("GR" if prefix == "EL" else prefix for prefix in EU_VAT_PREFIXES)

# basis -> (UNTDID 5305 VAT category, VATEX code)
CATEGORIES: dict[str, tuple[str, str | None]] = {
    REVERSE_CHARGE: ("AE", "VATEX-EU-AE"),
    SMALL_BUSINESS: ("E", None),
    EXPORT: ("G", "VATEX-EU-G"),
    NOT_SUBJECT: ("O", "VATEX-EU-O"),
    EXEMPT: ("E", None),
}
# VATEX codes of national small-business schemes, where the code list has one.
SMALL_BUSINESS_CODES = {"FR": "VATEX-FR-FRANCHISE"}

# The reason of each basis per language (en is the fallback). The German reverse-charge text
# is the wording § 14a (5) UStG asks for, the Slovak one § 71 (2) of zákon 222/2004, the
# Czech one § 29 (2) of zákon 235/2004.
REASONS: dict[str, dict[str, str]] = {
    REVERSE_CHARGE: {
        "en": "Reverse charge",
        "de": "Steuerschuldnerschaft des Leistungsempfängers",
        "sk": "Prenesenie daňovej povinnosti",
        "cs": "Daň odvede zákazník",
    },
    EXPORT: {
        "en": "Exempt: export outside the EU",
        "de": "Steuerfreie Ausfuhr in ein Land außerhalb der EU",
        "sk": "Oslobodené od dane: vývoz mimo EÚ",
        "cs": "Osvobozeno od daně: vývoz mimo EU",
    },
    NOT_SUBJECT: {
        "en": "Not subject to VAT",
        "de": "Nicht umsatzsteuerbar",
        "sk": "Nepodlieha DPH",
        "cs": "Nepodléhá DPH",
    },
    EXEMPT: {
        "en": "Exempt from VAT",
        "de": "Umsatzsteuerfrei",
        "sk": "Oslobodené od DPH",
        "cs": "Osvobozeno od DPH",
    },
}

# The statutory sentence of a small business that charges no VAT, by the seller's country; the
# sentence in the country's own language comes first and stands in for a language not listed.
# Sources: DE § 19 (1) UStG with § 34a UStDV (the invoice names the exemption); AT § 6 (1)
# Z 27 UStG 1994 (an invoice of a Kleinunternehmer points to the exemption); SK zákon
# 222/2004 Z. z. § 4 and CZ zákon 235/2004 Sb. § 6: a person not registered is no VAT payer
# and says so ("neplatiteľ" / "neplátce"); FR art. 293 B du CGI, whose wording the mention
# must repeat. Elsewhere the generic sentence names the Directive's small-enterprise scheme.
SMALL_BUSINESS_SENTENCES: dict[str, dict[str, str]] = {
    "DE": {
        "de": "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.",
        "en": "No VAT is charged under the small business scheme of § 19 UStG (Germany).",
        "sk": "Podľa § 19 UStG sa DPH neúčtuje (malý podnikateľ, Nemecko).",
        "cs": "Podle § 19 UStG se DPH neúčtuje (malý podnikatel, Německo).",
    },
    "AT": {
        "de": "Umsatzsteuerfrei – Kleinunternehmer gemäß § 6 Abs. 1 Z 27 UStG.",
        "en": "VAT exempt: small business under § 6 (1) no. 27 UStG (Austria).",
        "sk": "Oslobodené od DPH: malý podnikateľ podľa § 6 ods. 1 bod 27 UStG (Rakúsko).",
        "cs": "Osvobozeno od DPH: malý podnikatel podle § 6 odst. 1 bod 27 UStG (Rakousko).",
    },
    "SK": {
        "sk": "Nie som platiteľ DPH.",
        "en": "I am not registered for VAT (not a VAT payer in Slovakia).",
        "de": "Ich bin nicht als Umsatzsteuerzahler (platiteľ DPH) registriert.",
        "cs": "Nejsem plátce DPH (Slovensko).",
    },
    "CZ": {
        "cs": "Nejsem plátce DPH.",
        "en": "I am not registered for VAT (not a VAT payer in the Czech Republic).",
        "de": "Ich bin nicht als Umsatzsteuerzahler (plátce DPH) registriert.",
        "sk": "Nie som platiteľ DPH (Česká republika).",
    },
    "FR": {
        "fr": "TVA non applicable, art. 293 B du CGI.",
        "en": "VAT not applicable, art. 293 B of the French CGI.",
    },
}
GENERIC_SMALL_BUSINESS: dict[str, str] = {
    "en": "VAT exempt: small enterprise scheme (Council Directive 2006/112/EC, Articles 282 to "
    "292).",
    "de": "Umsatzsteuerfrei: Kleinunternehmerregelung (Richtlinie 2006/112/EG, Artikel 282 bis "
    "292).",
    "sk": "Oslobodené od DPH: osobitná úprava pre malé podniky (smernica 2006/112/ES, články 282 "
    "až 292).",
    "cs": "Osvobozeno od DPH: zvláštní režim pro malé podniky (směrnice 2006/112/ES, články 282 "
    "až 292).",
}


@dataclass(frozen=True)
class Exemption:
    """Why lines are at 0 %: the basis, its EN 16931 category and code, and the reason."""

    basis: str
    category: str  # UNTDID 5305: AE, E, G, O
    code: str | None  # VATEX
    reason: str


def language_of(locale: str) -> str:
    """`de_AT` -> `de`."""
    return locale.replace("-", "_").split("_")[0].lower()


def zero_rate_basis(
    *,
    small_business: bool,
    seller_vat_id: str,
    seller_tax_id: str,
    seller_country: str,
    buyer_country: str,
) -> str:
    """Why an invoice without reverse charge bills its 0 % lines (see the module docstring)."""
    if small_business:
        return SMALL_BUSINESS
    if not seller_vat_id.strip() and not seller_tax_id.strip():
        return NOT_SUBJECT
    # A buyer of unknown country ("") is not taken for one abroad: no export without proof.
    abroad = buyer_country not in (*EU_COUNTRIES, "", "ZZ")
    if seller_vat_id.strip() and seller_country in EU_COUNTRIES and abroad:
        return EXPORT
    return EXEMPT


def exemption(basis: str, *, seller_country: str, locale: str) -> Exemption:
    """The category, code and reason (in the locale's language) of 0 % lines on `basis`."""
    category, code = CATEGORIES[basis]
    language = language_of(locale)
    if basis == SMALL_BUSINESS:
        reason = small_business_sentence(seller_country, language)
        code = SMALL_BUSINESS_CODES.get(seller_country)
    else:
        texts = REASONS[basis]
        reason = texts.get(language, texts["en"])
    return Exemption(basis, category, code, reason)


def small_business_sentence(country: str, language: str) -> str:
    """The statutory sentence of the seller's country in `language` (see the table)."""
    sentences = SMALL_BUSINESS_SENTENCES.get(country)
    if sentences is None:
        return GENERIC_SMALL_BUSINESS.get(language, GENERIC_SMALL_BUSINESS["en"])
    return sentences.get(language, next(iter(sentences.values())))


def line_exemption(
    vat_bp: int, *, reverse_charge: bool, basis: str, seller_country: str, locale: str
) -> Exemption | None:
    """The exemption of a line at `vat_bp` (None when it is taxed)."""
    if reverse_charge:
        return exemption(REVERSE_CHARGE, seller_country=seller_country, locale=locale)
    if vat_bp > 0:
        return None
    return exemption(basis, seller_country=seller_country, locale=locale)


def document_exemption(doc: InvoiceDoc, vat_bp: int) -> Exemption | None:
    """The exemption of the document's lines at `vat_bp`, in the document's language."""
    return line_exemption(
        vat_bp,
        reverse_charge=doc.reverse_charge,
        basis=doc.zero_rate_basis,
        seller_country=doc.seller.country,
        locale=doc.locale,
    )
