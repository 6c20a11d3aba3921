"""Shared ReportLab helpers: the embedded-font styles, escaped paragraphs, tables and documents.

Every PDF of clientkit goes through these helpers so that (a) the embedded
DejaVu font is used everywhere (no unembedded Helvetica sneaks in) and (b) user
text never reaches ReportLab's paragraph mini-markup unescaped: `para()` always
escapes, so `<b>Acme & Sons</b>` prints literally and `<img src=...>` fetches
nothing.

Stable API (contracts and invoices import it):
    styles() -> dict[str, ParagraphStyle]   body, small, bold, right, head-right, title, heading
    para(text, style="body") -> Paragraph   user text, escaped; newlines become line breaks
    table(rows, widths, *, header=True, right_cols=(), wrap_cols=None) -> Table
                                            cells: str (escaped) or Flowable
    grid(rows, widths) -> Table             borderless layout of flowables
    build_pdf(story, *, title, author="", subject="", on_page=None) -> bytes
"""

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from clientkit.documents.fonts import register_fonts

PAGE_SIZE = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

PageCallback = Callable[[Any, Any], None]


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the embedded DejaVu font."""
    regular, bold = register_fonts()
    body = ParagraphStyle("ck-body", fontName=regular, fontSize=9.5, leading=12.5)
    return {
        "body": body,
        "small": ParagraphStyle(
            "ck-small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#444444")
        ),
        "bold": ParagraphStyle("ck-bold", parent=body, fontName=bold),
        "right": ParagraphStyle("ck-right", parent=body, alignment=TA_RIGHT),
        "head-right": ParagraphStyle(
            "ck-head-right", parent=body, fontName=bold, alignment=TA_RIGHT
        ),
        "title": ParagraphStyle(
            "ck-title", parent=body, fontName=bold, fontSize=17, leading=21, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "ck-heading",
            parent=body,
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
        ),
    }


def para(text: object, style: str | ParagraphStyle = "body") -> Paragraph:
    """A paragraph of user text: escaped, so markup in it prints literally."""
    chosen = styles()[style] if isinstance(style, str) else style
    safe = escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(safe, chosen)


def _cell(value: object, style: str) -> Flowable:
    return value if isinstance(value, Flowable) else para(value, style)


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    right_cols: Iterable[int] = (),
    wrap_cols: Iterable[int] | None = None,
) -> Table:
    """A light-ruled table; right_cols are right-aligned.

    Strings become escaped, wrapping paragraphs; with `wrap_cols`, only those
    columns do and the others are drawn as plain one-line text (never parsed as
    markup, and much faster for numbers).
    """
    right = set(right_cols)
    wrap = None if wrap_cols is None else set(wrap_cols)
    cells = []
    for r, row in enumerate(rows):
        head = header and r == 0
        cells.append(
            [
                value
                if wrap is not None and c not in wrap and not isinstance(value, Flowable)
                else _cell(value, _style_name(head, c in right))
                for c, value in enumerate(row)
            ]
        )
    result = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0)
    regular, bold = register_fonts()
    commands: list[tuple[Any, ...]] = [
        # Table cells default to unembedded Helvetica even when they hold paragraphs.
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), styles()["body"].fontSize),
        ("LEADING", (0, 0), (-1, -1), styles()["body"].leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in sorted(right)]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black))
        commands.append(("FONTNAME", (0, 0), (-1, 0), bold))
    result.setStyle(TableStyle(commands))
    return result


def grid(rows: Sequence[Sequence[object]], widths: Sequence[float]) -> Table:
    """A borderless layout grid (cells: Flowables or lists of them), top-aligned, no padding."""
    regular, _ = register_fonts()
    result = Table([list(row) for row in rows], colWidths=list(widths))
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),  # never the unembedded default
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return result


def _style_name(head: bool, right: bool) -> str:
    if head:
        return "head-right" if right else "bold"
    return "right" if right else "body"


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str = "",
    subject: str = "",
    on_page: PageCallback | None = None,
) -> bytes:
    """Lay out `story` on A4 in the embedded font and return the PDF bytes."""
    from reportlab import rl_config

    # Binary (not ASCII85) streams: smaller files and no pure-Python encoding pass.
    rl_config.useA85 = 0
    regular, _ = register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="clientkit",
        initialFontName=regular,
        invariant=True,  # same input, same bytes: reproducible documents and hashes
    )
    callback = on_page or _no_decoration
    doc.build(story, onFirstPage=callback, onLaterPages=callback)
    return buffer.getvalue()


def _no_decoration(canvas: Any, doc: Any) -> None:
    return None
