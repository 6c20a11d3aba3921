"""Fixtures of the storage tests."""

from tests.storage.kept_totals import two_projects

__all__ = ["two_projects"]
