"""The exceptions the pure domain raises for input it cannot accept, or only when confirmed."""


class InvalidValue(ValueError):
    """A user-supplied value cannot be parsed or breaks a rule; the message says why."""


class Implausible(InvalidValue):
    """A value that is possible but looks like a slip (a date in the future, a 17-hour entry):
    taken only when the person confirms it; the message says what looks wrong."""
