"""Invoice texts about when the supply happened and VAT in the accounting currency, per
language (the other invoice labels are in clientkit.documents.invoice_pdf); each falls back to
English. The reasons of 0 % VAT are in clientkit.domain.exemptions."""

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "service_period": "Service period",
        "delivered": "Delivered",
        "fx_vat": "VAT {vat} = {accounting} at {rate}",
    },
    "de": {
        "service_period": "Leistungszeitraum",
        "delivered": "Leistungsdatum",
        "fx_vat": "USt. {vat} = {accounting} zum Kurs {rate}",
    },
    "sk": {
        "service_period": "Obdobie dodania",
        "delivered": "Dátum dodania",
        "fx_vat": "DPH {vat} = {accounting} pri kurze {rate}",
    },
    "cs": {
        "service_period": "Období plnění",
        "delivered": "Datum plnění",
        "fx_vat": "DPH {vat} = {accounting} v kurzu {rate}",
    },
}


def supply_words(locale: str) -> dict[str, str]:
    """These texts in the locale's language, English where one is not translated."""
    language = locale.replace("-", "_").split("_")[0].lower()
    return {**WORDS["en"], **WORDS.get(language, {})}
