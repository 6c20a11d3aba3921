"""A contract PDF from rendered template text: escaped paragraphs in the embedded DejaVu font."""

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from clientkit.documents import pdfkit
from clientkit.documents.markup import Block, parse

FOOTER_Y = 10 * mm
BLANK_ROW_HEIGHT = 8 * mm  # an empty row of the signature block leaves room to sign


def render_contract_pdf(text: str, *, author: str = "", subject: str = "") -> bytes:
    """Lay out rendered contract text (see documents.markup) as PDF bytes.

    Every piece of text goes through pdfkit.para, which escapes it: nothing in
    a template's output is ever read as ReportLab markup.
    """
    blocks = parse(text)
    title = next((block.text for block in blocks if block.kind == "title"), "")
    story = _story(blocks)
    return pdfkit.build_pdf(
        story, title=title, author=author, subject=subject, on_page=_footer(title)
    )


def _styles() -> dict[str, ParagraphStyle]:
    base = pdfkit.styles()
    return {
        "title": ParagraphStyle("ck-contract-title", parent=base["title"], spaceAfter=10),
        # Headings stay on the page of the clause they introduce.
        "heading": ParagraphStyle("ck-contract-heading", parent=base["heading"], keepWithNext=1),
        "subheading": ParagraphStyle(
            "ck-contract-subheading",
            parent=base["bold"],
            spaceBefore=8,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "paragraph": ParagraphStyle("ck-contract-body", parent=base["body"], spaceAfter=5),
        "bullet": ParagraphStyle("ck-contract-bullet", parent=base["body"], spaceAfter=1),
    }


def _story(blocks: list[Block]) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = []
    number = 0
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind in ("bullet", "row"):
            run = _run_of(blocks, index)
            index += len(run)
            story.append(_bullets(run, styles) if block.kind == "bullet" else _rows(run))
            continue
        index += 1
        if not block.text:
            continue
        if block.kind == "heading":
            number += 1
            story.append(pdfkit.para(f"{number}. {block.text}", styles["heading"]))
        else:
            story.append(pdfkit.para(block.text, styles[block.kind]))
    return story


def _run_of(blocks: list[Block], start: int) -> list[Block]:
    kind = blocks[start].kind
    end = start
    while end < len(blocks) and blocks[end].kind == kind:
        end += 1
    return blocks[start:end]


def _bullets(run: list[Block], styles: dict[str, ParagraphStyle]) -> Flowable:
    items = [ListItem(pdfkit.para(block.text, styles["bullet"])) for block in run]
    bullet_font = styles["bullet"].fontName
    return ListFlowable(
        items,
        bulletType="bullet",
        start="•",
        bulletFontName=bullet_font,
        bulletFontSize=styles["bullet"].fontSize,
        leftIndent=12,
        spaceAfter=5,
    )


def _rows(run: list[Block]) -> Flowable:
    """Consecutive table rows (the signature block, typically), kept on one page."""
    columns = max(len(block.cells) for block in run) or 1
    rows = [list(block.cells) + [""] * (columns - len(block.cells)) for block in run]
    widths = [pdfkit.FRAME_WIDTH / columns] * columns
    heights = [None if any(block.cells) else BLANK_ROW_HEIGHT for block in run]
    cells = [[pdfkit.para(cell) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, rowHeights=heights)
    table.setStyle(
        TableStyle(
            [
                # Cells default to unembedded Helvetica even when they hold paragraphs.
                ("FONTNAME", (0, 0), (-1, -1), pdfkit.styles()["body"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4 * mm), table])


def _footer(title: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        # drawString paints text as-is: no markup is interpreted here.
        canvas.saveState()
        canvas.setFont(pdfkit.styles()["small"].fontName, 7.5)
        label = f"{title} · {canvas.getPageNumber()}" if title else str(canvas.getPageNumber())
        canvas.drawCentredString(pdfkit.PAGE_SIZE[0] / 2, FOOTER_Y, label)
        canvas.restoreState()

    return draw
