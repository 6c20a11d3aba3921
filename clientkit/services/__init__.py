"""Use cases shared by the CLI and the TUI: each function is one unit of work on the book."""
