"""The unit of an invoice line by its kind, as a UN/ECE Recommendation 20 code (EN 16931 BT-130).

A line records its kind (see storage.models.InvoiceLine.kind), so its unit follows from it:
time is billed in hours (minutes are rounded to hundredths of an hour, still hours), and
everything else is a count of flat items.
"""

HOUR = "HUR"
PIECE = "C62"  # "one": a count of items, for flat fees and anything priced per piece

UNITS = {
    "hours": HOUR,
    "communication": HOUR,
    "price": PIECE,
    "rush": PIECE,
    "revision": PIECE,
    "change": PIECE,
    "cancellation": PIECE,
    "deposit": PIECE,
    "advance": PIECE,  # an advance invoice's amount, and its deduction on the final invoice
    "manual": PIECE,  # a line added by hand has a quantity of items: no unit is asked for
}


def line_unit(kind: str) -> str:
    """The Rec. 20 unit code of a line of `kind`; a kind unknown here counts items."""
    return UNITS.get(kind, PIECE)
