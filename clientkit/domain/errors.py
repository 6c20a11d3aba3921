"""The one exception the pure domain raises for input it cannot accept."""


class InvalidValue(ValueError):
    """A user-supplied value cannot be parsed or breaks a rule; the message says why."""
