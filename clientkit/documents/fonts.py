"""The embedded Unicode font (DejaVu Sans, shipped in the package) registered with ReportLab."""

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) once; returns their ReportLab names.

    Helvetica and Vera lack Cyrillic and some Central European letters;
    DejaVu covers them and the euro sign, and is embedded in every PDF.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # asciiReadable=False: each PDF embeds only the glyphs its text uses. ReportLab's
    # default also puts every ASCII glyph in, which makes each font subset and its
    # widths larger and every invoice about 13 kB bigger and 1-2 ms slower to build
    # and to re-read for Factur-X. Text stays extractable through the ToUnicode map.
    for name, file in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file), asciiReadable=False))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
