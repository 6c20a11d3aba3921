"""Payment QR codes read back from a rendered invoice page as a payer's bank app reads them:
the page rasterised (pdftoppm), each code decoded by zbarimg, and each payload taken apart by
decoders written for the tests from the standards (EPC069-12, PAY by square, SPAYD)."""

import binascii
import lzma
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

from clientkit.documents.invoice_pdf import QR_CELL
from clientkit.documents.pdfkit import MARGIN, PAGE_SIZE

DPI = 150
BASE32HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
# PAY by square 1.0.0, one payment order: the fields in the specification's order.
PAY_BY_SQUARE_FIELDS = (
    "invoice_id",
    "payments",
    "type",
    "amount",
    "currency",
    "due_date",
    "variable_symbol",
    "constant_symbol",
    "specific_symbol",
    "originators_reference",
    "note",
    "accounts",
    "iban",
    "bic",
    "standing_order",
    "direct_debit",
    "beneficiary_name",
    "beneficiary_street",
    "beneficiary_city",
)
EPC_FIELDS = (
    "service",
    "version",
    "charset",
    "identification",
    "bic",
    "name",
    "iban",
    "amount",
    "purpose",
    "structured_reference",
    "text",
)
EPC_CHARSETS = {"1": "utf-8", "2": "iso-8859-1", "3": "iso-8859-2"}


def _zbar(image: Path, *options: str) -> bytes:
    done = subprocess.run(
        ["zbarimg", "--nodbus", "-q", *options, str(image)], capture_output=True, check=False
    )
    return done.stdout


def _raster(pdf: Path, out: Path, crop: tuple[int, int] | None = None) -> Path:
    """Page 1 at DPI as PNG; `crop` keeps the columns from x to x + width (pixels)."""
    box = ["-x", str(crop[0]), "-y", "0", "-W", str(crop[1]), "-H", "10000"] if crop else []
    page = ["-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", *page, *box, str(pdf), str(out)], check=True
    )
    return out.with_suffix(".png")


def _pixels(length: float) -> int:
    return round(length / 72 * DPI)  # ReportLab lengths are points


def page_codes(pdf: Path, work: Path) -> list[bytes]:
    """The raw bytes of every QR code on the invoice's first page, left to right.

    zbarimg runs in binary mode (a banking app reads the bytes, not zbar's guess at their
    charset) but then joins several codes without a separator: each code is read from its
    own strip of the page, the payment codes' columns at the right edge. The whole page is
    also scanned, so a code outside those columns is counted, never missed."""
    found = _zbar(_raster(pdf, work / "page"), "--xml").count(b"<symbol ")
    right = PAGE_SIZE[0] - MARGIN
    codes: list[bytes] = []
    for k in range(1, found + 1):
        left = right - k * QR_CELL
        strip = _raster(pdf, work / f"strip{k}", (_pixels(left), _pixels(QR_CELL)))
        codes.insert(0, _zbar(strip, "--raw", "-Sbinary"))
    assert all(codes), "every code on the page sits in a QR column of the payment block"
    return codes


def kind_of(code: bytes) -> str:
    """Which standard a payload follows, by its opening."""
    if code.startswith(b"BCD\n"):
        return "epc"
    if code.startswith(b"SPD*"):
        return "spayd"
    if re.fullmatch(rb"[0-9A-V]+", code):
        return "pay-by-square"
    raise AssertionError(f"not a payment code: {code[:20]!r}")


def epc_fields(code: bytes) -> dict[str, str]:
    """An EPC069-12 payload's lines, read in the character set its third line names."""
    lines = code.split(b"\n")
    text = [line.decode(EPC_CHARSETS[lines[2].decode("ascii")]) for line in lines]
    return dict(zip(EPC_FIELDS, text, strict=False))


def pay_by_square_fields(code: bytes) -> dict[str, str]:
    """A PAY by square payload taken apart: base32hex to bytes, the 2-byte header and the
    2-byte length, raw LZMA1 decompressed, the CRC32 checked, the tab-separated fields."""
    text = code.decode("ascii")
    bits = "".join(format(BASE32HEX.index(char), "05b") for char in text)
    data = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8))
    header, length, body = data[:2], int.from_bytes(data[2:4], "little"), data[4:]
    assert header == b"\x00\x00", "by square type 0 (PAY), version 1.0.0, document type 0"
    lzma1 = {"id": lzma.FILTER_LZMA1, "lc": 3, "lp": 0, "pb": 2, "dict_size": 1 << 17}
    decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=[lzma1])
    unpacked = decompressor.decompress(body, max_length=length)
    assert len(unpacked) == length
    checksum, payload = unpacked[:4], unpacked[4:]
    assert checksum == binascii.crc32(payload).to_bytes(4, "little")
    values = payload.decode("utf-8").split("\t")
    assert len(values) == len(PAY_BY_SQUARE_FIELDS), values
    return dict(zip(PAY_BY_SQUARE_FIELDS, values, strict=True))


def spayd_fields(code: bytes) -> dict[str, str]:
    """A SPAYD payload's key-value pairs, percent-escapes decoded (the header as `SPD`)."""
    text = code.decode("ascii")
    header, version, *pairs = text.split("*")
    fields = {"SPD": version}
    assert header == "SPD"
    for pair in pairs:
        key, _, value = pair.partition(":")
        fields[key] = unquote(value)
    return fields
