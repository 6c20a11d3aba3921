"""Fixtures of the storage tests."""

from tests.storage.kept_totals import two_projects, two_projects_file

__all__ = ["two_projects", "two_projects_file"]
