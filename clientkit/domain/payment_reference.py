"""The reference a payer quotes: the invoice number, or in Slovak and Czech its variable symbol.

Slovak and Czech banks match a transfer to an invoice by the "variabilný symbol" /
"variabilní symbol": at most 10 digits, nothing else. An invoice in either language
gives the digits of its number as that symbol (2026-0002 -> 20260002), and the PDF,
the payment QR and the e-invoice (BT-83) all carry the same reference.
"""

VARIABLE_SYMBOL_LANGUAGES = frozenset({"sk", "cs"})
MAX_VARIABLE_SYMBOL = 10
ASCII_DIGITS = frozenset("0123456789")  # not str.isdigit: '١' or '²' is no bank digit


def variable_symbol(number: str) -> str:
    """The digits of an invoice number, at most the last 10 ("" when it has none)."""
    digits = "".join(char for char in number if char in ASCII_DIGITS)
    # The field holds 10 digits at most. A longer number keeps its last 10: the sequence
    # counts at the end, so those tell invoices apart; its leading digits (the year's
    # century first) are the same on every invoice of the series.
    return digits[-MAX_VARIABLE_SYMBOL:]


def uses_variable_symbol(locale: str) -> bool:
    """Whether an invoice in `locale` (its client's) is paid by variable symbol."""
    return locale.replace("-", "_").split("_")[0].lower() in VARIABLE_SYMBOL_LANGUAGES


def payment_reference(number: str, locale: str) -> str:
    """What an invoice asks the payer to quote: its variable symbol in Slovak and Czech
    (the number itself if it has no digit at all), else the invoice number."""
    if uses_variable_symbol(locale):
        return variable_symbol(number) or number
    return number
