"""A failure as the one sentence a screen shows: the service's reason, never a traceback."""

from clientkit.domain.errors import InvalidValue


def reason(exc: BaseException) -> str:
    """The sentence to show for a failed action (refusals and bad input say why)."""
    if isinstance(exc, InvalidValue):
        return str(exc)
    if type(exc).__module__.startswith("clientkit") and str(exc):
        return str(exc)
    if type(exc).__name__ == "OperationalError" and "locked" in str(exc):
        return "the book is busy with another clientkit process; try again in a moment"
    text = str(exc).strip()
    first_line = text.splitlines()[0] if text else ""
    return f"unexpected failure ({type(exc).__name__}){': ' + first_line if first_line else ''}"
