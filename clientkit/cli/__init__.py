"""The Typer command line: one module per noun, each a thin layer over clientkit.services."""
