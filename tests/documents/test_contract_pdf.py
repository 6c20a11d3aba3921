"""Contract PDFs: text reads back with pdftotext, user text is literal, the font is embedded."""

import subprocess
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from clientkit.documents.contract_pdf import render_contract_pdf
from clientkit.documents.markup import mark_value
from tests.documents.templates import render_text

SOURCE = """# Services Agreement
## Parties
{{ freelancer }} \\
{{ address }}
(the “Freelancer”) and {{ client }} (the “Client”).
## Scope
{% for item in scope %}
- {{ item }}
{% endfor %}
### Signatures
| {{ freelancer }} | {{ client }} |
| | |
| ______ | ______ |
"""


def _pdf(**values: object) -> bytes:
    defaults: dict[str, object] = {
        "freelancer": "Jana",
        "address": "Main St 1",
        "client": "Acme",
        "scope": ["Logo"],
    }
    text = render_text(SOURCE, {**defaults, **values}, finalize=mark_value)
    return render_contract_pdf(text, author="Jana")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text pdftotext extracts (what a user copying from the PDF gets)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_headings_are_numbered_and_bullets_and_the_signature_block_read_back(tmp_path):
    text = pdf_text(_pdf(scope=["Logo", "Website"]), tmp_path)
    assert "Services Agreement" in text
    assert "1. Parties" in text
    assert "2. Scope" in text
    assert "• Logo" in text
    assert "• Website" in text
    assert "Signatures" in text


def test_markup_in_user_text_prints_literally(tmp_path):
    hostile = '<b>Acme & Sons</b> <img src="/etc/passwd">'
    text = pdf_text(_pdf(client=hostile), tmp_path)
    assert hostile in text
    assert text.count("<b>Acme & Sons</b>") == 2  # the parties clause and the signature block


def test_markup_in_a_template_line_is_text_too(tmp_path):
    source = '# T\nPlain <font color="red">red</font> & <img src="x.png"/>\n'
    pdf = render_contract_pdf(render_text(source, {}, finalize=mark_value))
    assert 'Plain <font color="red">red</font> & <img src="x.png"/>' in pdf_text(pdf, tmp_path)


def test_cyrillic_and_slovak_diacritics_survive_text_extraction(tmp_path):
    text = pdf_text(
        _pdf(
            freelancer="Ľubomír Šťastný",
            client="Иван Петров",
            scope=["Logo – €1 500, ďakujem, ÄÖÜß"],
        ),
        tmp_path,
    )
    assert "Ľubomír Šťastný" in text
    assert "Иван Петров" in text
    assert "Logo – €1 500, ďakujem, ÄÖÜß" in text


def test_a_multi_line_address_value_is_broken_into_lines(tmp_path):
    text = pdf_text(_pdf(address="Hlavná 1\n811 01 Bratislava"), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    street = lines.index("Hlavná 1")
    assert lines[street + 1].startswith("811 01 Bratislava")


def _fonts(pdf: bytes) -> list[dict]:  # type: ignore[type-arg]
    fonts = []
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            fonts.append(font)
    return fonts


def test_every_font_is_embedded_dejavu_and_no_helvetica_sneaks_in():
    fonts = _fonts(_pdf(client="Иван"))
    assert fonts
    for font in fonts:
        assert "DejaVuSans" in str(font["/BaseFont"]), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_the_same_text_renders_to_the_same_bytes():
    assert _pdf(client="Acme") == _pdf(client="Acme")


def test_the_document_title_comes_from_the_template_title_line():
    assert PdfReader(BytesIO(_pdf())).metadata.title == "Services Agreement"
