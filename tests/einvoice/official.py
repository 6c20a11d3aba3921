"""The official rule sets run on an e-invoice (saxonche, no Java): each failed assert."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

RULES = Path(__file__).parent / "rules"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
# What a tax office, a Peppol access point or a German public buyer runs, by syntax.
RULE_SETS = {
    "en16931-cii": RULES / "EN16931-CII-validation.xslt",
    "en16931-ubl": RULES / "EN16931-UBL-validation.xslt",
    "facturx": RULES / "FACTUR-X_EN16931.xslt",
    "xrechnung-cii": RULES / "compiled" / "XRechnung-CII-validation.xsl",
    "xrechnung-ubl": RULES / "compiled" / "XRechnung-UBL-validation.xsl",
    "peppol-cii": RULES / "compiled" / "PEPPOL-EN16931-CII.xsl",
    "peppol-ubl": RULES / "compiled" / "PEPPOL-EN16931-UBL.xsl",
}


@dataclass(frozen=True)
class Broken:
    """One failed assert of a rule set."""

    rule: str
    flag: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.flag}): {self.text}"


@cache
def _processor() -> Any:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@cache
def _compiled(rule_set: str) -> Any:
    """Compiling a rule set takes most of its time: once per rule set and test process."""
    xslt = _processor().new_xslt30_processor()
    return xslt.compile_stylesheet(stylesheet_file=str(RULE_SETS[rule_set]))


def broken_rules(xml: bytes, rule_set: str, tmp_path: Path) -> list[Broken]:
    """Every failed assert of `rule_set` on `xml` (fatal, error, warning alike)."""
    source = tmp_path / f"{rule_set}-input.xml"
    source.write_bytes(xml)
    report = _compiled(rule_set).transform_to_string(source_file=str(source))
    root = etree.fromstring(report.encode("utf-8"))
    return [
        Broken(
            node.get("id") or node.get("test", "?"),
            node.get("flag") or "fatal",  # a schematron assert without a flag is an error
            " ".join("".join(node.itertext()).split()),
        )
        for node in root.iterfind(".//svrl:failed-assert", SVRL)
    ]


def fatal_rules(xml: bytes, rule_set: str, tmp_path: Path) -> list[str]:
    """The failed asserts that make the document invalid (fatal or error), as text."""
    return [str(b) for b in broken_rules(xml, rule_set, tmp_path) if b.flag in ("fatal", "error")]
