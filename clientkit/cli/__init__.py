"""The Typer command line: one module per noun, each a thin layer over clientkit.services."""

import os

# Plain help text (click's), unless the user asks for Rich: Typer's Rich help panels import
# Rich and Pygments, which doubles the start-up time of `clientkit --help`. Set here because
# Typer reads it once, when it is first imported, and every clientkit.cli module imports it.
os.environ.setdefault("TYPER_USE_RICH", "0")
