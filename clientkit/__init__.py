"""clientkit: a terminal toolkit that protects freelancers from risky client patterns."""

__version__ = "0.1.0"
