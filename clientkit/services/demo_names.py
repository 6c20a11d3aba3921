"""Sample markets, names and words the large demo book draws from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Market:
    """Where a client sits: currency, locale, typical hourly rate (major units) and VAT."""

    currency: str
    locale: str
    weight: int
    rate: tuple[int, int]
    vat_bp: int
    reverse_charge: bool
    country: str
    cities: tuple[str, ...]
    streets: tuple[str, ...]
    surnames: tuple[str, ...]
    trades: tuple[str, ...]
    suffixes: tuple[str, ...]


_DE = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
       "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun")
_DE_TRADES = ("Medien", "Verlag", "Design", "Bau", "Logistik", "Software", "Reisen", "Küchen",
              "Optik", "Beratung", "Immobilien", "Brauerei", "Möbel", "Elektro")
_SK = ("Horváth", "Kováč", "Varga", "Tóth", "Nagy", "Baláž", "Szabó", "Molnár", "Lukáč",
       "Novák", "Kollár", "Polák", "Oravec", "Hudák")
_CZ = ("Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý",
       "Horák", "Němec", "Pokorný", "Marek", "Pospíšil", "Hájek")
_SLAVIC_TRADES = ("Stavby", "Software", "Média", "Reklama", "Tour", "Nábytok", "Invest", "Servis",
                  "Design", "Trade", "Energia", "Print", "Agro", "Logistik")
_FR = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
       "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garnier")
_FR_TRADES = ("Conseil", "Immobilier", "Édition", "Design", "Voyages", "Vins", "Architecture",
              "Mode", "Cosmétiques", "Communication", "Patrimoine", "Boulangeries")
_NL = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
       "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos")
_NL_TRADES = ("Media", "Bouw", "Advies", "Fietsen", "Reizen", "Tuinen", "Techniek", "Design",
              "Logistiek", "Vastgoed", "Zorg", "Koffie")
_EN = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
       "Clark", "Hall", "Allen", "Young", "King", "Wright", "Hill", "Green", "Baker")
_EN_TRADES = ("Analytics", "Foods", "Outfitters", "Media", "Consulting", "Software", "Events",
              "Studios", "Logistics", "Health", "Realty", "Coffee", "Robotics", "Publishing",
              "Travel", "Fitness")
_GB = ("Evans", "Thomas", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White",
       "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Cooper")
_JP = ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
       "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi")
_JP_TRADES = ("Design", "Trading", "Electronics", "Foods", "Software", "Publishing", "Travel",
              "Robotics", "Textiles", "Games", "Logistics", "Architects")
_SE = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
       "Persson", "Svensson", "Gustafsson", "Lindqvist", "Berg", "Lindberg", "Holm")
_SE_TRADES = ("Bygg", "Media", "Design", "Konsult", "Resor", "Möbler", "Teknik", "Fastigheter",
              "Kaffe", "Förlag", "Energi", "Hälsa")

MARKETS = (
    Market("EUR", "de_DE", 30, (60, 120), 1900, False, "Germany",
           ("Berlin", "Hamburg", "München", "Köln", "Leipzig", "Dresden", "Stuttgart"),
           ("Hauptstraße", "Gartenstraße", "Bahnhofstraße", "Lindenallee", "Schillerstraße"),
           _DE, _DE_TRADES, ("GmbH", "AG", "KG", "GmbH & Co. KG")),
    Market("EUR", "sk_SK", 8, (35, 75), 0, True, "Slovakia",
           ("Bratislava", "Košice", "Žilina", "Poprad", "Nitra", "Trnava"),
           ("Hlavná", "Obchodná", "Štúrova", "Mostová", "Námestie SNP"),
           _SK, _SLAVIC_TRADES, ("s.r.o.", "a.s.")),
    Market("EUR", "fr_FR", 8, (55, 110), 0, True, "France",
           ("Paris", "Lyon", "Marseille", "Nantes", "Bordeaux", "Lille", "Toulouse"),
           ("rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Voltaire"),
           _FR, _FR_TRADES, ("SARL", "SAS", "SA")),
    Market("EUR", "nl_NL", 6, (60, 115), 0, True, "Netherlands",
           ("Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"),
           ("Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Keizersgracht"),
           _NL, _NL_TRADES, ("B.V.", "N.V.")),
    Market("USD", "en_US", 20, (70, 150), 0, False, "USA",
           ("Austin, TX", "Portland, OR", "Denver, CO", "Chicago, IL", "Boston, MA",
            "Seattle, WA", "Atlanta, GA"),
           ("Main Street", "Oak Avenue", "Maple Drive", "Congress Avenue", "Market Street"),
           _EN, _EN_TRADES, ("Inc.", "LLC", "Corp.")),
    Market("GBP", "en_GB", 12, (50, 110), 0, False, "UK",
           ("London", "Manchester", "Bristol", "Leeds", "Edinburgh", "Brighton"),
           ("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"),
           _GB, _EN_TRADES, ("Ltd", "LLP", "plc")),
    Market("CZK", "cs_CZ", 8, (900, 2200), 0, True, "Czechia",
           ("Praha", "Brno", "Ostrava", "Plzeň", "Olomouc", "Liberec"),
           ("Husova", "Nádražní", "Masarykova", "Palackého", "Komenského"),
           _CZ, _SLAVIC_TRADES, ("s.r.o.", "a.s.")),
    Market("JPY", "ja_JP", 4, (7000, 15000), 0, False, "Japan",
           ("Tokyo", "Osaka", "Kyoto", "Yokohama", "Fukuoka", "Sapporo"),
           ("Chuo-dori", "Meiji-dori", "Omotesando", "Kawaramachi-dori"),
           _JP, _JP_TRADES, ("KK", "GK")),
    Market("SEK", "sv_SE", 4, (600, 1300), 0, True, "Sweden",
           ("Stockholm", "Göteborg", "Malmö", "Uppsala", "Lund", "Umeå"),
           ("Storgatan", "Drottninggatan", "Kungsgatan", "Götgatan", "Skolgatan"),
           _SE, _SE_TRADES, ("AB", "HB")),
)

PROJECT_KINDS = (
    ("Website redesign", ("Sitemap and wireframes", "Page designs", "Build and launch")),
    ("Brand identity", ("Logo", "Colour and type system", "Brand guidelines")),
    ("Annual report layout", ("Report layout", "Infographics", "Print files")),
    ("Product catalogue", ("Catalogue layout", "Product photo selection", "Print files")),
    ("Mobile app UI", ("User flows", "Screen designs", "Design system")),
    ("Newsletter templates", ("Template design", "Four issues", "Mailing setup")),
    ("Website copy", ("Home and about pages", "Product pages", "SEO titles")),
    ("Technical translation", ("Manual translation", "Glossary", "Proofreading")),
    ("Packaging design", ("Three pack designs", "Dielines", "Print files")),
    ("Trade fair booth graphics", ("Booth walls", "Roll-ups", "Flyers")),
    ("Explainer video", ("Script", "Storyboard", "Animation")),
    ("UX audit", ("Heuristic review", "Usability tests", "Report")),
    ("E-commerce shop setup", ("Shop theme", "Product import", "Payment setup")),
    ("Photo retouching", ("First batch", "Second batch", "Final export")),
    ("Social media campaign", ("Campaign concept", "Twenty posts", "Ad variants")),
    ("Documentation", ("API reference", "Getting-started guide", "Tutorials")),
)

CHANGE_REQUESTS = (
    "Extra landing page", "Second language version", "Additional banner sizes",
    "Integration with their CRM", "More product photos", "A printed version",
    "Animated logo", "Three more social posts", "Newsletter signup flow", "Dark mode",
    "Extra chapter", "Video subtitles", "Admin area", "Export to PDF",
)

REVISIONS = (
    "Different colour palette", "Larger headline", "Swap the hero image",
    "Back to the first version", "New copy from marketing", "Logo a bit bigger",
    "Change the typeface", "Shorter text", "Rearrange the sections", "Try a darker blue",
)

SUBJECTS = (
    "Quick question", "Feedback on the draft", "Next steps", "Invoice", "Meeting next week?",
    "New files attached", "Change of plans", "Status update please", "Thank you!",
    "Budget for phase 2", "Can we talk today?", "Login details", "Deadline",
)

NOTES = {
    "work": ("", "", "", "design", "development", "writing", "layout", "research", "revisions"),
    "call": ("", "status call", "feedback call", "kickoff call"),
    "meeting": ("", "review meeting", "workshop", "kickoff meeting"),
    "email": ("", "e-mail thread", "answering questions"),
    "chat": ("", "chat", "quick questions"),
}
