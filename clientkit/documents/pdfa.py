"""PDF/A-3B finishing of a Factur-X PDF: the sRGB OutputIntent, and metadata that agree.

factur-x declares PDF/A-3B in the XMP (pdfaid, the Factur-X extension schema) but writes
no OutputIntent, which ISO 19005-3 (6.2.4.3) requires of pages painted in DeviceRGB, as
ReportLab paints them. Its XMP also names pypdf as the producer where the document info
names ReportLab, lacks the info's keywords, and both carry the time of the call, each
taken on its own. finish_pdfa3 works on the pypdf writer factur-x has just filled (see
facturx_xml.embed): it adds the intent, with an sRGB ICC profile that LittleCMS builds
through Pillow (no profile file is shipped or fetched), and writes the same producer,
creator, keywords and dates into the info dictionary and the XMP. The dates are the
document's own day, so the same document renders to the same bytes.
"""

import struct
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pypdf import PdfWriter

SRGB = "sRGB IEC61966-2.1"  # its name in the ICC registry of output conditions
REGISTRY = "http://www.color.org"
CREATOR = "clientkit"
# LittleCMS stamps a profile with the time it was built (ICC.1 header bytes 24-35): one
# fixed stamp keeps the profile, and so every document, the same bytes in every process.
PROFILE_DATE = (2000, 1, 1, 0, 0, 0)
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_PROPERTIES = {  # document info key -> the XMP property PDF/A pairs it with
    "/Producer": "{http://ns.adobe.com/pdf/1.3/}Producer",
    "/Keywords": "{http://ns.adobe.com/pdf/1.3/}Keywords",
    "/Trapped": "{http://ns.adobe.com/pdf/1.3/}Trapped",
    "/Creator": "{http://ns.adobe.com/xap/1.0/}CreatorTool",
    "/CreationDate": "{http://ns.adobe.com/xap/1.0/}CreateDate",
    "/ModDate": "{http://ns.adobe.com/xap/1.0/}ModifyDate",
}


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (display class, 3 components), built once per process."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = struct.pack(">6H", *PROFILE_DATE)
    return bytes(profile)


def finish_pdfa3(writer: "PdfWriter", *, day: date, creator: str = CREATOR) -> None:
    """Make `writer`'s PDF, whose XMP claims PDF/A-3, hold to it: an sRGB OutputIntent, the
    info dictionary and the XMP agreeing (producer, creator, keywords, dates), every date `day`."""
    from pypdf.generic import StreamObject

    _add_srgb_intent(writer)
    # A day without a time: no time zone to get wrong, and the same on every rendering.
    writer.add_metadata(
        {"/Creator": creator, "/CreationDate": f"D:{day:%Y%m%d}", "/ModDate": f"D:{day:%Y%m%d}"}
    )
    info = {key: str(value) for key, value in (writer.metadata or {}).items()}
    metadata = cast(StreamObject, writer.root_object["/Metadata"].get_object())
    metadata.set_data(_agreeing_xmp(metadata.get_data(), info, day))
    for attachment in writer.attachment_list:
        attachment.modification_date = datetime(day.year, day.month, day.day)


def _add_srgb_intent(writer: "PdfWriter") -> None:
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    profile = DecodedStreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB),
            NameObject("/Info"): TextStringObject(SRGB),
            NameObject("/RegistryName"): TextStringObject(REGISTRY),
            # pypdf has no public call for a new indirect object (factur-x uses this one too);
            # a stream must be indirect.
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])


def _agreeing_xmp(xmp: bytes, info: dict[str, str], day: date) -> bytes:
    """The XMP packet with each info entry's XMP twin set to the same value."""
    from lxml import etree

    root = etree.fromstring(xmp)
    rdf = root.find(f"{{{RDF}}}RDF")
    assert rdf is not None, "factur-x writes rdf:RDF"
    values = {**info, "/CreationDate": day.isoformat(), "/ModDate": day.isoformat()}
    for key, tag in XMP_PROPERTIES.items():
        if key in values:
            _set_property(rdf, tag, values[key].lstrip("/"))
    for description in rdf.iterfind(f"{{{RDF}}}Description"):
        description.set(f"{{{RDF}}}about", "")  # XMP requires it, empty for the document itself
    # The tree keeps the xpacket processing instructions around the root.
    return bytes(etree.tostring(root.getroottree(), encoding="utf-8"))


def _set_property(rdf: Any, tag: str, value: str) -> None:
    from lxml import etree

    found = rdf.find(f"*/{tag}")
    if found is None:
        # Beside the properties of its own schema, as factur-x groups them.
        namespace = tag[: tag.index("}") + 1]
        holder = rdf.find(f"*/{namespace}*/..")
        if holder is None:
            holder = etree.SubElement(rdf, f"{{{RDF}}}Description")
        found = etree.SubElement(holder, tag)
    found.text = value
