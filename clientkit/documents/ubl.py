"""UBL 2.1 (EN 16931; the syntax of XRechnung and Peppol) for `invoice export --ubl`."""

from clientkit.documents.facturx_xml import LEVEL, data_dict
from clientkit.domain.billing import InvoiceDoc


def ubl_xml(doc: InvoiceDoc) -> bytes:
    """The UBL 2.1 Invoice (or CreditNote) XML, built and XSD-checked by factur-x."""
    from facturx import generate_xml

    xml = generate_xml(
        data_dict(doc), flavor="ubl-2.1", level=LEVEL, check_xsd=True, check_schematron=False
    )
    return bytes(xml)
