"""Persistence of the book: tables, engine and sessions, migrations and aggregate queries."""
