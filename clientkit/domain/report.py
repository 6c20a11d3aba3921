"""Report arithmetic: hours and shares of time, exact and rounded once."""

from clientkit.domain.risk.findings import percent_text


def hours_text(minutes: int) -> str:
    """Minutes (>= 0) as decimal hours with two places, rounded half-up: 90 -> '1.50'."""
    hundredths = (minutes * 200 + 60) // 120
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def share_text(part: int, whole: int) -> str | None:
    """`part` as a percentage of `whole` (one decimal, rounded half-up); None when whole is 0."""
    return percent_text(part, whole) if whole > 0 else None
