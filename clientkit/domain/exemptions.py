"""Why a line carries 0 % VAT: its EN 16931 VAT category, VATEX code and reason (BT-118, BT-120,
BT-121), the reason in the invoice's language (the Wording the caller hands in).

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
from clientkit.domain.wording import ENGLISH, N_, Wording

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

# The reason of each basis, a message id of the catalogs (clientkit.domain.wording): the
# translations are the wording each country's law asks for. The German reverse-charge text is
# the one § 14a (5) UStG asks for, the Slovak one § 71 (2) of zákon 222/2004, the Czech one
# § 29 (2) of zákon 235/2004.
REASONS: dict[str, str] = {
    # TRANSLATORS: why an invoice charges no VAT: the buyer accounts for it (EU reverse charge)
    REVERSE_CHARGE: N_("Reverse charge"),
    EXPORT: N_("Exempt: export outside the EU"),
    NOT_SUBJECT: N_("Not subject to VAT"),
    EXEMPT: N_("Exempt from VAT"),
}

# The statutory sentence of a small business that charges no VAT, by the seller's country
# (translated in the catalogs; the seller's own language has the law's wording). Sources:
# DE § 19 (1) UStG with § 34a UStDV (the invoice names the exemption); AT § 6 (1) Z 27 UStG
# 1994 (an invoice of a Kleinunternehmer points to the exemption); SK zákon 222/2004 Z. z. § 4
# and CZ zákon 235/2004 Sb. § 6: a person not registered is no VAT payer and says so
# ("neplatiteľ" / "neplátce"); FR art. 293 B du CGI, whose wording the mention must repeat:
# it is quoted in French in every language. Elsewhere the generic sentence names the
# Directive's small-enterprise scheme.
SMALL_BUSINESS_SENTENCES: dict[str, str] = {
    # TRANSLATORS: German: "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."
    "DE": N_("No VAT is charged under the small business scheme of § 19 UStG (Germany)."),
    "AT": N_("VAT exempt: small business under § 6 (1) no. 27 UStG (Austria)."),
    # TRANSLATORS: Slovak: "Nie som platiteľ DPH."
    "SK": N_("I am not registered for VAT (not a VAT payer in Slovakia)."),
    # TRANSLATORS: Czech: "Nejsem plátce DPH."
    "CZ": N_("I am not registered for VAT (not a VAT payer in the Czech Republic)."),
    # TRANSLATORS: keep the French quotation as it is: the law asks for these very words
    "FR": N_(
        "VAT not applicable under art. 293 B of the French CGI: «TVA non applicable, "
        "art. 293 B du CGI»."
    ),
}
GENERIC_SMALL_BUSINESS = N_(
    "VAT exempt: small enterprise scheme (Council Directive 2006/112/EC, Articles 282 to 292)."
)


@dataclass(frozen=True)
class Exemption:
    """Why lines are at 0 %: the basis, its EN 16931 category and code, and the reason."""

    basis: str
    category: str  # UNTDID 5305: AE, E, G, O
    code: str | None  # VATEX
    reason: str


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


def exemption(basis: str, *, seller_country: str, words: Wording = ENGLISH) -> Exemption:
    """The category, code and reason (said in `words`) of 0 % lines on `basis`."""
    category, code = CATEGORIES[basis]
    if basis == SMALL_BUSINESS:
        reason = small_business_sentence(seller_country, words)
        code = SMALL_BUSINESS_CODES.get(seller_country)
    else:
        reason = words.say(REASONS[basis])
    return Exemption(basis, category, code, reason)


def small_business_sentence(country: str, words: Wording = ENGLISH) -> str:
    """The statutory sentence of the seller's country, said in `words` (see the table)."""
    return words.say(SMALL_BUSINESS_SENTENCES.get(country, GENERIC_SMALL_BUSINESS))


def line_exemption(
    vat_bp: int,
    *,
    reverse_charge: bool,
    basis: str,
    seller_country: str,
    words: Wording = ENGLISH,
) -> Exemption | None:
    """The exemption of a line at `vat_bp` (None when it is taxed)."""
    if reverse_charge:
        return exemption(REVERSE_CHARGE, seller_country=seller_country, words=words)
    if vat_bp > 0:
        return None
    return exemption(basis, seller_country=seller_country, words=words)


def document_exemption(doc: InvoiceDoc, vat_bp: int, words: Wording) -> Exemption | None:
    """The exemption of the document's lines at `vat_bp`, said in the document's `words`."""
    return line_exemption(
        vat_bp,
        reverse_charge=doc.reverse_charge,
        basis=doc.zero_rate_basis,
        seller_country=doc.seller.country,
        words=words,
    )
